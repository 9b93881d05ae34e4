"""One e-mail per recipient: subject, plain-text and HTML bodies, and the built documents attached.

The bodies are taken from the laid-out ``Document`` of the recipient's audience, never from the
brief, so they can only say what that audience's documents say: an internal item left out of the
press documents cannot reach a press message. Templates are rendered by Jinja2 in a sandbox with
``StrictUndefined`` (a misspelt name fails instead of printing nothing) and autoescape for HTML.
Messages use ``policy.default`` (no raw line breaks in headers), are 7-bit clean (quoted-printable
text, base64 attachments, RFC 2047/2231 for non-ASCII names), and get MIME boundaries derived from
the Message-ID, so the same inputs and Date give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any, cast

from briefbuilder.brief.model import PartialDate
from briefbuilder.delivery.recipients import Mailbox
from briefbuilder.delivery.subjects import DEFAULT_SUBJECT, SUBJECT_NAMES, SubjectRenderer

__all__ = ["DEFAULT_SUBJECT", "SUBJECT_NAMES"]  # with the names below: kept here for callers
from briefbuilder.layout.document import Document, Heading, Inline, ListBlock, Para, Text, TitleBlock

MIME_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def mime_type(fmt: str) -> str:
    """The MIME type of a built format; a writer added later without an entry still gets one."""
    import mimetypes

    return MIME_TYPES.get(fmt) or mimetypes.guess_type(f"x.{fmt}")[0] or "application/octet-stream"


SMTP_POLICY = policy.SMTP  # policy.default with CRLF line ends: the bytes as they go on the wire


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    content_type: str  # e.g. "application/pdf"
    data: bytes


@dataclass(frozen=True, slots=True)
class BodyContent:
    """What a message body may say: only what the audience's Document holds."""

    title: str
    subtitle: str | None
    date: str
    marking: str | None
    contact: str | None
    language: str
    accent: str
    marking_color: str
    summary_heading: str
    summary: tuple[tuple[Text, ...], ...]
    facts_heading: str
    facts: tuple[tuple[Text, ...], ...]
    facts_ordered: bool


def body_content(document: Document) -> BodyContent:
    """The bottom line and key facts as the audience's Document lays them out (headings included)."""
    title = next((b for b in document.blocks if isinstance(b, TitleBlock)), None)
    # the title block's lines by cover field: their labels are in the brief's language
    meta = (
        dict(zip(title.fields, (value for _, value in title.meta), strict=False)) if title is not None else {}
    )
    created = document.meta.created
    sections = _sections(document)
    summary_heading, summary_blocks = sections.get("sec_summary", ("", []))
    facts_heading, facts_blocks = sections.get("sec_key_facts", ("", []))
    facts = next((b for b in facts_blocks if isinstance(b, ListBlock)), None)
    return BodyContent(
        title=document.meta.title,
        subtitle=title.subtitle if title is not None else None,
        date=meta.get("date")
        or document.meta.date_label
        or PartialDate(created.year, created.month, created.day).human(),
        marking=document.meta.marking,
        contact=meta.get("contact"),
        language=document.meta.language,
        accent=document.look.accent,
        marking_color=document.look.marking_color,
        summary_heading=summary_heading,
        summary=tuple(_runs(b.inlines) for b in summary_blocks if isinstance(b, Para)),
        facts_heading=facts_heading,
        facts=tuple(_runs(item) for item in facts.items) if facts is not None else (),
        facts_ordered=facts.ordered if facts is not None else True,
    )


def _sections(document: Document) -> dict[str, tuple[str, list[Any]]]:
    """Level-1 sections by anchor: (heading text, the blocks up to the next level-1 heading)."""
    out: dict[str, tuple[str, list[Any]]] = {}
    current: list[Any] | None = None
    for block in document.blocks:
        if isinstance(block, Heading) and block.level == 1:
            current = []
            out.setdefault(block.anchor, (block.text, current))
        elif current is not None:
            current.append(block)
    return out


def _runs(inlines: tuple[Inline, ...]) -> tuple[Text, ...]:
    """Text runs without citation numbers: the notes they point to are in the attachments."""
    return tuple(i for i in inlines if isinstance(i, Text))  # citations stay with the documents


# --- rendering ------------------------------------------------------------------------------------
_TEXT_BODY = """\
{% if marking %}
{{ marking }}

{% endif %}
{{ title }}
{% if subtitle %}
{{ subtitle }}
{% endif %}
{{ date }} | {{ audience }}

{% if summary %}
{{ summary_heading | upper }}

{% for paragraph in summary %}
{{ paragraph | plain | para }}

{% endfor %}
{% endif %}
{% if facts %}
{{ facts_heading | upper }}

{% for fact in facts %}
{{ fact | plain | item(loop.index if facts_ordered else none) }}
{% endfor %}

{% endif %}
The full briefing is attached:
{% for a in attachments %}
  - {{ a.filename }} ({{ a.size }})
{% endfor %}
{% if contact %}

Questions: {{ contact }}
{% endif %}
{% if marking %}

{{ marking }}
{% endif %}
"""

_HTML_BODY = """\
{% macro runs(items) %}{% for r in items %}{% if r.href %}<a href="{{ r.href }}">{% endif %}\
{% if r.bold %}<strong>{% endif %}{% if r.italic %}<em>{% endif %}{{ r.text }}\
{% if r.italic %}</em>{% endif %}{% if r.bold %}</strong>{% endif %}{% if r.href %}</a>{% endif %}\
{% endfor %}{% endmacro %}
<!DOCTYPE html>
<html lang="{{ language }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
</head>
<body style="margin:0;padding:24px;background:#ffffff;color:#222222;\
font-family:Georgia,'Times New Roman',serif;font-size:16px;line-height:1.5;">
<div style="max-width:640px;margin:0 auto;">
{% if marking %}
<p style="margin:0 0 16px;text-align:center;font-family:Arial,sans-serif;font-size:12px;\
font-weight:bold;letter-spacing:1px;color:{{ marking_color }};">{{ marking }}</p>
{% endif %}
<h1 style="margin:0;font-family:Arial,sans-serif;font-size:24px;line-height:1.25;\
color:{{ accent }};">{{ title }}</h1>
{% if subtitle %}
<p style="margin:6px 0 0;font-style:italic;">{{ subtitle }}</p>
{% endif %}
<p style="margin:8px 0 24px;font-family:Arial,sans-serif;font-size:13px;color:#555555;">\
{{ date }} &middot; {{ audience }}</p>
{% if summary %}
<h2 style="margin:24px 0 8px;font-family:Arial,sans-serif;font-size:18px;color:{{ accent }};">\
{{ summary_heading }}</h2>
{% for paragraph in summary %}
<p style="margin:0 0 12px;">{{ runs(paragraph) }}</p>
{% endfor %}
{% endif %}
{% if facts %}
<h2 style="margin:24px 0 8px;font-family:Arial,sans-serif;font-size:18px;color:{{ accent }};">\
{{ facts_heading }}</h2>
{% if facts_ordered %}<ol style="margin:0 0 12px;padding-left:24px;">{% else %}\
<ul style="margin:0 0 12px;padding-left:24px;">{% endif %}
{% for fact in facts %}
<li style="margin:0 0 8px;">{{ runs(fact) }}</li>
{% endfor %}
{% if facts_ordered %}</ol>{% else %}</ul>{% endif %}
{% endif %}
<p style="margin:24px 0 0;font-family:Arial,sans-serif;font-size:13px;color:#555555;">\
The full briefing is attached:
{% for a in attachments %}{{ a.filename }} ({{ a.size }}){% if not loop.last %}, {% endif %}{% endfor %}.</p>
{% if contact %}
<p style="margin:8px 0 0;font-family:Arial,sans-serif;font-size:13px;color:#555555;">\
Questions: {{ contact }}</p>
{% endif %}
{% if marking %}
<p style="margin:24px 0 0;text-align:center;font-family:Arial,sans-serif;font-size:12px;\
font-weight:bold;letter-spacing:1px;color:{{ marking_color }};">{{ marking }}</p>
{% endif %}
</div>
</body>
</html>
"""


def _plain(runs: Sequence[Text]) -> str:
    out = []
    for r in runs:
        out.append(r.text)
        if r.href and r.href.removeprefix("mailto:") != r.text:
            out.append(f" <{r.href}>")
    return "".join(out)


def _para(text: str) -> str:
    return textwrap.fill(" ".join(text.split()), width=72, break_long_words=False, break_on_hyphens=False)


def _item(text: str, number: int | None = None) -> str:
    """A list item with a hanging indent: '1. ' when numbered, '- ' when not."""
    lead = f"{number}. " if number is not None else "- "
    return textwrap.fill(
        " ".join(text.split()),
        width=72,
        initial_indent=lead,
        subsequent_indent=" " * len(lead),
        break_long_words=False,
        break_on_hyphens=False,
    )


class Renderer:
    """The Jinja2 environments: a sandbox, StrictUndefined, autoescape for HTML only.

    The body templates are briefbuilder's own; subjects come from audience files and get the
    stricter, bounded sandbox of ``subjects``."""

    def __init__(self) -> None:
        from jinja2 import StrictUndefined
        from jinja2.sandbox import SandboxedEnvironment

        common: dict[str, Any] = {"undefined": StrictUndefined, "keep_trailing_newline": True}
        self.text_env = SandboxedEnvironment(autoescape=False, trim_blocks=True, lstrip_blocks=True, **common)
        self.text_env.filters["plain"] = _plain
        self.text_env.filters["para"] = _para
        self.text_env.filters["item"] = _item
        self.html_env = SandboxedEnvironment(autoescape=True, trim_blocks=True, lstrip_blocks=True, **common)
        self._text = self.text_env.from_string(_TEXT_BODY)
        self._html = self.html_env.from_string(_HTML_BODY)
        self._subjects = SubjectRenderer()

    def bodies(self, content: BodyContent, context: dict[str, Any]) -> tuple[str, str]:
        values = {**_content_vars(content), **context}
        return self._text.render(values), self._html.render(values)

    def subject(self, template: str, values: dict[str, Any]) -> str:
        """Render a subject template (see ``subjects``); SubjectError for the caller to locate."""
        return self._subjects.render(template, values)


def _content_vars(c: BodyContent) -> dict[str, Any]:
    return {
        "title": c.title,
        "subtitle": c.subtitle,
        "date": c.date,
        "marking": c.marking,
        "contact": c.contact,
        "language": c.language,
        "accent": c.accent,
        "marking_color": c.marking_color,
        "summary_heading": c.summary_heading,
        "summary": c.summary,
        "facts_heading": c.facts_heading,
        "facts": c.facts,
        "facts_ordered": c.facts_ordered,
    }


def human_size(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{round(n / 1024)} KB"
    return f"{n / (1024 * 1024):.1f} MB"


# --- the message ----------------------------------------------------------------------------------
def message_id(batch_id: str, mailbox: Mailbox, domain: str) -> str:
    """Stable per (batch, recipient): a resend carries the same Message-ID, so it can be deduplicated."""
    token = hashlib.sha256(f"{batch_id}\n{mailbox.key}".encode()).hexdigest()[:32]
    return f"<{token}@{domain}>"


def compose(
    *,
    sender: Mailbox,
    reply_to: Mailbox | None,
    to: Mailbox,
    subject: str,
    text: str,
    html: str,
    attachments: Sequence[Attachment],
    msg_id: str,
    date: dt.datetime,
    language: str,
) -> EmailMessage:
    msg = EmailMessage(policy=policy.default)
    msg["From"] = sender.header()
    msg["To"] = to.header()
    if reply_to is not None:
        msg["Reply-To"] = reply_to.header()
    msg["Subject"] = subject
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = msg_id
    msg.set_content(text, subtype="plain", cte="quoted-printable")
    msg.add_alternative(html, subtype="html", cte="quoted-printable")
    for a in attachments:
        maintype, _, subtype = _declared_type(a).partition("/")
        msg.add_attachment(a.data, maintype=maintype, subtype=subtype, filename=a.filename)
        part = cast(EmailMessage, msg.get_payload()[-1])  # type: ignore[index]  # a multipart's parts
        part.set_param("name", a.filename, replace=True)  # older clients read the name from here
        if maintype == "text":
            part.set_param("charset", "utf-8", replace=True)
    msg["Content-Language"] = language  # after the parts: set_content would move it into one
    token = hashlib.sha256(msg_id.encode()).hexdigest()[:24]
    for i, part in enumerate(msg.walk()):
        if part is not msg:
            del part["MIME-Version"]  # only the top level carries it
        if part.is_multipart():
            part.set_boundary(f"=_{token}_{i}")  # "=_" cannot occur in base64 or quoted-printable
    return msg


def _declared_type(a: Attachment) -> str:
    """Text files go out as UTF-8 text (base64, so their bytes are kept); other text as bytes."""
    if a.content_type.startswith("text/"):
        try:
            a.data.decode("utf-8")
        except UnicodeDecodeError:
            return "application/octet-stream"
    return a.content_type


def encode(msg: EmailMessage) -> bytes:
    """The message as it goes on the wire (CRLF line ends); its length is the size SMTP limits."""
    return msg.as_bytes(policy=SMTP_POLICY)
