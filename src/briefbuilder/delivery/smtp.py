"""SMTP transport: one verified, encrypted connection per batch, and one outcome per message.

Certificates are always verified (``ssl.create_default_context``, optionally with a private CA
file); ``starttls`` fails closed when the server does not offer STARTTLS; a password is only ever
sent after TLS is up. Every read and write is bounded by a deadline (``smtp.deadline``: the
session set-up, then each message from MAIL to the final reply), so a server that trickles a byte
at a time cannot hold a batch for ever (``smtpio``).

smtplib's ``sendmail`` is not used for the message itself because it cannot tell the outcomes
apart. What the journal records decides whether a later run sends again, so each outcome is
classified by whether the server can have accepted the message. A server accepts a message only
once it has read the final ``CRLF . CRLF`` (RFC 5321 §4.1.1.4), and it says so with its reply:

* ``temporary`` (journalled ``deferred``: retried) when the server cannot have the whole message:
  a write failed or the deadline passed before the final ``.`` went out; the server spoke or hung
  up while the message was being written (the ``.`` is then never sent); or the connection was
  *reset* before any byte of the reply came. A TCP reset is how a server's system says data it
  received was never read by the server (RFC 1122 §4.2.2.13: a close with unread data "SHOULD
  send a RST to show that data was lost"); the ``.`` is the last byte sent, so it was not read,
  and a message without its end is never delivered. A 4xx reply is temporary too.
* ``unknown`` (held, at-most-once) when the ``.`` was written and the connection then closed
  normally, timed out or passed the deadline without a reply, or broke in the middle of one: the
  server may have stored the message (RFC 1047). It is not sent again unless the operator says so.

The one case this cannot see is a device between us and the server that resets a connection
while the server is still working on a message it has read (an idle timeout shorter than
``smtp.timeout``); the resend then carries the same Message-ID, so the duplicate can be dropped.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from typing import Literal, Protocol

from briefbuilder.delivery import smtpio
from briefbuilder.delivery.config import Credentials, SmtpSettings
from briefbuilder.errors import OutputError

Kind = Literal["sent", "temporary", "permanent", "unknown"]


class DeliveryError(OutputError):
    """The server cannot be reached or refuses the session (TLS, login): nothing was sent on it."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one message: the reply code and text, and whether the connection is gone."""

    kind: Kind
    code: int | None
    reply: str
    connection_lost: bool = False

    def describe(self) -> str:
        return f"{self.code} {self.reply}".strip() if self.code is not None else self.reply


class Transport(Protocol):
    """What the batch runner needs from a connection; tests may supply their own."""

    @property
    def max_size(self) -> int | None: ...

    def send(self, sender: str, recipient: str, data: bytes) -> Outcome: ...

    def close(self) -> None: ...


class SmtpTransport:
    def __init__(self, settings: SmtpSettings, credentials: Credentials | None) -> None:
        self.settings = settings
        self.credentials = credentials
        self._smtp: smtpio.SMTP | smtpio.SMTP_SSL | None = None
        self._clock = smtpio.Clock(settings.timeout)

    @property
    def where(self) -> str:
        return f"{self.settings.host}:{self.settings.port}"

    def open(self) -> SmtpTransport:
        s = self.settings
        context = ssl.create_default_context(cafile=str(s.ca_file) if s.ca_file else None)
        self._clock.start(s.deadline)
        where = {"host": s.host, "port": s.port, "local_hostname": s.local_hostname, "timeout": s.timeout}
        try:
            smtp: smtpio.SMTP | smtpio.SMTP_SSL
            if s.security == "tls":
                smtp = smtpio.SMTP_SSL(self._clock, context=context, **where)
            else:
                smtp = smtpio.SMTP(self._clock, **where)
            self._smtp = smtp
            smtp.ehlo_or_helo_if_needed()
            if s.security == "starttls":
                if not smtp.has_extn("starttls"):
                    raise DeliveryError(
                        f"{self.where} does not offer STARTTLS; refusing to send in clear "
                        "(smtp.security is 'starttls')"
                    )
                code, reply = smtp.starttls(context=context)
                if code != 220:
                    raise DeliveryError(f"{self.where} refused STARTTLS: {code} {_text(reply)}")
                smtp.ehlo()
            if self.credentials is not None:
                self._login(smtp)
        except DeliveryError:
            self.close()
            raise
        except ssl.SSLCertVerificationError as exc:
            self.close()
            raise DeliveryError(
                f"{self.where}: the server's certificate could not be verified ({exc.verify_message}); "
                "set smtp.ca_file if it is signed by a private CA"
            ) from None
        except ssl.SSLError as exc:
            self.close()
            raise DeliveryError(f"{self.where}: TLS failed: {exc.reason or exc}") from None
        except smtplib.SMTPResponseException as exc:
            self.close()
            raise DeliveryError(
                f"{self.where} refused the session: {exc.smtp_code} {_text(exc.smtp_error)}"
            ) from None
        except (smtplib.SMTPException, OSError) as exc:
            self._drop()
            if self._clock.passed():
                raise DeliveryError(
                    f"{self.where} did not complete the session set-up within smtp.deadline "
                    f"({s.deadline:g} s)"
                ) from None
            raise DeliveryError(f"cannot connect to {self.where}: {_reason(exc)}") from None
        return self

    def _login(self, smtp: smtplib.SMTP) -> None:
        assert self.credentials is not None
        if self.settings.security == "none":  # config refuses this too; never send a password in clear
            raise DeliveryError("refusing to log in over an unencrypted connection")
        if not smtp.has_extn("auth"):
            raise DeliveryError(f"{self.where} offers no AUTH, but SMTP credentials are set")
        try:
            smtp.login(self.credentials.user, self.credentials.password)
        except smtplib.SMTPAuthenticationError as exc:
            raise DeliveryError(
                f"{self.where} rejected the login from BRIEFBUILDER_SMTP_USER/PASSWORD: "
                f"{exc.smtp_code} {_text(exc.smtp_error)}"
            ) from None

    @property
    def max_size(self) -> int | None:
        """The SIZE the server advertises (RFC 1870), or None when it sets no limit."""
        if self._smtp is None:
            return None
        raw = self._smtp.esmtp_features.get("size", "").strip()
        return int(raw) if raw.isdigit() and int(raw) > 0 else None

    def send(self, sender: str, recipient: str, data: bytes) -> Outcome:
        """Send one message and classify what happened to it (see the module's docstring)."""
        smtp = self._smtp
        if smtp is None:
            return Outcome("temporary", None, "not connected", connection_lost=True)
        self._clock.start(self.settings.deadline)
        try:
            options = [f"SIZE={len(data)}"] if smtp.has_extn("size") else []
            code, reply = smtp.mail(sender, options)
            if code != 250:
                return self._refused(code, reply)
            code, reply = smtp.rcpt(recipient)
            if code not in (250, 251):
                return self._refused(code, reply)
            smtp.putcmd("data")
            code, reply = smtp.getreply()
            if code != 354:
                return self._refused(code, reply)
            reader = smtp.reader
            state = smtpio.transfer(smtp, data)
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            return self._lost("temporary", self._detail(exc, "before the message was complete"))
        if state != "sent":
            return self._interrupted(smtp, state)
        try:
            code, reply = smtp.getreply()
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            if reader.failure == "reset" and reader.received == 0:
                return self._lost(
                    "temporary",
                    "the server reset the connection before confirming the message: it had not read "
                    "all of it (a TCP reset means data was discarded unread), so it was not delivered",
                )
            return self._lost(
                "unknown",
                self._detail(exc, "after the whole message was sent, before the server confirmed it"),
            )
        if 200 <= code < 300:
            return Outcome("sent", code, _text(reply))
        if 400 <= code < 600:
            return Outcome("temporary" if code < 500 else "permanent", code, _text(reply))
        return Outcome("unknown", code, f"unexpected reply to the message: {_text(reply)}")

    def _interrupted(self, smtp: smtpio.SMTP | smtpio.SMTP_SSL, state: str) -> Outcome:
        """The server spoke or hung up while the message was written; the final '.' was not sent."""
        if state == "spoke":
            try:
                code, reply = smtp.getreply()
            except (smtplib.SMTPServerDisconnected, OSError) as exc:
                return self._lost("temporary", self._detail(exc, "before the message was complete"))
            self._drop()  # the server's idea of the transaction is unclear: start afresh
            kind: Kind = "permanent" if 500 <= code < 600 else "temporary"
            detail = f"{_text(reply)} (the server answered before the end of the message; not delivered)"
            return Outcome(kind, code if code > 0 else None, detail, connection_lost=True)
        how = "reset" if state == "reset" else "closed"
        return self._lost("temporary", f"the server {how} the connection before the end of the message")

    def _lost(self, kind: Kind, detail: str) -> Outcome:
        self._drop()
        return Outcome(kind, None, detail, connection_lost=True)

    def _drop(self) -> None:
        """Close without QUIT: the connection is broken or in a state nobody can trust."""
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            smtpio.close_quietly(smtp)

    def _detail(self, exc: BaseException, when: str) -> str:
        if self._clock.passed():
            return f"smtp.deadline ({self.settings.deadline:g} s) passed {when}"
        return f"connection lost {when}: {_reason(exc)}"

    def _refused(self, code: int, reply: bytes) -> Outcome:
        """A refusal before the message was sent: reset the transaction; 4xx retry, 5xx final."""
        lost = code == -1 or code == 421  # 421: the server is closing the connection
        if not lost:
            try:
                self._smtp.rset()  # type: ignore[union-attr]
            except (smtplib.SMTPException, OSError):
                lost = True
        if lost:
            self._drop()
        kind: Kind = "permanent" if 500 <= code < 600 else "temporary"
        return Outcome(kind, code if code > 0 else None, _text(reply) or "no reply", lost)

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        self._clock.start(self.settings.timeout)  # QUIT is a courtesy: one step at most
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()


def _text(reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply
    return " ".join(text.split())


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__
