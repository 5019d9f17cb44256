import pytest

import config
from wsoa import passwords
from wsoa.app import create_app
from wsoa.extensions import db


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.setattr(config.ProductionConfig, "SECRET_KEY", None)
    with pytest.raises(RuntimeError, match="SECRET_KEY is not set"):
        create_app(config.ProductionConfig)


def test_production_is_the_default_environment(monkeypatch):
    monkeypatch.delenv("WSOA_ENV", raising=False)
    assert config.config_from_environment() is config.ProductionConfig


def test_an_unknown_environment_name_is_refused(monkeypatch):
    monkeypatch.setenv("WSOA_ENV", "staging-typo")
    with pytest.raises(RuntimeError, match="WSOA_ENV must be one of"):
        config.config_from_environment()


def test_production_cookies_are_secure_http_only_and_same_site():
    production = config.ProductionConfig
    assert production.SESSION_COOKIE_SECURE and production.REMEMBER_COOKIE_SECURE
    assert production.SESSION_COOKIE_HTTPONLY and production.REMEMBER_COOKIE_HTTPONLY
    assert production.SESSION_COOKIE_SAMESITE == "Lax"
    assert production.SEND_HSTS


@pytest.mark.parametrize(
    "given",
    ["postgres://u@db:5432/wsoa", "postgresql://u@db:5432/wsoa"],
)
def test_postgres_urls_are_given_the_psycopg_driver(monkeypatch, given):
    monkeypatch.setenv("DATABASE_URL", given)
    assert config._database_url("sqlite://") == "postgresql+psycopg://u@db:5432/wsoa"


def test_every_page_carries_exactly_the_security_headers(client):
    response = client.get("/sign-in")
    headers = response.headers
    nonce = headers["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert headers["Content-Security-Policy"] == (
        "default-src 'self'; "
        f"script-src 'self' 'nonce-{nonce}'; "
        "style-src 'self'; "
        "img-src 'self' data:; "
        "font-src 'self'; "
        "object-src 'none'; "
        "base-uri 'none'; "
        "form-action 'self'; "
        "frame-ancestors 'none'"
    )
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["Permissions-Policy"] == "camera=(), microphone=(), geolocation=()"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Cache-Control"] == "no-store"


def test_each_response_gets_a_fresh_nonce(client):
    first = client.get("/sign-in").headers["Content-Security-Policy"]
    second = client.get("/sign-in").headers["Content-Security-Policy"]
    assert first != second


@pytest.fixture
def production_app(monkeypatch):
    monkeypatch.setattr(config.ProductionConfig, "SECRET_KEY", "a-production-secret")
    yield create_app(config.ProductionConfig)
    passwords.use_profile(config.TestConfig.ARGON2_PROFILE)  # production's costlier hashing would slow the suite


def test_production_hashes_passwords_with_argon2ids_standard_cost(production_app):
    assert passwords.hash_password("a long enough password").startswith("$argon2id$v=19$m=65536,t=3,p=4$")


def test_production_sends_strict_transport_security(production_app):
    app = production_app
    response = app.test_client().get("/sign-in", base_url="https://wsoa.example")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Secure" in response.headers["Set-Cookie"]


def test_scripts_carry_the_nonce_named_in_the_policy(client):
    response = client.get("/sign-in")
    nonce = response.headers["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    page = response.get_data(as_text=True)
    assert page.count("<script") == page.count(f'nonce="{nonce}"')


def test_the_session_cookie_is_http_only_and_same_site(client):
    response = client.get("/sign-in")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_pages_carry_no_gov_uk_header_crown_or_crown_copyright(client):
    """A local area's service is not on GOV.UK: it uses the Design System without GOV.UK's identity."""
    page = client.get("/sign-in").get_data(as_text=True)
    for mark in ("govuk-header", "govuk-logo", "govuk-footer__crown", "Crown copyright", "GOV.UK"):
        assert mark not in page, mark
    assert "Track your SEND inspection response" in page


def test_pages_show_the_services_own_icon_not_gov_uk_crown_icons(client):
    page = client.get("/sign-in").get_data(as_text=True)
    assert '<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">' in page
    for mark in ("favicon.ico", "govuk-icon", "govuk-crest", "govuk-opengraph", "manifest.json"):
        assert mark not in page, mark
    icon = client.get("/assets/favicon.svg")
    icon.close()
    assert icon.status_code == 200


def test_the_stylesheet_sets_arial_and_carries_no_gds_transport_typeface(client):
    """GDS Transport is licensed for GOV.UK only; the Design System's stylesheet is compiled with Arial."""
    response = client.get("/assets/govuk-frontend.min.css")
    stylesheet = response.get_data(as_text=True)
    response.close()
    assert "font-family:arial,sans-serif" in stylesheet
    assert "GDS Transport" not in stylesheet
    assert "@font-face" not in stylesheet


def test_the_footer_names_who_runs_the_service_and_links_the_accessibility_statement(migrated_app, client):
    migrated_app.config.update(ORGANISATION_NAME="Westmarsh SEND Partnership", CONTACT_EMAIL="send@westmarsh.example",
                               PRIVACY_NOTICE_URL="https://westmarsh.example/privacy")
    try:
        page = client.get("/sign-in").get_data(as_text=True)
    finally:
        migrated_app.config.update(ORGANISATION_NAME="your local area partnership", CONTACT_EMAIL="",
                                   PRIVACY_NOTICE_URL="")
    assert "is run by Westmarsh SEND Partnership" in page
    assert 'href="/accessibility"' in page
    assert 'href="https://westmarsh.example/privacy">Privacy notice' in page
    assert 'href="mailto:send@westmarsh.example"' in page


def test_the_accessibility_statement_is_public(client):
    page = client.get("/accessibility")
    assert page.status_code == 200
    assert "WCAG" in page.get_data(as_text=True)


def test_on_sqlite_a_reader_mid_transaction_does_not_hold_up_a_writer(app):
    with app.app_context():
        engine = db.engine
        if engine.dialect.name != "sqlite":
            pytest.skip("write-ahead logging is SQLite's; PostgreSQL readers never block writers")
        with engine.connect() as reader, engine.connect() as writer:
            reader.exec_driver_sql("BEGIN")
            before = reader.exec_driver_sql("SELECT count(*) FROM local_area").scalar()
            writer.exec_driver_sql("PRAGMA busy_timeout = 100")  # a rollback journal would wait, then fail
            writer.exec_driver_sql("INSERT INTO local_area (name, created_at, stale_after_days, due_soon_days, "
                                   "require_impact_evidence, allow_self_review, key_date_reminder_days) "
                                   "VALUES ('Eastholm', '2026-11-30', 30, 14, 0, 0, '90,60,30,14,7')")
            writer.commit()
            assert reader.exec_driver_sql("SELECT count(*) FROM local_area").scalar() == before
            assert reader.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_each_template_holds_the_globals_in_one_dict_its_own_over_the_apps(app):
    """Not a ChainMap walked in Python at every import and context: see wsoa.app.TemplateEnvironment."""
    template = app.jinja_env.from_string("{{ a_name }}", globals={"a_name": "its own"})
    assert type(template.globals) is dict
    assert template.globals["a_name"] == "its own" and template.globals["url_for"] is app.jinja_env.globals["url_for"]
