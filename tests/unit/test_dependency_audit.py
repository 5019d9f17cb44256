"""`make test`'s dependency audit fails on a known vulnerability and says plainly when it could not audit."""

import importlib.util
import json
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("audit_dependencies", ROOT / "scripts" / "audit_dependencies.py")
audit = sys.modules["audit_dependencies"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(audit)


def report(*dependencies) -> str:
    return json.dumps({"dependencies": list(dependencies), "fixes": []})


def test_a_known_vulnerability_fails_the_build_naming_the_package_and_the_fix():
    outcome = audit.verdict(
        1,
        report(
            {"name": "flask", "version": "3.1.0", "vulns": [{"id": "GHSA-x", "fix_versions": ["3.1.1"]}]},
            {"name": "wtforms", "version": "3.3.2", "vulns": []},
        ),
        "",
    )
    assert outcome.exit_code == 1
    assert "flask 3.1.0: GHSA-x (fixed in 3.1.1)" in outcome.message


def test_no_known_vulnerability_passes():
    outcome = audit.verdict(0, report({"name": "flask", "version": "3.1.3", "vulns": []}), "")
    assert (outcome.exit_code, outcome.message) == (0, "No known vulnerabilities in the 1 locked dependencies.")


def test_an_unreachable_database_is_a_note_not_a_failure():
    stderr = "requests.exceptions.ConnectionError: Max retries exceeded with url: /pypi/flask/3.1.3/json"
    outcome = audit.verdict(1, "", stderr)
    assert outcome.exit_code == 0
    assert outcome.message.startswith("NOTE: dependencies NOT audited")


def test_packages_the_database_does_not_know_are_reported_as_not_audited():
    skipped = {"name": "flask", "version": "3.1.3", "skip_reason": "Dependency not found on PyPI"}
    outcome = audit.verdict(0, report(skipped), "")
    assert outcome.exit_code == 0
    assert "NOT audited" in outcome.message


def test_any_other_failure_of_pip_audit_fails_the_build():
    outcome = audit.verdict(1, "", "ERROR: hash mismatch in requirements.lock")
    assert outcome.exit_code == 1


def test_the_lock_pins_every_dependency_in_pyproject():
    wanted = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    names = {re.split(r"[<>=\[ ]", requirement)[0].lower() for requirement in wanted}
    lock = (ROOT / "requirements.lock").read_text().lower()
    assert {name for name in names if f"\n{name}==" not in lock} == set()
    assert "--hash=sha256:" in lock
