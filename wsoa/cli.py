"""The `wsoa` console script: a Flask CLI group bound to the app, so `wsoa db upgrade` works too."""

from __future__ import annotations

import json
import sys
from functools import partial
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup

from config import config_from_environment

from .app import create_app
from .auth.services import AccountError, create_user
from .demo import load_demo
from .inspections.services import import_letter
from .letters import LetterError, letter_to_dict
from .letters.logs import quieten_pdf_parser
from .models import AREA_ROLES, ROLE_ADMIN
from .ops.evidence_copy import copy_evidence, recorded_files
from .ops.readiness import readiness
from .ops.settings_check import problems, settings_of
from .reminders.cli import register_reminder_commands
from .storage import LocalStorage, storage_for


class WsoaGroup(FlaskGroup):
    """Lists and describes every command even before any settings exist.

    Production settings refuse to build the app without SECRET_KEY, and Flask's group needs the app for
    the commands it adds (`wsoa db`). To list them, build the app once with throwaway test settings; such a
    command shown without settings says what is missing when it is run, and runs nothing."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        names = set(click.Group.list_commands(self, ctx))
        names.update(_listing_app().cli.list_commands(ctx))
        return sorted(names)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        command = click.Group.get_command(self, ctx, name)
        if command is not None:
            return command
        try:
            return super().get_command(ctx, name)
        except RuntimeError as missing:  # the settings refused: describe the command, run nothing
            listed = _listing_app().cli.get_command(ctx, name)
            if listed is None:
                return None
            return click.Command(
                name,
                help=listed.help,
                short_help=listed.get_short_help_str(),
                callback=partial(_refuse_without_settings, str(missing)),
                context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
            )


def _listing_app():
    from config import TestConfig

    return create_app(TestConfig)


def _refuse_without_settings(problem: str) -> None:
    click.echo(f"{problem} For trying wsoa out, set WSOA_ENV=development.", err=True)
    sys.exit(1)


@click.group(cls=WsoaGroup, create_app=create_app)
def main() -> None:
    """Track a local area's response to its SEND inspection."""
    quieten_pdf_parser()


def _read_letter_file(path: str):
    from .letters import read_document  # here: the other commands (send-digests) skip its PDF libraries

    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise LetterError(f"Could not open {path}: {exc.strerror or exc}") from exc
    return read_document(data)


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(1)


@main.command("parse-letter", with_appcontext=False)
@click.argument("file")
@click.option("--json", "as_json", is_flag=True, help="Print the reading as JSON.")
def parse_letter(file: str, as_json: bool) -> None:
    """Read an inspection letter or report (text or PDF) and print what it says."""
    try:
        letter = _read_letter_file(file)
    except LetterError as error:
        _fail(f"{file}: {error}")
    answer = letter_to_dict(letter)
    if as_json:
        click.echo(json.dumps(answer, indent=2, ensure_ascii=False))
        return
    click.echo(f"Local area: {answer['local_area']}")
    click.echo(f"Inspection: {answer['inspection_start']} to {answer['inspection_end']}")
    click.echo(f"Framework: {answer['framework']}")
    for finding in answer["findings"]:
        section = f" [{finding['section']}]" if finding["section"] else ""
        click.echo(f"- {finding['kind']}{section}: {finding['text']}")
    for warning in answer["warnings"]:
        click.echo(f"Warning: {warning}", err=True)


@main.command("import-letter")
@click.argument("file")
def import_letter_command(file: str) -> None:
    """Store a letter's local area, inspection and findings."""
    try:
        letter = _read_letter_file(file)
    except LetterError as error:
        _fail(f"{file}: {error}")
    result = import_letter(letter, source_filename=Path(file).name)
    inspection = result.inspection
    if result.created:
        click.echo(
            f"Imported the {inspection.local_area.name} inspection "
            f"({inspection.inspection_start} to {inspection.inspection_end}) "
            f"with {len(inspection.findings)} findings, as inspection {inspection.id}."
        )
    else:
        click.echo(
            f"This letter is already imported, as inspection {inspection.id} "
            f"for {inspection.local_area.name}. Nothing was changed."
        )

@main.command("create-user")
@click.argument("email")
@click.option("--name", required=True, help="The person's full name.")
@click.option("--role", required=True, type=click.Choice([*AREA_ROLES, ROLE_ADMIN]))
@click.option("--area", "area_name", help="The local area the person belongs to.")
def create_user_command(email: str, name: str, role: str, area_name: str | None) -> None:
    """Create an account. The password is asked for, or read from standard input."""
    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    try:
        user = create_user(email, name, password, role, area_name)
    except AccountError as error:
        _fail(str(error))
    click.echo(f"Created {user.email} ({role}{' in ' + area_name if area_name else ''}).")

@main.command("load-demo")
def load_demo_command() -> None:
    """Load a fictional local area, its inspection letter and demo accounts."""
    for line in load_demo():
        click.echo(line)


register_reminder_commands(main)


@main.command("check", with_appcontext=False)
@click.option("--settings-only", is_flag=True, help="Check the settings; connect to nothing.")
def check_command(settings_only: bool) -> None:
    """Check production settings (and then the database, migrations and evidence store) before starting.

    Prints exactly what is missing; exits 1 if anything would stop the service working."""
    settings = settings_of(config_from_environment())
    found = problems(settings)
    for problem in found:
        click.echo(str(problem), err=problem.blocking)
    if any(problem.blocking for problem in found):
        _fail("wsoa is not ready to start: set what is listed above.")
    if settings_only:
        click.echo("Settings: complete.")
        return
    app = create_app()
    with app.app_context():
        checks = readiness(app)
    for check in checks:
        click.echo(f"{check.name}: {'ok' if check.ok else 'FAILED'}: {check.detail}", err=not check.ok)
    if not all(check.ok for check in checks):
        _fail("wsoa is not ready to serve: fix what failed above.")
    click.echo("Settings complete; database, migrations and evidence store ready.")


@main.command("copy-evidence")
@click.option("--from", "from_dir", type=click.Path(file_okay=False), help="Copy from this directory into the store.")
@click.option("--to", "to_dir", type=click.Path(file_okay=False), help="Copy from the store into this directory.")
def copy_evidence_command(from_dir: str | None, to_dir: str | None) -> None:
    """Copy every evidence file the database records between a directory and the configured store.

    --from DIR moves a local evidence directory into the bucket (EVIDENCE_STORAGE=s3); --to DIR backs the
    store up into a directory. Each file is verified by sha256; run it again to finish an interrupted copy."""
    if bool(from_dir) == bool(to_dir):
        _fail("Give --from DIR or --to DIR.")
    app = current_app._get_current_object()
    store, directory = storage_for(app), LocalStorage(from_dir or to_dir)
    if from_dir and not directory.root.is_dir():
        _fail(f"{from_dir} is not a directory.")
    source, target = (directory, store) if from_dir else (store, directory)
    files = recorded_files()
    click.echo(f"Copying {len(files)} evidence file(s) from {source!r} to {target!r}.")
    report = copy_evidence(files, source, target)
    for problem in report.problems:
        click.echo(problem, err=True)
    click.echo(report.summary() + ".")
    if not report.complete:
        _fail("Not everything was copied: see above. Running the command again retries what failed.")
