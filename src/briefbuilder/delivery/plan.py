"""Brief × distribution list → a batch: everything checked up front, then messages built one at a time.

``plan_batch`` lays out each audience once, renders and checks every subject, and checks every
name that reaches a header, so a template or list mistake stops the batch before any document is
built. ``Plan.messages`` then builds, encodes and checks each recipient's message (documents as
``briefbuilder build`` makes them: once per audience, or once per recipient for "Prepared for
<name>"), and yields it for the caller to write or spool and drop: memory does not grow with the
list (5,000 recipients of ~340 KB each would otherwise hold 1.7 GB). A problem with one message is
recorded and the others are still built, so one run reports every problem; the iteration then
ends with InvalidInput, before the caller has published or sent anything.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import mimetypes
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from briefbuilder.audience.templates import Audience
from briefbuilder.brief.model import Brief
from briefbuilder.delivery import messages
from briefbuilder.delivery.checks import render_subject, round_trip_problem
from briefbuilder.delivery.headers import header_problem
from briefbuilder.delivery.messages import Attachment, BodyContent, Renderer
from briefbuilder.delivery.recipients import DistributionList, Mailbox, Recipient
from briefbuilder.errors import InvalidInput, OutputError, Problem
from briefbuilder.layout.engine import LayoutOptions
from briefbuilder.pipeline import build_brief, document_for

_BATCH_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


@dataclass(frozen=True, slots=True)
class AttachmentInfo:
    """What a message carries, without the bytes: for the manifest and the progress lines."""

    filename: str
    content_type: str
    size: int
    sha256: str


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One recipient's encoded message: in memory (``body``) or spooled to a file (``path``)."""

    recipient: Recipient
    message_id: str
    subject: str
    attachments: tuple[AttachmentInfo, ...]
    size: int
    sha256: str
    body: bytes | None = dataclasses.field(default=None, repr=False)
    path: Path | None = None

    @classmethod
    def of(
        cls,
        recipient: Recipient,
        message_id: str,
        subject: str,
        data: bytes,
        attachments: Iterable[Attachment] = (),
    ) -> Outgoing:
        infos = tuple(
            AttachmentInfo(a.filename, a.content_type, len(a.data), hashlib.sha256(a.data).hexdigest())
            for a in attachments
        )
        return cls(recipient, message_id, subject, infos, len(data), hashlib.sha256(data).hexdigest(), data)

    @property
    def key(self) -> str:
        return self.recipient.mailbox.key

    @property
    def data(self) -> bytes:
        """The exact bytes to write or send; a spooled copy is checked against the digest taken
        when the message was built and verified, so what goes out is what was checked."""
        if self.body is not None:
            return self.body
        if self.path is None:
            raise ValueError("metadata only: the message's bytes were not kept")
        try:
            data = self.path.read_bytes()
        except OSError as exc:
            raise OutputError(f"{self.path}: cannot read the spooled message: {exc.strerror}") from None
        if hashlib.sha256(data).hexdigest() != self.sha256:
            raise OutputError(f"{self.path}: the spooled message changed after it was checked; not sent")
        return data

    def spooled(self, path: Path) -> Outgoing:
        return dataclasses.replace(self, body=None, path=path)

    def metadata(self) -> Outgoing:
        """This message without its bytes (a few hundred bytes of metadata, for a manifest)."""
        return dataclasses.replace(self, body=None, path=None)


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


def document_digest(
    brief: Brief, audience: Audience, options: LayoutOptions, previous: Brief | None = None
) -> str:
    """What an audience is sent, as a digest: if it changes mid-batch, recipients would differ."""
    document = document_for(brief, audience, dataclasses.replace(options, prepared_for=None), previous)
    return hashlib.sha256(repr(document).encode()).hexdigest()


@dataclass
class Plan:
    """A batch checked up to its messages; ``messages()`` builds them one at a time."""

    id: str
    brief: Brief
    audiences: Mapping[str, Audience]
    dlist: DistributionList
    recipients: tuple[Recipient, ...]
    options: LayoutOptions
    date: dt.datetime
    domain: str
    max_bytes: int | None
    max_bytes_source: str
    renderer: Renderer
    contents: dict[str, BodyContent]  # per audience: a "Prepared for" line is not in the body
    subjects: dict[str, str]  # per recipient key
    content: dict[str, str]  # per audience: digest of its documents (journal.check_content)
    previous: Brief | None = None  # the previous edition: documents open with "What's new"

    def batch(self, outgoing: Iterable[Outgoing]) -> Batch:
        d = self.dlist
        return Batch(
            self.id,
            self.brief.id,
            self.brief.version,
            d.name,
            d.sender,
            self.date,
            self.content,
            tuple(outgoing),
        )

    def build_all(self) -> Batch:
        """Every message in memory, for small lists and tests; the command streams ``messages()``."""
        return self.batch(list(self.messages()))

    def messages(self) -> Iterator[Outgoing]:
        """Build, encode and check each recipient's message, in list order; InvalidInput at the
        end if any could not be (those are not yielded)."""
        shared: dict[str, dict[str, Attachment]] = {}  # documents per audience, built on first need
        extra_files: dict[Path, bytes] = {}
        problems: list[Problem] = []
        for r in self.recipients:
            if r.prepared_for:  # built for this recipient alone, then dropped
                docs = self._build(r.audience, r.formats, r.name)
            else:
                if r.audience not in shared:
                    wanted = dict.fromkeys(  # every format anyone sharing these documents wants
                        f
                        for x in self.recipients
                        if x.audience == r.audience and not x.prepared_for
                        for f in x.formats
                    )
                    shared[r.audience] = self._build(r.audience, tuple(wanted), None)
                docs = shared[r.audience]
            attachments = [docs[f] for f in r.formats]
            attachments += self._extra_files(r, {a.filename for a in attachments}, extra_files, problems)
            out = self._message(r, attachments, problems)
            if out is not None:
                yield out
        if problems:
            raise InvalidInput(problems)

    def _build(
        self, audience: str, formats: Sequence[str], prepared_for: str | None
    ) -> dict[str, Attachment]:
        opts = dataclasses.replace(self.options, prepared_for=prepared_for)
        artifacts = build_brief(self.brief, [self.audiences[audience]], list(formats), opts, self.previous)
        return {a.fmt: Attachment(a.name, messages.mime_type(a.fmt), a.data) for a in artifacts}

    def _extra_files(
        self, r: Recipient, names: set[str], cache: dict[Path, bytes], problems: list[Problem]
    ) -> list[Attachment]:
        """The recipient's groups' files (read once per batch), after the documents."""
        out = []
        for i, file in enumerate(r.attachments):
            if file not in cache:
                try:
                    cache[file] = file.read_bytes()
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
            out.append(Attachment(file.name, kind, cache[file]))
        return out

    def _message(
        self, r: Recipient, attachments: list[Attachment], problems: list[Problem]
    ) -> Outgoing | None:
        """Compose, encode and check one message; None (and a problem recorded) if it cannot go."""
        for a in attachments:
            if problem := header_problem(a.filename):
                problems.append(r.problem(f"attachment name {a.filename!r} {problem}"))
                return None
        audience, content, subject = (
            self.audiences[r.audience],
            self.contents[r.audience],
            self.subjects[r.key],
        )
        text, html = self.renderer.bodies(
            content,
            {
                "audience": audience.label,
                "recipient": r.name,
                "attachments": [
                    {"filename": a.filename, "size": messages.human_size(len(a.data))} for a in attachments
                ],
            },
        )
        msg_id = messages.message_id(self.id, r.mailbox, self.domain)
        try:
            msg = messages.compose(
                sender=self.dlist.sender,
                reply_to=self.dlist.reply_to,
                to=r.mailbox,
                subject=subject,
                text=text,
                html=html,
                attachments=attachments,
                msg_id=msg_id,
                date=self.date,
                language=content.language,
            )
            data = messages.encode(msg)
        except (ValueError, TypeError) as exc:  # the email package's own header checks, as a backstop
            problems.append(r.problem(f"cannot build the message: {exc}"))
            return None
        if differences := round_trip_problem(msg, data, self.dlist, r, subject, attachments):
            problems.append(r.problem(differences))
            return None
        if self.max_bytes is not None and len(data) > self.max_bytes:
            problems.append(
                r.problem(
                    f"the message is {len(data):,} bytes encoded, over the limit of {self.max_bytes:,} "
                    f"set by {self.max_bytes_source}; choose fewer formats for this recipient"
                )
            )
            return None
        return Outgoing.of(r, msg_id, subject, data, attachments)


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
    previous: Brief | None = None,
) -> Plan:
    """Lay out each audience and render every subject; raise InvalidInput listing every problem.

    Cheap (no document is built), so a template mistake shows before any writer runs."""
    renderer = Renderer()
    names = sorted({r.audience for r in recipients})
    contents = {
        name: messages.body_content(
            document_for(brief, audiences[name], dataclasses.replace(options, prepared_for=None), previous)
        )
        for name in names
    }
    problems: list[Problem] = []
    subjects: dict[str, str] = {}
    for r in recipients:
        content, audience = contents[r.audience], audiences[r.audience]
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
        subject = render_subject(renderer, audience, values, problems, brief, brief_file)
        if subject is not None:
            subjects[r.key] = subject
    if problems:
        raise InvalidInput(list(dict.fromkeys(problems)))  # one template error, not one per recipient
    return Plan(
        id=batch_id,
        brief=brief,
        audiences=audiences,
        dlist=dlist,
        recipients=tuple(recipients),
        options=options,
        date=date,
        domain=message_id_domain or dlist.sender.domain,
        max_bytes=max_bytes,
        max_bytes_source=max_bytes_source,
        renderer=renderer,
        contents=contents,
        subjects=subjects,
        content={name: document_digest(brief, audiences[name], options, previous) for name in names},
        previous=previous,
    )
