"""Plan-time checks that name where a problem comes from: the subject, and each message's round trip.

An unsafe subject is traced back to the brief field or template key whose text made it unsafe, with
its line and column when the brief file can be read; a message whose headers do not survive being
encoded and parsed back (see ``headers``) is reported against its recipient's entry in the list.
"""

from __future__ import annotations

from collections.abc import Sequence
from email.message import EmailMessage
from pathlib import Path

from briefbuilder.audience.templates import Audience
from briefbuilder.brief.model import Brief
from briefbuilder.delivery import messages
from briefbuilder.delivery.headers import header_problem, round_trip_problems
from briefbuilder.delivery.messages import Attachment, Renderer
from briefbuilder.delivery.recipients import DistributionList, Mailbox, Recipient
from briefbuilder.delivery.subjects import SubjectError
from briefbuilder.errors import InvalidInput, Problem


def round_trip_problem(
    msg: EmailMessage,
    data: bytes,
    dlist: DistributionList,
    r: Recipient,
    subject: str,
    attachments: Sequence[Attachment],
) -> str | None:
    """Why the encoded message must not be written or sent, or None: parsed back, it must have the
    very headers it was built with (a vulnerable email package can forge some: see headers.py)."""
    addresses = {
        "from": [_pair(dlist.sender)],
        "to": [_pair(r.mailbox)],
        "reply-to": [_pair(dlist.reply_to)] if dlist.reply_to is not None else [],
    }
    found = round_trip_problems(msg, data, addresses, subject, [a.filename for a in attachments])
    if not found:
        return None
    return (
        "the encoded message does not carry the headers it was built with ("
        + "; ".join(found[:3])
        + ("; ..." if len(found) > 3 else "")
        + "); refusing to write or send it. Look for encoded words (=?...?=) in names, the subject "
        "and file names"
    )


def _pair(mailbox: Mailbox) -> tuple[str, str]:
    return (mailbox.name or "", mailbox.address)


def render_subject(
    renderer: Renderer,
    audience: Audience,
    values: dict,
    problems: list[Problem],
    brief: Brief,
    brief_file: Path | None,
) -> str | None:
    template = audience.email_subject or messages.DEFAULT_SUBJECT
    where = str(audience.file) if audience.file else f"<audience {audience.name}>"
    try:
        subject = renderer.subject(template, values)
    except SubjectError as exc:
        names = ", ".join(messages.SUBJECT_NAMES)
        problems.append(
            Problem(where, None, None, "email_subject", f"subject template: {exc.message}; names: {names}")
        )
        return None
    problem = header_problem(subject) if subject else "is empty"
    if problem:
        problems.append(
            _subject_origin(subject, audience, where, brief, brief_file)
            or Problem(
                where, None, None, "email_subject", f"the subject {subject!r} {problem}; check the template"
            )
        )
        return None
    return subject


def _subject_origin(
    subject: str, audience: Audience, where: str, brief: Brief, brief_file: Path | None
) -> Problem | None:
    """The brief or template field whose text made the subject unsafe, located, or None."""
    fields: list[tuple[str, str, str | None]] = [
        (str(brief_file) if brief_file else "<brief>", key, getattr(brief, key))
        for key in ("title", "subtitle", "marking", "version")
    ]
    fields += [(where, "label", audience.label), (where, "marking", audience.marking)]
    for file, key, text in fields:
        if not text or " ".join(text.split()) not in subject:
            continue
        if problem := header_problem(" ".join(text.split())):
            line, col = _position(brief_file, key) if file != where else (None, None)
            return Problem(file, line, col, key, f"{problem}; it would go into the e-mail subject")
    return None


def _position(path: Path | None, key: str) -> tuple[int | None, int | None]:
    """Line and column of a top-level ``key`` in the YAML file at ``path``, if it can be read."""
    from briefbuilder.brief.yamlnodes import MappingNode, compose, position, read_text

    if path is None:
        return None, None
    try:
        root = compose(read_text(path), str(path))
    except InvalidInput:
        return None, None
    if isinstance(root, MappingNode):
        for k, v in root.value:
            if k.value == key:
                return position(v)
    return None, None
