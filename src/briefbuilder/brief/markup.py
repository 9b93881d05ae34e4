"""The small inline markup a brief's text may use, parsed by briefbuilder itself.

``*emphasis*``, ``**strong**``, ``[text](https://url)`` and backslash escapes (``\\*``). Nothing
else is markup: ``<``, ``&`` and anything tag-like stay literal text in every output format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

ALLOWED_SCHEMES = ("https://", "http://", "mailto:")
WEB_SCHEMES = ("https", "http")
_NOT_IN_URL = re.compile(r"[\s<>\"\\`{}|^\x00-\x1f\x7f]")
_TOKEN = re.compile(r"\\([\\*\[\]()_])|\*\*|\*|\[([^\]\n]+)\]\(((?:[^()\s]|\([^()\s]*\))+)\)")


@dataclass(frozen=True, slots=True)
class Span:
    """A run of plain text (never markup) with its emphasis and optional link target: the one
    run type, parsed here and laid out as ``layout.document.Text``."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None  # only https, http or mailto URLs reach here


class MarkupError(ValueError):
    """Inline markup that cannot be made safe (e.g. a javascript: link); ``url`` is the culprit."""

    def __init__(self, message: str, url: str | None = None) -> None:
        super().__init__(message)
        self.url = url


def parse(text: str) -> tuple[Span, ...]:
    """Split ``text`` into styled spans; unmatched ``*`` stay literal. Raises MarkupError."""
    spans: list[Span] = []
    buf: list[str] = []
    bold = italic = False
    # Only treat * / ** as toggles when a closing partner exists, so "5 * 3" stays literal.
    stars = _balanced_markers(text)

    def flush() -> None:
        if buf:
            spans.append(Span("".join(buf), bold, italic))
            buf.clear()

    pos = 0
    for m in _TOKEN.finditer(text):
        buf.append(text[pos : m.start()])
        pos = m.end()
        tok = m.group(0)
        if m.group(1) is not None:
            buf.append(m.group(1))
        elif tok in ("*", "**"):
            if m.start() not in stars:
                buf.append(tok)
                continue
            flush()
            if tok == "**":
                bold = not bold
            else:
                italic = not italic
        else:
            label, url = m.group(2), m.group(3)
            problem = link_problem(url, (*WEB_SCHEMES, "mailto"))
            if problem:
                raise MarkupError(problem, url)
            flush()
            spans.append(Span(label, bold, italic, url))
    buf.append(text[pos:])
    flush()
    return tuple(_merge(spans))


def link_problem(url: str, schemes: tuple[str, ...] = WEB_SCHEMES) -> str | None:
    """Why ``url`` may not become a link, or None. Only the given schemes (never javascript:,
    data: or file:), a host for web links, an address for mailto, and no characters that a URL
    must percent-encode."""
    allowed = " and ".join(", ".join(schemes).rsplit(", ", 1))
    refused = f"link {_short(url)} is not allowed: only {allowed} links"
    try:
        parts = urlsplit(url)
    except ValueError:
        return f"{refused}, and this one cannot be parsed"
    scheme = parts.scheme.lower()
    if scheme not in schemes:
        return refused
    bad = _NOT_IN_URL.search(url)
    if bad:
        return f"link {_short(url)} contains {bad.group()!r}; write it percent-encoded (e.g. %20 for a space)"
    if scheme == "mailto":
        if "@" not in parts.path:
            return f"link {_short(url)} has no e-mail address after 'mailto:'"
    elif not url[len(scheme) :].startswith("://") or not parts.hostname:
        return f"link {_short(url)} has no host; write it as {scheme}://host/path"
    return None


def _short(text: str) -> str:
    shown = repr(text)
    return shown if len(shown) <= 80 else shown[:76] + "...'"


def plain(text: str) -> str:
    """The text without markup, as a reader sees it."""
    return "".join(s.text for s in parse(text))


def _balanced_markers(text: str) -> set[int]:
    """Offsets of * and ** markers that have a partner of the same kind."""
    opens: dict[str, int | None] = {"*": None, "**": None}
    ok: set[int] = set()
    for m in _TOKEN.finditer(text):
        tok = m.group(0)
        if tok not in opens:
            continue
        start = opens[tok]
        if start is None:
            opens[tok] = m.start()
        else:
            ok.update((start, m.start()))
            opens[tok] = None
    return ok


def _merge(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for s in spans:
        if not s.text:
            continue
        if (
            out
            and s.href is None
            and out[-1].href is None
            and (out[-1].bold, out[-1].italic)
            == (
                s.bold,
                s.italic,
            )
        ):
            out[-1] = Span(out[-1].text + s.text, s.bold, s.italic)
        else:
            out.append(s)
    return out
