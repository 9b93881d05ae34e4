"""SMTP faults a real server library cannot stage: a raw socket stub on 127.0.0.1, bounded in time.

- A server that trickles one byte at a time (greeting, a reply, or reading the message) must not
  hold a message past ``smtp.deadline``: a socket timeout alone restarts with every byte.
- A connection reset in the middle of DATA means the server never read the end of the message:
  the recipient is deferred and retried, never held as "unknown". An orderly close after the
  whole message (the server may have stored it) stays unknown, so nothing is sent twice.
- A server that answers (552) while the message is still being written is heard at once, and the
  final "." is never sent.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from briefbuilder.delivery.batch import Policy, run_batch
from briefbuilder.delivery.config import SmtpSettings, load_config
from briefbuilder.delivery.journal import Journal
from briefbuilder.delivery.smtp import SmtpTransport
from briefbuilder.errors import InvalidInput

MESSAGE = b"From: a@example.org\r\nTo: b@example.org\r\nSubject: x\r\n\r\n" + b"hello\r\n" * 200
BIG = b"Subject: big\r\n\r\n" + (b"y" * 998 + b"\r\n") * 16_000  # 16 MB: more than the socket buffers
GIVE_UP = 6.0  # the stub stops trickling after this long, so a client without a deadline still ends


@dataclass
class Stub:
    """An SMTP server that follows a script per connection; records what it received."""

    script: Callable[[socket.socket, Stub], None]
    rcvbuf: int | None = None
    received: list[bytes] = field(default_factory=list)  # complete messages (ending in CRLF.CRLF)
    connections: int = 0
    port: int = 0

    def serve(self) -> Iterator[Stub]:
        listener = socket.socket()
        if self.rcvbuf:
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, self.rcvbuf)
        listener.bind(("127.0.0.1", 0))
        listener.listen(4)
        listener.settimeout(0.2)
        self.port = listener.getsockname()[1]
        stop = threading.Event()

        def loop() -> None:
            while not stop.is_set():
                try:
                    conn, _ = listener.accept()
                except OSError:
                    continue
                self.connections += 1
                conn.settimeout(GIVE_UP)
                with contextlib.suppress(OSError), conn:
                    self.script(conn, self)

        thread = threading.Thread(target=loop, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            stop.set()
            thread.join(GIVE_UP + 2)
            listener.close()


def _lines(conn: socket.socket) -> Iterator[bytes]:
    buffer = b""
    while True:
        while b"\r\n" not in buffer:
            chunk = conn.recv(4096)
            if not chunk:
                return
            buffer += chunk
        line, buffer = buffer.split(b"\r\n", 1)
        yield line


def _envelope(conn: socket.socket, greeting: bool = True) -> None:
    """Greeting, EHLO, MAIL, RCPT, DATA answered normally, up to and including 354."""
    if greeting:
        conn.sendall(b"220 stub ESMTP\r\n")
    for line in _lines(conn):
        verb = line[:4].upper()
        if verb in (b"EHLO", b"HELO"):
            conn.sendall(b"250 stub\r\n")
        elif verb in (b"MAIL", b"RCPT", b"RSET", b"NOOP"):
            conn.sendall(b"250 OK\r\n")
        elif verb == b"DATA":
            conn.sendall(b"354 go ahead\r\n")
            return
        elif verb == b"QUIT":
            conn.sendall(b"221 bye\r\n")
            raise OSError("quit")


def _read_message(conn: socket.socket, stub: Stub) -> None:
    data = b""
    while not data.endswith(b"\r\n.\r\n"):
        chunk = conn.recv(65536)
        if not chunk:
            return
        data += chunk
    stub.received.append(data)


def _trickle(conn: socket.socket, text: bytes, pause: float = 0.1) -> None:
    end = time.monotonic() + GIVE_UP
    for i in range(10**6):
        if time.monotonic() > end:
            return
        conn.sendall(text[i % len(text) : i % len(text) + 1])
        time.sleep(pause)


@pytest.fixture
def stub() -> Iterator[Callable[..., Stub]]:
    servers: list[Iterator[Stub]] = []

    def start(script: Callable[[socket.socket, Stub], None], **kwargs) -> Stub:
        server = Stub(script, **kwargs).serve()
        servers.append(server)
        return next(server)

    yield start
    for server in servers:
        with contextlib.suppress(StopIteration):
            next(server)


def _transport(stub: Stub, deadline: float = 1.5, timeout: float = 1.0) -> SmtpTransport:
    settings = SmtpSettings("127.0.0.1", stub.port, "none", timeout, None, "localhost", deadline)
    return SmtpTransport(settings, None)


def _send(stub: Stub, data: bytes = MESSAGE, **kwargs):
    transport = _transport(stub, **kwargs).open()
    started = time.monotonic()
    try:
        return transport.send("a@example.org", "b@example.org", data), time.monotonic() - started
    finally:
        transport.close()


# --- the deadline ---------------------------------------------------------------------------------
def test_a_reply_trickled_one_byte_at_a_time_is_cut_off_at_the_deadline(stub) -> None:
    def script(conn, s):
        _envelope(conn)
        _read_message(conn, s)
        _trickle(conn, b"250-still thinking\r\n")  # an endless multi-line reply, 1 byte / 0.1 s

    server = stub(script)
    outcome, took = _send(server, deadline=1.5, timeout=1.0)
    assert took < 1.5 + 1.0, took  # without a deadline: until the stub gives up (6 s)
    assert outcome.kind == "unknown"  # the whole message went out: it may have been stored
    assert "smtp.deadline (1.5 s) passed after the whole message was sent" in outcome.reply
    assert outcome.connection_lost and len(server.received) == 1


def test_a_server_reading_the_message_one_byte_at_a_time_is_cut_off_and_deferred(stub) -> None:
    def script(conn, s):
        _envelope(conn)
        end = time.monotonic() + 3
        while time.monotonic() < end and conn.recv(1):
            time.sleep(0.05)

    server = stub(script, rcvbuf=4096)
    outcome, took = _send(server, BIG, deadline=1.5, timeout=1.0)
    assert took < 1.5 + 1.0, took
    assert outcome.kind == "temporary" and outcome.connection_lost
    assert "before the message was complete" in outcome.reply


def test_a_trickled_greeting_cannot_hold_the_connection_open(stub) -> None:
    from briefbuilder.delivery.smtp import DeliveryError

    server = stub(lambda conn, s: _trickle(conn, b"220-welcome\r\n"))
    started = time.monotonic()
    with pytest.raises(DeliveryError, match=r"did not complete the session set-up within smtp.deadline"):
        _transport(server, deadline=1.5, timeout=1.0).open()
    assert time.monotonic() - started < 1.5 + 1.0


def test_a_trickled_reply_to_mail_defers_the_recipient(stub) -> None:
    def script(conn, s):
        conn.sendall(b"220 stub\r\n")
        for line in _lines(conn):
            if line[:4].upper() == b"EHLO":
                conn.sendall(b"250 stub\r\n")
            elif line[:4].upper() == b"MAIL":
                _trickle(conn, b"250-OK\r\n")
                return

    server = stub(script)
    outcome, took = _send(server, deadline=1.5, timeout=1.0)
    assert took < 1.5 + 1.0 and outcome.kind == "temporary"
    assert "smtp.deadline (1.5 s) passed before the message was complete" in outcome.reply


# --- resets and closes during DATA ------------------------------------------------------------------
def _reset_after_reading_ten_bytes(conn: socket.socket, s: Stub) -> None:
    """Wait until the whole message (with its final dot) sits unread in the buffer, read 10 bytes
    of it, and close: the system answers with a TCP reset (RFC 1122 §4.2.2.13), data lost."""
    _envelope(conn)
    end = time.monotonic() + GIVE_UP
    while time.monotonic() < end and not conn.recv(1 << 20, socket.MSG_PEEK).endswith(b"\r\n.\r\n"):
        time.sleep(0.01)
    conn.recv(10)


def test_a_reset_in_the_middle_of_data_is_deferred_not_unknown(stub) -> None:
    server = stub(_reset_after_reading_ten_bytes)
    outcome, _ = _send(server)
    assert outcome.kind == "temporary", outcome  # before the fix: "unknown", held for ever
    assert outcome.connection_lost and "it was not delivered" in outcome.reply
    assert server.received == []


def test_a_reset_while_the_message_is_still_being_written_is_deferred(stub) -> None:
    def script(conn, s):
        _envelope(conn)
        conn.recv(10)
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # reset on close

    server = stub(script, rcvbuf=4096)
    outcome, _ = _send(server, BIG)
    assert outcome.kind == "temporary" and outcome.connection_lost


def test_an_orderly_close_after_the_whole_message_stays_unknown(stub) -> None:
    def script(conn, s):
        _envelope(conn)
        _read_message(conn, s)  # read all of it (it may be stored), then close without a reply

    server = stub(script)
    outcome, _ = _send(server)
    assert outcome.kind == "unknown" and len(server.received) == 1
    assert "after the whole message was sent, before the server confirmed it" in outcome.reply


def test_a_reply_while_the_message_is_written_is_heard_and_the_dot_never_sent(stub) -> None:
    seen: list[bytes] = []

    def script(conn, s):
        _envelope(conn)
        seen.append(conn.recv(10))
        conn.sendall(b"552 5.3.4 Message too big for this mailbox\r\n")
        end = time.monotonic() + 3
        while time.monotonic() < end:  # keep reading: the client must stop on its own
            chunk = conn.recv(65536)
            if not chunk:
                break
            seen.append(chunk)

    server = stub(script, rcvbuf=4096)
    outcome, took = _send(server, BIG, deadline=5, timeout=2)
    assert outcome.kind == "permanent" and outcome.code == 552, outcome
    assert "answered before the end of the message" in outcome.reply
    assert not b"".join(seen).endswith(b"\r\n.\r\n")  # the end of data was never sent
    assert took < 3


# --- in a batch: a reset recipient is retried and gets exactly one message ---------------------------
def test_batch_retries_a_recipient_whose_data_was_reset_and_delivers_it_once(stub, tmp_path: Path) -> None:
    from briefbuilder.delivery.plan import Batch, Outgoing
    from briefbuilder.delivery.recipients import Mailbox, Recipient
    from briefbuilder.errors import Problem

    def script(conn, s):
        if s.connections == 1:
            _reset_after_reading_ten_bytes(conn, s)
            return
        _envelope(conn)
        _read_message(conn, s)
        conn.sendall(b"250 2.0.0 queued\r\n")
        _envelope(conn, greeting=False)  # then QUIT

    server = stub(script)
    recipient = Recipient(
        Mailbox("b@example.org"), "press", ("pdf",), False, (), (), Problem("l", 1, 1, "", "")
    )
    out = Outgoing.of(recipient, "<1@example.org>", "x", MESSAGE)
    batch = Batch("b", "brief", "1", "list", Mailbox("a@example.org"), dt.datetime.now(dt.UTC), {}, (out,))
    with Journal.open(tmp_path / "j.jsonl", {"batch": "b"}) as journal:
        report = run_batch(
            batch, journal, lambda: _transport(server).open(), Policy(retries=1, retry_delay=0)
        )
    assert report.complete and report.count("sent") == 1
    events = [
        line.split('"event":"')[1].split('"')[0] for line in (tmp_path / "j.jsonl").read_text().splitlines()
    ]
    assert events == ["batch", "attempt", "deferred", "attempt", "sent"]
    assert len(server.received) == 1  # the reset attempt was never a message


# --- configuration -----------------------------------------------------------------------------------
def test_deadline_is_configurable_and_checked(tmp_path: Path) -> None:
    config = tmp_path / "mail.yaml"
    config.write_text("smtp: {host: smtp.example.org}\n")
    assert load_config(config).smtp.deadline == 120.0  # type: ignore[union-attr]
    config.write_text("smtp: {host: smtp.example.org, deadline: 300}\n")
    assert load_config(config).smtp.deadline == 300.0  # type: ignore[union-attr]
    config.write_text("smtp:\n  host: smtp.example.org\n  deadline: 0\n")
    with pytest.raises(InvalidInput, match=r"mail.yaml:3:13: smtp.deadline: must be more than 0 seconds"):
        load_config(config)
