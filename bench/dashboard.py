"""How fast the dashboards are on a national dataset, and how many SQL statements each page runs.

    python bench/dashboard.py [--seed N] [--runs N]

Builds bench/national_dataset.py (150 areas, 2,000 users, 15,000 actions, 150,000 updates) in a
temporary SQLite database (or the PostgreSQL database in DATABASE_URL, which it empties), then times
each page through the Flask test client, signed in as a manager of one area: p50 and p95 over --runs
requests, and the SQL statements per request (a before_cursor_execute listener).

To show the statement count does not grow with the data, it first measures a small dataset (15 areas,
20 actions each) and then the national one (100 actions an area): the counts must be equal.
Target: p95 under 150 ms a page.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import time_machine  # noqa: E402 - after the path set-up above
from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import event, select  # noqa: E402

import bench.national_dataset as national  # noqa: E402
from config import TestConfig  # noqa: E402
from tests.database import drop_everything, empty_all_tables, remember_empty_database  # noqa: E402
from wsoa.app import create_app  # noqa: E402
from wsoa.extensions import db  # noqa: E402
from wsoa.models import Action, Membership  # noqa: E402

TODAY = date(2026, 11, 24)
TARGET_MS = 150
SIZES = {
    # name: (areas, users, actions, updates)
    "small": (15, 200, 300, 3_000),
    "national": (national.AREAS, national.USERS, national.ACTIONS, national.UPDATES),
}


def bench_app(database_url: str, **settings):
    """The app on an emptied, migrated database; `settings` override the test configuration's."""
    config = type("BenchConfig", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": database_url, **settings})
    app = create_app(config)
    with app.app_context():
        drop_everything()  # the database is the benchmark's to empty, functions and triggers included
        upgrade()
        remember_empty_database()
    return app


def build_dataset(app, size: str, seed: int) -> float:
    """Empty the tables and build the dataset of this size; the seconds it took."""
    areas, users, actions, updates = SIZES[size]
    started = time.perf_counter()
    with app.app_context():
        empty_all_tables()
        national.build(db.session, seed, TODAY, areas=areas, users=users, actions=actions, updates=updates)
        db.session.remove()
    return time.perf_counter() - started


def _signed_in(app, user_id: int):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(user_id)
        session["_fresh"] = True
    return client


class Statements:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, *args) -> None:
        self.count += 1


def _measure(app, client, url: str, runs: int) -> tuple[float, float, int]:
    with app.app_context():
        engine = db.engine
    counter = Statements()
    response = client.get(url)  # warm caches, templates and the connection pool
    assert response.status_code == 200, (url, response.status_code)
    timings, counts = [], []
    event.listen(engine, "before_cursor_execute", counter)
    try:
        for _ in range(runs):
            counter.count = 0
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            counts.append(counter.count)
            assert response.status_code == 200, (url, response.status_code)
    finally:
        event.remove(engine, "before_cursor_execute", counter)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return statistics.median(timings), p95, max(counts)


def _pages(app) -> tuple[int, int, dict[str, str]]:
    with app.app_context():
        manager = db.session.scalar(
            select(Membership.user_id).where(Membership.local_area_id == 1, Membership.role == "manager").limit(1)
        )
        lead = db.session.scalar(select(Action.lead_id).where(Action.local_area_id == 1).limit(1))
    pages = {
        "area dashboard": "/inspections/1/dashboard",
        "readiness": "/inspections/1/readiness",
        "find actions (search)": "/inspections/1/dashboard/actions?q=panel&sort=due",
        "owners": "/inspections/1/owners",
        "export XLSX": "/inspections/1/tracker.xlsx",
        "export CSV": "/inspections/1/tracker.csv",
    }
    return manager, lead, pages


def run(database_url: str, seed: int, runs: int) -> bool:
    app = bench_app(database_url)
    dialect = "PostgreSQL" if database_url.startswith("postgresql") else "SQLite"
    results: dict[str, dict[str, tuple[float, float, int]]] = {}
    with time_machine.travel(TODAY, tick=True):
        for size in SIZES:
            seconds = build_dataset(app, size, seed)
            areas, users, actions, updates = SIZES[size]
            print(f"\n{dialect}, {size}: {areas} areas, {users} users, {actions} actions, {updates} updates "
                  f"(built in {seconds:.1f} s)")
            manager, lead, pages = _pages(app)
            client = _signed_in(app, manager)
            results[size] = {name: _measure(app, client, url, runs) for name, url in pages.items()}
            results[size]["my actions"] = _measure(app, _signed_in(app, lead), "/my-actions", runs)
            results[size]["overview"] = _measure(app, client, "/dashboard", runs)
            print(f"  {'page':<24}{'p50 ms':>8}{'p95 ms':>8}{'SQL':>6}")
            for name, (p50, p95, statements) in results[size].items():
                print(f"  {name:<24}{p50:>8.1f}{p95:>8.1f}{statements:>6}")
    national_results = results["national"]
    slow = [name for name, (_, p95, _) in national_results.items() if p95 >= TARGET_MS]
    growing = [name for name in national_results if national_results[name][2] != results["small"][name][2]]
    print(f"\nTarget p95 < {TARGET_MS} ms: {'met' if not slow else 'missed by ' + ', '.join(slow)}")
    print(f"SQL statements independent of size: {'yes' if not growing else 'NO for ' + ', '.join(growing)}")
    with app.app_context():
        db.engine.dispose()
    return not slow and not growing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    if TestConfig.SQLALCHEMY_DATABASE_URI.startswith("postgresql"):
        ok = run(TestConfig.SQLALCHEMY_DATABASE_URI, args.seed, args.runs)
    else:
        with tempfile.TemporaryDirectory() as folder:
            ok = run(f"sqlite:///{folder}/bench.db", args.seed, args.runs)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
