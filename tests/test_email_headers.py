"""Header injection: no text from a list, a brief or a template can add a header to a message.

CPython's email package before the fixes for CVE-2024-6923 and CVE-2026-1299 turns an RFC 2047
encoded word that decodes to CR LF into a real line break when it folds a header. The probes below
put such words (q and b encodings, UTF-8 and Latin-1, upper and lower case, with and without
spaces around them) and raw CR LF into every text that reaches a header: recipient, sender and
Reply-To names, the brief's title (the subject), an attachment's file name. Each must be refused
with its position (exit 2) before anything is written or sent, and no forged header may appear
in any .eml or reach an SMTP server.
"""

from __future__ import annotations

import base64
import datetime as dt
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest

from briefbuilder.delivery import headers
from briefbuilder.delivery.headers import header_problem, round_trip_problems
from helpers import BRIEF, run_cli

PAYLOADS = {
    "Bcc": "Pat\r\nBcc: leak@evil.example",
    "X-Injected": "Pat\r\nX-Injected: yes",
    "Reply-To": "Pat\r\nReply-To: leak@evil.example",
}


def _q(text: str, charset: str, upper: bool = False) -> str:
    data = text.encode(charset)
    body = "".join(chr(b) if chr(b).isalnum() else "_" if b == 0x20 else f"={b:02X}" for b in data)
    return f"=?{charset.upper() if upper else charset}?{'Q' if upper else 'q'}?{body}?="


def _b(text: str, charset: str, upper: bool = False) -> str:
    body = base64.b64encode(text.encode(charset)).decode()
    return f"=?{charset.upper() if upper else charset}?{'B' if upper else 'b'}?{body}?="


ENCODINGS = {
    "q-utf-8": lambda t: _q(t, "utf-8"),
    "b-utf-8": lambda t: _b(t, "utf-8"),
    "q-latin-1": lambda t: _q(t, "iso-8859-1"),
    "b-latin-1": lambda t: _b(t, "iso-8859-1"),
    "Q-UTF-8": lambda t: _q(t, "utf-8", upper=True),
    "b-unpadded": lambda t: _b(t, "utf-8").replace("=?=", "?=").replace("=?=", "?="),
    "embedded": lambda t: "Desk" + _q(t, "utf-8") + "desk",  # no space around the word
    "two-words": lambda t: _q(t[:4], "utf-8") + " " + _q(t[4:], "utf-8"),
}
PROBES = [(f"{e}/{p}", enc(text)) for e, enc in ENCODINGS.items() for p, text in PAYLOADS.items()]
RAW = [(f"raw/{p}", text) for p, text in PAYLOADS.items()]


def _yaml(text: str) -> str:
    """A YAML double-quoted scalar (escapes CR and LF, so raw probes reach the loader)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\r", "\\r").replace("\n", "\\n") + '"'


def _list(sender: str = "Briefings desk", recipient: str = "Pat Reporter", reply_to: str = "Replies") -> str:
    return (
        f'sender: {{name: {_yaml(sender)}, address: "briefings@example.org"}}\n'
        f'reply_to: {{name: {_yaml(reply_to)}, address: "replies@example.org"}}\n'
        "recipients:\n"
        f'  - {{name: {_yaml(recipient)}, address: "pat@example.org", audience: press, formats: [pdf]}}\n'
        '  - {name: "Kim Editor", address: "kim@example.org", audience: press, formats: [pdf]}\n'
    )


def _forged(folder: Path) -> list[str]:
    """Every forged header in every .eml under ``folder`` (there should be no .eml at all)."""
    found = []
    for path in folder.rglob("*.eml"):
        msg = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        found += [f"{path.name}: {k}" for k in msg if k.lower() in ("bcc", "x-injected")]
        replies = [a.addr_spec for h in msg.get_all("reply-to", []) for a in h.addresses]
        if replies != ["replies@example.org"]:  # the list's own Reply-To, once
            found.append(f"{path.name}: Reply-To {replies}")
    return found


# --- (a) refused at load and plan time, with a position ---------------------------------------------
@pytest.mark.parametrize(("probe", "text"), PROBES + RAW, ids=[p for p, _ in PROBES + RAW])
def test_every_probe_is_refused_as_header_text(probe: str, text: str) -> None:
    problem = header_problem(text)
    assert problem is not None, probe
    if not probe.startswith("raw"):
        assert "encoded word" in problem and "header injection" in problem


@pytest.mark.parametrize(
    "text",
    ["Ona Žemaitė", "Ира Иванова", 'Ann "the desk" Aide', "Doe, John", "x = ?", "a=?b", "What?=No", "日本語"],
)
def test_ordinary_names_are_not_mistaken_for_encoded_words(text: str) -> None:
    assert header_problem(text) is None


def test_a_harmless_encoded_word_is_refused_too_because_it_would_not_read_as_written() -> None:
    problem = header_problem("=?utf-8?q?Ann?=")
    assert problem is not None and "would show as 'Ann'" in problem


@pytest.mark.parametrize(("probe", "text"), PROBES[:6] + RAW, ids=[p for p, _ in PROBES[:6] + RAW])
@pytest.mark.parametrize("where", ["recipient", "sender", "reply_to"])
def test_probe_in_a_list_name_stops_the_outbox_with_its_position(
    tmp_path: Path, probe: str, text: str, where: str
) -> None:
    list_path = tmp_path / "list.yaml"
    list_path.write_text(_list(**{where: text}), "utf-8")
    out = tmp_path / "out"
    result = run_cli("email", BRIEF, "--list", list_path, "--outbox", out)
    assert result.code == 2, (probe, result.err)
    line, field = {
        "recipient": (4, "recipients[0].name"),
        "sender": (1, "sender.name"),
        "reply_to": (2, "reply_to.name"),
    }[where]
    assert f"{list_path}:{line}:" in result.err and f": {field}: contains " in result.err
    assert "Traceback" not in result.err
    assert not out.exists() and _forged(tmp_path) == []


@pytest.mark.parametrize(("probe", "text"), PROBES[::3] + RAW[:1], ids=[p for p, _ in PROBES[::3] + RAW[:1]])
def test_probe_in_the_brief_title_stops_the_batch_naming_the_title(
    tmp_path: Path, probe: str, text: str
) -> None:
    brief = tmp_path / "brief.yaml"
    original = 'title: "Why the US decided to normalize relations with Belarus"'
    brief.write_text(BRIEF.read_text("utf-8").replace(original, f"title: {_yaml(text)}", 1), "utf-8")
    list_path = tmp_path / "list.yaml"
    list_path.write_text(_list(), "utf-8")
    out = tmp_path / "out"
    result = run_cli("email", brief, "--list", list_path, "--outbox", out)
    if probe.startswith("raw"):  # a title is one line of text: a line break in it is refused at load
        assert result.code == 2, result.err
        assert f"{brief}:6:8: title: must be one line" in result.err and "Traceback" not in result.err
        assert not out.exists() and _forged(tmp_path) == []
        return
    assert result.code == 2, (probe, result.err)
    assert f"{brief}:6:8: title: contains the encoded word" in result.err
    assert "it would go into the e-mail subject" in result.err and "Traceback" not in result.err
    assert not out.exists() and _forged(tmp_path) == []


def test_probe_in_an_attachment_file_name_is_refused(tmp_path: Path) -> None:
    name = _q("x\r\nBcc: leak@evil.example", "utf-8") + ".txt"
    (tmp_path / name).write_text("cover note")
    list_path = tmp_path / "list.yaml"
    list_path.write_text(
        _list()
        .replace("recipients:\n", f"groups:\n  - {{id: desk, attachments: [{_yaml(name)}]}}\nrecipients:\n")
        .replace("formats: [pdf]}", "formats: [pdf], groups: [desk]}", 1),
        "utf-8",
    )
    out = tmp_path / "out"
    result = run_cli("email", BRIEF, "--list", list_path, "--outbox", out)
    assert result.code == 2, result.err
    assert "groups[0].attachments[0]: the file name contains the encoded word" in result.err
    assert not out.exists() and _forged(tmp_path) == []


def test_probe_in_an_audience_label_is_refused_naming_the_template(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    label = _b("Press\r\nBcc: leak@evil.example", "utf-8")
    (templates / "wire.yaml").write_text(
        f"extends: press\nlabel: {_yaml(label)}\nemail_subject: '{{{{ audience }}}}: {{{{ title }}}}'\n",
        "utf-8",
    )
    list_path = tmp_path / "list.yaml"
    list_path.write_text(_list().replace("audience: press", "audience: wire"), "utf-8")
    out = tmp_path / "out"
    result = run_cli("email", BRIEF, "--list", list_path, "--outbox", out, "--templates", templates)
    assert result.code == 2, result.err
    assert f"{templates / 'wire.yaml'}: label: contains the encoded word" in result.err
    assert not out.exists() and _forged(tmp_path) == []


# --- (b) every serialized message is parsed back before it is written or sent -------------------------
def _disable_text_checks(monkeypatch) -> None:
    """Switch off the checks of (a), as if one were missing, to show (b) holds on its own."""
    from briefbuilder.delivery import config, plan, recipients

    for module in (recipients, plan, config):
        monkeypatch.setattr(module, "header_problem", lambda text: None)


@pytest.mark.parametrize(("probe", "text"), PROBES[:3] + PROBES[3:6], ids=[p for p, _ in PROBES[:6]])
def test_round_trip_check_alone_stops_a_message_with_a_forged_header(
    tmp_path: Path, monkeypatch, probe: str, text: str
) -> None:
    _disable_text_checks(monkeypatch)
    list_path = tmp_path / "list.yaml"
    list_path.write_text(_list(recipient=text), "utf-8")
    out = tmp_path / "out"
    result = run_cli("email", BRIEF, "--list", list_path, "--outbox", out)
    assert result.code == 2, (probe, result.err)
    assert f"{list_path}:4:5: recipients[0]: the encoded message does not carry the headers" in result.err
    assert "refusing to write or send it" in result.err and "Traceback" not in result.err
    assert not out.exists() and _forged(tmp_path) == []


def test_round_trip_finds_an_added_header_line_whatever_python_does() -> None:
    from briefbuilder.delivery import messages
    from briefbuilder.delivery.recipients import Mailbox

    msg = messages.compose(
        sender=Mailbox("desk@example.org", "Desk"),
        reply_to=None,
        to=Mailbox("pat@example.org", "Pat"),
        subject="Brief",
        text="text",
        html="<p>html</p>",
        attachments=[],
        msg_id="<1@example.org>",
        date=dt.datetime(2025, 9, 12, tzinfo=dt.UTC),
        language="en",
    )
    data = messages.encode(msg)
    expected = {"from": [("Desk", "desk@example.org")], "to": [("Pat", "pat@example.org")]}
    assert round_trip_problems(msg, data, expected, "Brief", []) == []
    forged = data.replace(
        b"To: Pat <pat@example.org>\r\n", b"To: Pat <pat@example.org>\r\nBcc: x@evil.example\r\n"
    )
    found = round_trip_problems(msg, forged, expected, "Brief", [])
    assert any("Bcc" in p and "instead of" in p for p in found)
    assert any(p.startswith("Bcc reads as [<x@evil.example>]") for p in found)


def test_decoding_reveals_control_bytes_under_any_charset_label() -> None:
    assert "\r" in headers.decode_encoded_word(
        "utf-16", "b", base64.b64encode("a\r\n".encode("utf-16-le")).decode()
    )
    assert "\n" in headers.decode_encoded_word("no-such-charset", "q", "a=0Ab")
    assert headers.decode_encoded_word("utf-8", "q", "Ann_Aide") == "Ann Aide"


# --- over SMTP: nothing reaches the server ----------------------------------------------------------
def test_no_probe_reaches_an_smtp_server(tmp_path: Path, monkeypatch) -> None:
    controller_mod = pytest.importorskip("aiosmtpd.controller")
    received: list[bytes] = []
    mails: list[str] = []

    class Handler:
        async def handle_MAIL(self, server, session, envelope, address, options):
            mails.append(address)
            envelope.mail_from = address
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            received.append(envelope.original_content)
            return "250 OK"

    class Loopback(controller_mod.Controller):
        def _trigger_server(self) -> None:
            self.port = self.server.sockets[0].getsockname()[1]
            super()._trigger_server()

    controller = Loopback(Handler(), hostname="127.0.0.1", port=0)
    controller.start()
    try:
        config = tmp_path / "mail.yaml"
        config.write_text(
            f"smtp: {{host: 127.0.0.1, port: {controller.port}, security: none, timeout: 5}}\n"
            "retries: 0\njournal_dir: journals\n"
        )
        list_path = tmp_path / "list.yaml"
        probes = 0
        for checks_on, cases in ((True, PROBES + RAW), (False, PROBES[:6] + RAW[:1])):
            if not checks_on:  # (b) on its own: the round trip, or the email package's own ValueError
                _disable_text_checks(monkeypatch)
            for _, text in cases:
                for where in ("recipient", "sender", "reply_to"):
                    list_path.write_text(_list(**{where: text}), "utf-8")
                    result = run_cli("email", BRIEF, "--list", list_path, "--send", "--config", config)
                    assert result.code == 2, (text, where, checks_on, result.err)
                    probes += 1
        assert probes == (len(PROBES) + len(RAW) + 7) * 3
        assert mails == [] and received == []  # not one MAIL FROM, let alone a message
    finally:
        controller.stop()
