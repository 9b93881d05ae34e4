"""DOCX writer: translate a laid-out ``Document`` into .docx bytes with python-docx.

Every paragraph is in a named style (``docx_styles``: Title, heading 1, Body Text, List
Number, Quote, Brief Lead...) whose measures are the PDF's (``layout.metrics``): an exact line
pitch, the same spacing, indents, keep-with-next and widow control, so that Word and LibreOffice
break lines and pages where the PDF does. There is no direct formatting beyond inline emphasis
and citation marks (whose size follows the paragraph, as the PDF's superscripts do), and a few
things a style cannot say: a table's cells, the spacing dropped above the first heading after a
page break (as at the top of every PDF page), keeping a caption with its table.

What python-docx has no API for is written as OOXML in ``ooxml`` (runs, paragraph and table
properties, pictures with alt text), ``ooxml_fields`` (a TOC field whose result is already
filled in, with page numbers from the PDF's layout when the Document carries them) and
``ooxml_notes`` (footnotes). The section, its running head and foot are set up in ``docx_page``;
each block kind has its handler in ``docx_blocks``. ``docx_package`` writes the package's own
parts (styles, numbering, settings, fonts, properties) and makes the bytes reproducible. The
writer makes no content decisions: it meets each block once, in order, and a block kind it does
not know is an error.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable
from io import BytesIO
from typing import Any, ClassVar

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.shared import Emu

from briefbuilder.layout.document import (
    CITATION_SEPARATOR,
    BlockQuote,
    Contents,
    Document,
    Figure,
    Heading,
    Inline,
    ListBlock,
    Note,
    NoteRef,
    Notes,
    PageBreak,
    Para,
    Table,
    Text,
    TitleBlock,
)
from briefbuilder.layout.metrics import metrics, twips
from briefbuilder.layout.page import text_block_width
from briefbuilder.writers import UnhandledKind, docx_blocks, docx_custom, ooxml, ooxml_fields, ooxml_notes
from briefbuilder.writers.docx_package import Package, finish_package, paragraph_texts, prune
from briefbuilder.writers.docx_page import emu, set_up_page
from briefbuilder.writers.docx_reference import style_ids
from briefbuilder.writers.docx_scripts import ScriptPass
from briefbuilder.writers.docx_styles import STYLE_ROLES, heading_font_keys, hex_colour

__all__ = ["HANDLERS", "write_docx"]

_KEEP_WITH_NEXT = frozenset(("Heading 1", "Heading 2", "Caption", "Quote", "TOC Heading", "Captioned Figure"))


def write_docx(document: Document) -> bytes:
    """The .docx file for ``document``, byte-identical for identical input."""
    return DocxWriter(document).write()


class DocxWriter:
    """One use: build the python-docx document for one ``Document``, then serialise it."""

    def __init__(self, document: Document) -> None:
        self.source, self.look = document, document.look
        self.m = metrics(self.look)
        self.docx = docx.Document()
        self.part = self.docx.part
        self.end = self.docx.element.body.sectPr  # body paragraphs go just before it
        for p in self.docx.element.body.findall(ooxml.qn("w:p")):
            self.docx.element.body.remove(p)
        self.accent = hex_colour(self.look.accent)
        self.bookmarks = 0
        self.width = text_block_width(self.look)
        self.break_before = False  # a PageBreak block: the next paragraph starts a page
        self.keep_next = False  # the paragraph before is kept with this one: keep its lines together
        self.after_table: float | None = None  # the space the PDF leaves under the table just written
        self.previous: object = None  # the block before this one
        self.footnote_texts: dict[int, Note] = {n.number: n for n in document.footnotes}
        self.footnotes: Any = None  # the w:footnotes root, once the first footnote is written
        self.footnotes_part: XmlPart | None = None
        self.footnote_count = 0
        self.custom_marks = True  # the PDF's number as text: what readers and verify see
        self.note_anchors = {  # the notes this document prints, each with a bookmark
            f"note_{n.number}"
            for b in document.blocks
            if isinstance(b, Notes) and not b.as_footnotes
            for n in b.notes
        }
        self.restarts = 0  # numbered lists after the first start again at 1
        self.ids = style_ids(self.look.reference_docx)
        prune(self.docx)

    # --- whole document ----------------------------------------------------------------------
    def write(self) -> bytes:
        cover = any(isinstance(b, TitleBlock) and b.style == "page" for b in self.source.blocks)
        set_up_page(self.docx, self.look, self.source.meta, self.m.chrome, self.ids, cover=cover)
        self._setup_properties()
        handlers = self.handlers
        for block in self.source.blocks:
            handler = handlers.get(type(block))
            if handler is None:
                raise UnhandledKind("DOCX", "block", block)
            handler(self, block)
            self.previous = block
        scripts = self._scripts()
        buffer = BytesIO()
        self.docx.save(buffer)
        paragraphs = paragraph_texts(self.docx.element)  # app.xml's counts, from the tree saved
        # saved: the body's tree goes now, not beside the package's parts finish_package reads
        self.docx.element.body.clear()
        logo = next((b.logo for b in self.source.blocks if isinstance(b, TitleBlock) and b.logo), None)
        package = Package(
            document=self.source,
            cover=cover,
            logo=(self.m.logo_cover if cover else self.m.logo_block) if logo is not None else None,
            restarts=self.restarts,
            footnotes=self.footnotes is not None,
            fallback_fonts=tuple(scripts.used),
            paragraphs=paragraphs,
        )
        return finish_package(buffer.getvalue(), package)

    def _scripts(self) -> ScriptPass:
        """Fonts per character and right-to-left runs in every story (``docx_scripts``)."""
        headings = frozenset(self.ids[k] for k in heading_font_keys(self.m) if k in self.ids)
        scripts = ScriptPass(self.look, headings, self.source.meta.language)
        stories = [self.docx.element.body, *([self.footnotes] if self.footnotes is not None else [])]
        furniture = [
            r.target_part.element for r in self.part.rels.values() if r.reltype in (RT.HEADER, RT.FOOTER)
        ]
        scripts.run(stories, furniture)
        return scripts

    def _setup_properties(self) -> None:
        meta = self.source.meta
        created = meta.created.astimezone(dt.UTC) if meta.created.tzinfo else meta.created
        props = self.docx.core_properties
        props.title, props.author = _property(meta.title), _property(meta.author)
        props.subject, props.keywords = _property(meta.subject), _property(", ".join(meta.keywords))
        props.language = meta.language
        props.comments = ""  # the template's "generated by python-docx"
        props.created = props.modified = created
        props.last_modified_by = "briefbuilder"
        props.revision = 1

    # --- building blocks ---------------------------------------------------------------------
    def paragraph(self, style: str, text: str | None = None) -> Any:
        """A new body paragraph (``w:p``) in ``style``, with ``text`` as one plain run."""
        p = ooxml.new_paragraph(self.ids[style])
        self.end.addprevious(p)
        if self.keep_next:  # the PDF keeps a heading with the whole of what follows it
            ooxml.set_keep_lines(p)
        self.keep_next = style in _KEEP_WITH_NEXT
        if self.after_table is not None:  # a table has no space after: the PDF's, above this
            ooxml.set_spacing(p, before=twips(max(self.after_table, self._space_before(style))))
            self.after_table = None
        if self.break_before:  # the PDF drops the space above the first line of a page
            ooxml.set_page_break(p)
            self.break_before = False
        if text:
            ooxml.append_run(p, text)
        return p

    def _space_before(self, style: str) -> float:
        """The space above a paragraph in ``style`` (its measures', as its named style says)."""
        if style == "Captioned Figure":
            return self.m.figure_before
        role = STYLE_ROLES.get(style)
        return self.m.styles[role].before if role is not None else 0.0

    def bookmark(self, p: Any, name: str) -> None:
        self.bookmarks += 1
        ooxml_fields.add_bookmark(p, self.bookmarks, name)

    def inlines(self, p: Any, inlines: Iterable[Inline], role: str, part: Any = None) -> None:
        """Append ``inlines`` to paragraph ``p`` (in the style of metrics role ``role``, whose
        size sets the citations'); links are related from ``part`` (document or footnotes)."""
        part = part or self.part
        size = self.m.styles[role].size
        sup = (round(self.m.note_mark * 2), round(size))  # the PDF's <super>: the scale's smallest size
        previous: Inline | None = None
        for inline in inlines:
            if isinstance(inline, Text):
                parent, style_id = p, None
                if inline.href is not None:
                    r_id = part.relate_to(inline.href, RT.HYPERLINK, is_external=True)
                    parent, style_id = ooxml_fields.append_hyperlink(p, r_id=r_id), self.ids["Hyperlink"]
                ooxml.append_run(
                    parent, inline.text, bold=inline.bold, italic=inline.italic, style_id=style_id
                )
            elif isinstance(inline, NoteRef):
                if isinstance(previous, NoteRef):  # "3, 24", never "324"
                    ooxml.append_run(p, CITATION_SEPARATOR, style_id=self.ids["Citation"], raised=sup)
                self._note_ref(p, inline, sup)
            else:
                raise UnhandledKind("DOCX", "inline", inline)
            previous = inline

    def _note_ref(self, p: Any, ref: NoteRef, sup: tuple[int, int]) -> None:
        """A citation: a real footnote where layout put one, else a link to the source's note."""
        number = ref.label  # "3", or a range "3–5" linked to its first note
        if ref.footnote and ref.number in self.footnote_texts:
            note_id = self._footnote(self.footnote_texts[ref.number])
            mark = number if self.custom_marks else None
            ooxml_notes.append_footnote_reference(p, note_id, mark, self.ids["footnote reference"], sup)
        elif f"note_{ref.number}" in self.note_anchors:
            link = ooxml_fields.append_hyperlink(p, anchor=f"note_{ref.number}")
            ooxml.append_run(link, number, style_id=self.ids["Citation"], raised=sup)
        else:
            ooxml.append_run(p, number, style_id=self.ids["Citation"], raised=sup)

    def _footnote(self, note: Note) -> int:
        """Write ``note`` as the next footnote (creating the footnotes part on first use)."""
        if self.footnotes is None:
            self.footnotes = ooxml_notes.new_footnotes()
            self.footnotes_part = XmlPart(
                PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, self.footnotes, self.part.package
            )
            self.part.relate_to(self.footnotes_part, RT.FOOTNOTES)
        self.footnote_count += 1
        note_id = self.footnote_count
        body = ooxml_notes.append_footnote(self.footnotes, note_id)
        p = ooxml.new_paragraph(self.ids["footnote text"])
        body.append(p)
        size = self.m.styles["note"].size
        sup = (round(self.m.note_mark * 2), round(size))  # the scale's size, as in the text
        ooxml_notes.append_footnote_mark(p, None, self.ids["footnote reference"], sup)
        ooxml.append_run(p, " ")
        self.inlines(p, note.inlines, "note", part=self.footnotes_part)
        return note_id

    def picture(self, p: Any, data: bytes, alt: str, width_pt: float, height_pt: float) -> None:
        inline = self.part.new_pic_inline(
            io.BytesIO(data), width=Emu(emu(width_pt)), height=Emu(emu(height_pt))
        )
        ooxml.append_picture(p, inline, alt)

    # one handler per block kind: the registry a test checks against layout.document.Block
    handlers: ClassVar[dict[type, Callable[[DocxWriter, Any], None]]] = {
        TitleBlock: docx_blocks.title_block,
        Contents: docx_blocks.contents,
        PageBreak: docx_blocks.page_break,
        Heading: docx_blocks.heading,
        Para: docx_blocks.para,
        ListBlock: docx_blocks.list_block,
        Table: docx_blocks.table,
        BlockQuote: docx_blocks.quote,
        Figure: docx_blocks.figure,
        Notes: docx_blocks.notes,
        **docx_custom.HANDLERS,  # a brief's own sections: data tables, pictures
    }


HANDLERS = DocxWriter.handlers


def _property(value: str, limit: int = 255) -> str:
    """A core property as the format holds it: at most 255 characters (the document itself
    prints the whole title)."""
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def _auto_numbered(document: Document) -> bool:
    """Whether the n-th footnote in reading order is note n, so Word's own footnote numbers are
    the PDF's note numbers and no custom mark is needed."""
    wanted = {n.number for n in document.footnotes}
    seen: list[int] = []

    def visit(inlines: Iterable[Inline]) -> None:
        for i in inlines:
            if isinstance(i, NoteRef) and i.footnote and i.number in wanted:
                seen.append(i.number)

    for b in document.blocks:
        if isinstance(b, Para):
            visit(b.inlines)
        elif isinstance(b, ListBlock):
            for item in b.items:
                visit(item)
        elif isinstance(b, Table):
            for row in b.rows:
                for cell in row:
                    visit(cell)
        elif isinstance(b, BlockQuote):
            visit(b.inlines)
            visit(b.attribution)
        elif isinstance(b, Notes) and not b.as_footnotes:
            for n in b.notes:
                visit(n.inlines)
    return seen == list(range(1, len(seen) + 1))
