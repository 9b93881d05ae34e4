"""Inline markup for reportlab paragraphs, the only place text becomes markup (every string
escaped, the writer's own tags only: <b>, <i>, <a>, <super>, <font>), and what the PDF's links
say about where they lead."""

from __future__ import annotations

from briefbuilder.layout.document import Document, Heading, Inline, NoteRef, Notes, Text
from briefbuilder.writers import UnhandledKind
from briefbuilder.writers.xmltext import escape


def inline_markup(inlines: tuple[Inline, ...], accent: str, note_numbers: set[int]) -> str:
    """The inlines as reportlab paragraph markup: every string escaped, only our own tags."""
    parts: list[str] = []
    previous: Inline | None = None
    for inline in inlines:
        if isinstance(inline, NoteRef):
            n = int(inline.number)
            comma = f'<font color="{accent}">,</font>' if isinstance(previous, NoteRef) else ""
            if n in note_numbers:
                number = f'<a href="#note_{n}" color="{accent}">{n}</a>'
            else:  # a note this document does not print: no link to nowhere
                number = f'<font color="{accent}">{n}</font>'
            parts.append(f"<super>{comma}{number}</super>")
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


def link_targets(document: Document) -> dict[str, tuple[str, bool]]:
    """What a link to each destination says (a link's /Contents and /Alt), and whether it is a
    citation (a Reference): "Go to section: Context", "Go to note 3"."""
    targets = {
        b.anchor: (f"Go to section: {b.text}", False) for b in document.blocks if isinstance(b, Heading)
    }
    for block in document.blocks:
        if isinstance(block, Notes):
            targets.update(
                {f"note_{int(n.number)}": (f"Go to note {int(n.number)}", True) for n in block.notes}
            )
    return targets
