"""Mail backends behind one small interface: send(email) -> the provider's id for the message.

SMTP, GOV.UK Notify and a file outbox (one .eml file per message), chosen by MAIL_BACKEND.
No Flask here: backend_from_settings takes a plain mapping (app.config works).
"""

from __future__ import annotations

import functools
import re
import secrets
import smtplib
import ssl
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from email import headerregistry, policy
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Protocol

from .message import KIND_DIGEST, KIND_INVITATION, KIND_KEY_DATES, Email


class MailNotConfigured(RuntimeError):
    """The settings do not say how to send email; nothing was sent."""


class MailBackend(Protocol):
    def send(self, email: Email) -> str: ...


def message_id(email: Email, domain: str) -> str:
    """Stable per ledger row: a message re-sent after a crash carries the same Message-ID, so mail
    clients that de-duplicate will show it once."""
    local = re.sub(r"[^A-Za-z0-9.\-]", ".", email.reference)
    return f"<{local}@{domain}>"


class _Headers(headerregistry.HeaderRegistry):
    """The email package's headers at a fraction of the cost. Its own registry makes a new class for every header
    it parses (tens of microseconds each), and every message parses the same From, MIME-Version, Content-Type and
    Content-Transfer-Encoding again: here each class is made once, and recent headers are kept (header objects are
    immutable, so messages can share them). Together they were most of the cost of building a digest's message."""

    def __init__(self) -> None:
        super().__init__()
        self._classes: dict[str, type] = {}
        self._parsed = functools.lru_cache(maxsize=64)(super().__call__)

    def __getitem__(self, name: str) -> type:
        key = name.lower()
        if key not in self._classes:
            self._classes[key] = super().__getitem__(name)
        return self._classes[key]

    def __call__(self, name: str, value: str):
        return self._parsed(name, value)


# Long header lines are allowed (RFC 5322: up to 998 characters): folding the List-Unsubscribe URL
# would make the email package encode it as an RFC 2047 word, which mail clients do not read as a URL.
MIME_POLICY = policy.default.clone(max_line_length=998, header_factory=_Headers())


def to_mime(email: Email, sender: str) -> EmailMessage:
    message = EmailMessage(policy=MIME_POLICY)
    message["From"] = sender
    message["To"] = email.to
    message["Subject"] = email.subject
    message["Date"] = formatdate(localtime=False)
    domain = sender.rsplit("@", 1)[-1].strip(">") or "wsoa.local"
    message["Message-ID"] = message_id(email, domain) if email.reference else make_msgid(domain=domain)
    message["Auto-Submitted"] = "auto-generated"
    if email.unsubscribe_url:
        # RFC 8058: a mail client may POST "List-Unsubscribe=One-Click" to the link, without signing in.
        message["List-Unsubscribe"] = f"<{email.unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(email.text)
    # A boundary of our own, random as the email package's: left to it, it compiles a new regular expression for
    # each message to check its boundary against the text, which cost more than writing the message out.
    message.make_alternative(boundary=f"=_{secrets.token_hex(16)}")
    message.add_alternative(email.html, subtype="html")
    return message


class SmtpBackend:
    def __init__(
        self,
        host: str,
        port: int,
        sender: str,
        *,
        tls: str = "starttls",
        username: str | None = None,
        password: str | None = None,
        timeout: float = 30,
        ca_file: str | None = None,
    ):
        if tls not in ("starttls", "ssl", "none"):
            raise MailNotConfigured("MAIL_USE_TLS must be starttls, ssl or none")
        self.host, self.port, self.sender, self.tls = host, port, sender, tls
        self.username, self.password, self.timeout = username, password, timeout
        # A council's internal mail relay may use a certificate from its own authority.
        self.ca_file = ca_file
        self._context: ssl.SSLContext | None = None
        self._connection: smtplib.SMTP | None = None
        self._runs = 0  # how many `with backend:` blocks are open: inside one, the connection stays open

    def _ssl_context(self) -> ssl.SSLContext:
        # Built once per backend, and only when TLS is on: building one costs tens of milliseconds.
        if self._context is None:
            self._context = ssl.create_default_context(cafile=self.ca_file)
        return self._context

    def _connect(self) -> smtplib.SMTP:
        if self.tls == "ssl":
            connection = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=self._ssl_context())
        else:
            connection = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        try:
            if self.tls == "starttls":
                connection.starttls(context=self._ssl_context())
            if self.username:
                connection.login(self.username, self.password or "")
        except BaseException:
            connection.close()
            raise
        return connection

    def __enter__(self) -> SmtpBackend:
        """A run of emails: one connection for all of them, opened on the first send and closed at the end."""
        self._runs += 1
        return self

    def __exit__(self, *exc) -> None:
        self._runs -= 1
        if self._runs == 0:
            self.close()

    def close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            connection.quit()
        except (smtplib.SMTPException, OSError):
            connection.close()

    def _drop(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            connection.close()

    def send(self, email: Email) -> str:
        message = to_mime(email, self.sender)
        if not self._runs:  # a single email: its own connection
            with self._connect() as connection:
                connection.send_message(message)
            return message["Message-ID"]
        reused = self._connection is not None
        if not reused:
            self._connection = self._connect()
        try:
            self._connection.send_message(message)
        except (smtplib.SMTPServerDisconnected, ConnectionError):
            self._drop()
            if not reused:
                raise
            # The relay closed a connection we kept open (an idle timeout, a restart): once more on a new one.
            self._connection = self._connect()
            try:
                self._connection.send_message(message)
            except BaseException:
                self._drop()
                raise
        except BaseException:
            self._drop()  # the next email starts on a new connection, whatever state this one is in
            raise
        return message["Message-ID"]


@contextmanager
def one_connection(backend: MailBackend | None) -> Iterator[MailBackend | None]:
    """Send a run of emails over one connection where the backend keeps one (SMTP); the others need nothing."""
    if hasattr(backend, "__enter__"):
        with backend:
            yield backend
    else:
        yield backend


class NotifyBackend:
    """GOV.UK Notify. Each kind of email has a template; the template shows ((subject)) and ((body))."""

    def __init__(self, api_key: str, template_ids: Mapping[str, str | None], client=None, base_url: str | None = None):
        if client is None:
            from notifications_python_client.notifications import NotificationsAPIClient

            # base_url is Notify's own unless set: a proxy, or a stand-in server in the tests.
            client = NotificationsAPIClient(api_key, **({"base_url": base_url} if base_url else {}))
        self.client = client
        self.template_ids = dict(template_ids)

    def send(self, email: Email) -> str:
        template_id = self.template_ids.get(email.kind)
        if not template_id:
            raise MailNotConfigured(f"No GOV.UK Notify template is set for {email.kind} emails")
        response = self.client.send_email_notification(
            email_address=email.to,
            template_id=template_id,
            personalisation=email.personalisation,
            reference=email.reference,
            one_click_unsubscribe_url=email.unsubscribe_url,
        )
        return response["id"]


class OutboxBackend:
    """Writes each message as an .eml file in a folder: what `make run` uses, so you can read them."""

    def __init__(self, directory: str | Path, sender: str):
        self.directory = Path(directory)
        self.sender = sender

    def send(self, email: Email) -> str:
        self.directory.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9.\-]", "-", email.reference or "message") + ".eml"
        path = self.directory / name
        counter = 1
        while path.exists():  # a deliberate resend keeps the earlier copy
            counter += 1
            path = self.directory / f"{name[:-4]}-{counter}.eml"
        path.write_bytes(bytes(to_mime(email, self.sender)))
        return str(path)


def backend_from_settings(settings: Mapping) -> MailBackend:
    kind = (settings.get("MAIL_BACKEND") or "").strip().lower()
    sender = settings.get("MAIL_DEFAULT_SENDER") or ""
    if kind == "smtp":
        if not sender:
            raise MailNotConfigured("Set MAIL_DEFAULT_SENDER to the address emails come from")
        return SmtpBackend(
            settings.get("MAIL_SERVER") or "localhost",
            int(settings.get("MAIL_PORT") or 587),
            sender,
            tls=str(settings.get("MAIL_USE_TLS") or "starttls").lower(),
            username=settings.get("MAIL_USERNAME"),
            password=settings.get("MAIL_PASSWORD"),
            timeout=float(settings.get("MAIL_TIMEOUT_SECONDS") or 30),
            ca_file=settings.get("MAIL_CA_FILE") or None,
        )
    if kind == "notify":
        if not settings.get("NOTIFY_API_KEY"):
            raise MailNotConfigured("Set NOTIFY_API_KEY to send email through GOV.UK Notify")
        return NotifyBackend(
            settings["NOTIFY_API_KEY"],
            {
                KIND_DIGEST: settings.get("NOTIFY_TEMPLATE_DIGEST"),
                KIND_KEY_DATES: settings.get("NOTIFY_TEMPLATE_KEY_DATES") or settings.get("NOTIFY_TEMPLATE_DIGEST"),
                KIND_INVITATION: settings.get("NOTIFY_TEMPLATE_INVITATION"),
            },
            base_url=settings.get("NOTIFY_BASE_URL") or None,
        )
    if kind == "outbox":
        return OutboxBackend(settings.get("OUTBOX_DIR") or "outbox", sender or "wsoa@localhost")
    raise MailNotConfigured(
        "MAIL_BACKEND is not set. Set it to smtp, notify or outbox (with their settings) before sending email."
    )
