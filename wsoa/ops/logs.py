"""Logs an operator can search: one JSON object a line, each carrying the id of the request it belongs to.

Every request gets an id: the one the trusted proxy sent in X-Request-ID (when TRUSTED_PROXIES is set and
it looks like an id), or a new random one. It goes back in the X-Request-ID header, on every log line
written while the request runs, on the request's own summary line and on the error page, so a person can
quote it and the operator find every line about their request.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import sys
import time
from datetime import UTC, datetime

from flask import Flask, g, has_request_context, request
from werkzeug.middleware.proxy_fix import ProxyFix

REQUEST_ID_HEADER = "X-Request-ID"
_INCOMING_ID = re.compile(r"[A-Za-z0-9._:-]{8,128}")
_QUIET_ENDPOINTS = {"ops.healthz", "ops.readyz", "static"}  # load balancers ask every few seconds
_HANDLER_MARK = "_wsoa_handler"
access_logger = logging.getLogger("wsoa.requests")


def current_request_id() -> str | None:
    if has_request_context():
        return g.get("request_id")
    return None


class JsonFormatter(logging.Formatter):
    """time, level, logger, message, request_id and any `extra` fields; exceptions as one string."""

    _STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or current_request_id(),
        }
        for name, value in vars(record).items():
            if name not in self._STANDARD and name not in entry:
                entry[name] = value if isinstance(value, str | int | float | bool | None) else str(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        record.request_id = getattr(record, "request_id", None) or current_request_id() or "-"
        return super().format(record)


def configure_logging(log_format: str, level: str = "INFO", stream=None) -> None:
    """Send every logger's records to standard error in this format (once per process: calling again
    replaces the handler rather than adding a second)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _HANDLER_MARK, False) or isinstance(handler.formatter, JsonFormatter | TextFormatter):
            root.removeHandler(handler)  # ours, or gunicorn's in the same format: one line per record
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
    setattr(handler, _HANDLER_MARK, True)
    root.addHandler(handler)
    root.setLevel(level.upper())


def gunicorn_logconfig(level: str = "INFO") -> dict:
    """gunicorn's own lines (starting, worker timeouts) in the same JSON as the app's."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "wsoa.ops.logs.JsonFormatter"}},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}},
        "root": {"level": level, "handlers": ["stderr"]},
        "loggers": {
            "gunicorn.error": {"level": level, "handlers": [], "propagate": True},
            # The app logs each request itself, with its id and the route rather than the path (which can
            # carry a token): gunicorn's own access lines would only repeat it.
            "gunicorn.access": {"level": "CRITICAL", "handlers": [], "propagate": False},
        },
    }


_record_factory_installed = False


def _install_record_factory() -> None:
    """Stamp every log record with the id of the request being handled in the thread that logs it."""
    global _record_factory_installed
    if _record_factory_installed:
        return
    make_record = logging.getLogRecordFactory()

    def with_request_id(*args, **kwargs) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        record.request_id = current_request_id()
        return record

    logging.setLogRecordFactory(with_request_id)
    _record_factory_installed = True


def init_app(app: Flask) -> None:
    _install_record_factory()
    trusted = app.config.get("TRUSTED_PROXIES", 0)
    if trusted:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=trusted, x_proto=trusted, x_host=trusted, x_port=trusted)
    if app.config.get("LOG_FORMAT"):
        configure_logging(app.config["LOG_FORMAT"], app.config.get("LOG_LEVEL", "INFO"))

    @app.before_request
    def assign_request_id():
        incoming = request.headers.get(REQUEST_ID_HEADER, "") if trusted else ""
        g.request_id = incoming if _INCOMING_ID.fullmatch(incoming) else secrets.token_hex(8)
        g.request_started = time.perf_counter()

    @app.after_request
    def report_request(response):
        request_id = g.get("request_id")
        if request_id:
            response.headers[REQUEST_ID_HEADER] = request_id
        if request.endpoint not in _QUIET_ENDPOINTS:
            started = g.get("request_started")
            access_logger.info(
                "%s %s %s",
                request.method,
                _route(),
                response.status_code,
                extra={
                    "method": request.method,
                    # The route, not the path: paths can carry invitation and unsubscribe tokens.
                    "route": _route(),
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
                },
            )
        return response

    app.jinja_env.globals["request_id"] = current_request_id


def _route() -> str:
    return request.url_rule.rule if request.url_rule is not None else "(no route)"
