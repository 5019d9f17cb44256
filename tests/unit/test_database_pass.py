"""Which tests CI's PostgreSQL pass runs: every one that can reach a database."""

from tests.database import reaches_a_database


def test_a_unit_test_that_asks_for_the_database_runs_on_every_database():
    assert reaches_a_database("tests/unit/test_member_services.py::test_x", ("app", "migrated_app", "database_url"))


def test_a_unit_test_of_pure_code_runs_once():
    assert not reaches_a_database("tests/unit/letters/test_linear_time.py::test_x", ("tmp_path",))


def test_integration_api_and_browser_tests_run_on_every_database_whatever_they_ask_for():
    for nodeid in ("tests/integration/test_cli.py::t", "tests/api/test_contract.py::t", "tests/browser/test_x.py::t"):
        assert reaches_a_database(nodeid, ())
