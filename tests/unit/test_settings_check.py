"""`wsoa check`'s rules: each missing or unsafe production setting is named, with what to do."""

import pytest

from wsoa.ops.settings_check import problems

COMPLETE = {
    "SECRET_KEY": "k" * 48,
    "APP_BASE_URL": "https://wsoa.council.gov.uk",
    "MAIL_BACKEND": "notify",
    "NOTIFY_API_KEY": "live-key",
    "NOTIFY_TEMPLATE_DIGEST": "t1",
    "NOTIFY_TEMPLATE_INVITATION": "t2",
    "EVIDENCE_STORAGE": "s3",
    "EVIDENCE_S3_BUCKET": "wsoa-evidence",
    "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://wsoa@db/wsoa",
    "TRUSTED_PROXIES": 1,
}


def blocking(settings) -> list[str]:
    return [f"{p.setting}: {p.message}" for p in problems(settings) if p.blocking]


def test_complete_settings_have_no_problems():
    assert problems(COMPLETE) == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY: not set"),
        ({"SECRET_KEY": "development-only-not-secret"}, "SECRET_KEY: is the development key"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY: is 5 characters"),
        ({"APP_BASE_URL": ""}, "APP_BASE_URL: not set"),
        ({"APP_BASE_URL": "http://wsoa.council.gov.uk"}, "APP_BASE_URL: must be an https:// address"),
        ({"MAIL_BACKEND": ""}, "MAIL_BACKEND: not set"),
        ({"MAIL_BACKEND": "outbox"}, "MAIL_BACKEND: is outbox"),
        ({"NOTIFY_API_KEY": ""}, "NOTIFY_API_KEY: not set"),
        ({"NOTIFY_TEMPLATE_INVITATION": ""}, "NOTIFY_TEMPLATE_INVITATION: not set"),
        ({"MAIL_BACKEND": "smtp", "MAIL_SERVER": "relay"}, "MAIL_DEFAULT_SENDER: not set"),
        ({"EVIDENCE_S3_BUCKET": ""}, "EVIDENCE_S3_BUCKET: not set"),
        ({"EVIDENCE_STORAGE": "nfs"}, "EVIDENCE_STORAGE: must be local or s3"),
    ],
)
def test_each_missing_or_unsafe_setting_is_named(changes, expected):
    (problem,) = blocking({**COMPLETE, **changes})
    assert problem.startswith(expected)


def test_settings_that_suit_only_one_machine_are_warnings_not_refusals():
    one_machine = {**COMPLETE, "EVIDENCE_STORAGE": "local", "EVIDENCE_STORAGE_DIR": "/srv/wsoa/evidence",
                   "SQLALCHEMY_DATABASE_URI": "sqlite:////srv/wsoa/wsoa.db", "TRUSTED_PROXIES": 0}
    found = problems(one_machine)
    assert blocking(one_machine) == []
    assert {p.setting for p in found} == {"EVIDENCE_STORAGE", "DATABASE_URL", "TRUSTED_PROXIES"}


def test_signatories_that_cannot_be_read_are_named_and_blank_is_allowed():
    assert blocking({**COMPLETE, "STATEMENT_SIGNATORIES": ""}) == []
    assert blocking({**COMPLETE, "STATEMENT_SIGNATORIES": "Westmarsh = Jo Bloggs | DCS | Westmarsh Council"}) == []
    [problem] = blocking({**COMPLETE, "STATEMENT_SIGNATORIES": "Jo Bloggs | DCS | Westmarsh Council; Sam Lee, ICB"})
    assert problem.startswith("STATEMENT_SIGNATORIES: entry 2 ('Sam Lee, ICB') must be 'name | role | organisation'")
