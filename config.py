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
    SERVICE_NAME = "Track your SEND inspection response"

    # Uploads are read into memory: every request is bounded, and each kind of file has its own limit.
    MAX_CONTENT_LENGTH = _int_env("MAX_CONTENT_LENGTH", 25 * 1024 * 1024)
    LETTER_MAX_BYTES = _int_env("LETTER_MAX_BYTES", 10 * 1024 * 1024)
    EVIDENCE_MAX_BYTES = _int_env("EVIDENCE_MAX_BYTES", 20 * 1024 * 1024)
    # Outside the web root; files are named by opaque keys and served only after a permission check.
    EVIDENCE_STORAGE_DIR = os.environ.get("EVIDENCE_STORAGE_DIR", str(BASE_DIR / "instance" / "evidence"))

    ARGON2_PROFILE = "RFC_9106_LOW_MEMORY"  # argon2-cffi's default

    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = 8 * 60 * 60

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = True
    PERMANENT_SESSION_LIFETIME = 8 * 60 * 60
    SEND_HSTS = True

    @classmethod
    def check(cls) -> None:
        """Refuse to start with settings that would be unsafe to serve."""
        if not cls.SECRET_KEY:
            raise RuntimeError(
                "SECRET_KEY is not set. Set it in the environment before starting wsoa in production."
            )


class ProductionConfig(Config):
    pass


class DevelopmentConfig(Config):
    SECRET_KEY = os.environ.get("SECRET_KEY", "development-only-not-secret")
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    SEND_HSTS = False


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-only-not-secret"  # noqa: S105 - a fixed key makes test sessions reproducible
    SQLALCHEMY_DATABASE_URI = _database_url("sqlite://")
    # Tests create hundreds of accounts; the strength of their hashes is not under test.
    ARGON2_PROFILE = "CHEAPEST"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    SEND_HSTS = False


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
