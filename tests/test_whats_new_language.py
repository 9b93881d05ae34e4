"""The "What's new" box speaks the brief's language: every line a whole sentence from the
catalogues (named placeholders, plural forms for counts), dates and digits the language's own;
English stays as it was."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

import briefbuilder
from briefbuilder.audience.editions import diff_briefs, whats_new
from briefbuilder.audience.whats_new import CONFIDENCE, LINES, MORE, ONLY_COUNT
from briefbuilder.brief.loading import load_brief
from briefbuilder.language.labels import LOCALE_DIR, placeholders_of
from helpers import docx_text, pdf_text

EDITIONS = Path(__file__).parent / "fixtures" / "editions"
OLD, NEW = EDITIONS / "edition-1.yaml", EDITIONS / "edition-2.yaml"
LANGUAGES = ("en", "fr", "de", "es", "ru", "ar", "fa")


def _lines(language: str, limit: int = 6, new_brief: object = None) -> tuple[str, ...]:
    old, new = load_brief(OLD).brief, new_brief or load_brief(NEW).brief
    return whats_new(old, diff_briefs(old, new), limit=limit, language=language)  # type: ignore[arg-type]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_catalogue_translates_every_line_keeping_its_placeholders(language: str) -> None:
    from babel.messages.pofile import read_po

    with (LOCALE_DIR / language / "LC_MESSAGES" / "briefbuilder.po").open("rb") as f:
        catalog = read_po(f)
    for english in LINES.values():
        strings = catalog.get(english).string
        assert strings and placeholders_of(strings) == placeholders_of(english), (language, english)
    for singular, plural in (MORE, ONLY_COUNT):
        forms = catalog.get((singular, plural)).string
        assert len(forms) == catalog.num_plurals and all(forms), (language, singular)
        assert all(placeholders_of(form) <= {"count"} for form in forms)
    for word in CONFIDENCE:
        assert catalog.get(word, context="confidence").string, (language, word)


def test_english_lines_are_as_before() -> None:
    lines = _lines("en")
    assert lines[:2] == (
        "What's new since 11 September 2025 (version 1)",
        "New title: Why the US decided to normalize relations with Belarus",
    )
    assert lines[2].startswith("Updated fact: The US Embassy in Minsk has not actually been operating")
    assert lines[3].startswith("Updated on the timeline (February 2022): The US Embassy")


def test_french_lines_are_french_with_french_dates() -> None:
    lines = _lines("fr")
    assert lines[0] == "Nouveautés depuis le 11 septembre 2025 (version 1)"
    assert lines[1] == "Nouveau titre\u00a0: Why the US decided to normalize relations with Belarus"
    assert lines[2].startswith("Fait mis à jour\u00a0: The US Embassy in Minsk")
    assert lines[3].startswith("Mis à jour dans la chronologie (février 2022)\u00a0: The US Embassy")


def test_the_count_of_the_rest_takes_the_language_plural_and_digits() -> None:
    old = load_brief(OLD).brief
    facts = tuple(
        dataclasses.replace(old.key_facts[0], id=f"f{i}", text=f"Fact number {i}.") for i in range(10)
    )
    new = dataclasses.replace(old, key_facts=old.key_facts + facts)
    assert _lines("en", 4, new)[-1] == "And 7 more changes."
    assert _lines("ru", 4, new)[-1] == "И ещё 7 изменений."
    assert _lines("ru", 6, new)[-1] == "И ещё 5 изменений."
    assert _lines("de", 4, new)[-1] == "Und 7 weitere Änderungen."
    assert _lines("fa", 4, new)[-1] == "و ۷ تغییر دیگر."  # Persian digits (CLDR: arabext)
    assert _lines("en", 1, new)[-1] == "10 changes: see the brief."
    assert _lines("ar", 1, new)[-1] == "10 تغييرات: انظر الوثيقة."  # Arabic 'few' (3-10); CLDR: latn


def test_a_revised_confidence_is_told_in_the_language() -> None:
    old = load_brief(OLD).brief
    judgment = old.key_judgments[0]
    raised = "high" if judgment.confidence != "high" else "low"
    new = dataclasses.replace(
        old, key_judgments=(dataclasses.replace(judgment, confidence=raised), *old.key_judgments[1:])
    )
    before = judgment.confidence or "(none)"
    english = _lines("en", new_brief=new)[1]
    assert english.startswith(f"Revised judgment (confidence: {before} -> {raised}): ")
    german = _lines("de", new_brief=new)[1]
    words = {"low": "gering", "moderate": "mittel", "high": "hoch", "(none)": "(keines)"}
    assert german.startswith(f"Überarbeitete Einschätzung (Vertrauen: {words[before]} → {words[raised]}): ")


def test_a_french_edition_prints_french_lines_in_both_formats() -> None:
    old, new = (dataclasses.replace(load_brief(path).brief, language="fr") for path in (OLD, NEW))
    files = briefbuilder.render(new, audience=["analyst"], previous=old)
    assert {f.name.rsplit(".", 1)[1] for f in files} == {"docx", "pdf"}
    for f in files:
        text = (docx_text if f.name.endswith(".docx") else pdf_text)(f.data)
        text = re.sub(r"[\s\u00a0]+", " ", text)
        assert "Nouveau titre : Why the US decided" in text, f.name
        assert "Fait mis à jour : The US Embassy" in text, f.name
        assert "New title:" not in text and "Updated fact:" not in text, f.name
