"""How long the board report takes for the largest area of the national dataset.

    python bench/board_report_bench.py [--seed N] [--runs N]

Builds bench/national_dataset.py in a temporary SQLite database (or the PostgreSQL database in DATABASE_URL,
which it empties), takes the area with the most actions, gives half its actions a success measure with a
year of monthly measured values and accepts some evidence of impact, records two board meetings four weeks
apart, then times the second meeting's report: gathering and composing it, then writing it as DOCX and as PDF
(median of --runs; CPU seconds too, since the wall clock on a shared machine also counts other people's work).
Target: under 2 s for each of the DOCX and the PDF, facts included.

`time_board_report(app)` does the measuring on an app whose database already holds the dataset, for
bench/documents.py to call.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import pdfplumber  # noqa: E402 - after the path set-up above
import time_machine  # noqa: E402
from sqlalchemy import func, insert, select, update  # noqa: E402

from bench.dashboard import TODAY, _app, _build  # noqa: E402
from config import TestConfig  # noqa: E402
from wsoa.board.services import board_report, record_meeting  # noqa: E402
from wsoa.documents.board_report import board_report_docx, board_report_pdf  # noqa: E402
from wsoa.extensions import db  # noqa: E402
from wsoa.models import Action, BoardMeeting, Evidence, Inspection, MeasuredValue, Membership, User  # noqa: E402

TARGET_SECONDS = 2.0


@dataclass(frozen=True)
class Timing:
    wall: float
    cpu: float


@dataclass(frozen=True)
class BoardBench:
    actions: int
    measured_values: int
    facts: Timing
    docx: Timing
    pdf: Timing
    pdf_pages: int

    @property
    def docx_total(self) -> float:
        return self.facts.wall + self.docx.wall

    @property
    def pdf_total(self) -> float:
        return self.facts.wall + self.pdf.wall

    @property
    def met(self) -> bool:
        return self.docx_total < TARGET_SECONDS and self.pdf_total < TARGET_SECONDS


def _timed(work, runs: int):
    walls, cpus, result = [], [], None
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        result = work()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return Timing(statistics.median(walls), statistics.median(cpus)), result


def _prepare(inspection_id: int, manager_id: int) -> int:
    """Measures, accepted impact evidence and two board meetings for the plan; the later meeting's id."""
    ids = list(db.session.scalars(select(Action.id).where(Action.inspection_id == inspection_id).order_by(Action.id)))
    measured = ids[::2]
    db.session.execute(
        update(Action)
        .where(Action.id.in_(measured))
        .values(success_measure="Share of EHC plans issued within 20 weeks", baseline="45%", target="60%",
                baseline_value=45.0, target_value=60.0, measure_unit="%")
    )
    months = [TODAY - timedelta(days=30 * n) for n in range(12)]
    db.session.execute(
        insert(MeasuredValue),
        [
            {"action_id": action_id, "measured_on": day, "value": 45.0 + (action_id % 7) + month,
             "source": "Monthly timeliness report", "recorded_by_id": manager_id,
             "recorded_at": datetime.combine(day, datetime.min.time())}
            for action_id in measured
            for month, day in enumerate(reversed(months))
        ],
    )
    db.session.execute(
        update(Evidence)
        .where(Evidence.action_id.in_(ids))
        .values(kind="impact", review_status="accepted", reviewed_by_id=manager_id,
                reviewed_at=datetime.combine(TODAY - timedelta(days=10), datetime.min.time()))
    )
    db.session.commit()
    manager = db.session.get(User, manager_id)
    inspection = db.session.get(Inspection, inspection_id)
    for day in (TODAY - timedelta(days=28), TODAY):
        with time_machine.travel(datetime.combine(day, datetime.min.time()) + timedelta(hours=18), tick=False):
            meeting = record_meeting(manager, inspection, day, day)
    return meeting.id


def time_board_report(app, runs: int = 3) -> BoardBench:
    """The board report for the area with the most actions (the database holds the national dataset)."""
    with app.app_context():
        area_id, actions = db.session.execute(
            select(Action.local_area_id, func.count()).group_by(Action.local_area_id)
            .order_by(func.count().desc(), Action.local_area_id).limit(1)
        ).one()
        inspection_id = db.session.scalar(select(Inspection.id).where(Inspection.local_area_id == area_id))
        manager_id = db.session.scalar(
            select(Membership.user_id).where(Membership.local_area_id == area_id, Membership.role == "manager")
        )
        meeting_id = _prepare(inspection_id, manager_id)
        manager = db.session.get(User, manager_id)
        meeting = db.session.get(BoardMeeting, meeting_id)
        facts, found = _timed(lambda: board_report(manager, meeting, "pdf"), runs)
        docx, _ = _timed(lambda: board_report_docx(found.report), runs)
        pdf, body = _timed(lambda: board_report_pdf(found.report), runs)
        values = db.session.scalar(select(func.count()).select_from(MeasuredValue))
        with pdfplumber.open(io.BytesIO(body)) as opened:
            pages = len(opened.pages)
        return BoardBench(actions, values, facts, docx, pdf, pages)


def report(bench: BoardBench) -> None:
    print(f"\nBoard report for the largest area: {bench.actions} actions, {bench.measured_values} measured values")
    print(f"  {'step':<28}{'wall s':>8}{'CPU s':>8}")
    for name, timing in (("facts (gather and compose)", bench.facts), ("DOCX", bench.docx), ("PDF", bench.pdf)):
        print(f"  {name:<28}{timing.wall:>8.2f}{timing.cpu:>8.2f}")
    print(f"  DOCX with its facts: {bench.docx_total:.2f} s; PDF with its facts: {bench.pdf_total:.2f} s "
          f"({bench.pdf_pages} pages)")
    verdict = "met" if bench.met else "MISSED"
    print(f"Target under {TARGET_SECONDS:.0f} s for each: {verdict}")


def run(database_url: str, seed: int, runs: int) -> bool:
    app = _app(database_url)
    with time_machine.travel(TODAY, tick=True):
        seconds = _build(app, "national", seed)
        print(f"National dataset built in {seconds:.1f} s")
        bench = time_board_report(app, runs)
    report(bench)
    with app.app_context():
        db.engine.dispose()
    return bench.met


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if TestConfig.SQLALCHEMY_DATABASE_URI.startswith("postgresql"):
        ok = run(TestConfig.SQLALCHEMY_DATABASE_URI, args.seed, args.runs)
    else:
        with tempfile.TemporaryDirectory() as folder:
            ok = run(f"sqlite:///{folder}/bench.db", args.seed, args.runs)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
