"""SMTP delivery against a real server (aiosmtpd) on 127.0.0.1, started and stopped by these tests.

Faults come from the server's own hooks: 4xx/5xx replies, a connection closed before or after the
message data, a server that goes away mid-batch, STARTTLS with a throwaway CA (trustme), AUTH.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest

aiosmtpd_controller = pytest.importorskip("aiosmtpd.controller")
aiosmtpd_smtp = pytest.importorskip("aiosmtpd.smtp")
trustme = pytest.importorskip("trustme")

from briefbuilder.audience.templates import TemplateSet  # noqa: E402
from briefbuilder.brief.loading import load_brief  # noqa: E402
from briefbuilder.delivery.batch import Policy, run_batch  # noqa: E402
from briefbuilder.delivery.config import SmtpSettings  # noqa: E402
from briefbuilder.delivery.journal import Journal  # noqa: E402
from briefbuilder.delivery.plan import plan_batch  # noqa: E402
from briefbuilder.delivery.recipients import load_distribution  # noqa: E402
from briefbuilder.delivery.smtp import DeliveryError, SmtpTransport  # noqa: E402
from briefbuilder.errors import InvalidInput  # noqa: E402
from briefbuilder.layout.engine import LayoutOptions  # noqa: E402
from briefbuilder.writers import WRITERS  # noqa: E402
from helpers import BRIEF, run_cli  # noqa: E402

USER, PASSWORD = "desk", "s3cret-Pa55word-for-tests"

LIST = """\
sender: {name: "Briefings desk", address: "briefings@example.org"}
recipients:
  - {name: "Ann Aide", address: "ann@example.org", audience: press, formats: [pdf, docx]}
  - {name: "Pat Reporter", address: "pat@example.org", audience: press, formats: [pdf]}
  - {name: "Sam Writer", address: "sam@example.org", audience: press, formats: [docx]}
  - {name: "Kim Editor", address: "kim@example.org", audience: press, formats: [pdf]}
  - {name: "Lee Producer", address: "lee@example.org", audience: press, formats: [pdf]}
"""
PRESS_LIST = """\
sender: {name: "Briefings desk", address: "briefings@example.org"}
recipients:
  - {name: "Pat Reporter", address: "pat@example.org", audience: press, formats: [pdf]}
  - {name: "Kim Editor", address: "kim@example.org", audience: press, formats: [pdf]}
  - {name: "Lee Producer", address: "lee@example.org", audience: press, formats: [pdf]}
"""


# --- the server -----------------------------------------------------------------------------------
@dataclass
class Received:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    data: bytes
    tls: bool
    authenticated: bool

    @property
    def message(self):
        return BytesParser(policy=policy.default).parsebytes(self.data)


@dataclass
class Handler:
    """Stores what arrives; replies and faults on demand, keyed by recipient or by MAIL count."""

    received: list[Received] = field(default_factory=list)
    rcpt_replies: dict[str, list[str]] = field(default_factory=dict)  # next replies to RCPT, in order
    data_replies: dict[str, list[str]] = field(default_factory=dict)  # next replies to the data
    drop_at_mail: set[int] = field(default_factory=set)  # close the connection at the n-th MAIL; stay down
    drop_after_data: set[str] = field(default_factory=set)  # store the message, close before replying
    down: bool = False
    mails: int = 0
    ehlos: int = 0

    def delivered_to(self) -> list[str]:
        return [r for m in self.received for r in m.rcpt_tos]

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.ehlos += 1
        if self.down:
            server.transport.close()
            return []
        session.host_name = hostname
        return responses

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        self.mails += 1
        if self.mails in self.drop_at_mail:
            self.down = True
            server.transport.close()
            return "421 4.3.2 going away"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.rcpt_replies.get(address):
            return self.rcpt_replies[address].pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        rcpt = envelope.rcpt_tos[0]
        if self.data_replies.get(rcpt):
            return self.data_replies[rcpt].pop(0)
        self.received.append(
            Received(
                envelope.mail_from,
                tuple(envelope.rcpt_tos),
                envelope.original_content,
                session.ssl is not None,
                session.authenticated,
            )
        )
        if rcpt in self.drop_after_data:
            self.drop_after_data.discard(rcpt)
            server.transport.close()  # stored, but the client never hears the 250
        return "250 2.0.0 Message accepted"


class LoopbackController(aiosmtpd_controller.Controller):
    """An aiosmtpd Controller on 127.0.0.1 and a port the system picks (port 0)."""

    def __init__(self, handler: Handler, **kwargs) -> None:
        super().__init__(handler, hostname="127.0.0.1", port=0, **kwargs)

    def _trigger_server(self) -> None:
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


@pytest.fixture(scope="module")
def ca():
    return trustme.CA()


@pytest.fixture(scope="module")
def server_tls(ca) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    return context


@pytest.fixture
def ca_file(ca, tmp_path: Path) -> Path:
    path = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return path


@pytest.fixture
def serve() -> Iterator:
    """Start servers on demand; every one is stopped when the test ends."""
    started: list[LoopbackController] = []

    def start(handler: Handler | None = None, **kwargs) -> tuple[Handler, LoopbackController]:
        handler = handler or Handler()
        controller = LoopbackController(handler, **kwargs)
        controller.start()
        started.append(controller)
        return handler, controller

    yield start
    for controller in started:
        controller.stop()


def _authenticator(server, session, envelope, mechanism, auth_data):
    ok = (
        isinstance(auth_data, aiosmtpd_smtp.LoginPassword)
        and auth_data.login == USER.encode()
        and auth_data.password == PASSWORD.encode()
    )
    return aiosmtpd_smtp.AuthResult(success=ok, handled=False)  # handled=False: the server answers 535


def _auth_kwargs(server_tls: ssl.SSLContext) -> dict:
    return {
        "tls_context": server_tls,
        "require_starttls": True,
        "authenticator": _authenticator,
        "auth_required": True,
        "auth_require_tls": True,
    }


# --- a batch built once for the module ------------------------------------------------------------
@pytest.fixture(scope="module")
def world(tmp_path_factory):
    root = tmp_path_factory.mktemp("smtp")
    list_path = root / "list.yaml"
    list_path.write_text(LIST, "utf-8")
    templates = TemplateSet.default()
    dlist = load_distribution(list_path, templates.names(), WRITERS)
    brief = load_brief(BRIEF).brief
    audiences = {"press": templates.resolve("press")}
    batch = plan_batch(
        brief,
        audiences,
        dlist,
        dlist.recipients,
        batch_id="smtp-test",
        options=LayoutOptions(),
        date=dt.datetime(2025, 9, 12, tzinfo=dt.UTC),
    ).build_all()
    return {"batch": batch}


def _settings(controller, security: str = "none", ca_file: Path | None = None) -> SmtpSettings:
    return SmtpSettings("127.0.0.1", controller.port, security, 5.0, ca_file, "localhost")  # type: ignore[arg-type]


def _run(
    world, tmp_path: Path, settings: SmtpSettings, policy: Policy | None = None, credentials=None, sleeps=None
):
    header = {"batch": world["batch"].id}
    with Journal.open(tmp_path / "journal.jsonl", header) as journal:
        return run_batch(
            world["batch"],
            journal,
            lambda: SmtpTransport(settings, credentials).open(),
            policy or Policy(retries=0, retry_delay=0),
            sleep=(sleeps.append if sleeps is not None else lambda s: None),
        )


def _journal(tmp_path: Path) -> list[dict]:
    return [json.loads(line) for line in (tmp_path / "journal.jsonl").read_text().splitlines()]


# --- the scenarios --------------------------------------------------------------------------------
def test_messages_arrive_intact_with_attachments_byte_equal_to_the_built_files(
    world, serve, tmp_path
) -> None:
    handler, controller = serve()
    report = _run(world, tmp_path, _settings(controller))
    assert report.complete and report.count("sent") == 5
    assert handler.delivered_to() == [o.recipient.mailbox.address for o in world["batch"].outgoing]
    for got, out in zip(handler.received, world["batch"].outgoing, strict=True):
        assert got.mail_from == "briefings@example.org"
        assert got.data.rstrip(b"\r\n") == out.data.rstrip(b"\r\n")  # dot-stuffing undone, bytes equal
        msg = got.message
        assert msg["Message-ID"] == out.message_id
        attachments = {p.get_filename(): p.get_content() for p in msg.iter_attachments()}
        got = {name: hashlib.sha256(data).hexdigest() for name, data in attachments.items()}
        assert got == {a.filename: a.sha256 for a in out.attachments}  # the files build_brief made
    states = [(e["event"], e.get("rcpt")) for e in _journal(tmp_path)]
    assert states[0] == ("batch", None)
    assert states[1:3] == [("attempt", "ann@example.org"), ("sent", "ann@example.org")]


def test_starttls_with_a_private_ca_and_login(world, serve, server_tls, ca_file, tmp_path) -> None:
    from briefbuilder.delivery.config import Credentials

    handler, controller = serve(**_auth_kwargs(server_tls))
    report = _run(
        world, tmp_path, _settings(controller, "starttls", ca_file), credentials=Credentials(USER, PASSWORD)
    )
    assert report.complete
    assert len(handler.received) == 5
    assert all(r.tls and r.authenticated for r in handler.received)
    assert PASSWORD not in (tmp_path / "journal.jsonl").read_text()


def test_implicit_tls(world, serve, server_tls, ca_file, tmp_path) -> None:
    handler, controller = serve(ssl_context=server_tls)
    report = _run(world, tmp_path, _settings(controller, "tls", ca_file))
    assert report.complete and len(handler.received) == 5


def test_an_unverifiable_certificate_stops_the_batch_before_anything_is_sent(
    world, serve, server_tls, tmp_path
):
    handler, controller = serve(tls_context=server_tls, require_starttls=True)
    with pytest.raises(DeliveryError, match="certificate could not be verified"):
        _run(world, tmp_path, _settings(controller, "starttls"))  # the system CAs do not know ours
    assert handler.received == [] and handler.mails == 0


def test_transient_4xx_is_retried_with_backoff(world, serve, tmp_path) -> None:
    handler, controller = serve()
    handler.rcpt_replies["pat@example.org"] = ["451 4.7.1 Greylisted, try again later"]
    handler.data_replies["kim@example.org"] = ["452 4.3.1 Insufficient system storage"] * 2
    sleeps: list[float] = []
    report = _run(world, tmp_path, _settings(controller), Policy(retries=3, retry_delay=1.5), sleeps=sleeps)
    assert report.complete
    assert sleeps == [1.5, 3.0]  # round 2 for both, round 3 for kim only
    assert sorted(handler.delivered_to()) == sorted(
        o.recipient.mailbox.address for o in world["batch"].outgoing
    )
    kim = [e["event"] for e in _journal(tmp_path) if e.get("rcpt") == "kim@example.org"]
    assert kim == ["attempt", "deferred", "attempt", "deferred", "attempt", "sent"]


def test_transient_4xx_still_failing_after_the_retries_is_reported_and_retried_next_run(
    world, serve, tmp_path
):
    handler, controller = serve()
    handler.rcpt_replies["pat@example.org"] = ["451 4.7.1 Greylisted"] * 2
    report = _run(world, tmp_path, _settings(controller), Policy(retries=1, retry_delay=0))
    pat = next(r for r in report.results if r.address == "pat@example.org")
    assert (pat.status, pat.temporary) == ("failed", True) and "451 4.7.1 Greylisted" in pat.detail
    report = _run(world, tmp_path, _settings(controller))  # the next run: pat is retried, nobody else
    assert report.complete and report.count("skipped") == 4
    assert sorted(handler.delivered_to()) == sorted(
        o.recipient.mailbox.address for o in world["batch"].outgoing
    )


def test_permanent_5xx_is_reported_per_recipient_and_not_retried(world, serve, tmp_path) -> None:
    handler, controller = serve()
    handler.rcpt_replies["sam@example.org"] = ["550 5.1.1 No such user"] * 5
    handler.data_replies["lee@example.org"] = ["554 5.6.0 Message rejected"] * 5
    report = _run(world, tmp_path, _settings(controller), Policy(retries=2, retry_delay=0))
    by = {r.address: r for r in report.results}
    assert (
        by["sam@example.org"].status == "failed" and by["sam@example.org"].detail == "550 5.1.1 No such user"
    )
    assert by["lee@example.org"].status == "failed" and "554 5.6.0" in by["lee@example.org"].detail
    assert report.count("sent") == 3 and not report.complete
    assert handler.rcpt_replies["sam@example.org"] == ["550 5.1.1 No such user"] * 4  # asked once only
    report = _run(world, tmp_path, _settings(controller))  # resumed: nothing resent, failures stay
    assert (report.count("skipped"), report.count("failed")) == (3, 2)
    assert len(handler.received) == 3


def test_server_over_its_advertised_size_refuses_the_batch_before_the_first_message(world, serve, tmp_path):
    handler, controller = serve(data_size_limit=100_000)
    with pytest.raises(InvalidInput) as info:
        _run(world, tmp_path, _settings(controller))
    assert any("over the 100,000 bytes the server accepts" in p.message for p in info.value.problems)
    assert handler.mails == 0 and handler.received == []


def test_connection_dropped_mid_batch_then_resume_sends_the_rest_once(world, serve, tmp_path) -> None:
    handler, controller = serve()
    handler.drop_at_mail = {3}  # the server goes away at the third message and stays down
    report = _run(world, tmp_path, _settings(controller))
    assert report.count("sent") == 2 and not report.complete
    assert all(r.temporary for r in report.results if r.status == "failed")
    handler.down = False  # back up: run the same batch again
    report = _run(world, tmp_path, _settings(controller))
    assert report.complete and report.count("skipped") == 2 and report.count("sent") == 3
    delivered = handler.delivered_to()
    assert sorted(delivered) == sorted(o.recipient.mailbox.address for o in world["batch"].outgoing)
    assert len(delivered) == len(set(delivered)) == 5  # no duplicate, no loss


def test_outcome_unknown_after_the_data_is_held_then_resent_with_the_same_message_id(world, serve, tmp_path):
    handler, controller = serve()
    handler.drop_after_data = {"sam@example.org"}
    report = _run(world, tmp_path, _settings(controller))
    by = {r.address: r for r in report.results}
    assert by["sam@example.org"].status == "unknown"
    assert report.count("sent") == 4  # the batch went on over a new connection
    assert len(handler.received) == 5  # the server did store sam's message
    report = _run(world, tmp_path, _settings(controller))  # default policy: hold for the operator
    assert report.count("unknown") == 1 and report.count("skipped") == 4
    assert len(handler.received) == 5  # at-most-once: no duplicate
    report = _run(world, tmp_path, _settings(controller), Policy(resend_unknown=True, retries=0))
    assert report.complete
    sams = [r.message["Message-ID"] for r in handler.received if r.rcpt_tos == ("sam@example.org",)]
    assert len(sams) == 2 and sams[0] == sams[1]  # a resend the receiver can deduplicate


class _CrashAfterServerAccepts:
    """Wraps a transport: the process 'dies' right after the server's 250, before journalling it."""

    def __init__(self, inner, victim: str) -> None:
        self.inner, self.victim = inner, victim

    @property
    def max_size(self):
        return self.inner.max_size

    def send(self, sender, recipient, data):
        outcome = self.inner.send(sender, recipient, data)
        if recipient == self.victim:
            raise KeyboardInterrupt
        return outcome

    def close(self) -> None:
        self.inner.close()


def test_crash_between_send_and_journal_with_a_torn_last_line_resumes_without_duplicates(
    world, serve, tmp_path
) -> None:
    handler, controller = serve()
    settings = _settings(controller)
    with (
        Journal.open(tmp_path / "journal.jsonl", {"batch": world["batch"].id}) as journal,
        pytest.raises(KeyboardInterrupt),
    ):
        run_batch(
            world["batch"],
            journal,
            lambda: _CrashAfterServerAccepts(SmtpTransport(settings, None).open(), "sam@example.org"),
            Policy(retries=0),
        )
    with (tmp_path / "journal.jsonl").open("a") as fh:
        fh.write('{"event":"sent","rcpt":"kim@exa')  # the crash also tore a line mid-write
    report = _run(world, tmp_path, settings)
    by = {r.address: r.status for r in report.results}
    assert by == {
        "ann@example.org": "skipped",
        "pat@example.org": "skipped",
        "sam@example.org": "unknown",  # accepted by the server, never journalled: held
        "kim@example.org": "sent",
        "lee@example.org": "sent",
    }
    delivered = handler.delivered_to()
    assert sorted(delivered) == sorted(set(delivered)) and len(delivered) == 5
    assert (tmp_path / "journal.jsonl").read_bytes().endswith(b"\n")  # the torn tail was cut


def test_a_batch_cannot_run_twice_at_once(world, tmp_path) -> None:
    with (
        Journal.open(tmp_path / "journal.jsonl", {"batch": "b"}),
        pytest.raises(InvalidInput, match="another briefbuilder is running this batch"),
    ):
        Journal.open(tmp_path / "journal.jsonl", {"batch": "b"})


def test_changed_documents_are_refused_on_resume(tmp_path) -> None:
    with Journal.open(tmp_path / "journal.jsonl", {"batch": "b"}) as journal:
        journal.check_content({"press": "aaa"})
        journal.record("attempt", "pat@example.org")
        journal.record("sent", "pat@example.org", code=250, reply="OK")
    with Journal.open(tmp_path / "journal.jsonl", {"batch": "b"}) as journal:
        journal.check_content({"press": "aaa", "analyst": "ccc"})  # same press documents: fine
        with pytest.raises(InvalidInput, match=r"the press documents differ .* \(1 already sent\)"):
            journal.check_content({"press": "bbb"})


def test_a_damaged_journal_line_is_an_error_not_a_silent_skip(tmp_path) -> None:
    path = tmp_path / "journal.jsonl"
    path.write_text('{"event":"batch","batch":"b"}\nnot json\n{"event":"sent","rcpt":"a@example.org"}\n')
    with pytest.raises(InvalidInput) as info:
        Journal.open(path, {"batch": "b"})
    assert (info.value.problems[0].line, "unreadable journal line" in info.value.problems[0].message) == (
        2,
        True,
    )


# --- the command line -----------------------------------------------------------------------------
def _config(tmp_path: Path, controller, security: str, ca_file: Path | None = None, extra: str = "") -> Path:
    path = tmp_path / "mail.yaml"
    ca = f"\n  ca_file: {ca_file}" if ca_file else ""
    path.write_text(
        f"smtp:\n  host: 127.0.0.1\n  port: {controller.port}\n  security: {security}\n  timeout: 5\n"
        f"  local_hostname: localhost{ca}\nretries: 0\nretry_delay: 0\njournal_dir: journals\n{extra}"
    )
    return path


def _press_list(tmp_path: Path) -> Path:
    path = tmp_path / "press.yaml"
    path.write_text(PRESS_LIST, "utf-8")
    return path


def test_cli_sends_over_starttls_with_login_from_the_environment(
    serve, server_tls, ca_file, tmp_path, monkeypatch
):
    handler, controller = serve(**_auth_kwargs(server_tls))
    monkeypatch.setenv("BRIEFBUILDER_SMTP_USER", USER)
    monkeypatch.setenv("BRIEFBUILDER_SMTP_PASSWORD", PASSWORD)
    config = _config(tmp_path, controller, "starttls", ca_file)
    result = run_cli("email", BRIEF, "--list", _press_list(tmp_path), "--send", "--config", config)
    assert result.code == 0, result.err
    assert "summary: 3 sent, 0 failed, 0 skipped, 0 unknown" in result.out
    assert sorted(handler.delivered_to()) == ["kim@example.org", "lee@example.org", "pat@example.org"]
    assert all(r.tls and r.authenticated for r in handler.received)
    journal = tmp_path / "journals" / "us-belarus-normalization-v1.0-press.jsonl"
    assert journal.is_file()
    for text in (result.out, result.err, journal.read_text()):
        assert PASSWORD not in text and USER not in text
    again = run_cli("email", BRIEF, "--list", _press_list(tmp_path), "--send", "--config", config)
    assert again.code == 0 and "summary: 0 sent, 0 failed, 3 skipped, 0 unknown" in again.out
    assert len(handler.received) == 3


def test_cli_refuses_credentials_without_encryption_before_connecting(serve, tmp_path, monkeypatch) -> None:
    handler, controller = serve()
    monkeypatch.setenv("BRIEFBUILDER_SMTP_USER", USER)
    monkeypatch.setenv("BRIEFBUILDER_SMTP_PASSWORD", PASSWORD)
    config = _config(tmp_path, controller, "none")
    result = run_cli("email", BRIEF, "--list", _press_list(tmp_path), "--send", "--config", config)
    assert result.code == 2
    assert "refusing to send a password over an unencrypted connection" in result.err
    assert PASSWORD not in result.err + result.out
    assert handler.ehlos == 0 and not (tmp_path / "journals").exists()


def test_cli_refuses_a_server_that_does_not_offer_starttls(serve, tmp_path, monkeypatch) -> None:
    handler, controller = serve(authenticator=_authenticator, auth_require_tls=False)  # AUTH in clear offered
    monkeypatch.setenv("BRIEFBUILDER_SMTP_USER", USER)
    monkeypatch.setenv("BRIEFBUILDER_SMTP_PASSWORD", PASSWORD)
    config = _config(tmp_path, controller, "starttls")
    result = run_cli("email", BRIEF, "--list", _press_list(tmp_path), "--send", "--config", config)
    assert result.code == 4
    assert "does not offer STARTTLS; refusing to send in clear" in result.err
    assert handler.mails == 0 and PASSWORD not in result.err + result.out


def test_cli_reports_a_wrong_password_without_printing_it(serve, server_tls, ca_file, tmp_path, monkeypatch):
    handler, controller = serve(**_auth_kwargs(server_tls))
    monkeypatch.setenv("BRIEFBUILDER_SMTP_USER", USER)
    monkeypatch.setenv("BRIEFBUILDER_SMTP_PASSWORD", "wrong-" + PASSWORD)
    config = _config(tmp_path, controller, "starttls", ca_file)
    result = run_cli("email", BRIEF, "--list", _press_list(tmp_path), "--send", "--config", config)
    assert result.code == 4
    assert "rejected the login" in result.err and "535" in result.err
    assert PASSWORD not in result.err + result.out and handler.received == []


def test_cli_summary_and_exit_4_when_a_recipient_fails_or_is_unknown(serve, tmp_path) -> None:
    handler, controller = serve()
    handler.rcpt_replies["kim@example.org"] = ["550 5.1.1 No such user"] * 5
    handler.drop_after_data = {"lee@example.org"}
    config = _config(tmp_path, controller, "none")
    result = run_cli("email", BRIEF, "--list", _press_list(tmp_path), "--send", "--config", config)
    assert result.code == 4
    assert "failed   kim@example.org (press): 550 5.1.1 No such user" in result.out
    assert (
        "unknown  lee@example.org (press): held: connection lost after the whole message was sent"
        in result.out
    )
    assert "summary: 1 sent, 1 failed, 0 skipped, 1 unknown" in result.out
    assert "re-run with --resend-unknown" in result.err
    result = run_cli(
        "email", BRIEF, "--list", _press_list(tmp_path), "--send", "--config", config, "--resend-unknown"
    )
    assert "summary: 1 sent, 1 failed, 1 skipped, 0 unknown" in result.out and result.code == 4
    assert sorted(handler.delivered_to()) == ["lee@example.org", "lee@example.org", "pat@example.org"]


def test_cli_send_dry_run_connects_to_nothing(serve, tmp_path) -> None:
    handler, controller = serve()
    config = _config(tmp_path, controller, "none")
    result = run_cli(
        "email", BRIEF, "--list", _press_list(tmp_path), "--send", "--config", config, "--dry-run"
    )
    assert result.code == 0, result.err
    assert "would send pat@example.org (press): us-belarus-normalization-press.pdf" in result.out
    assert "nothing was sent" in result.out
    assert handler.ehlos == 0 and not (tmp_path / "journals").exists()


def test_cli_send_needs_settings_and_both_credentials(tmp_path, monkeypatch) -> None:
    result = run_cli("email", BRIEF, "--list", _press_list(tmp_path), "--send")
    assert result.code == 2 and "--send needs SMTP settings: pass --config FILE" in result.err
    config = tmp_path / "mail.yaml"
    config.write_text("smtp:\n  host: 127.0.0.1\n  port: 1\n")
    monkeypatch.setenv("BRIEFBUILDER_SMTP_USER", USER)
    monkeypatch.delenv("BRIEFBUILDER_SMTP_PASSWORD", raising=False)
    result = run_cli("email", BRIEF, "--list", _press_list(tmp_path), "--send", "--config", config)
    assert result.code == 2
    assert "set both BRIEFBUILDER_SMTP_USER and BRIEFBUILDER_SMTP_PASSWORD, or neither" in result.err
    config.write_text("smtp:\n  host: 127.0.0.1\n  port: 70000\n  security: startls\n")
    result = run_cli("email", BRIEF, "--list", _press_list(tmp_path), "--send", "--config", config)
    assert result.code == 2
    assert (
        f"{config}:4:13: smtp.security: expected one of 'starttls', 'tls', 'none', got 'startls'"
        in result.err
    )
