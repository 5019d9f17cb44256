"""Read what the outbox mail backend wrote: one .eml file per email."""

from __future__ import annotations

import re
from email import policy
from email.parser import BytesParser
from pathlib import Path
from urllib.parse import urlsplit

_URL = re.compile(r"https?://[^\s<>\"]+")


class Outbox:
    def __init__(self, directory: Path):
        self.directory = directory

    def messages(self, to: str | None = None) -> list:
        """Each email as an email.message.EmailMessage, oldest first."""
        files = sorted(self.directory.glob("*.eml"), key=lambda path: path.stat().st_mtime_ns)
        messages = [BytesParser(policy=policy.default).parsebytes(path.read_bytes()) for path in files]
        return [m for m in messages if to is None or m["To"] == to]

    def links(self, to: str, containing: str) -> list[str]:
        """Every link in the plain-text part of the emails to this address whose address contains `containing`."""
        found = []
        for message in self.messages(to):
            text = message.get_body(preferencelist=("plain",)).get_content()
            found += [url for url in _URL.findall(text) if containing in url]
        return found

    def path(self, to: str, containing: str) -> str:
        """The path of the one link of this kind emailed to this address."""
        [url] = self.links(to, containing)
        return urlsplit(url).path
