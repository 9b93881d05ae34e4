"""Distribution lists: who gets which audience's briefing, in which formats.

A list is strict YAML typed by the dataclasses below, like a brief, so every problem is reported
with file:line:col and a field path before anything is built or sent. Addresses are checked so that
the header carries exactly what was written: one plain ASCII address, no defects, and a round trip
that gives the same text back (Python's header parser otherwise truncates or splits bad input).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from email.headerregistry import Address, HeaderRegistry
from pathlib import Path

from briefbuilder.brief.assets import resolve_asset
from briefbuilder.brief.fields import doc
from briefbuilder.brief.typed import Converter, read_typed
from briefbuilder.brief.yamlnodes import problem_at
from briefbuilder.delivery.headers import header_problem
from briefbuilder.errors import InvalidInput, Problem

_GROUP_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_REGISTRY = HeaderRegistry()
DEFAULT_FORMATS: tuple[str, ...] = ("pdf", "docx")


# --- the file as written ------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class MailboxSpec:
    address: str = field(metadata=doc("E-mail address, e.g. briefings@example.org."))
    name: str | None = field(default=None, metadata=doc("Display name, e.g. 'Briefings desk'."))


@dataclass(frozen=True, slots=True)
class GroupSpec:
    id: str = field(metadata=doc("Short name recipients refer to, e.g. 'principals'."))
    description: str | None = field(default=None, metadata=doc("What the group is, for readers."))
    audience: str | None = field(default=None, metadata=doc("Audience its members get by default."))
    formats: tuple[str, ...] | None = field(
        default=None, metadata=doc("Formats its members get by default, in order, e.g. [pdf, docx].")
    )
    prepared_for: bool | None = field(
        default=None, metadata=doc("Print 'Prepared for <name>' in its members' documents.")
    )
    attachments: tuple[str, ...] = field(
        default=(), metadata=doc("Extra files for its members, relative to the list file.")
    )


@dataclass(frozen=True, slots=True)
class RecipientSpec:
    name: str = field(metadata=doc("Full name, used in the To header and 'Prepared for'."))
    address: str = field(metadata=doc("E-mail address."))
    audience: str | None = field(default=None, metadata=doc("Audience; default: the groups' audience."))
    groups: tuple[str, ...] = field(default=(), metadata=doc("Ids of the groups the recipient is in."))
    formats: tuple[str, ...] | None = field(
        default=None, metadata=doc("Preferred formats, in order; default: the group's or the list's.")
    )
    prepared_for: bool | None = field(
        default=None, metadata=doc("Print 'Prepared for <name>' in this recipient's documents.")
    )


@dataclass(frozen=True, slots=True)
class DistributionSpec:
    sender: MailboxSpec = field(metadata=doc("The From of every message."))
    recipients: tuple[RecipientSpec, ...] = field(metadata=doc("Everyone on the list."))
    name: str | None = field(default=None, metadata=doc("Name of the list; default: the file name."))
    reply_to: MailboxSpec | None = field(default=None, metadata=doc("Where replies go, if not the sender."))
    formats: tuple[str, ...] = field(
        default=DEFAULT_FORMATS, metadata=doc("Default formats for everyone, in order.")
    )
    prepared_for: bool = field(
        default=False, metadata=doc("Default for 'Prepared for <name>' in the documents.")
    )
    groups: tuple[GroupSpec, ...] = field(default=(), metadata=doc("Named groups of recipients."))


# --- the list resolved --------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Mailbox:
    """A checked address and its display name."""

    address: str
    name: str | None = None

    @property
    def key(self) -> str:
        """Identity of the mailbox for duplicates and the journal (case is not significant)."""
        return self.address.lower()

    @property
    def domain(self) -> str:
        return self.address.rpartition("@")[2]

    def header(self) -> Address:
        return Address(display_name=self.name or "", addr_spec=self.address)


@dataclass(frozen=True, slots=True)
class Recipient:
    """One recipient with every choice made: audience, formats, personalization, extra files."""

    mailbox: Mailbox
    audience: str
    formats: tuple[str, ...]
    prepared_for: bool
    groups: tuple[str, ...]
    attachments: tuple[Path, ...]
    where: Problem  # file, line, column and field path of the entry; message unused

    @property
    def name(self) -> str:
        return self.mailbox.name or self.mailbox.address

    @property
    def key(self) -> str:
        return self.mailbox.key

    def problem(self, message: str, path: str = "") -> Problem:
        """A problem located at this recipient's entry in the list."""
        w = self.where
        return Problem(w.file, w.line, w.column, f"{w.path}.{path}" if path else w.path, message)


@dataclass(frozen=True, slots=True)
class DistributionList:
    name: str
    file: Path
    sender: Mailbox
    reply_to: Mailbox | None
    recipients: tuple[Recipient, ...]

    def select(self, audience: str | None = None, group: str | None = None) -> tuple[Recipient, ...]:
        return tuple(
            r
            for r in self.recipients
            if (audience is None or r.audience == audience) and (group is None or group in r.groups)
        )

    @property
    def group_ids(self) -> tuple[str, ...]:
        return tuple(sorted({g for r in self.recipients for g in r.groups}))


# --- checks shared with message building (header_problem: see delivery.headers) -------------------
def address_problem(raw: str) -> str | None:
    """Why ``raw`` is not exactly one plain e-mail address, or None when it is."""
    bad = header_problem(raw)
    if bad:
        return bad
    if not raw.isascii():
        return (
            f"{raw!r} has non-ASCII characters; write the domain in its ASCII form (xn--...); "
            "non-ASCII mailbox names are not supported"
        )
    try:
        header = _REGISTRY("To", raw)
        addresses = header.addresses  # type: ignore[attr-defined]  # an AddressHeader, by the registry
    except Exception:  # the parser raises several types on odd input; any of them means "not an address"
        return f"{raw!r} is not an e-mail address"
    if len(addresses) != 1:
        return f"{raw!r} holds {len(addresses)} addresses; give exactly one"
    found = addresses[0]
    if found.display_name:
        return f"{raw!r} has a display name; put the bare address here and the name under 'name'"
    if header.defects or found.addr_spec != raw:
        return f"{raw!r} is not a valid e-mail address (it would be read as {found.addr_spec!r})"
    if not found.username or not found.domain:
        return f"{raw!r} is not a valid e-mail address"
    if found.domain.startswith("[") or "." not in found.domain:
        return f"{raw!r} needs a full domain name after the @, e.g. example.org"
    return None


# --- loading --------------------------------------------------------------------------------------
def load_distribution(
    path: str | Path, audiences: Collection[str], formats: Collection[str]
) -> DistributionList:
    """Read, type and check a distribution list; raise InvalidInput listing every problem."""
    path = Path(path)
    spec, conv = read_typed(path, DistributionSpec)
    result = _Resolver(spec, conv, path, sorted(audiences), sorted(formats)).run()
    if conv.problems:
        raise InvalidInput(conv.problems)
    return result


class _Resolver:
    """What types alone cannot say: addresses, known audiences and formats, groups, duplicates."""

    def __init__(
        self, spec: DistributionSpec, conv: Converter, path: Path, audiences: list[str], formats: list[str]
    ) -> None:
        self.spec, self.conv, self.path = spec, conv, path
        self.audiences, self.formats = audiences, formats

    def error(self, path: str, message: str) -> None:
        self.conv.problems.append(problem_at(self.conv.file, self.conv.nodes.get(path), path, message))

    def mailbox(self, spec: MailboxSpec, path: str) -> Mailbox:
        problem = address_problem(spec.address)
        if problem:
            self.error(f"{path}.address", problem)
        if spec.name is not None and (problem := header_problem(spec.name)):
            self.error(f"{path}.name", problem)
        return Mailbox(spec.address, spec.name)

    def audience(self, value: str, path: str) -> None:
        if value not in self.audiences:
            self.error(path, f"unknown audience {value!r}{_suggest(value, self.audiences)}")

    def format_list(self, values: tuple[str, ...], path: str) -> None:
        if not values:
            self.error(path, f"give at least one format; known: {', '.join(self.formats)}")
        for i, f in enumerate(values):
            if f not in self.formats:
                self.error(f"{path}[{i}]", f"unknown format {f!r}{_suggest(f, self.formats)}")
        if len(set(values)) != len(values):
            self.error(path, "a format is listed twice")

    def run(self) -> DistributionList:
        spec = self.spec
        sender = self.mailbox(spec.sender, "sender")
        reply_to = self.mailbox(spec.reply_to, "reply_to") if spec.reply_to is not None else None
        self.format_list(spec.formats, "formats")
        groups = self.groups()
        recipients = []
        seen: dict[str, int] = {}
        if not spec.recipients:
            self.error("recipients", "the list has no recipients")
        for i, r in enumerate(spec.recipients):
            recipient = self.recipient(r, f"recipients[{i}]", groups)
            key = recipient.mailbox.key
            if key in seen:
                self.error(
                    f"recipients[{i}].address",
                    f"{r.address!r} is already on the list (recipients[{seen[key]}]); "
                    "each person gets one message",
                )
            seen.setdefault(key, i)
            recipients.append(recipient)
        name = spec.name or self.path.stem
        return DistributionList(name, self.path, sender, reply_to, tuple(recipients))

    def groups(self) -> dict[str, tuple[GroupSpec, tuple[Path, ...]]]:
        out: dict[str, tuple[GroupSpec, tuple[Path, ...]]] = {}
        for i, g in enumerate(self.spec.groups):
            path = f"groups[{i}]"
            if not _GROUP_ID.match(g.id):
                self.error(f"{path}.id", "must be lower-case letters, digits, '-' or '_'")
            if g.id in out:
                self.error(f"{path}.id", f"duplicate group id {g.id!r}")
            if g.audience is not None:
                self.audience(g.audience, f"{path}.audience")
            if g.formats is not None:
                self.format_list(g.formats, f"{path}.formats")
            files = []
            for j, ref in enumerate(g.attachments):
                where = f"{path}.attachments[{j}]"
                try:
                    file = resolve_asset(
                        self.path.parent,
                        ref,
                        problem_path=where,
                        file=self.conv.file,
                        node=self.conv.nodes.get(where),
                    )
                except InvalidInput as exc:
                    self.conv.problems.extend(exc.problems)
                    continue
                if bad := header_problem(file.name):
                    self.error(where, f"the file name {bad}")
                files.append(file)
            out.setdefault(g.id, (g, tuple(files)))
        return out

    def recipient(
        self, r: RecipientSpec, path: str, groups: dict[str, tuple[GroupSpec, tuple[Path, ...]]]
    ) -> Recipient:
        mailbox = self.mailbox(MailboxSpec(r.address, r.name), path)
        member_of: list[GroupSpec] = []
        attachments: list[Path] = []
        for j, gid in enumerate(r.groups):
            if gid not in groups:
                self.error(f"{path}.groups[{j}]", f"unknown group {gid!r}{_suggest(gid, list(groups))}")
                continue
            group, files = groups[gid]
            member_of.append(group)
            attachments.extend(f for f in files if f not in attachments)
        audience = r.audience
        if audience is not None:
            self.audience(audience, f"{path}.audience")
        else:
            given = {g.audience for g in member_of if g.audience is not None}
            if len(given) > 1:
                self.error(
                    path,
                    f"its groups give different audiences ({', '.join(sorted(given))}); "
                    "set 'audience' for this recipient",
                )
            elif not given:
                self.error(path, "no audience: set 'audience', or add the recipient to a group that has one")
            audience = min(given) if given else ""
        formats = r.formats
        if formats is not None:
            self.format_list(formats, f"{path}.formats")
        else:
            given_formats = {g.formats for g in member_of if g.formats is not None}
            if len(given_formats) > 1:
                self.error(path, "its groups give different formats; set 'formats' for this recipient")
            formats = min(given_formats) if given_formats else self.spec.formats
        prepared = r.prepared_for
        if prepared is None:
            flags = [g.prepared_for for g in member_of if g.prepared_for is not None]
            prepared = any(flags) if flags else self.spec.prepared_for
        node = self.conv.nodes.get(path)
        where = problem_at(self.conv.file, node, path, "")
        return Recipient(
            mailbox=mailbox,
            audience=audience,
            formats=formats,
            prepared_for=prepared,
            groups=tuple(g.id for g in member_of),
            attachments=tuple(attachments),
            where=where,
        )


def _suggest(word: str, known: list[str]) -> str:
    close = difflib.get_close_matches(word, known, n=1)
    return f"; did you mean {close[0]!r}?" if close else f"; known: {', '.join(known) or 'none'}"
