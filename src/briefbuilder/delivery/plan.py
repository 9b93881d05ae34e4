"""Brief × distribution list → every message of a batch, built and checked before any is sent.

Each audience is laid out and built once (``layout.lay_out`` and ``build.build_brief``: the same
Document and the same artifacts ``briefbuilder build`` writes), or once per recipient when the list
asks for "Prepared for <name>". Every message is composed and encoded up front, so a bad subject, a
missing file or an oversized message stops the batch before the first one goes out.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import mimetypes
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from briefbuilder.audience.templates import Audience
from briefbuilder.brief.model import Brief
from briefbuilder.delivery import messages
from briefbuilder.delivery.headers import header_problem, round_trip_problems
from briefbuilder.delivery.messages import Attachment, BodyContent, Renderer
from briefbuilder.delivery.recipients import DistributionList, Mailbox, Recipient
from briefbuilder.delivery.subjects import SubjectError
from briefbuilder.errors import InvalidInput, Problem
from briefbuilder.layout.engine import LayoutOptions, lay_out
from briefbuilder.pipeline import build_brief

_BATCH_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One recipient's message, encoded: ``data`` is exactly what is written or sent."""

    recipient: Recipient
    message_id: str
    subject: str
    attachments: tuple[Attachment, ...]
    data: bytes

    @property
    def key(self) -> str:
        return self.recipient.mailbox.key


@dataclass(frozen=True, slots=True)
class Batch:
    id: str
    brief_id: str
    version: str
    list_name: str
    sender: Mailbox
    date: dt.datetime
    content: Mapping[str, str]  # audience -> digest of its laid-out Document (resume safety)
    outgoing: tuple[Outgoing, ...]


def default_batch_id(brief: Brief, dlist: DistributionList) -> str:
    """One batch per edition of a brief and list: re-running the same command resumes it."""
    raw = f"{brief.id}-v{brief.version}-{dlist.name}"
    return re.sub(r"[^A-Za-z0-9._-]+", "-", raw).strip("-.")[:128] or "batch"


def batch_id_problem(value: str) -> str | None:
    if _BATCH_ID.match(value):
        return None
    return "expected letters, digits, '.', '-' or '_' (at most 128), starting with a letter or digit"


def document_digest(brief: Brief, audience: Audience, options: LayoutOptions) -> str:
    """What an audience is sent, as a digest: if it changes mid-batch, recipients would differ."""
    document = lay_out(brief, audience, dataclasses.replace(options, prepared_for=None))
    return hashlib.sha256(repr(document).encode()).hexdigest()


def plan_batch(
    brief: Brief,
    audiences: Mapping[str, Audience],
    dlist: DistributionList,
    recipients: Sequence[Recipient],
    *,
    batch_id: str,
    options: LayoutOptions,
    date: dt.datetime,
    message_id_domain: str | None = None,
    max_bytes: int | None = None,
    max_bytes_source: str = "the configuration",
    brief_file: Path | None = None,
) -> Batch:
    """Build every recipient's message; raise InvalidInput listing every problem, before any is sent."""
    renderer = Renderer()
    domain = message_id_domain or dlist.sender.domain

    def variant(r: Recipient) -> tuple[str, str | None]:
        return (r.audience, r.name if r.prepared_for else None)

    # 1. Lay out (cheap) and render every subject: a template mistake shows before any writer runs.
    contents: dict[tuple[str, str | None], BodyContent] = {}
    wanted: dict[tuple[str, str | None], list[str]] = {}
    for r in recipients:
        key = variant(r)
        if key not in contents:
            opts = dataclasses.replace(options, prepared_for=key[1])
            contents[key] = messages.body_content(lay_out(brief, audiences[r.audience], opts))
        formats = wanted.setdefault(key, [])
        formats.extend(f for f in r.formats if f not in formats)
    problems: list[Problem] = []
    subjects: dict[str, str | None] = {}
    for r in recipients:
        content, audience = contents[variant(r)], audiences[r.audience]
        values = {
            "title": content.title,
            "subtitle": content.subtitle,
            "date": content.date,
            "marking": content.marking,
            "brief_id": brief.id,
            "version": brief.version,
            "audience": audience.label,
            "recipient": r.name,
        }
        subjects[r.mailbox.key] = _subject(renderer, audience, values, problems, brief, brief_file)
    if problems:
        raise InvalidInput(list(dict.fromkeys(problems)))  # one template error, not one per recipient

    # 2. Build: the very documents `briefbuilder build` writes (or one set per named recipient).
    docs: dict[tuple[str, str | None], dict[str, Attachment]] = {}
    for (aud_name, prepared_for), formats in wanted.items():
        opts = dataclasses.replace(options, prepared_for=prepared_for)
        artifacts = build_brief(brief, [audiences[aud_name]], formats, opts)
        docs[(aud_name, prepared_for)] = {
            a.fmt: Attachment(a.name, messages.mime_type(a.fmt), a.data) for a in artifacts
        }

    # 3. Compose and encode each message; check its size.
    extra_files: dict[Path, bytes] = {}
    outgoing = []
    for r in recipients:
        audience, content = audiences[r.audience], contents[variant(r)]
        attachments = [docs[variant(r)][f] for f in r.formats]
        names = {a.filename for a in attachments}
        for i, file in enumerate(r.attachments):
            if file not in extra_files:
                try:
                    extra_files[file] = file.read_bytes()
                except OSError as exc:
                    problems.append(r.problem(f"cannot read attachment {file}: {exc.strerror}"))
                    continue
            if file.name in names:
                problems.append(
                    r.problem(f"two attachments would be named {file.name!r}", f"attachments[{i}]")
                )
                continue
            names.add(file.name)
            kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            attachments.append(Attachment(file.name, kind, extra_files[file]))
        for a in attachments:
            if problem := header_problem(a.filename):
                problems.append(r.problem(f"attachment name {a.filename!r} {problem}"))
        subject = subjects[r.mailbox.key]
        assert subject is not None  # every subject rendered, or the batch stopped above
        text, html = renderer.bodies(
            content,
            {
                "audience": audience.label,
                "recipient": r.name,
                "attachments": [
                    {"filename": a.filename, "size": messages.human_size(len(a.data))} for a in attachments
                ],
            },
        )
        msg_id = messages.message_id(batch_id, r.mailbox, domain)
        try:
            msg = messages.compose(
                sender=dlist.sender,
                reply_to=dlist.reply_to,
                to=r.mailbox,
                subject=subject,
                text=text,
                html=html,
                attachments=attachments,
                msg_id=msg_id,
                date=date,
                language=content.language,
            )
            data = messages.encode(msg)
        except (ValueError, TypeError) as exc:  # the email package's own header checks, as a backstop
            problems.append(r.problem(f"cannot build the message: {exc}"))
            continue
        if differences := _round_trip(msg, data, dlist, r, subject, attachments):
            problems.append(r.problem(differences))
            continue
        if max_bytes is not None and len(data) > max_bytes:
            problems.append(
                r.problem(
                    f"the message is {len(data):,} bytes encoded, over the limit of {max_bytes:,} "
                    f"set by {max_bytes_source}; choose fewer formats for this recipient"
                )
            )
        outgoing.append(Outgoing(r, msg_id, subject, tuple(attachments), data))
    if problems:
        raise InvalidInput(problems)
    content_digests = {
        name: document_digest(brief, audiences[name], options)
        for name in sorted({r.audience for r in recipients})
    }
    return Batch(
        id=batch_id,
        brief_id=brief.id,
        version=brief.version,
        list_name=dlist.name,
        sender=dlist.sender,
        date=date,
        content=content_digests,
        outgoing=tuple(outgoing),
    )


def _round_trip(
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


def _subject(
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
