"""The small inline markup a brief's text may use, parsed by briefbuilder itself.

``*emphasis*``, ``**strong**``, ``[text](https://url)`` and backslash escapes (``\\*``). Nothing
else is markup: ``<``, ``&`` and anything tag-like stay literal text in every output format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ALLOWED_SCHEMES = ("https://", "http://", "mailto:")
_TOKEN = re.compile(r"\\([\\*\[\]()_])|\*\*|\*|\[([^\]\n]+)\]\(((?:[^()\s]|\([^()\s]*\))+)\)")


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None


class MarkupError(ValueError):
    """Inline markup that cannot be made safe (e.g. a javascript: link)."""


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
            if not url.lower().startswith(ALLOWED_SCHEMES):
                raise MarkupError(f"link {url!r} is not allowed: only https, http and mailto links")
            flush()
            spans.append(Span(label, bold, italic, url))
    buf.append(text[pos:])
    flush()
    return tuple(_merge(spans))


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
