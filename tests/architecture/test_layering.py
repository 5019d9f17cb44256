"""The house's layering rules hold, and the checker that enforces them in `make test` would catch a break."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
SERVICE_MODULES = sorted(REPO.glob("wsoa/*/services.py")) + [
    REPO / "wsoa/actions/evidence.py",
    REPO / "wsoa/dashboard/data.py",
    *(REPO / f"wsoa/reminders/{name}.py" for name in ("preferences", "snapshot", "runs", "invitations", "admin")),
    REPO / "wsoa/permissions.py",
    REPO / "wsoa/audit.py",
]
REQUEST_STATE = {"request", "session", "g", "current_user", "login_user", "logout_user"}


def _loaded_after(statement: str) -> set[str]:
    probe = f"import sys; {statement}; print(' '.join(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True)
    return set(result.stdout.split())


@pytest.mark.parametrize(
    "module",
    ["wsoa.letters", "wsoa.vocabulary", "wsoa.dashboard.rollups", "wsoa.reminders.digest", "wsoa.storage"],
)
def test_importing_a_pure_module_loads_neither_flask_nor_sqlalchemy(module):
    loaded = _loaded_after(f"import {module}")
    assert {"flask", "sqlalchemy"}.isdisjoint(loaded), sorted({"flask", "sqlalchemy"} & loaded)


def test_importing_a_services_module_loads_no_views():
    loaded = _loaded_after("import wsoa.actions.services")
    assert not [name for name in loaded if name.startswith("wsoa.") and name.endswith(".views")]


@pytest.mark.parametrize("path", SERVICE_MODULES, ids=lambda path: str(path.relative_to(REPO)))
def test_services_take_no_request_state(path):
    """Services are given the acting user and the values they need: the CLI, the scheduler and tests call them."""
    tree = ast.parse(path.read_text())
    imported = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module in ("flask", "flask_login")
        for alias in node.names
    }
    assert not imported & REQUEST_STATE


def _lint_imports_on_a_copy(tmp_path: Path, break_it=None) -> subprocess.CompletedProcess:
    copy = tmp_path / "repo"
    shutil.copytree(REPO / "wsoa", copy / "wsoa", ignore=shutil.ignore_patterns("static", "__pycache__"))
    shutil.copy(REPO / "pyproject.toml", copy / "pyproject.toml")
    if break_it:
        break_it(copy)
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=copy,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(copy), "PATH": "/usr/bin:/bin"},
    )


def _append(copy: Path, module: str, line: str) -> None:
    path = copy / module
    path.write_text(path.read_text() + f"\n{line}\n")


def test_the_contracts_hold_on_the_code_as_it_is(tmp_path):
    result = _lint_imports_on_a_copy(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_reader_importing_flask_breaks_a_contract(tmp_path):
    result = _lint_imports_on_a_copy(tmp_path, lambda copy: _append(copy, "wsoa/letters/reader.py", "import flask"))
    assert result.returncode != 0
    assert "Pure modules import no Flask, SQLAlchemy, models or extensions BROKEN" in result.stdout


def test_a_service_importing_a_view_breaks_a_contract(tmp_path):
    def break_it(copy):
        _append(copy, "wsoa/actions/services.py", "from . import views")

    result = _lint_imports_on_a_copy(tmp_path, break_it)
    assert result.returncode != 0
    assert "Services import no views BROKEN" in result.stdout


def test_digest_composition_importing_the_mail_backend_breaks_a_contract(tmp_path):
    def break_it(copy):
        _append(copy, "wsoa/reminders/digest.py", "from . import mail")

    result = _lint_imports_on_a_copy(tmp_path, break_it)
    assert "Digest composition imports no mail backend BROKEN" in result.stdout


def test_importing_the_command_line_breaks_a_contract(tmp_path):
    result = _lint_imports_on_a_copy(tmp_path, lambda copy: _append(copy, "wsoa/app.py", "from . import cli"))
    assert "Nothing imports the command line BROKEN" in result.stdout


VIEW_MODULES = sorted(REPO.glob("wsoa/*/views.py"))


@pytest.mark.parametrize("path", VIEW_MODULES, ids=lambda path: str(path.relative_to(REPO)))
def test_views_never_touch_the_database_directly(path):
    """Views load what a URL names through wsoa/loaders.py and change things through services."""
    tree = ast.parse(path.read_text())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            imported |= {f"{node.module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
    assert not {name for name in imported if name.startswith("sqlalchemy")}
    assert "extensions.db" not in {name.split("..")[-1].lstrip(".") for name in imported}
    assert not any(isinstance(n, ast.Attribute) and n.attr == "session" and getattr(n.value, "id", "") == "db"
                   for n in ast.walk(tree))
