"""Footnotes in the PDF, where the DOCX has them: each source's first citation carries its note at
the foot of the page the citation is on, under a short rule, in the DOCX's footnote text style;
a line that does not fit on a page together with its note moves to the next page with it; each
footnote is a tagged Note (Lbl, P) after the citation's Reference, and the citation links to it."""

from __future__ import annotations

import dataclasses
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefbuilder.layout.document import Document, Heading, Note, NoteRef, Notes, Para, Text, plain_text
from briefbuilder.layout.metrics import metrics
from briefbuilder.layout.page import margins
from briefbuilder.writers.pdf import render_pdf
from conftest import make_sample_document
from test_pdf_tagging_support import HARBOUR, SHIPPED, Node, Tagged, build

ANALYSTS = [(SHIPPED, "analyst"), (HARBOUR, "analyst")]
IDS = ["us-belarus", "harbour"]
FILLER = (
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut "
    "labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco."
)
LONG_NOTE = (
    "A source note long enough to take three lines at the foot of the page in the footnote style, "
    "so that a line citing it near the bottom of a page cannot stay there together with it; its "
    "citation then moves to the next page, and the note with it."
)


@dataclass(frozen=True)
class Chunk:
    """A piece of text as drawn: its baseline, font size and text, in drawing order."""

    y: float
    size: float
    text: str


def chunks(page: object) -> list[Chunk]:
    out: list[Chunk] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        if text.strip():
            out.append(Chunk(cm[1] * tm[4] + cm[3] * tm[5] + cm[5], size, text))

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    return out


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def footnote_pages(tagged: Tagged) -> dict[int, int]:
    """Footnote number -> the page (1-based) its Note is drawn on; each Note on one page only."""
    out = {}
    for note in tagged.elements("/Note"):
        ident = str(note.obj.ID)
        if ident.startswith("footnote-"):
            pages = {page for node in note.walk() for page, _mcid in node.mcids}
            assert len(pages) == 1, (ident, pages)
            out[int(ident.split("-")[1])] = pages.pop() + 1
    return out


def parent_of(tagged: Tagged, target: Node) -> Node:
    return next(n for n in tagged.root.walk() if any(k is target for k in n.kids))


# --- the shipped analyst briefs ------------------------------------------------------------------
@pytest.mark.parametrize(("brief", "audience"), ANALYSTS, ids=IDS)
def test_each_footnote_is_a_note_after_its_citation_on_the_citations_page(brief: Path, audience: str) -> None:
    built = build(brief, audience)
    tagged = Tagged(built.pdf)
    pages = footnote_pages(tagged)
    assert sorted(pages) == [n.number for n in built.document.footnotes]  # every footnote, once
    page_ids = [p.objgen for p in tagged.pages]
    for note in (n for n in tagged.elements("/Note") if str(n.obj.ID).startswith("footnote-")):
        number = int(str(note.obj.ID).split("-")[1])
        assert [k.role for k in note.kids] == ["/Lbl", "/P"] and all(k.mcids for k in note.kids)
        siblings = parent_of(tagged, note).kids
        reference = siblings[siblings.index(note) - 1]  # the citation that carries it, just before
        assert reference.role == "/Reference" and reference.kids[0].role == "/Link"
        (annot,) = reference.kids[0].annots
        assert str(annot.Contents) == f"Go to footnote {number}"
        on_page = next(
            i for i, p in enumerate(tagged.pages) for a in p.get("/Annots", []) if a.objgen == annot.objgen
        )
        assert on_page + 1 == pages[number]  # the note is on the page of its citation...
        assert page_ids.index(annot.Dest[0].objgen) + 1 == pages[number]  # ...which links to it


@pytest.mark.parametrize(("brief", "audience"), ANALYSTS, ids=IDS)
def test_footnotes_are_printed_below_the_body_text_with_the_notes_text(brief: Path, audience: str) -> None:
    built = build(brief, audience)
    pages = footnote_pages(Tagged(built.pdf))
    reader = PdfReader(io.BytesIO(built.pdf))
    look = built.document.look
    top, _r, bottom, _l = margins(look)
    height = float(reader.pages[0].mediabox.height)
    note_size = metrics(look).styles[metrics(look).footnotes.role].size
    texts = {n.number: squash(plain_text(n.inlines)) for n in built.document.footnotes}
    for page_number in sorted(set(pages.values())):
        drawn = [c for c in chunks(reader.pages[page_number - 1]) if bottom <= c.y <= height - top]
        first_mark = next(i for i, c in enumerate(drawn) if c.size < 6)  # footnotes come last
        body, notes = drawn[:first_mark], drawn[first_mark:]
        assert {c.size for c in notes} <= {note_size, note_size * metrics(look).footnotes.mark_scale}
        # the rule and its room between the lowest line of the body and the first note
        assert min(c.y for c in body) - max(c.y for c in notes) > note_size + 5
        here = [n for n, p in pages.items() if p == page_number]
        marks = [c.text.strip() for c in notes if c.size < 6]
        assert marks == [str(n) for n in here]  # the notes' own numbers, in citation order
        printed = squash("".join(c.text for c in notes))
        for number in here:
            assert texts[number][:60] in printed


def test_the_sources_list_still_holds_every_note(shipped) -> None:
    reader = PdfReader(io.BytesIO(shipped["us-belarus-normalization-analyst.pdf"]))
    last = squash(reader.pages[-1].extract_text())
    assert "Sources" in reader.pages[-1].extract_text()
    for number in range(1, 9):
        assert f"{number}." in last


# --- layout: a line goes on a page together with its footnote -------------------------------------
def document(blocks: list[object], notes: tuple[Note, ...]) -> Document:
    sample = make_sample_document()
    listed = Notes(notes)
    return dataclasses.replace(
        sample, blocks=(*blocks, Heading(1, "Sources", "sec_sources"), listed), footnotes=notes
    )


def filler(n: int) -> list[Para]:
    return [Para((Text(FILLER),)) for _ in range(n)]


def cited(note: int = 1) -> Para:
    return Para((Text(FILLER + " The claim that needs a source is here."), NoteRef(note, footnote=True)))


def placements(doc: Document) -> tuple[dict[int, int], dict[int, int], PdfReader]:
    """(footnote -> page of its note, footnote -> page of its citation, the PDF)."""
    data = render_pdf(doc).data
    tagged = Tagged(data)
    notes = footnote_pages(tagged)
    cites = {}
    for page_index, page in enumerate(tagged.pages):
        for annot in page.get("/Annots", []):
            text = str(annot.get("/Contents", ""))
            if text.startswith("Go to footnote"):
                cites.setdefault(int(text.split()[-1]), page_index + 1)
    return notes, cites, PdfReader(io.BytesIO(data))


def test_a_citation_near_the_foot_of_a_page_takes_its_long_note_to_the_next_page_with_it() -> None:
    notes = (Note(1, (Text(LONG_NOTE),)),)
    moved = kept = 0
    for n in range(14, 22):  # the citing paragraph's last line walks down page 1 and over
        doc = document([*filler(n), cited(), *filler(2)], notes)
        note_pages, cite_pages, reader = placements(doc)
        assert note_pages == cite_pages  # always on the citation's page
        if cite_pages[1] == 1:
            kept += 1
        else:
            moved += 1
            # page 1 was filled up to where the citation's line did not fit with its note
            look = doc.look
            body = [c for c in chunks(reader.pages[0]) if margins(look)[2] <= c.y <= 780]
            note_room = 3 * metrics(look).styles["note"].leading + 7
            assert (
                min(c.y for c in body) - margins(look)[2]
                < note_room + 2 * metrics(look).styles["body"].leading
            )
    assert kept and moved


def test_a_heading_kept_with_its_paragraph_moves_with_it_when_the_paragraphs_note_does_not_fit() -> None:
    notes = (Note(1, (Text(LONG_NOTE),)),)
    for n in range(12, 20):
        doc = document([*filler(n), Heading(1, "Kept heading", "sec_kept"), cited()], notes)
        rendered = render_pdf(doc)
        note_pages, cite_pages, _reader = placements(doc)
        assert rendered.heading_pages["sec_kept"] == cite_pages[1] == note_pages[1]


def test_several_footnotes_stack_in_citation_order_and_follow_a_paragraph_across_pages() -> None:
    notes = tuple(Note(i, (Text(f"Note {i}: " + LONG_NOTE),)) for i in range(1, 5))
    para = Para(
        tuple(x for i in range(1, 5) for x in (Text(FILLER + " " + FILLER), NoteRef(i, footnote=True)))
    )
    crossed = 0
    for n in range(8, 16):
        note_pages, cite_pages, _reader = placements(document([*filler(n), para, *filler(3)], notes))
        assert note_pages == cite_pages
        crossed += sorted(set(note_pages.values())) == [1, 2]  # the paragraph crosses the page
    assert crossed


def test_an_audience_without_a_sources_list_gets_footnotes_only_and_every_citation_links_to_one() -> None:
    sample = make_sample_document()
    listed = next(b for b in sample.blocks if isinstance(b, Notes)).notes
    cite = Para(
        (Text("A claim."), NoteRef(1, footnote=True), NoteRef(2, footnote=True), Text(" Again."), NoteRef(1))
    )
    doc = dataclasses.replace(
        sample, blocks=(cite, Notes(listed, title="Notes", as_footnotes=True)), footnotes=listed
    )
    note_pages, cite_pages, reader = placements(doc)
    assert note_pages == cite_pages == {1: 1, 2: 1}
    text = " ".join(reader.pages[0].extract_text().split())
    assert "BelTA, “Title”, 11 September 2025." in text
    assert "Notes" not in text  # the footnotes' text is not printed a second time
    dests = [a.get_object() for a in reader.pages[0]["/Annots"] if "/Dest" in a.get_object()]
    assert len(dests) == 3  # the later citation of note 1 leads to its footnote too


def test_a_document_with_footnotes_is_laid_out_once(layout_passes: list[int]) -> None:
    document = build(SHIPPED, "analyst").document  # builds the PDF too, unless cached
    layout_passes.clear()
    render_pdf(document)
    assert len(layout_passes) == 1


def test_the_notes_are_not_copied_when_platypus_copies_the_frame(monkeypatch: pytest.MonkeyPatch) -> None:
    """platypus deep-copies the frame to measure every KeepTogether (a heading and what follows
    it): copying the notes' paragraphs each time made the analyst PDF 60 % slower."""
    import copy

    from briefbuilder.writers import pdf_footnotes

    frames = []
    real = pdf_footnotes.FootnoteFrame.__init__

    def keep(self, *args, **kwargs):
        real(self, *args, **kwargs)
        frames.append(self)

    monkeypatch.setattr(pdf_footnotes.FootnoteFrame, "__init__", keep)
    render_pdf(build(HARBOUR, "analyst").document)
    (frame,) = frames
    assert copy.deepcopy(frame).area is frame.area


def test_a_heading_whose_kept_paragraphs_notes_fill_a_page_is_set_with_its_parts_apart() -> None:
    """The notes of a heading's paragraph can be taller than a page (a large body size, a long
    marking): kept whole it fits nowhere, so its parts go on one by one (a build, not an error)."""
    notes = tuple(Note(i, (Text(" ".join([LONG_NOTE] * 6)),)) for i in range(1, 7))
    para = Para(tuple(x for i in range(1, 7) for x in (Text(FILLER), NoteRef(i, footnote=True))))
    doc = document([*filler(3), Heading(1, "Kept heading", "sec_kept"), para], notes)
    note_pages, cite_pages, reader = placements(doc)
    assert len(reader.pages) >= 3
    assert note_pages == cite_pages
