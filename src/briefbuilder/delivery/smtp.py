"""SMTP transport: one verified, encrypted connection per batch, and one outcome per message.

Certificates are always verified (``ssl.create_default_context``, optionally with a private CA
file); ``starttls`` fails closed when the server does not offer STARTTLS; a password is only ever
sent after TLS is up. smtplib's ``sendmail`` is not used for the message itself because it cannot
tell "the connection broke while the message was being sent" (not delivered: safe to retry) from
"it broke after the final dot, before the reply" (maybe delivered: unknown). This module does the
DATA phase itself with smtplib's own primitives so each outcome is classified exactly.
"""

from __future__ import annotations

import re
import smtplib
import ssl
from dataclasses import dataclass
from typing import Literal, Protocol

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
        self._smtp: smtplib.SMTP | None = None

    @property
    def where(self) -> str:
        return f"{self.settings.host}:{self.settings.port}"

    def open(self) -> SmtpTransport:
        s = self.settings
        context = ssl.create_default_context(cafile=str(s.ca_file) if s.ca_file else None)
        try:
            if s.security == "tls":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                    s.host, s.port, local_hostname=s.local_hostname, timeout=s.timeout, context=context
                )
            else:
                smtp = smtplib.SMTP(s.host, s.port, local_hostname=s.local_hostname, timeout=s.timeout)
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
            self.close()
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
        smtp = self._smtp
        if smtp is None:
            return Outcome("temporary", None, "not connected", connection_lost=True)
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
            smtp.send(_dot_stuffed(data))
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            self.close()
            return Outcome(
                "temporary", None, f"connection lost before the message was complete: {_reason(exc)}", True
            )
        try:
            code, reply = smtp.getreply()
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            self.close()
            return Outcome(
                "unknown",
                None,
                f"connection lost after the whole message was sent, before the server confirmed it: "
                f"{_reason(exc)}",
                True,
            )
        if 200 <= code < 300:
            return Outcome("sent", code, _text(reply))
        if 400 <= code < 600:
            return Outcome("temporary" if code < 500 else "permanent", code, _text(reply))
        return Outcome("unknown", code, f"unexpected reply to the message: {_text(reply)}")

    def _refused(self, code: int, reply: bytes) -> Outcome:
        """A refusal before the message was sent: reset the transaction; 4xx retry, 5xx final."""
        lost = code == -1 or code == 421  # 421: the server is closing the connection
        if not lost:
            try:
                self._smtp.rset()  # type: ignore[union-attr]
            except (smtplib.SMTPException, OSError):
                lost = True
        if lost:
            self.close()
        kind: Kind = "permanent" if 500 <= code < 600 else "temporary"
        return Outcome(kind, code if code > 0 else None, _text(reply) or "no reply", lost)

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()


def _dot_stuffed(data: bytes) -> bytes:
    """RFC 5321 §4.5.2: double each leading dot, end with CRLF . CRLF (as smtplib.data does)."""
    body = re.sub(rb"(?m)^\.", b"..", data)
    if not body.endswith(b"\r\n"):
        body += b"\r\n"
    return body + b".\r\n"


def _text(reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply
    return " ".join(text.split())


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__
