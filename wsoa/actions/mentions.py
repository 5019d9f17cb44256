"""Who a comment mentions: "@" followed by a member's name ("@Olu Adebayo, can you check?"). Pure."""

from __future__ import annotations

from collections.abc import Iterable


def mentioned(text: str, members: Iterable[tuple[int, str]]) -> set[int]:
    """The ids of the members whose name follows an "@" in the text, matched without regard to case; where
    two names could match at one "@" ("Sam" and "Sam Reid"), the longer one wins. Linear in the text's
    length for each member."""
    folded = text.casefold()
    by_length = sorted(((member_id, name.casefold()) for member_id, name in members if name.strip()),
                       key=lambda member: -len(member[1]))
    found: set[int] = set()
    position = folded.find("@")
    while position != -1:
        start = position + 1
        for member_id, name in by_length:
            end = start + len(name)
            if folded.startswith(name, start) and (end == len(folded) or not folded[end].isalnum()):
                found.add(member_id)
                break
        position = folded.find("@", start)
    return found
