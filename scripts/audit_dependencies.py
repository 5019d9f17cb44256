"""Audit the locked production dependencies (requirements.lock) for known vulnerabilities with pip-audit.

Run by `make test`. Fails on any known vulnerability. Where the vulnerability database cannot be reached
(a closed network, or a package index that mirrors PyPI without its vulnerability data), says so plainly
and lets the build go on: an audit that could not run is reported, never mistaken for a clean one.

    .venv/bin/python scripts/audit_dependencies.py [requirements.lock]
"""

from __future__ import annotations

import json
import shutil
import subprocess  # noqa: S404 - runs pip-audit, with a fixed argument list
import sys
from dataclasses import dataclass
from pathlib import Path

LOCK = Path(__file__).resolve().parent.parent / "requirements.lock"
UNREACHABLE_SIGNS = (
    "ConnectionError",
    "Max retries exceeded",
    "NameResolutionError",
    "Temporary failure in name resolution",
    "timed out",
    "Network is unreachable",
    "Connection refused",
)


@dataclass(frozen=True)
class Verdict:
    exit_code: int
    message: str


def verdict(returncode: int, stdout: str, stderr: str) -> Verdict:
    """What pip-audit's run means: 1 for any vulnerability (or an error we cannot explain), 0 otherwise."""
    try:
        report = json.loads(stdout)
    except ValueError:
        if any(sign in stderr for sign in UNREACHABLE_SIGNS):
            last = stderr.strip().splitlines()[-1] if stderr.strip() else ""
            return Verdict(
                0, f"NOTE: dependencies NOT audited: the vulnerability database could not be reached ({last})"
            )
        return Verdict(returncode or 1, f"pip-audit failed:\n{stderr.strip()}")
    dependencies = report.get("dependencies", [])
    vulnerable = [d for d in dependencies if d.get("vulns")]
    if vulnerable:
        lines = [
            f"  {d['name']} {d['version']}: {v['id']}"
            + (f" (fixed in {', '.join(v['fix_versions'])})" if v.get("fix_versions") else "")
            for d in vulnerable
            for v in d["vulns"]
        ]
        return Verdict(1, "Known vulnerabilities in requirements.lock:\n" + "\n".join(lines))
    skipped = [d["name"] for d in dependencies if d.get("skip_reason")]
    audited = len(dependencies) - len(skipped)
    if skipped and not audited:
        return Verdict(
            0,
            f"NOTE: dependencies NOT audited: the vulnerability database answered for none of the "
            f"{len(skipped)} locked packages, so it is probably not reachable from here.",
        )
    if skipped:
        return Verdict(
            0,
            f"NOTE: {len(skipped)} of {len(dependencies)} dependencies NOT audited ({', '.join(skipped)}): "
            f"the vulnerability database does not know them. No known vulnerabilities in the other {audited}.",
        )
    return Verdict(0, f"No known vulnerabilities in the {audited} locked dependencies.")


def main(argv: list[str]) -> int:
    lock = Path(argv[1]) if len(argv) > 1 else LOCK
    pip_audit = shutil.which("pip-audit", path=str(Path(sys.executable).parent)) or shutil.which("pip-audit")
    if pip_audit is None:
        print("pip-audit is not installed: run `make install-test`.", file=sys.stderr)
        return 1
    command = [pip_audit, "-r", str(lock), "--disable-pip", "--require-hashes", "--format", "json"]
    command += ["--progress-spinner", "off", "--timeout", "15"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    outcome = verdict(result.returncode, result.stdout, result.stderr)
    print(outcome.message, file=sys.stderr if outcome.exit_code else sys.stdout)
    return outcome.exit_code


if __name__ == "__main__":
    sys.exit(main(sys.argv))
