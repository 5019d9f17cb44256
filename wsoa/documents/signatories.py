"""Who signs the written statement, from the `STATEMENT_SIGNATORIES` setting (docs/deploy.md).

One entry per signatory, separated by semicolons; each entry is `name | role | organisation`, optionally
after `Area name =` to sign for that area only (one site may serve several areas):

    STATEMENT_SIGNATORIES="Westmarsh = Jo Bloggs | Director of Children's Services | Westmarsh Council;
                           Westmarsh = Sam Lee | Accountable Officer | NHS Westmarsh ICB"

Plain Python, so `wsoa check` can say what is wrong with the setting before anything starts.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..refusal import Refusal


class SignatoriesError(Refusal):
    """The setting cannot be read; the message says which entry and why."""


@dataclass(frozen=True)
class Signatory:
    name: str
    role: str
    organisation: str
    area: str | None = None  # None: signs for every area on this site


def parse_signatories(setting: str) -> tuple[Signatory, ...]:
    signatories = []
    for number, entry in enumerate((part.strip() for part in (setting or "").split(";")), start=1):
        if not entry:
            continue
        area, _, person = entry.rpartition("=")
        parts = [part.strip() for part in person.split("|")]
        if len(parts) != 3 or not all(parts):
            raise SignatoriesError(
                f"entry {number} ({entry!r}) must be 'name | role | organisation', optionally after 'Area name ='"
            )
        signatories.append(Signatory(*parts, area=area.strip() or None))
    return tuple(signatories)


def signatories_for(signatories: tuple[Signatory, ...], area_name: str) -> tuple[Signatory, ...]:
    """The area's own signatories if it has any, else those who sign for every area."""
    own = tuple(s for s in signatories if s.area is not None and s.area.casefold() == area_name.casefold())
    return own or tuple(s for s in signatories if s.area is None)
