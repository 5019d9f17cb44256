import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.factories import DEMO_LETTER, make_area
from tests.shared_material import LETTERS_DIR, letter_2016_names, require_shared
from wsoa.cli import main
from wsoa.extensions import db
from wsoa.models import Inspection, User


def parse(path) -> CliRunner:
    return CliRunner().invoke(main, ["parse-letter", str(path), "--json"])


def test_parse_letter_prints_the_reading_as_json():
    result = parse(DEMO_LETTER)
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["local_area"] == "Westmarsh"
    assert answer["letter_date"] == "2025-03-14"
    assert (answer["inspection_start"], answer["inspection_end"]) == ("2025-02-03", "2025-02-07")
    assert answer["framework"] == "2016"
    assert answer["wsoa_required"] is True
    assert answer["warnings"] == []
    assert set(answer["findings"][0]) == {"kind", "section", "text"}


def test_parse_letter_reports_a_file_that_is_not_a_letter_and_exits_1(tmp_path):
    recipe = tmp_path / "recipe.txt"
    recipe.write_text("Flapjacks\n\nMelt the butter and syrup, stir in the oats, bake for 20 minutes.\n")
    result = parse(recipe)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "recipe.txt" in result.stderr


def test_parse_letter_reports_a_missing_file_and_exits_1(tmp_path):
    result = parse(tmp_path / "nowhere.txt")
    assert result.exit_code == 1
    assert "Could not open" in result.stderr


@pytest.mark.parametrize("name", letter_2016_names())
def test_parse_letter_matches_the_hand_checked_answers_for_each_shared_letter(name):
    letter = require_shared(LETTERS_DIR / f"{name}.txt")
    expected = json.loads((LETTERS_DIR / "expected" / f"{name}.json").read_text())
    answer = json.loads(parse(letter).stdout)
    for key in ("local_area", "letter_date", "inspection_start", "inspection_end", "framework", "wsoa_required"):
        assert answer[key] == expected[key], key
    development = [
        {"section": f["section"], "text": f["text"]}
        for f in answer["findings"]
        if f["kind"] == "area_for_development"
    ]
    assert development == expected["areas_for_development"]
    weaknesses = [f["text"] for f in answer["findings"] if f["kind"] == "significant_weakness"]
    assert weaknesses == expected["significant_weaknesses"]


def test_the_wsoa_console_script_is_installed_and_runs():
    script = Path(sys.executable).with_name("wsoa")
    result = subprocess.run(
        [str(script), "parse-letter", str(DEMO_LETTER), "--json"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["local_area"] == "Westmarsh"


def test_import_letter_stores_the_inspection_and_its_findings(app, runner):
    result = runner.invoke(args=["import-letter", str(DEMO_LETTER)])
    assert result.exit_code == 0, result.output
    assert "Imported the Westmarsh inspection" in result.output
    with app.app_context():
        inspection = db.session.query(Inspection).one()
        assert inspection.local_area.name == "Westmarsh"
        assert inspection.source_filename == DEMO_LETTER.name
        assert len(inspection.findings) > 20


def test_importing_the_same_letter_again_says_so_and_changes_nothing(app, runner):
    runner.invoke(args=["import-letter", str(DEMO_LETTER)])
    result = runner.invoke(args=["import-letter", str(DEMO_LETTER)])
    assert result.exit_code == 0
    assert "already imported" in result.output
    with app.app_context():
        assert db.session.query(Inspection).count() == 1


def test_a_letter_reflowed_with_different_white_space_counts_as_the_same(app, runner, tmp_path):
    reflowed = tmp_path / "reflowed.txt"
    reflowed.write_text(DEMO_LETTER.read_text().replace("\n", "\r\n"))
    runner.invoke(args=["import-letter", str(DEMO_LETTER)])
    assert "already imported" in runner.invoke(args=["import-letter", str(reflowed)]).output


def test_import_letter_refuses_a_file_that_is_not_a_letter_and_stores_nothing(app, runner, tmp_path):
    junk = tmp_path / "junk.txt"
    junk.write_bytes(b"\x00\x01 not a letter")
    result = runner.invoke(args=["import-letter", str(junk)])
    assert result.exit_code == 1
    with app.app_context():
        assert db.session.query(Inspection).count() == 0


def test_create_user_reads_the_password_from_standard_input(app, runner):
    area = make_area(app, "Northfold")
    result = runner.invoke(
        args=["create-user", "Lead@Example.gov.uk", "--name", "Lee Lead", "--role", "manager", "--area", area],
        input="a long enough password\n",
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.query(User).one()
        assert user.email == "lead@example.gov.uk"
        assert user.memberships[0].role == "manager"
        assert user.password_hash.startswith("$argon2id$")


@pytest.mark.parametrize(
    ("arguments", "password", "message"),
    [
        (["--role", "officer"], "a long enough password", "must belong to a local area"),
        (["--role", "officer", "--area", "Atlantis"], "a long enough password", "no local area called"),
        (["--role", "admin"], "short", "12 characters or more"),
    ],
)
def test_create_user_refuses_bad_input_and_stores_nothing(app, runner, arguments, password, message):
    result = runner.invoke(
        args=["create-user", "person@example.gov.uk", "--name", "A Person", *arguments], input=password + "\n"
    )
    assert result.exit_code == 1
    assert message in result.output
    with app.app_context():
        assert db.session.query(User).count() == 0


def _wsoa_without_settings(*args: str):
    env = {k: v for k, v in os.environ.items() if k not in ("WSOA_ENV", "SECRET_KEY")}
    wsoa = Path(sys.executable).with_name("wsoa")
    return subprocess.run([str(wsoa), *args], capture_output=True, text=True, env=env, timeout=120)


def test_help_lists_every_command_before_any_settings_exist():
    result = _wsoa_without_settings("--help")
    assert result.returncode == 0, result.stderr
    for command in ("db", "import-letter", "load-demo", "send-digests", "send-notifications", "scheduler"):
        assert f"  {command} " in result.stdout, command
    assert "Traceback" not in result.stderr


def test_a_command_that_needs_settings_says_what_is_missing_and_runs_nothing():
    result = _wsoa_without_settings("db", "upgrade")
    assert result.returncode == 1
    assert "SECRET_KEY is not set" in result.stderr and "WSOA_ENV=development" in result.stderr
