"""Inline markup for reportlab paragraphs, the only place text becomes markup (every string
escaped, the writer's own tags only: <b>, <i>, <a>, <super>, <font>), and what the PDF's links
say about where they lead."""

from __future__ import annotations

import re
from collections.abc import Collection

from briefbuilder.language.locale import LATIN, in_digits
from briefbuilder.layout.document import (
    CITATION_SEPARATOR,
    Document,
    Heading,
    Inline,
    Look,
    NoteRef,
    Notes,
    Text,
)
from briefbuilder.layout.metrics import metrics
from briefbuilder.writers import UnhandledKind
from briefbuilder.writers.xmltext import escape

_HEX = re.compile(r"#([0-9A-Fa-f]{2})([0-9A-Fa-f]{2})([0-9A-Fa-f]{2})")


def inline_markup(
    inlines: tuple[Inline, ...],
    look: Look,
    note_numbers: Collection[int],
    digits: str = LATIN,
    *,
    footnotes: Collection[int] = (),
) -> str:
    """The inlines as reportlab paragraph markup: every string escaped, only our own tags;
    citation marks in the accent colour, at one size in every style (the type scale's).

    A citation links to its note: the citation that carries a footnote to the footnote, any
    other to the note in the Sources list (``note_numbers``), or to the footnote when the list
    does not hold it (``footnotes``: the document's footnotes, printed at the foot of a page)."""
    accent, mark_size = markup_color(look.accent), metrics(look).note_mark
    parts: list[str] = []
    previous: Inline | None = None
    for inline in inlines:
        if isinstance(inline, NoteRef):
            n = int(inline.number)
            comma = (
                f'<font color="{accent}">{CITATION_SEPARATOR}</font>' if isinstance(previous, NoteRef) else ""
            )
            label = escape(in_digits(inline.label, digits))  # "3", or a range "3–5" to its first note
            if n in footnotes and (inline.footnote or n not in note_numbers):
                number = f'<a href="#fn_{n}" color="{accent}">{label}</a>'  # pdf_footnotes.footnote_target
            elif n in note_numbers:
                number = f'<a href="#note_{n}" color="{accent}">{label}</a>'
            else:  # a note this document does not print: no link to nowhere
                number = f'<font color="{accent}">{label}</font>'
            parts.append(f'<super size="{mark_size:g}">{comma}{number}</super>')
        elif isinstance(inline, Text):
            run = escape(inline.text)
            if inline.bold:
                run = f"<b>{run}</b>"
            if inline.italic:
                run = f"<i>{run}</i>"
            if inline.href:
                href = escape(inline.href, {'"': "&quot;"})
                run = f'<a href="{href}" color="{accent}" underline="1">{run}</a>'
            parts.append(run)
        else:
            raise UnhandledKind("PDF", "inline", inline)
        previous = inline
    return "".join(parts)


def markup_color(color: str) -> str:
    """A ``#RRGGBB`` colour as reportlab's markup reads it fastest, ``rgb(r,g,b)``: the same
    Color (r/255, ...), but a ``#`` form costs reportlab a failed ``literal_eval`` and more
    first, 25 µs for every link and citation mark. Any other form is left as it is."""
    m = _HEX.fullmatch(color)
    return f"rgb({int(m[1], 16)},{int(m[2], 16)},{int(m[3], 16)})" if m else color


def link_targets(document: Document) -> dict[str, tuple[str, bool]]:
    """What a link to each destination says (a link's /Contents and /Alt), and whether it is a
    citation (a Reference): "Go to section: Context", "Go to note 3", "Go to footnote 3"."""
    meta = document.meta
    targets = {
        b.anchor: (meta.section_link.format(title=b.text), False)
        for b in document.blocks
        if isinstance(b, Heading)
    }
    for block in document.blocks:
        if isinstance(block, Notes) and not block.as_footnotes:  # footnotes: printed as such
            targets.update(
                {
                    f"note_{int(n.number)}": (meta.note_link.format(number=int(n.number)), True)
                    for n in block.notes
                }
            )
    targets.update(
        {
            f"fn_{int(n.number)}": (meta.footnote_link.format(number=int(n.number)), True)
            for n in document.footnotes
        }
    )
    return targets
