"""Where the real inspection letters live, and what to do when they are absent.

A user's clone has no ../shared, so tests that read it skip there with a
reason; CI sets WSOA_REQUIRE_SHARED=1 so that a missing folder fails instead
of silently skipping.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = Path(os.environ.get("WSOA_SHARED_DIR", REPO_ROOT.parent / "shared"))
LETTERS_DIR = SHARED_DIR / "letters"
REPORTS_2023_DIR = LETTERS_DIR / "area-send-2023"


def require_shared(path: Path) -> Path:
    """Return `path`, or skip (fail in CI) when the shared material is absent."""
    if path.exists():
        return path
    message = f"shared material not found at {path}"
    if os.environ.get("WSOA_REQUIRE_SHARED") == "1":
        pytest.fail(message + " (WSOA_REQUIRE_SHARED=1)")
    pytest.skip(message)


def letter_2016_names() -> list[str]:
    """Stems of the 2016 letters, for parametrising; empty when absent."""
    return sorted(p.stem for p in LETTERS_DIR.glob("*.txt")) or ["<no shared letters>"]


def report_2023_names() -> list[str]:
    return sorted(p.stem for p in REPORTS_2023_DIR.glob("*.pdf")) or ["<no shared reports>"]
