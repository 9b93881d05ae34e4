"""Delivery settings (``--config FILE``): SMTP server, TLS, limits, retries; credentials from the environment.

The settings file says *where and how* to send; it never holds secrets. The SMTP user and password
come only from BRIEFBUILDER_SMTP_USER and BRIEFBUILDER_SMTP_PASSWORD, are never printed, and are
refused outright when the connection would not be encrypted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from briefbuilder.brief.fields import doc
from briefbuilder.brief.typed import read_typed
from briefbuilder.brief.yamlnodes import problem_at
from briefbuilder.delivery.headers import header_problem
from briefbuilder.errors import InvalidInput, Problem

Security = Literal["starttls", "tls", "none"]
USER_VAR = "BRIEFBUILDER_SMTP_USER"
PASSWORD_VAR = "BRIEFBUILDER_SMTP_PASSWORD"
DEFAULT_PORTS: dict[str, int] = {"starttls": 587, "tls": 465, "none": 25}


@dataclass(frozen=True, slots=True)
class SmtpSpec:
    host: str = field(metadata=doc("SMTP server host name, e.g. smtp.example.org."))
    port: int | None = field(
        default=None, metadata=doc("Port; default 587 (starttls), 465 (tls), 25 (none).")
    )
    security: Security = field(
        default="starttls",
        metadata=doc("starttls (upgrade after connecting), tls (implicit TLS) or none (local relays only)."),
    )
    timeout: float = field(default=30.0, metadata=doc("Seconds to wait for the server at each step."))
    deadline: float = field(
        default=120.0,
        metadata=doc(
            "Most seconds one message may take, from MAIL FROM to the server's reply (and the "
            "connection's set-up): a server that trickles a byte at a time is cut off."
        ),
    )
    ca_file: str | None = field(
        default=None, metadata=doc("PEM file of CA certificates to trust instead of the system's.")
    )
    local_hostname: str | None = field(default=None, metadata=doc("Name to give in EHLO; default: FQDN."))


@dataclass(frozen=True, slots=True)
class DeliverySpec:
    smtp: SmtpSpec | None = field(default=None, metadata=doc("How to reach the SMTP server (--send)."))
    max_message_bytes: int | None = field(
        default=None, metadata=doc("Largest message, encoded, that may be written or sent.")
    )
    message_id_domain: str | None = field(
        default=None, metadata=doc("Domain for Message-IDs; default: the sender's domain.")
    )
    retries: int = field(default=2, metadata=doc("Extra attempts for temporary (4xx) failures in one run."))
    retry_delay: float = field(
        default=10.0, metadata=doc("Seconds before the first retry; doubled for each later one.")
    )
    journal_dir: str | None = field(
        default=None, metadata=doc("Folder of batch journals; default: the per-user state folder.")
    )


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    host: str
    port: int
    security: Security
    timeout: float
    ca_file: Path | None
    local_hostname: str | None
    deadline: float = 120.0


@dataclass(frozen=True, slots=True)
class DeliveryConfig:
    smtp: SmtpSettings | None = None
    max_message_bytes: int | None = None
    message_id_domain: str | None = None
    retries: int = 2
    retry_delay: float = 10.0
    journal_dir: Path | None = None
    file: Path | None = None


@dataclass(frozen=True, slots=True)
class Credentials:
    """SMTP login; the password is kept out of repr so that no traceback or log can show it."""

    user: str
    password: str = field(repr=False)


def load_config(path: str | Path) -> DeliveryConfig:
    path = Path(path)
    spec, conv = read_typed(path, DeliverySpec)

    def error(field_path: str, message: str) -> None:
        conv.problems.append(problem_at(conv.file, conv.nodes.get(field_path), field_path, message))

    smtp = None
    if spec.smtp is not None:
        s = spec.smtp
        port = s.port if s.port is not None else DEFAULT_PORTS[s.security]
        if not 1 <= port <= 65535:
            error("smtp.port", f"expected a port between 1 and 65535, got {port}")
        if s.timeout <= 0:
            error("smtp.timeout", "must be more than 0 seconds")
        if s.deadline <= 0:
            error("smtp.deadline", "must be more than 0 seconds")
        for key in ("host", "local_hostname"):
            value = getattr(s, key)
            if value is None:
                continue
            if problem := header_problem(value):
                error(f"smtp.{key}", problem)
            elif " " in value:
                error(f"smtp.{key}", f"expected a host name without spaces, got {value!r}")
        ca_file = None
        if s.ca_file is not None:
            ca_file = (path.parent / s.ca_file).resolve()
            if not ca_file.is_file():
                error("smtp.ca_file", f"CA file {s.ca_file!r} not found (looked for {ca_file})")
        smtp = SmtpSettings(s.host, port, s.security, s.timeout, ca_file, s.local_hostname, s.deadline)
    if spec.max_message_bytes is not None and spec.max_message_bytes < 1:
        error("max_message_bytes", "must be 1 or more")
    if spec.retries < 0:
        error("retries", "must be 0 or more")
    if spec.retry_delay < 0:
        error("retry_delay", "must be 0 or more seconds")
    domain = spec.message_id_domain
    if domain is not None and (
        not domain.isascii() or not domain.replace("-", "").replace(".", "").isalnum()
    ):
        error("message_id_domain", f"expected a domain name such as example.org, got {domain!r}")
    if conv.problems:
        raise InvalidInput(conv.problems)
    journal_dir = (path.parent / spec.journal_dir) if spec.journal_dir is not None else None
    return DeliveryConfig(
        smtp=smtp,
        max_message_bytes=spec.max_message_bytes,
        message_id_domain=domain,
        retries=spec.retries,
        retry_delay=spec.retry_delay,
        journal_dir=journal_dir,
        file=path,
    )


def credentials_from_env(environ: Mapping[str, str], smtp: SmtpSettings) -> Credentials | None:
    """The login from the environment, or None; refuse it when the connection is not encrypted."""
    user, password = environ.get(USER_VAR, ""), environ.get(PASSWORD_VAR, "")
    if not user and not password:
        return None
    if not user or not password:
        missing = USER_VAR if not user else PASSWORD_VAR
        raise InvalidInput(
            [Problem(missing, None, None, "", f"set both {USER_VAR} and {PASSWORD_VAR}, or neither")]
        )
    if smtp.security == "none":
        raise InvalidInput(
            [
                Problem(
                    USER_VAR,
                    None,
                    None,
                    "",
                    "SMTP credentials are set but smtp.security is 'none': refusing to send a password "
                    "over an unencrypted connection; use 'starttls' or 'tls'",
                )
            ]
        )
    return Credentials(user, password)
