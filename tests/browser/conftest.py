"""Browser tests: Debian's Chromium driven by Playwright against the app served from a background thread.

The browser is found at $WSOA_CHROMIUM (default /usr/bin/chromium). Without it the tests are skipped
locally with the reason, and fail in CI (CI=true), where a missing browser must never pass silently.
`make test` installs it when it can (see the Makefile's `browser` target).
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("WSOA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def _browser_problem() -> str | None:
    if not Path(CHROMIUM).is_file() or not os.access(CHROMIUM, os.X_OK):
        return (
            f"Chromium is not installed at {CHROMIUM}: run `sudo apt-get install -y chromium` "
            "(or `make test` as root), or set WSOA_CHROMIUM to a Chromium binary"
        )
    return None


@pytest.fixture(scope="session")
def base_url():
    """Replaces pytest-base-url's fixture, which warns under this pytest; each test uses live_server instead."""
    return None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    problem = _browser_problem()
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs the browser tests: {problem}", pytrace=False)
        pytest.skip(problem)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "accept_downloads": True, "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def live_server(app):
    """The app on 127.0.0.1 at a free port, in a thread, over the test database (SQLite file or PostgreSQL)."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="wsoa-live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
