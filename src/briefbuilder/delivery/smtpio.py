"""SMTP I/O under a deadline: smtplib with every read and write bounded by a clock, and a data
phase that watches the server while it sends.

A socket timeout bounds one ``recv``, not a reply: a server that sends one byte every 29 s (or an
endless ``250-`` reply) keeps smtplib reading for ever. Here each read and write gets the smaller
of the step timeout and what is left of the deadline, so a session set-up or one message takes at
most the deadline, whatever the server does.

The message is written in chunks while watching for the server to speak or hang up; the final
``.`` is only written if it has done neither. What ``Reader.failure`` records then tells the
caller how the connection ended, which decides whether the message may have been delivered.
"""

from __future__ import annotations

import contextlib
import math
import re
import select
import smtplib
import socket
import ssl
import time
from typing import Any, Literal

Failure = Literal["closed", "reset", "timeout", "deadline"]
CHUNK = 64 * 1024


class DeadlineExceeded(TimeoutError):
    """The deadline passed: smtplib treats it as any lost connection (an OSError)."""


class Clock:
    """A deadline, restarted for each phase (the session set-up, then each message)."""

    def __init__(self, step: float) -> None:
        self.step = step
        self.limit = math.inf
        self.at = math.inf
        self.expired = False

    def start(self, limit: float) -> None:
        self.limit, self.at, self.expired = limit, time.monotonic() + limit, False

    def passed(self) -> bool:
        """Whether the deadline has passed (and so caused whatever just failed)."""
        if time.monotonic() >= self.at:
            self.expired = True
        return self.expired

    def wait(self) -> float:
        """Seconds the next read or write may take; DeadlineExceeded when there are none left."""
        left = self.at - time.monotonic()
        if left <= 0:
            self.expired = True
            raise DeadlineExceeded(f"no reply within the deadline of {self.limit:g} s")
        return min(self.step, left)


class Reader:
    """What smtplib reads replies through (``readline``), bounded by the clock; it records how the
    connection ended (``failure``) and how many bytes came since ``mark``."""

    def __init__(self, sock: socket.socket, clock: Clock) -> None:
        self.sock, self.clock = sock, clock
        self.buffer = bytearray()
        self.failure: Failure | None = None
        self.received = 0  # bytes received since mark()

    def mark(self) -> None:
        self.received, self.failure = 0, None

    def readline(self, limit: int = -1) -> bytes:
        while True:
            newline = self.buffer.find(b"\n")
            if newline >= 0:
                end = newline + 1
            elif limit > 0 and len(self.buffer) >= limit:
                end = limit
            elif self.failure == "closed":
                end = len(self.buffer)  # what is left, then b"" (smtplib: "unexpectedly closed")
            else:
                self._fill()
                continue
            end = min(end, limit) if limit > 0 else end
            line = bytes(self.buffer[:end])
            del self.buffer[:end]
            return line

    def _fill(self) -> None:
        try:
            self.sock.settimeout(self.clock.wait())
            data = self.sock.recv(8192)
        except DeadlineExceeded:
            self.failure = "deadline"
            raise
        except (ssl.SSLEOFError, ssl.SSLZeroReturnError):
            data = b""
        except (ConnectionResetError, BrokenPipeError):
            self.failure = "reset"
            raise
        except TimeoutError:
            self.failure = "deadline" if self.clock.passed() else "timeout"
            raise
        if not data:
            self.failure = "closed"
        self.received += len(data)
        self.buffer += data

    def poll(self) -> Literal["quiet", "spoke", "closed", "reset"]:
        """Without waiting: has the server said something, closed, or reset the connection?"""
        if self.buffer:
            return "spoke"
        pending = isinstance(self.sock, ssl.SSLSocket) and self.sock.pending()
        if not pending and not select.select([self.sock], [], [], 0)[0]:
            return "quiet"
        try:
            self.sock.settimeout(0.0)
            data = self.sock.recv(8192)
        except (BlockingIOError, ssl.SSLWantReadError, ssl.SSLWantWriteError):
            return "quiet"  # e.g. a TLS 1.3 session ticket: no application data
        except (ssl.SSLEOFError, ssl.SSLZeroReturnError):
            data = b""
        except OSError:
            self.failure = "reset"
            return "reset"
        if not data:
            self.failure = "closed"
            return "closed"
        self.received += len(data)
        self.buffer += data
        return "spoke"

    def close(self) -> None:
        self.buffer.clear()


class _Clocked:
    """Mixed into smtplib's classes: replies read through a Reader, writes bounded by the clock."""

    clock: Clock
    sock: Any
    file: Any

    def getreply(self) -> tuple[int, bytes]:
        if self.file is None:  # a new connection, or after STARTTLS (plaintext leftovers dropped)
            self.file = Reader(self.sock, self.clock)
        return super().getreply()  # type: ignore[misc]

    def send(self, s: str | bytes) -> None:
        if self.sock is not None:
            try:
                self.sock.settimeout(self.clock.wait())
            except DeadlineExceeded:
                self.close()  # type: ignore[attr-defined]
                raise smtplib.SMTPServerDisconnected(f"no reply within {self.clock.limit:g} s") from None
        super().send(s)  # type: ignore[misc]

    @property
    def reader(self) -> Reader:
        if not isinstance(self.file, Reader):
            self.file = Reader(self.sock, self.clock)
        return self.file


class SMTP(_Clocked, smtplib.SMTP):  # type: ignore[misc]  # send takes str | bytes, all smtplib passes
    def __init__(self, clock: Clock, **kwargs: Any) -> None:
        self.clock = clock
        super().__init__(**kwargs)


class SMTP_SSL(_Clocked, smtplib.SMTP_SSL):  # type: ignore[misc]  # as above
    def __init__(self, clock: Clock, **kwargs: Any) -> None:
        self.clock = clock
        super().__init__(**kwargs)


def transfer(smtp: SMTP | SMTP_SSL, data: bytes) -> Literal["sent", "spoke", "closed", "reset"]:
    """Write the message after ``354``: its lines dot-stuffed, then the final ``.`` only if the
    server has neither spoken nor hung up while it was being written (then that is returned and
    the ``.`` is not sent). Raises OSError or SMTPServerDisconnected if a write fails."""
    sock, reader, clock = smtp.sock, smtp.reader, smtp.clock
    body = memoryview(dot_stuffed(data))
    head, end = body[:-3], body[-3:]
    while head:
        state = reader.poll()
        if state != "quiet":
            return state
        timeout = clock.wait()
        if not select.select([], [sock], [], timeout)[1]:
            raise TimeoutError("the server stopped reading the message")
        sock.settimeout(clock.wait())
        sent = sock.send(head[:CHUNK])
        head = head[sent:]
    state = reader.poll()
    if state != "quiet":
        return state
    reader.mark()
    sock.settimeout(clock.wait())
    sock.sendall(end)
    return "sent"


def dot_stuffed(data: bytes) -> bytes:
    """RFC 5321 §4.5.2: double each leading dot, end with CRLF . CRLF (as smtplib.data does)."""
    body = re.sub(rb"(?m)^\.", b"..", data)
    if not body.endswith(b"\r\n"):
        body += b"\r\n"
    return body + b".\r\n"


def close_quietly(smtp: smtplib.SMTP) -> None:
    with contextlib.suppress(OSError):
        smtp.close()
