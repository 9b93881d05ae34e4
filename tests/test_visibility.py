"""One visibility rule for layout and editions: ``audience.visibility``.

Layout prints exactly the items ``shown_items`` names, and the section kinds are one set in the
templates, the visibility rule and layout's registry of handlers.
"""

from __future__ import annotations

from typing import get_args

import pytest

from briefbuilder.audience import visibility
from briefbuilder.audience.templates import DEFAULT_HEADINGS, SectionKey, SectionSpec, TemplateSet
from briefbuilder.brief import markup
from briefbuilder.brief.content import Wording
from briefbuilder.brief.loading import load_brief
from briefbuilder.brief.model import PartialDate, Quote
from briefbuilder.layout.document import dump
from briefbuilder.layout.engine import lay_out
from briefbuilder.layout.sections import SECTIONS
from conftest import AUDIENCES
from helpers import BRIEF, plain_typography


@pytest.fixture(scope="module")
def brief():
    return load_brief(BRIEF).brief


@pytest.fixture(scope="module")
def templates():
    return TemplateSet.default()


def test_one_set_of_section_kinds_in_templates_visibility_and_layout() -> None:
    keys = set(get_args(SectionKey))
    assert set(DEFAULT_HEADINGS) == keys
    assert set(visibility.SECTION_ITEMS) == keys, "a section kind without its visibility rule"
    assert set(SECTIONS) == keys, "a section kind without a layout handler"


def _texts(brief, audience) -> list[tuple[object, str]]:
    """Every item of the brief that prints its own text, with that text in the audience's wording."""
    items: list[object] = [*brief.key_judgments, *brief.key_facts, *brief.outlook, *brief.caveats]
    items += [p for sec in brief.context for p in sec.paragraphs]
    items += [*brief.statements, *(v for a in brief.analysis for v in a.views)]
    items += [q for a in brief.analysis for q in a.quotes]
    items += [*brief.recommendations, *(b for sec in brief.custom_sections for b in sec.blocks)]

    def worded(text: str) -> str:
        return text.for_audience(*audience.lineage) if isinstance(text, Wording) else text

    def text_of(item: object) -> str:
        text = getattr(item, "text", None) or getattr(item, "paragraph", None)
        if text is None and getattr(item, "quote", None) is not None:
            text = item.quote.text  # type: ignore[attr-defined]
        return markup.plain(worded(text or ""))

    out = [(i, text_of(i)) for i in items if text_of(i)]
    return out + [(e, markup.plain(e.event)) for e in brief.timeline]


@pytest.mark.parametrize("name", AUDIENCES)
def test_layout_prints_exactly_the_items_the_rule_shows(brief, templates, name: str) -> None:
    audience = templates.resolve(name)
    printed = plain_typography(dump(lay_out(brief, audience)))
    shown = {id(i) for i in visibility.shown_items(brief, audience)}
    for item, text in _texts(brief, audience):
        assert (plain_typography(text) in printed) == (id(item) in shown), (name, text[:60])


def test_each_section_takes_its_share_of_the_visible_items(brief, templates) -> None:
    analyst, press = templates.resolve("analyst"), templates.resolve("press")
    assert all(
        visibility.may_see(press, q) for q in visibility.statements(brief, press, SectionSpec("statements"))
    )
    assert not any(isinstance(i, Quote) and not i.on_record for i in visibility.shown_items(brief, press))
    assert not any(
        getattr(i, "release", "public") == "internal" for i in visibility.shown_items(brief, press)
    )
    recent = visibility.timeline(brief, analyst, SectionSpec("timeline", limit=3))
    every = visibility.timeline(brief, analyst, SectionSpec("timeline"))
    assert recent == every[-3:] and [e.date.sort_key() for e in every] == sorted(
        e.date.sort_key() for e in every
    )
    since = visibility.timeline(brief, analyst, SectionSpec("timeline", since=PartialDate(2025, 6)))
    assert since and all(e.date.sort_key() >= (2025, 6, 0) for e in since)
    first = visibility.analysis(brief, analyst, SectionSpec("analysis", quotes="first", views=False))
    assert sum(len(s.quotes) for s in first) == 1 and not any(s.views for s in first)
    assert all(s.views or s.quotes for s in visibility.analysis(brief, analyst, SectionSpec("analysis")))


def test_background_quotes_and_named_audiences_follow_the_one_rule(brief, templates) -> None:
    import dataclasses

    first, *rest = brief.statements
    background = dataclasses.replace(first, on_record=False)
    fact, *facts = brief.key_facts
    analysts_only = dataclasses.replace(fact, audiences=("analyst",))
    edited = dataclasses.replace(brief, statements=(background, *rest), key_facts=(analysts_only, *facts))
    for name, sees in (("analyst", True), ("press", False)):
        audience = templates.resolve(name)
        shown = {id(i) for i in visibility.shown_items(edited, audience)}
        printed = plain_typography(dump(lay_out(edited, audience)))
        for item in (background, analysts_only):
            assert (id(item) in shown) is sees, (name, item)
            assert (plain_typography(markup.plain(item.text)) in printed) is sees, (name, item)
