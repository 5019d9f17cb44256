"""Absolute links for emails, always built on APP_BASE_URL.

Never on the request's Host header: a request with a forged Host would otherwise get an email whose
link points at the forger's site, carrying a working token there.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app


def email_link(endpoint: str, **values) -> str | None:
    """The absolute address of a page for an email, or None when APP_BASE_URL is not set (email is not set up)."""
    base = urlsplit(current_app.config.get("APP_BASE_URL") or "")
    if base.scheme not in ("http", "https") or not base.netloc:
        return None
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path.rstrip("/") or "/", url_scheme=base.scheme)
    return adapter.build(endpoint, values, force_external=True)
