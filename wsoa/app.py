"""The app factory: settings, extensions, templates, blueprints and error pages."""

from __future__ import annotations

import contextlib
from pathlib import Path

from flask import Flask, g, render_template, request
from flask.templating import Environment
from flask_login import current_user
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from werkzeug.routing import IntegerConverter

from config import Config, config_from_environment

from . import passwords
from .extensions import csrf, db, login_manager, migrate
from .forms import BIGGEST_ID  # the largest id the database's INTEGER columns hold

REPO_ROOT = Path(__file__).resolve().parent.parent


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: an id the database cannot hold is "not found", never a database error."""

    def __init__(self, map, *args, **kwargs):  # noqa: A002 - werkzeug's name
        kwargs.setdefault("max", BIGGEST_ID)
        super().__init__(map, *args, **kwargs)


class TemplateEnvironment(Environment):
    """Flask's Jinja environment, with each template's globals made one dict when the template loads.

    Jinja keeps them as a ChainMap over the environment's globals, which Python then walks key by key at every
    `{% import %}` and every new context. The GOV.UK macros import others at each call, so a page walked them
    hundreds of times (2 ms for one date input). Every global is set while the app is made, before any template
    loads, as Jinja asks, so nothing is lost by merging them once.
    """

    def make_globals(self, d):
        return {**self.globals, **(d or {})}


class WsoaFlask(Flask):
    jinja_environment = TemplateEnvironment


def create_app(config_class: type[Config] | None = None) -> Flask:
    config_class = config_class or config_from_environment()
    config_class.check()

    app = WsoaFlask(
        __name__,
        instance_path=str(REPO_ROOT / "instance"),
        static_url_path="/assets",
        template_folder=str(REPO_ROOT / "templates"),
    )
    # Before any route is added: every <int:...> is bounded.
    app.url_map.converters["int"] = IdConverter
    app.config.from_object(config_class)
    passwords.use_profile(app.config["ARGON2_PROFILE"])
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        Path(app.instance_path).mkdir(exist_ok=True)

    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(REPO_ROOT / "templates")),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    db.init_app(app)
    migrate.init_app(app, db, directory=str(REPO_ROOT / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    WTFormsHelpers(app)

    from . import formatting, models, security  # noqa: F401 - models registers the tables
    from .actions.views import bp as actions_bp
    from .api import views as api_views
    from .auth.views import bp as auth_bp
    from .board.views import bp as board_bp
    from .calendars.views import bp as calendars_bp
    from .dashboard.views import bp as dashboard_bp
    from .exports.views import bp as exports_bp
    from .inspections.grouping import finding_label
    from .inspections.views import bp as inspections_bp
    from .letters.logs import quieten_pdf_parser
    from .members.views import bp as members_bp
    from .ops import logs
    from .ops.views import bp as ops_bp
    from .public.views import bp as public_bp
    from .reminders.views import bp as reminders_bp
    from .statements.views import bp as statements_bp

    logs.init_app(app)
    security.init_app(app)
    formatting.register_filters(app)
    app.add_template_filter(finding_label, "finding_name")
    app.register_blueprint(auth_bp)
    app.register_blueprint(inspections_bp)
    app.register_blueprint(members_bp)
    app.register_blueprint(actions_bp)
    app.register_blueprint(exports_bp)
    app.register_blueprint(reminders_bp)
    app.register_blueprint(dashboard_bp)
    app.register_blueprint(ops_bp)
    app.register_blueprint(calendars_bp)
    app.register_blueprint(public_bp)
    app.register_blueprint(board_bp)
    app.register_blueprint(statements_bp)
    api_views.init_app(app)  # the JSON API (CSRF-exempt only with a token) and its account page
    quieten_pdf_parser()
    _register_error_pages(app)
    return app


def _register_error_pages(app: Flask) -> None:
    from flask_wtf.csrf import CSRFError

    from . import audit
    from .api.problems import for_api_request
    from .permissions import PermissionDenied

    def refused(error: PermissionDenied):
        db.session.rollback()
        actor = current_user if current_user.is_authenticated else None
        audit.record_now("permission.refused", actor, summary=f"{request.method} {request.path}: {error}")
        return for_api_request(error, 403, str(error)) or (render_template("errors/403.html"), 403)

    # Under /api/ every error is problem details (wsoa/api/problems.py); elsewhere, a page.
    def page(template: str, status: int):
        def handler(error):
            return for_api_request(error, status) or (render_template(template), status)

        return handler

    app.register_error_handler(403, page("errors/403.html", 403))
    app.register_error_handler(PermissionDenied, refused)
    app.register_error_handler(404, page("errors/404.html", 404))
    app.register_error_handler(413, page("errors/413.html", 413))
    app.register_error_handler(CSRFError, page("errors/csrf.html", 400))
    app.register_error_handler(405, lambda error: for_api_request(error, 405) or error)

    def server_error(_error):
        """Shown when anything fails, the database included: so it never needs the database itself."""
        with contextlib.suppress(Exception):  # the database may be the thing that failed
            db.session.rollback()
        if api_problem := for_api_request(_error, 500):
            return api_problem
        # Flask-Login puts current_user in every template's context, loading the user from the database if it
        # has not yet: the page is shown as to someone signed out, and leaves out what depends on who is signed in.
        if "_login_user" not in g:
            g._login_user = login_manager.anonymous_user()
        return render_template("errors/500.html", without_user=True), 500

    app.register_error_handler(500, server_error)
