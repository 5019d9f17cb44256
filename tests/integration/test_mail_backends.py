"""The SMTP backend over STARTTLS with a login, and the GOV.UK Notify backend over HTTP, each against a
real server on loopback."""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import smtplib
import ssl
import threading
import time
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.reminder_factories import free_port
from wsoa.reminders.mail import SmtpBackend, backend_from_settings
from wsoa.reminders.message import Email

EMAIL = Email(
    to="lead@westmarsh.example",
    subject="Your actions this week",
    text="Action 1.1 is overdue.",
    html="<p>Action 1.1 is overdue.</p>",
    kind="digest",
    reference="digest/7/2026-W10",
    unsubscribe_url="https://wsoa.test/email/unsubscribe/abc",
    personalisation={"subject": "Your actions this week", "body": "Action 1.1 is overdue."},
)


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1, as a council's own mail relay might have."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "relay.westmarsh.test")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("tls")
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return folder / "cert.pem", folder / "key.pem"


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append((session.authenticated, envelope.rcpt_tos, envelope.content))
        return "250 OK"


def check_login(server, session, envelope, mechanism, auth_data):
    ok = auth_data.login == b"wsoa" and auth_data.password == b"relay-password"
    return AuthResult(success=ok)


@pytest.fixture
def relay(certificate):
    cert, key = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    inbox = Inbox()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=free_port(),
        tls_context=context,
        require_starttls=True,
        auth_required=True,
        authenticator=check_login,
    )
    controller.start()
    yield controller.port, inbox
    controller.stop()


def smtp_settings(port, cert, **overrides):
    return {
        "MAIL_BACKEND": "smtp",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": port,
        "MAIL_USE_TLS": "starttls",
        "MAIL_USERNAME": "wsoa",
        "MAIL_PASSWORD": "relay-password",
        "MAIL_DEFAULT_SENDER": "reminders@westmarsh.test",
        "MAIL_CA_FILE": str(cert),
        **overrides,
    }


def test_smtp_sends_over_starttls_after_logging_in(relay, certificate):
    port, inbox = relay
    backend_from_settings(smtp_settings(port, certificate[0])).send(EMAIL)
    ((authenticated, recipients, content),) = inbox.messages
    assert authenticated and recipients == ["lead@westmarsh.example"]
    assert b"Subject: Your actions this week" in content
    assert b"List-Unsubscribe-Post: List-Unsubscribe=One-Click" in content


def test_smtp_refuses_a_relay_whose_certificate_it_cannot_trust(relay):
    port, inbox = relay
    with pytest.raises(ssl.SSLCertVerificationError):
        backend_from_settings(smtp_settings(port, None, MAIL_CA_FILE=None)).send(EMAIL)
    assert inbox.messages == []


class Connections:
    """Which connection (aiosmtpd session) carried each message."""

    def __init__(self):
        self.sessions = []  # kept, so no two sessions share an id

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 - aiosmtpd's hook
        if address.startswith("nobody@"):
            return "550 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.sessions.append(session)
        return "250 OK"

    def count(self) -> int:
        return len({id(session) for session in self.sessions})


@pytest.fixture
def idle_closing_relay():
    """A relay that closes a connection left idle for half a second, as real relays do (after minutes)."""
    connections = Connections()
    controller = Controller(connections, hostname="127.0.0.1", port=free_port(), timeout=0.5)
    controller.start()
    yield controller.port, connections
    controller.stop()


def test_a_run_of_emails_shares_one_connection_and_reconnects_when_the_relay_has_closed_it(idle_closing_relay):
    port, connections = idle_closing_relay
    backend = SmtpBackend("127.0.0.1", port, "reminders@westmarsh.test", tls="none")
    with backend:
        for _ in range(3):
            backend.send(EMAIL)
        assert (len(connections.sessions), connections.count()) == (3, 1)
        time.sleep(1)  # the relay closes the idle connection; the next email goes on a new one
        for _ in range(2):
            backend.send(EMAIL)
    assert (len(connections.sessions), connections.count()) == (5, 2)


def test_an_email_that_fails_leaves_the_rest_of_the_run_to_a_new_connection(idle_closing_relay):
    port, connections = idle_closing_relay
    backend = SmtpBackend("127.0.0.1", port, "reminders@westmarsh.test", tls="none")
    with backend:
        backend.send(EMAIL)
        with pytest.raises(smtplib.SMTPRecipientsRefused):
            backend.send(replace(EMAIL, to="nobody@westmarsh.example"))
        backend.send(EMAIL)
    assert (len(connections.sessions), connections.count()) == (2, 2)


def test_a_run_over_starttls_logs_in_once_and_sends_every_email(relay, certificate):
    port, inbox = relay
    backend = backend_from_settings(smtp_settings(port, certificate[0]))
    with backend:
        for _ in range(3):
            backend.send(EMAIL)
    assert [authenticated for authenticated, _, _ in inbox.messages] == [True, True, True]


class NotifyStandIn(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):  # noqa: N802 - http.server's hook name
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        NotifyStandIn.received.append((self.path, self.headers["Authorization"], body))
        answer = json.dumps({"id": "740e5834-3a29-46b4-9a6f-16142fde533a"}).encode()
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


def test_notify_posts_the_template_and_personalisation_and_returns_notifys_id():
    server = HTTPServer(("127.0.0.1", 0), NotifyStandIn)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    NotifyStandIn.received.clear()
    try:
        backend = backend_from_settings(
            {
                "MAIL_BACKEND": "notify",
                "NOTIFY_API_KEY": "wsoa_test-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0",
                "NOTIFY_TEMPLATE_DIGEST": "f33517ff-2a88-4f6e-b855-c550268ce08a",
                "NOTIFY_BASE_URL": f"http://127.0.0.1:{server.server_port}",
            }
        )
        assert backend.send(EMAIL) == "740e5834-3a29-46b4-9a6f-16142fde533a"
    finally:
        server.shutdown()
        server.server_close()
    ((path, authorization, body),) = NotifyStandIn.received
    assert path == "/v2/notifications/email"
    assert authorization.startswith("Bearer ")
    assert body["template_id"] == "f33517ff-2a88-4f6e-b855-c550268ce08a"
    assert body["email_address"] == "lead@westmarsh.example"
    assert body["personalisation"] == {"subject": "Your actions this week", "body": "Action 1.1 is overdue."}
    assert body["reference"] == "digest/7/2026-W10"
