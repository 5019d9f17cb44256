"""Configuration classes, one per environment.

Secrets come only from the environment. The default is production: a server
started without saying otherwise gets the safe settings and refuses to run
without a SECRET_KEY.
"""

from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent


def _database_url(default: str) -> str:
    url = os.environ.get("DATABASE_URL", default)
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy needs the driver named.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _int_env(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = _database_url(f"sqlite:///{BASE_DIR / 'instance' / 'wsoa.db'}")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SERVICE_NAME = os.environ.get("SERVICE_NAME", "Track your SEND inspection response")
    # Who runs this copy of the service, for the footer and the accessibility statement: a council's
    # service is not on GOV.UK, so it carries its own name, never the crown.
    ORGANISATION_NAME = os.environ.get("ORGANISATION_NAME", "your local area partnership")
    PRIVACY_NOTICE_URL = os.environ.get("PRIVACY_NOTICE_URL", "")
    CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "")
    ACCESSIBILITY_STATEMENT_PREPARED = os.environ.get("ACCESSIBILITY_STATEMENT_PREPARED", "30 November 2026")

    # Uploads are read into memory: every request is bounded, and each kind of file has its own limit.
    MAX_CONTENT_LENGTH = _int_env("MAX_CONTENT_LENGTH", 25 * 1024 * 1024)
    LETTER_MAX_BYTES = _int_env("LETTER_MAX_BYTES", 10 * 1024 * 1024)
    EVIDENCE_MAX_BYTES = _int_env("EVIDENCE_MAX_BYTES", 20 * 1024 * 1024)
    # Outside the web root; files are named by opaque keys and served only after a permission check.
    # `local` keeps them in EVIDENCE_STORAGE_DIR (one machine); `s3` in a private S3-compatible bucket, which
    # several web instances share. The bucket's credentials come from the usual AWS variables or role.
    EVIDENCE_STORAGE = os.environ.get("EVIDENCE_STORAGE", "local")  # local | s3
    EVIDENCE_STORAGE_DIR = os.environ.get("EVIDENCE_STORAGE_DIR", str(BASE_DIR / "instance" / "evidence"))
    EVIDENCE_S3_BUCKET = os.environ.get("EVIDENCE_S3_BUCKET", "")
    EVIDENCE_S3_PREFIX = os.environ.get("EVIDENCE_S3_PREFIX", "")
    EVIDENCE_S3_ENDPOINT_URL = os.environ.get("EVIDENCE_S3_ENDPOINT_URL", "")  # blank: AWS itself
    EVIDENCE_S3_REGION = os.environ.get("EVIDENCE_S3_REGION", "")
    EVIDENCE_S3_ADDRESSING_STYLE = os.environ.get("EVIDENCE_S3_ADDRESSING_STYLE", "")  # path | virtual

    # Behind a load balancer or reverse proxy: how many proxies in front of wsoa set X-Forwarded-For,
    # -Proto, -Host and X-Request-ID. 0 (the default) trusts none of those headers.
    TRUSTED_PROXIES = _int_env("TRUSTED_PROXIES", 0)
    # Logs: one JSON object a line on standard error, each with the request's id (`text` for people).
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")  # json | text
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")

    ARGON2_PROFILE = "RFC_9106_LOW_MEMORY"  # argon2-cffi's default

    # Who signs the written statement: `name | role | organisation` entries separated by semicolons, each
    # optionally after `Area name =` to sign for that area only (wsoa/documents/signatories.py, docs/deploy.md).
    STATEMENT_SIGNATORIES = os.environ.get("STATEMENT_SIGNATORIES", "")

    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = 8 * 60 * 60

    # Failed sign-ins are counted in the database, so the lock holds across web workers.
    LOCKOUT_THRESHOLD = _int_env("LOCKOUT_THRESHOLD", 5)
    LOCKOUT_MINUTES = _int_env("LOCKOUT_MINUTES", 15)
    INVITATION_DAYS = _int_env("INVITATION_DAYS", 7)
    # How long the link emailed to the owner of a locked account works.
    UNLOCK_LINK_HOURS = _int_env("UNLOCK_LINK_HOURS", 24)
    # Requests each API token may make a minute, counted in the database so every instance shares the count.
    API_RATE_LIMIT_PER_MINUTE = _int_env("API_RATE_LIMIT_PER_MINUTE", 120)

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = True
    PERMANENT_SESSION_LIFETIME = 8 * 60 * 60
    SEND_HSTS = True

    # Email and reminders. Production sends nothing until MAIL_BACKEND and APP_BASE_URL are set:
    # there is no silent default to the outbox, and `wsoa scheduler` / `wsoa send-digests` refuse to start.
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "")  # smtp | notify | outbox
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = _int_env("MAIL_PORT", 587)
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "starttls")  # starttls | ssl | none
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "")
    MAIL_TIMEOUT_SECONDS = _int_env("MAIL_TIMEOUT_SECONDS", 30)
    MAIL_CA_FILE = os.environ.get("MAIL_CA_FILE")  # a private certificate authority for the mail relay
    NOTIFY_API_KEY = os.environ.get("NOTIFY_API_KEY")
    NOTIFY_BASE_URL = os.environ.get("NOTIFY_BASE_URL")  # GOV.UK Notify's own address unless set
    # One GOV.UK Notify email template per kind of email; each template shows ((subject)) and ((body)).
    NOTIFY_TEMPLATE_DIGEST = os.environ.get("NOTIFY_TEMPLATE_DIGEST")
    NOTIFY_TEMPLATE_KEY_DATES = os.environ.get("NOTIFY_TEMPLATE_KEY_DATES")
    NOTIFY_TEMPLATE_INVITATION = os.environ.get("NOTIFY_TEMPLATE_INVITATION")
    OUTBOX_DIR = os.environ.get("OUTBOX_DIR", str(BASE_DIR / "outbox"))
    # Links in emails are absolute: the address people use to reach the service.
    APP_BASE_URL = os.environ.get("APP_BASE_URL", "")
    DIGEST_SEND_TIME = os.environ.get("DIGEST_SEND_TIME", "07:00")  # Europe/London
    DIGEST_CATCH_UP_DAYS = _int_env("DIGEST_CATCH_UP_DAYS", 3)
    DIGEST_MAX_ATTEMPTS = _int_env("DIGEST_MAX_ATTEMPTS", 5)
    DIGEST_RETRY_BASE_SECONDS = _int_env("DIGEST_RETRY_BASE_SECONDS", 300)
    # A claim not marked sent within this time is taken to be a crashed run, and tried again.
    DIGEST_LEASE_SECONDS = _int_env("DIGEST_LEASE_SECONDS", 15 * 60)

    @classmethod
    def check(cls) -> None:
        """Refuse to start with settings that would be unsafe to serve."""
        if not cls.SECRET_KEY:
            raise RuntimeError("SECRET_KEY is not set. Set it in the environment before starting wsoa in production.")


class ProductionConfig(Config):
    pass


class DevelopmentConfig(Config):
    SECRET_KEY = os.environ.get("SECRET_KEY", "development-only-not-secret")
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    SEND_HSTS = False
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "outbox")
    APP_BASE_URL = os.environ.get("APP_BASE_URL", "http://127.0.0.1:5000")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "wsoa@localhost")
    # The demo area's (fictional) signatories, so its statement is signed.
    STATEMENT_SIGNATORIES = os.environ.get(
        "STATEMENT_SIGNATORIES",
        "Westmarsh = Sam Okafor | Director of Children's Services | Westmarsh Council;"
        "Westmarsh = Dr Priya Nair | Chief Nursing Officer | NHS Westmarsh and Fenland ICB",
    )


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-only-not-secret"  # noqa: S105 - a fixed key makes test sessions reproducible
    SQLALCHEMY_DATABASE_URI = _database_url("sqlite://")
    # Tests create hundreds of accounts; the strength of their hashes is not under test.
    ARGON2_PROFILE = "CHEAPEST"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    SEND_HSTS = False
    MAIL_BACKEND = "outbox"
    OUTBOX_DIR = str(BASE_DIR / "instance" / "test-outbox")
    APP_BASE_URL = "https://wsoa.test"
    MAIL_DEFAULT_SENDER = "reminders@wsoa.test"
    MAIL_USE_TLS = "none"
    LOG_FORMAT = ""  # pytest captures the logs; the app leaves logging alone
    EVIDENCE_STORAGE = "local"


CONFIGS = {
    "production": ProductionConfig,
    "development": DevelopmentConfig,
    "test": TestConfig,
}


def config_from_environment() -> type[Config]:
    name = os.environ.get("WSOA_ENV", "production")
    try:
        return CONFIGS[name]
    except KeyError:
        raise RuntimeError(f"WSOA_ENV must be one of {', '.join(CONFIGS)}; it is {name!r}.") from None
