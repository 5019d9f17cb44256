"""`wsoa check`: are these production settings complete? Each problem names the variable and what to do.

Plain Python on a mapping of settings (the app's config, or a config class's attributes), so it runs
before anything is started or connected.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..documents.signatories import SignatoriesError, parse_signatories

DEVELOPMENT_SECRETS = {"development-only-not-secret", "test-only-not-secret"}
MIN_SECRET_LENGTH = 32
NOTIFY_TEMPLATES = ("NOTIFY_TEMPLATE_DIGEST", "NOTIFY_TEMPLATE_INVITATION")


@dataclass(frozen=True)
class Problem:
    setting: str
    message: str
    blocking: bool = True  # False: a warning; the service can start

    def __str__(self) -> str:
        return f"{'Missing or wrong' if self.blocking else 'Warning'}: {self.setting}: {self.message}"


def settings_of(config_class: type) -> dict:
    return {name: getattr(config_class, name) for name in dir(config_class) if name.isupper()}


def _secret(settings: Mapping) -> list[Problem]:
    key = settings.get("SECRET_KEY") or ""
    if not key:
        return [Problem("SECRET_KEY", "not set. Set it to a long random value, the same on every web instance "
                        "(for example the output of `python3 -c 'import secrets; print(secrets.token_hex(32))'`)")]
    if key in DEVELOPMENT_SECRETS:
        return [Problem("SECRET_KEY", "is the development key, which is public. Set a long random value")]
    if len(key) < MIN_SECRET_LENGTH:
        return [Problem("SECRET_KEY", f"is {len(key)} characters; use at least {MIN_SECRET_LENGTH} random ones")]
    return []


def _base_url(settings: Mapping) -> list[Problem]:
    url = settings.get("APP_BASE_URL") or ""
    if not url:
        return [Problem("APP_BASE_URL", "not set. Set it to the address people use, e.g. https://wsoa.council.gov.uk "
                        "(links in emails are built from it)")]
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.netloc:
        return [Problem("APP_BASE_URL", f"must be an https:// address; it is {url!r}")]
    return []


def _mail(settings: Mapping) -> list[Problem]:
    kind = (settings.get("MAIL_BACKEND") or "").strip().lower()
    if kind == "smtp":
        problems = []
        if not settings.get("MAIL_SERVER"):
            problems.append(Problem("MAIL_SERVER", "not set: the SMTP relay's host name"))
        if not settings.get("MAIL_DEFAULT_SENDER"):
            problems.append(Problem("MAIL_DEFAULT_SENDER", "not set: the address emails come from"))
        if str(settings.get("MAIL_USE_TLS") or "").lower() == "none":
            problems.append(Problem("MAIL_USE_TLS", "is none: email crosses the network unencrypted", blocking=False))
        return problems
    if kind == "notify":
        problems = []
        if not settings.get("NOTIFY_API_KEY"):
            problems.append(Problem("NOTIFY_API_KEY", "not set: the GOV.UK Notify API key (live key for real email)"))
        problems += [
            Problem(name, "not set: the id of the GOV.UK Notify template showing ((subject)) and ((body))")
            for name in NOTIFY_TEMPLATES
            if not settings.get(name)
        ]
        return problems
    if kind == "outbox":
        return [Problem("MAIL_BACKEND", "is outbox, which writes emails to files and sends none. Set smtp or notify")]
    return [Problem("MAIL_BACKEND", f"{'not set' if not kind else f'is {kind!r}'}. Set smtp or notify, "
                    "with their settings (see docs/deploy.md)")]


def _storage(settings: Mapping) -> list[Problem]:
    kind = settings.get("EVIDENCE_STORAGE") or "local"
    if kind == "s3":
        if not settings.get("EVIDENCE_S3_BUCKET"):
            return [Problem("EVIDENCE_S3_BUCKET", "not set: the private bucket that keeps evidence files")]
        return []
    if kind == "local":
        if not settings.get("EVIDENCE_STORAGE_DIR"):
            return [Problem("EVIDENCE_STORAGE_DIR", "not set: the directory that keeps evidence files")]
        return [Problem("EVIDENCE_STORAGE", "is local: fine for one machine; several web instances need s3 "
                        "(or one directory all of them mount)", blocking=False)]
    return [Problem("EVIDENCE_STORAGE", f"must be local or s3; it is {kind!r}")]


def _database(settings: Mapping) -> list[Problem]:
    url = str(settings.get("SQLALCHEMY_DATABASE_URI") or "")
    if url.startswith("sqlite"):
        return [Problem("DATABASE_URL", "is SQLite: fine for one machine; several web instances and the scheduler "
                        "need one PostgreSQL database", blocking=False)]
    return []


def _proxies(settings: Mapping) -> list[Problem]:
    if not settings.get("TRUSTED_PROXIES"):
        return [Problem("TRUSTED_PROXIES", "is 0: behind a load balancer or proxy set it to the number of proxies, "
                        "or client addresses and https are not seen", blocking=False)]
    return []


def _signatories(settings: Mapping) -> list[Problem]:
    """Blank is allowed (the statement page says no one is set); a value that cannot be read is not."""
    try:
        parse_signatories(settings.get("STATEMENT_SIGNATORIES") or "")
    except SignatoriesError as error:
        return [Problem("STATEMENT_SIGNATORIES", f"{error} (docs/deploy.md)")]
    return []


def problems(settings: Mapping) -> list[Problem]:
    """Everything wrong with these settings for production, blocking problems first."""
    found = [
        *_secret(settings), *_base_url(settings), *_mail(settings), *_storage(settings),
        *_database(settings), *_proxies(settings), *_signatories(settings),
    ]
    return sorted(found, key=lambda problem: not problem.blocking)
