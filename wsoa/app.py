"""The app factory: settings, extensions, templates, blueprints and error pages."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, render_template, request
from flask_login import current_user
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from config import Config, config_from_environment

from . import passwords
from .extensions import csrf, db, login_manager, migrate

REPO_ROOT = Path(__file__).resolve().parent.parent


def create_app(config_class: type[Config] | None = None) -> Flask:
    config_class = config_class or config_from_environment()
    config_class.check()

    app = Flask(
        __name__,
        instance_path=str(REPO_ROOT / "instance"),
        static_url_path="/assets",
        template_folder=str(REPO_ROOT / "templates"),
    )
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
    from .auth.views import bp as auth_bp
    from .dashboard.views import bp as dashboard_bp
    from .exports.views import bp as exports_bp
    from .inspections.views import bp as inspections_bp
    from .letters.logs import quieten_pdf_parser
    from .members.views import bp as members_bp
    from .ops import logs
    from .ops.views import bp as ops_bp
    from .reminders.views import bp as reminders_bp

    logs.init_app(app)
    security.init_app(app)
    formatting.register_filters(app)
    app.register_blueprint(auth_bp)
    app.register_blueprint(inspections_bp)
    app.register_blueprint(members_bp)
    app.register_blueprint(actions_bp)
    app.register_blueprint(exports_bp)
    app.register_blueprint(reminders_bp)
    app.register_blueprint(dashboard_bp)
    app.register_blueprint(ops_bp)
    quieten_pdf_parser()
    _register_error_pages(app)
    return app


def _register_error_pages(app: Flask) -> None:
    from flask_wtf.csrf import CSRFError

    from . import audit
    from .permissions import PermissionDenied

    def refused(error: PermissionDenied):
        db.session.rollback()
        actor = current_user if current_user.is_authenticated else None
        audit.record_now("permission.refused", actor, summary=f"{request.method} {request.path}: {error}")
        return render_template("errors/403.html"), 403

    def page(template: str, status: int):
        def handler(_error):
            return render_template(template), status

        return handler

    app.register_error_handler(403, page("errors/403.html", 403))
    app.register_error_handler(PermissionDenied, refused)
    app.register_error_handler(404, page("errors/404.html", 404))
    app.register_error_handler(413, page("errors/413.html", 413))
    app.register_error_handler(CSRFError, page("errors/csrf.html", 400))
    app.register_error_handler(500, page("errors/500.html", 500))
