"""Every main page over loopback HTTP, served by gunicorn, on the national dataset: what a person waits for.

    python bench/http_pages.py [--seed N] [--runs N] [--warm-ups N] [--database-url postgresql://...]

Builds bench/national_dataset.py at 10% and then 100% of the country (15 then 150 areas; each area the same
size, 100 actions and 1,000 updates) in a temporary SQLite database, or in the PostgreSQL database given
(which it empties). Serves it with gunicorn (production settings and gunicorn.conf.py), one sync worker and
then two, signs in as a manager of one area and as an officer who leads actions there, then requests each
page: warm-ups, then --runs sequential requests, each on a new connection as a browser's first request
would be. Prints p50 and p95 (ms, measured by the client), the SQL statements the page ran (counted in
the worker and sent back in a header only this benchmark adds), and the worker's CPU time for the page (p50, ms,
sent back the same way): the part of the wait that wsoa spends, which a busy machine inflates far less than
the wall-clock times. A bare Flask page on the same server is the
floor: what gunicorn, HTTP and the client cost before wsoa does anything.
The JSON API's main list and detail endpoints are timed the same way, with a read-only token of the manager's.
Targets: every page's p95 under 30 ms (the XLSX tracker's under 50 ms); flat with the size of the country: at 100%
each page's p95 within 1.5 times (plus 2 ms) its p95 at 10%, with the same number of SQL statements.

(Named http_pages.py, not http.py: a script's own folder comes first on sys.path, so a bench/http.py would
stand in for the standard library's http package in every script here.)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

TARGET_MS = 30
# The tracker download has its own target: a workbook for an area of 100 actions, zipped.
TARGETS_MS = {"tracker XLSX": 50}
SCALES = (0.1, 1.0)
WORKERS = (1, 2)
FLAT_RATIO, FLAT_SLACK_MS = 1.5, 2.0
PASSWORD = "bench-password-for-loopback-only"  # noqa: S105 - a throwaway database on loopback
FLOOR = "/__bench/floor"
STATEMENTS_HEADER = "X-Bench-SQL-Statements"
CPU_HEADER = "X-Bench-CPU-Microseconds"


def served_app():
    """What gunicorn serves: wsoa, counting the SQL statements of each request, and a bare Flask page."""
    from flask import Flask
    from sqlalchemy import event

    from wsoa.app import create_app
    from wsoa.extensions import db

    app = create_app()
    with app.app_context():
        engine = db.engine
    statements = [0]

    def count(*args) -> None:
        statements[0] += 1

    event.listen(engine, "before_cursor_execute", count)
    bare = Flask("floor")
    bare.add_url_rule(FLOOR, "floor", lambda: "ok")

    def application(environ, start_response):
        if environ.get("PATH_INFO") == FLOOR:
            return bare.wsgi_app(environ, start_response)
        statements[0] = 0
        started = time.process_time()

        def counted_start_response(status, headers, exc_info=None):
            # The page is rendered (and its statements run) before it starts its response.
            cpu = round((time.process_time() - started) * 1_000_000)
            counted = [(STATEMENTS_HEADER, str(statements[0])), (CPU_HEADER, str(cpu))]
            return start_response(status, [*headers, *counted], exc_info)

        return app(environ, counted_start_response)

    return application


def _build(database_url: str, seed: int, scale: float) -> tuple[str, str, int, int, str]:
    """The dataset, and two people who can sign in (their emails): a manager of area 1 and an officer leading
    there; an action and the inspection of area 1; and a read-only API token of the manager's."""
    from flask_migrate import upgrade
    from sqlalchemy import select, update

    from bench import national_dataset
    from bench.dashboard import TODAY
    from config import TestConfig
    from tests.database import drop_everything
    from wsoa.api.tokens import create_token
    from wsoa.app import create_app
    from wsoa.extensions import db
    from wsoa.models import SCOPE_READ, Action, Membership, User
    from wsoa.passwords import hash_password

    class BuildConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = database_url

    app = create_app(BuildConfig)
    with app.app_context():
        drop_everything()  # the database is the benchmark's to empty
        upgrade()
        started = time.perf_counter()
        counts = national_dataset.build(db.session, seed, TODAY, **national_dataset.scaled(scale))
        print(
            f"Dataset at {scale:.0%}: {counts.areas} areas, {counts.users} users, {counts.actions} actions, "
            f"{counts.updates} updates, built in {time.perf_counter() - started:.1f} s ({db.engine.dialect.name})"
        )
        manager = db.session.scalar(
            select(Membership.user_id).where(Membership.local_area_id == 1, Membership.role == "manager").limit(1)
        )
        lead = db.session.scalar(
            select(Action.lead_id)
            .join(Membership, (Membership.user_id == Action.lead_id) & (Membership.local_area_id == 1))
            .where(Action.local_area_id == 1, Membership.role == "officer")
            .limit(1)
        )
        action = db.session.scalar(
            select(Action.id).where(Action.local_area_id == 1, Action.status == "in_progress").limit(1)
        )
        inspection = db.session.scalar(select(Action.inspection_id).where(Action.id == action))
        password_hash = hash_password(PASSWORD)
        db.session.execute(update(User).where(User.id.in_((manager, lead))).values(password_hash=password_hash))
        manager_email, lead_email = db.session.get(User, manager).email, db.session.get(User, lead).email
        db.session.commit()
        today = date.today()  # the server checks the token against the real clock
        manager_user = db.session.get(User, manager)
        token = create_token(manager_user, "Benchmark", SCOPE_READ, today + timedelta(days=7), today).token
        db.session.remove()
        db.engine.dispose()
    return manager_email, lead_email, action, inspection, token


def _measure(browser, path: str, runs: int, warm_ups: int, headers: dict) -> tuple[float, float, str, float | None]:
    """p50 and p95 (ms), the statement counts seen, and the worker's median CPU time (ms; None for the floor)."""
    for _ in range(warm_ups):
        response = browser.get(path, headers=headers)
        assert response.status_code == 200, (path, response.status_code)
    timings, statements, cpu = [], set(), []
    for _ in range(runs):
        started = time.perf_counter()
        response = browser.get(path, headers=headers)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
        statements.add(response.headers.get(STATEMENTS_HEADER, "-"))
        if CPU_HEADER in response.headers:
            cpu.append(int(response.headers[CPU_HEADER]) / 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return statistics.median(timings), p95, "/".join(sorted(statements)), statistics.median(cpu) if cpu else None


def _served(environment: dict[str, str], workdir: Path, workers: int):
    """gunicorn, as tests/servers.py's WebInstance starts it, serving served_app() with sync workers."""
    from tests.servers import WebInstance, WsoaProcess, free_port

    class Served(WebInstance):
        def __init__(self) -> None:
            self.port = free_port()
            self.url = f"http://127.0.0.1:{self.port}"
            gunicorn = str(Path(sys.executable).parent / "gunicorn")
            arguments = [gunicorn, "bench.http_pages:served_app()", "--bind", f"127.0.0.1:{self.port}"]
            arguments += ["--workers", str(workers), "--worker-class", "sync"]
            WsoaProcess.__init__(self, "bench-http", arguments, environment, workdir)

    return Served()


def _pages(instance, manager_email: str, lead_email: str, action: int, inspection: int, token: str) -> dict:
    """{name: (browser, path, headers)}: the pages as signed-in people, the API with the manager's token."""
    from tests.servers import Browser

    as_manager, as_lead, api_client = Browser(instance.url), Browser(instance.url), Browser(instance.url)
    assert as_manager.sign_in(manager_email, PASSWORD).status_code == 302
    assert as_lead.sign_in(lead_email, PASSWORD).status_code == 302
    bearer = {"Authorization": f"Bearer {token}"}
    pages = {
        "floor: a bare Flask page": (as_manager, FLOOR),
        "My actions (an officer)": (as_lead, "/my-actions"),
        "plan": (as_manager, f"/inspections/{inspection}"),
        "action page": (as_manager, f"/actions/{action}"),
        "area dashboard": (as_manager, f"/inspections/{inspection}/dashboard"),
        "readiness": (as_manager, f"/inspections/{inspection}/readiness"),
        "owners": (as_manager, f"/inspections/{inspection}/owners"),
        "overview": (as_manager, "/dashboard"),
        "tracker XLSX": (as_manager, f"/inspections/{inspection}/tracker.xlsx"),
        "tracker CSV": (as_manager, f"/inspections/{inspection}/tracker.csv"),
    }
    api = {
        "API: actions of a plan (list)": f"/api/v1/inspections/{inspection}/actions",
        "API: an action (detail)": f"/api/v1/actions/{action}",
        "API: an action's updates (list)": f"/api/v1/actions/{action}/updates",
        "API: an inspection (detail)": f"/api/v1/inspections/{inspection}",
        "API: areas (list)": "/api/v1/areas",
    }
    return {
        **{name: (browser, path, {}) for name, (browser, path) in pages.items()},
        **{name: (api_client, path, bearer) for name, path in api.items()},
    }


def _measure_scale(database_url: str, workdir: Path, seed: int, scale: float, runs: int, warm_ups: int) -> dict:
    """{(workers, page): (p50, p95, statements)} for the dataset at this scale."""
    from tests.servers import production_environment

    manager_email, lead_email, action, inspection, token = _build(database_url, seed, scale)
    figures = {}
    for workers in WORKERS:
        environment = production_environment(
            database_url,
            EVIDENCE_STORAGE_DIR=str(workdir / "evidence"),
            LOG_LEVEL="WARNING",
            WEB_CONCURRENCY=str(workers),
            GUNICORN_MAX_REQUESTS="0",  # no recycling in the middle of a measurement
            API_RATE_LIMIT_PER_MINUTE="100000",  # the benchmark's token asks far faster than any real client
        )
        instance = _served(environment, workdir, workers)
        measured = False
        try:
            instance.wait_until_ready(60)
            print(f"At {scale:.0%}, gunicorn with {workers} sync worker(s); {warm_ups} warm-ups, then {runs} requests")
            print(f"  {'page':<34}{'p50 ms':>8}{'p95 ms':>8}{'SQL':>6}{'CPU ms':>8}")
            pages = _pages(instance, manager_email, lead_email, action, inspection, token)
            for name, (browser, path, headers) in pages.items():
                p50, p95, statements, cpu = _measure(browser, path, runs, warm_ups, headers)
                print(f"  {name:<34}{p50:>8.1f}{p95:>8.1f}{statements:>6}{'-' if cpu is None else f'{cpu:.1f}':>8}")
                figures[workers, name] = (p50, p95, statements)
            measured = True
        finally:
            instance.process.terminate()
            instance.process.wait(30)
            if not measured:
                print(instance.output()[-3000:])
    return figures


def run(seed: int, runs: int, warm_ups: int, database_url: str | None) -> bool:
    with tempfile.TemporaryDirectory(prefix="wsoa-bench-http-") as temporary:
        workdir = Path(temporary)
        url = database_url or f"sqlite:///{workdir / 'wsoa.db'}"
        by_scale = {scale: _measure_scale(url, workdir, seed, scale, runs, warm_ups) for scale in SCALES}
    small, full = by_scale[SCALES[0]], by_scale[SCALES[-1]]
    pages = [key for key in full if not key[1].startswith("floor")]
    slow = sorted({name for workers, name in pages if full[workers, name][1] >= TARGETS_MS.get(name, TARGET_MS)})
    growing = sorted(
        {
            f"{name} ({workers} worker{'s' if workers > 1 else ''})"
            for workers, name in pages
            if full[workers, name][1] > FLAT_RATIO * small[workers, name][1] + FLAT_SLACK_MS
            or full[workers, name][2] != small[workers, name][2]
        }
    )
    print(
        f"p95 under {TARGET_MS} ms (the XLSX {TARGETS_MS['tracker XLSX']} ms) at full size: "
        f"{'met' if not slow else 'missed by ' + ', '.join(slow)}"
    )
    print(f"flat from 10% to 100%: {'yes' if not growing else 'no, ' + ', '.join(growing)}")
    met = not slow and not growing
    print(f"Verdict: {'every target met' if met else 'targets missed'} (p95 under {TARGET_MS} ms, flat with size)")
    return met


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--warm-ups", type=int, default=5)
    parser.add_argument("--database-url", help="an empty PostgreSQL database to use (and empty) instead of SQLite")
    args = parser.parse_args()
    sys.exit(0 if run(args.seed, args.runs, args.warm_ups, args.database_url) else 1)


if __name__ == "__main__":
    main()
