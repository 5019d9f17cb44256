"""`make mutation`'s report: a score per module from `mutmut results --all true`, and every mutant that survived.

A module's score is the share of its mutants the tests killed (a mutant that made a test time out counts as
killed), leaving out the equivalent mutants listed, each with its reason, in mutation_equivalents.txt. Exits
non-zero when a module scores under the floor, or when a listed equivalent mutant no longer exists (the list must
be kept true). Run from the repository root: `.venv/bin/python -m tests.mutation_scores`.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

FLOOR = 90.0
EQUIVALENTS = Path("mutation_equivalents.txt")
KILLED = {"killed", "timeout", "segfault"}
_LINE = re.compile(r"^\s*(?P<name>\S+__mutmut_\d+):\s*(?P<status>.+?)\s*$")


def module_of(mutant: str) -> str:
    """'wsoa.working_days.x_add_months__mutmut_3' -> 'wsoa.working_days' (and xǁClassǁmethod the same way)."""
    return re.split(r"\.x[_ǁ]", mutant, maxsplit=1)[0]


def equivalents(path: Path = EQUIVALENTS) -> dict[str, str]:
    """Mutant name -> why it cannot change any result. Lines: `name  reason`; # starts a comment."""
    listed = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip() if line.lstrip().startswith("#") else line.strip()
        if line:
            name, _, reason = line.partition(" ")
            if not reason.strip():
                raise SystemExit(f"{path}: {name} is listed without a reason")
            listed[name] = reason.strip()
    return listed


def parse(results: str) -> dict[str, str]:
    return {m["name"]: m["status"] for line in results.splitlines() if (m := _LINE.match(line))}


def report(statuses: dict[str, str], listed: dict[str, str]) -> tuple[list[str], bool]:
    by_module: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for name, status in sorted(statuses.items()):
        by_module[module_of(name)].append((name, status))
    lines, ok = [], True
    lines.append(f"{'module':40} {'killed':>7} {'counted':>8} {'equiv.':>7} {'score':>7}")
    for module, mutants in sorted(by_module.items()):
        counted = [(n, s) for n, s in mutants if n not in listed]
        killed = sum(s in KILLED for _, s in counted)
        score = 100.0 * killed / len(counted) if counted else 100.0
        ok &= score >= FLOOR
        flag = "" if score >= FLOOR else f"  under {FLOOR:g}%"
        lines.append(f"{module:40} {killed:>7} {len(counted):>8} {len(mutants) - len(counted):>7} {score:>6.1f}%{flag}")
    survivors = [(n, s) for n, s in sorted(statuses.items()) if s not in KILLED and n not in listed]
    lines.append("")
    lines.append(f"Surviving mutants ({len(survivors)}); see one with `.venv/bin/mutmut show NAME`:")
    lines.extend(f"  {name}: {status}" for name, status in survivors)
    gone = sorted(set(listed) - set(statuses))
    if gone:
        ok = False
        lines.append("")
        lines.append(f"Listed in {EQUIVALENTS} but no longer a mutant (renumbered? update the list):")
        lines.extend(f"  {name}" for name in gone)
    return lines, ok


def main() -> int:
    results = subprocess.run(
        [sys.executable, "-m", "mutmut", "results", "--all", "true"], capture_output=True, text=True, check=True
    ).stdout
    lines, ok = report(parse(results), equivalents())
    print("\n".join(lines))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
