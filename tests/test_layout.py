"""Layout makes every content decision once; the golden dump shows them to a reviewer.

Regenerate the golden file after an intended change with ``UPDATE_GOLDEN=1 pytest``.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from briefbuilder.audience.templates import TemplateSet
from briefbuilder.brief.loading import load_brief
from briefbuilder.layout.document import (
    Contents,
    Figure,
    Heading,
    ListBlock,
    NoteRef,
    Notes,
    PageBreak,
    Table,
    TitleBlock,
    dump,
)
from briefbuilder.layout.engine import LayoutOptions, lay_out
from helpers import BRIEF

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def brief():
    return load_brief(BRIEF).brief


@pytest.fixture(scope="module")
def templates():
    return TemplateSet.default()


def test_analyst_layout_matches_golden_dump(brief, templates) -> None:
    text = dump(lay_out(brief, templates.resolve("analyst")))
    golden = GOLDEN / "us-belarus-normalization-analyst.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text, "utf-8")
    assert text == golden.read_text("utf-8")


def test_citations_are_numbered_in_order_of_first_use_and_all_resolve(brief, templates) -> None:
    doc = lay_out(brief, templates.resolve("analyst"))
    refs: list[int] = []
    for block in doc.blocks:
        for inline in _inlines(block):
            if isinstance(inline, NoteRef) and inline.number not in refs:
                refs.append(inline.number)
    assert refs == list(range(1, len(refs) + 1))
    notes = next(b for b in doc.blocks if isinstance(b, Notes))
    assert [n.number for n in notes.notes] == refs
    assert len(refs) == len(brief.sources)


def test_timeline_is_sorted_by_date(brief, templates) -> None:
    doc = lay_out(brief, templates.resolve("analyst"))
    table = next(b for b in doc.blocks if isinstance(b, Table))
    assert len(table.rows) == len(brief.timeline)
    order = sorted(brief.timeline, key=lambda e: e.date.sort_key())
    typographic = str.maketrans({"\u2019": "'", "\u00a0": " "})  # layout's apostrophes and spaces
    shown = [row[0][0].text.translate(typographic) for row in table.rows]
    assert shown == [e.date_label or e.date.human() for e in order]


def test_heading_anchors_are_unique_and_valid_bookmark_names(brief, templates) -> None:
    doc = lay_out(brief, templates.resolve("analyst"))
    anchors = [b.anchor for b in doc.blocks if isinstance(b, Heading)]
    assert len(anchors) == len(set(anchors))
    assert all(a[0].isalpha() and a.replace("_", "").isalnum() and len(a) <= 40 for a in anchors)


def test_source_date_epoch_sets_the_creation_date(brief, templates) -> None:
    aud = templates.resolve("analyst")
    assert lay_out(brief, aud).meta.created.isoformat() == "2025-09-11T00:00:00+00:00"
    fixed = lay_out(brief, aud, LayoutOptions(source_date_epoch=86400)).meta.created
    assert fixed.isoformat() == "1970-01-02T00:00:00+00:00"


def test_key_facts_are_a_numbered_list_with_a_citation_each(brief, templates) -> None:
    doc = lay_out(brief, templates.resolve("analyst"))
    facts = next(b for b in doc.blocks if isinstance(b, ListBlock) and b.ordered)
    assert len(facts.items) == len(brief.key_facts)
    assert all(any(isinstance(i, NoteRef) for i in item) for item in facts.items)


def _inlines(block):
    for name in ("inlines", "attribution"):
        yield from getattr(block, name, ())
    for item in getattr(block, "items", ()):
        yield from item
    for row in getattr(block, "rows", ()):
        for cell in row:
            yield from cell


def test_footnotes_mark_the_first_citation_of_each_source_only(brief, templates) -> None:
    doc = lay_out(brief, templates.resolve("analyst"))
    seen: set[int] = set()
    flagged = []
    for block in doc.blocks:
        for inline in _inlines(block):
            if isinstance(inline, NoteRef):
                assert inline.footnote == (inline.number not in seen)
                if inline.footnote:
                    flagged.append(inline.number)
                seen.add(inline.number)
    assert flagged == list(range(1, len(brief.sources) + 1))
    notes = next(b for b in doc.blocks if isinstance(b, Notes))
    assert doc.footnotes == notes.notes  # the same text under the same number


def test_endnote_audiences_have_no_footnotes(brief, templates) -> None:
    doc = lay_out(brief, templates.resolve("press"))
    assert doc.footnotes == ()
    assert not any(i.footnote for b in doc.blocks for i in _inlines(b) if isinstance(i, NoteRef))


def test_citations_are_left_out_when_there_is_no_sources_list_to_point_to(brief, templates) -> None:
    press = templates.resolve("press")
    no_list = dataclasses.replace(press, sections=tuple(s for s in press.sections if s.key != "sources"))
    doc = lay_out(brief, no_list)
    assert not any(isinstance(i, NoteRef) for b in doc.blocks for i in _inlines(b))


def test_contents_list_the_headings_that_follow_and_a_cover_page_breaks_after_them(brief, templates) -> None:
    doc = lay_out(brief, templates.resolve("analyst"))
    kinds = [type(b).__name__ for b in doc.blocks[:4]]
    assert kinds == ["TitleBlock", "Contents", "PageBreak", "Heading"]
    contents = doc.blocks[1]
    headings = [b for b in doc.blocks if isinstance(b, Heading)]
    assert [(e.level, e.text, e.anchor) for e in contents.entries] == [
        (h.level, h.text, h.anchor) for h in headings
    ]
    executive = lay_out(brief, templates.resolve("executive"))
    assert not any(isinstance(b, Contents | PageBreak | Figure) for b in executive.blocks)


def test_cover_none_leaves_the_title_block_out(brief, templates) -> None:
    aud = dataclasses.replace(templates.resolve("press"), cover="none")
    assert not any(isinstance(b, TitleBlock) for b in lay_out(brief, aud).blocks)


def test_running_header_date_and_footer_reference_come_from_the_brief(brief, templates) -> None:
    meta = lay_out(brief, templates.resolve("press")).meta
    assert meta.date_label == "11 September 2025"
    assert meta.reference == "us-belarus-normalization, version 1.0"
