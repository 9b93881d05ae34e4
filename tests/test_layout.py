"""Layout makes every content decision once; the golden dump shows them to a reviewer.

Regenerate the golden file after an intended change with ``UPDATE_GOLDEN=1 pytest``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefbuilder.audiences import TemplateSet
from briefbuilder.document import Heading, ListBlock, NoteRef, Notes, Table, dump
from briefbuilder.layout import LayoutOptions, lay_out
from briefbuilder.loading import load_brief
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
    assert [row[0][0].text for row in table.rows] == [e.date_label or e.date.human() for e in order]


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
