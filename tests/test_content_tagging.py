"""The tagged PDF of a brief with its own sections: a picture is a Figure with its alt text, a data
table a Table with its header rows of TH and rows of TD, and every text is content or a
pagination artifact (a header row repeated on a later page)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefbuilder.layout.document import DataTable, Picture
from test_pdf_tagging_support import ROOT, Built, Tagged, build

FERRY = ROOT / "tests" / "fixtures" / "content" / "river-ferry-fares.yaml"


@pytest.fixture(params=["analyst", "press"])
def built(request: pytest.FixtureRequest) -> Built:
    return build(FERRY, request.param)


def test_a_picture_is_a_figure_with_its_alt_text(built: Built) -> None:
    tagged = Tagged(built.pdf)
    alts = {str(f.obj.get("/Alt", "")) for f in tagged.elements("/Figure")}
    pictures = [b for b in built.document.blocks if isinstance(b, Picture)]
    assert pictures and all(p.image.alt in alts for p in pictures)


def test_a_data_table_is_a_table_of_header_and_data_cells(built: Built) -> None:
    tagged = Tagged(built.pdf)
    tables = [b for b in built.document.blocks if isinstance(b, DataTable)]
    found = [t for t in tagged.elements("/Table") if t.kids and t.kids[0].role == "/Caption"]
    captioned = [t for t in tables if t.caption]
    assert len(found) >= len(captioned)
    for elem, block in zip(found[-len(captioned) :], captioned, strict=True):
        rows = [k for k in elem.kids if k.role == "/TR"]
        assert len(rows) == len(block.header) + len(block.rows)
        for tr in rows[: len(block.header)]:
            assert {c.role for c in tr.kids} == {"/TH"}
        for tr in rows[len(block.header) :]:
            assert {c.role for c in tr.kids} == {"/TD"}


def test_every_text_is_tagged(built: Built) -> None:
    tagged = Tagged(built.pdf)
    assert tagged.nesting_errors == []
    for artifacts in tagged.artifacts:
        for props, text in artifacts:
            if text.strip():
                assert props.get("/Type") == "/Pagination", (props, text)
    for node in tagged.root.walk():
        if node.role not in ("/TD", "/TH", "/TR", "/Document"):
            assert node.kids or node.mcids or node.annots, node.role


def test_the_texts_of_the_own_sections_are_in_the_structure(built: Built) -> None:
    text = " ".join(" ".join(n.text.split()) for n in Tagged(built.pdf).root.walk() if n.role == "/Document")
    for words in ("Fares and passengers by route, 2025", "Harbour, Old Town", "Ferry passengers a year"):
        assert words in text, words


def test_the_pdfua_checker_finds_nothing(built: Built, tmp_path: Path) -> None:
    pdfua = pytest.importorskip("pdfua")
    path = tmp_path / "ferry.pdf"
    path.write_bytes(built.pdf)
    report = pdfua.validate(str(path))
    assert [(f.rule_id, f.message) for f in report.findings] == []
    assert report.exit_code == 0 and not report.skipped
