"""The loader types values by the schema, refuses YAML's traps, and gathers every problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefbuilder.brief.loading import load_brief, parse_brief
from briefbuilder.brief.model import PartialDate
from briefbuilder.errors import InvalidInput
from helpers import BRIEF

MINIMAL = """\
id: minimal
title: T
date: "2025-09-11"
summary: S
sources:
  - id: a
    outlet: A
    kind: other
key_facts:
  - text: F
    sources: [a]
"""


def test_shipped_brief_loads_without_warnings() -> None:
    loaded = load_brief(BRIEF)
    assert loaded.warnings == ()
    assert loaded.brief.id == "us-belarus-normalization"
    assert loaded.brief.date == PartialDate(2025, 9, 11)


def test_yaml_11_implicit_types_stay_text() -> None:
    text = MINIMAL.replace("outlet: A", "outlet: NO").replace("title: T", "title: 1.10") + "version: 1.10\n"
    brief = parse_brief(text, "b.yaml").brief
    assert brief.sources[0].outlet == "NO"
    assert brief.title == "1.10"
    assert brief.version == "1.10"


def test_unquoted_date_is_typed_by_the_schema() -> None:
    brief = parse_brief(MINIMAL.replace('"2025-09-11"', "2025-09-11"), "b.yaml").brief
    assert brief.date == PartialDate(2025, 9, 11)


def test_all_problems_are_reported_at_once() -> None:
    text = MINIMAL.replace("kind: other", "kind: nope") + "titel: x\nlanguage: [en]\n"
    with pytest.raises(InvalidInput) as info:
        parse_brief(text, "b.yaml")
    paths = [p.path for p in info.value.problems]
    assert paths == ["sources[0].kind", "titel", "language"]
    assert all(p.line is not None and p.column is not None for p in info.value.problems)


def test_uncited_source_is_a_warning_not_an_error() -> None:
    text = MINIMAL.replace(
        "sources:\n  - id: a", "sources:\n  - id: b\n    outlet: B\n    kind: other\n  - id: a"
    )
    loaded = parse_brief(text, "b.yaml")
    assert [(w.path, w.severity) for w in loaded.warnings] == [("sources[0].id", "warning")]
    assert "'b' is never cited" in loaded.warnings[0].message


def test_duplicate_source_ids_and_unknown_speakers_are_errors() -> None:
    text = MINIMAL + (
        "statements:\n  - text: Q\n    speaker: colle\n    sources: [a]\n"
        "people:\n  - id: cole\n    name: John Cole\n"
    )
    with pytest.raises(InvalidInput) as info:
        parse_brief(text, "b.yaml")
    (problem,) = info.value.problems
    assert problem.path == "statements[0].speaker"
    assert "did you mean 'cole'" in problem.message
    assert (problem.line, problem.column) == (14, 14)


def test_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.encode())
    assert load_brief(path).brief.id == "minimal"


def test_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * (5 * 1024 * 1024 + 1))
    with pytest.raises(InvalidInput, match="the limit is"):
        load_brief(path)


def test_missing_file_is_a_clear_problem(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="file not found"):
        load_brief(tmp_path / "nope.yaml")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025", PartialDate(2025)),
        ("2025-06", PartialDate(2025, 6)),
        ("2025-09-11", PartialDate(2025, 9, 11)),
    ],
)
def test_partial_dates(text: str, expected: PartialDate) -> None:
    assert PartialDate.parse(text) == expected


@pytest.mark.parametrize("text", ["2025-02-30", "25-01-01", "2025/01/01", "2025-00"])
def test_impossible_dates_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        PartialDate.parse(text)
