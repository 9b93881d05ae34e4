"""Tagged PDF (PDF/UA-1), read back: the structure tree follows the Document, every byte of page
content is tagged or an artifact, the ParentTree and the links agree with the tree, and readers
(pdfinfo, the pdfua checker) see what the reader of the page sees. For every shipped audience of
the shipped brief and of a brief of another shape (tests/fixtures/briefs/harbour-flood-barrier)."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest

from briefbuilder.layout.document import (
    Figure,
    Heading,
    ListBlock,
    Notes,
    Para,
    Table,
    TitleBlock,
    plain_text,
)
from briefbuilder.writers.pdf import render_pdf
from test_pdf_tagging_support import CASE_IDS, CASES, SHIPPED, Built, Tagged, build

pytestmark = pytest.mark.parametrize(("brief", "audience"), CASES, ids=CASE_IDS)
needs_poppler = pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler's pdfinfo not installed")


@pytest.fixture
def built(brief: Path, audience: str) -> Built:
    return build(brief, audience)


@pytest.fixture
def tagged(built: Built) -> Tagged:
    return Tagged(built.pdf)


@pytest.fixture
def pdf_file(built: Built, tmp_path: Path) -> Path:
    path = tmp_path / "brief.pdf"
    path.write_bytes(built.pdf)
    return path


def test_the_document_read_here_is_the_one_the_pdf_was_built_from(built: Built) -> None:
    assert render_pdf(built.document).data == built.pdf


# --- the structure tree ------------------------------------------------------------------------
def test_tree_is_document_then_sections_each_opened_by_its_h1(tagged: Tagged, built: Built) -> None:
    root = tagged.root
    assert root.role == "/Document"
    kinds = [k.role for k in root.kids]
    first_sect = kinds.index("/Sect")
    assert set(kinds[:first_sect]) <= {"/P", "/Table", "/TOC", "/Figure"}  # cover, contents
    for sect in (k for k in root.kids if k.role == "/Sect"):
        assert sect.kids[0].role == "/H1"
        assert [k.role for k in sect.kids].count("/H1") == 1
    headings = [b for b in built.document.blocks if isinstance(b, Heading)]
    assert len(tagged.elements("/Sect")) == sum(h.level == 1 for h in headings)


def test_headings_nest_without_skips_and_match_the_document(tagged: Tagged, built: Built) -> None:
    tags = [n.role for n in tagged.root.walk() if re.fullmatch(r"/H\d", n.role)]
    levels = [int(t[2]) for t in tags]
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels
    assert levels == [b.level for b in built.document.blocks if isinstance(b, Heading)]


def test_each_block_kind_has_its_elements(tagged: Tagged, built: Built) -> None:
    blocks = built.document.blocks
    lists = [b for b in blocks if isinstance(b, ListBlock)]
    assert len(tagged.elements("/L")) == len(lists)
    assert len(tagged.elements("/LI")) == sum(len(b.items) for b in lists)
    for li in tagged.elements("/LI"):
        assert [k.role for k in li.kids] == ["/Lbl", "/LBody"] and li.kids[0].mcids and li.kids[1].mcids
    notes = [n for b in blocks if isinstance(b, Notes) and not b.as_footnotes for n in b.notes]
    note_elems = tagged.elements("/Note")
    listed = [str(n.obj.ID) for n in note_elems if not str(n.obj.ID).startswith("footnote-")]
    assert listed == [f"note-{n.number}" for n in notes]
    # each footnote a Note too, where its citation is (test_pdf_footnotes): in citation order
    footnotes = sorted(str(n.obj.ID) for n in note_elems if str(n.obj.ID).startswith("footnote-"))
    assert footnotes == sorted(f"footnote-{n.number}" for n in built.document.footnotes)
    if notes:
        ids = list(tagged.pdf.Root.StructTreeRoot.IDTree.Names)[::2]
        assert sorted(str(i) for i in ids) == [str(i) for i in ids]  # a name tree is sorted
    tables = [b for b in blocks if isinstance(b, Table)]
    data_tables = [t for t in tagged.elements("/Table") if t.kids and t.kids[-1].kids[-1].role == "/TD"]
    assert len(data_tables) == len(tables) + sum(isinstance(b, TitleBlock) and bool(b.meta) for b in blocks)
    for table in tagged.elements("/Table"):
        for th in (c for tr in table.kids for c in tr.kids if c.role == "/TH"):
            assert str(th.obj.A.O) == "/Table" and str(th.obj.A.Scope) in ("/Column", "/Row")
    for table, block in zip(
        [t for t in data_tables if t.kids[-1].kids[0].role == "/TD"], tables, strict=True
    ):
        rows = [k for k in table.kids if k.role == "/TR"]
        assert len(rows) == 1 + len(block.rows)  # the repeated header rows are artifacts, not rows
        assert [c.role for c in rows[0].kids] == ["/TH"] * len(block.header)
    assert len(tagged.elements("/BlockQuote")) == sum(type(b).__name__ == "BlockQuote" for b in blocks)
    assert len(tagged.elements("/TOC")) >= any(type(b).__name__ == "Contents" for b in blocks)


def test_every_figure_has_alt_text_and_the_timeline_its_own(tagged: Tagged, built: Built) -> None:
    figures = tagged.elements("/Figure")
    assert figures and all(str(f.obj.get("/Alt", "")).strip() for f in figures)
    alts = {str(f.obj.Alt) for f in figures}
    for block in built.document.blocks:
        if isinstance(block, Figure):
            assert block.alt in alts
    title = next(b for b in built.document.blocks if isinstance(b, TitleBlock))
    logo_alt = title.logo.alt if title.logo else None
    if title.organization:  # the logo beside the organization's name is decoration
        assert logo_alt not in alts
    elif logo_alt:  # alone, it says whose brief this is
        assert logo_alt in alts


def test_no_element_is_empty(tagged: Tagged) -> None:
    for node in tagged.root.walk():
        if node.role not in ("/TD", "/TH", "/TR", "/Document"):
            assert node.kids or node.mcids or node.annots, node.role


# --- marked content and the ParentTree ---------------------------------------------------------
def test_marked_content_never_nests_and_holds_every_text(tagged: Tagged) -> None:
    assert tagged.nesting_errors == []


def test_text_is_content_or_a_pagination_artifact_never_a_layout_one(tagged: Tagged) -> None:
    for page, artifacts in enumerate(tagged.artifacts, 1):
        for props, text in artifacts:
            if text.strip():
                assert props.get("/Type") == "/Pagination", f"page {page}: text {text!r} in {props}"


def test_every_page_has_header_and_footer_artifacts(tagged: Tagged, built: Built) -> None:
    cover = any(isinstance(b, TitleBlock) and b.style == "page" for b in built.document.blocks)
    for page, artifacts in enumerate(tagged.artifacts, 1):
        if cover and page == 1 and not built.document.meta.marking:
            continue  # a cover page has the marking only (as the DOCX), here none
        subtypes = {props.get("/Subtype") for props, _ in artifacts if props.get("/Type") == "/Pagination"}
        assert {"/Header", "/Footer"} <= subtypes, f"page {page}"


def test_parent_tree_maps_each_mcid_to_the_element_that_holds_it(tagged: Tagged) -> None:
    root = tagged.pdf.Root.StructTreeRoot
    nums = list(root.ParentTree.Nums)
    parents = dict(zip([int(k) for k in nums[::2]], nums[1::2], strict=True))
    holders = {(p, m): node for node in tagged.root.walk() for p, m in node.mcids}
    assert len(holders) == sum(len(node.mcids) for node in tagged.root.walk())  # each MCID once
    for index, page in enumerate(tagged.pages):
        key = int(page.StructParents)
        drawn = tagged.content[index]
        assert sorted(drawn) == list(range(len(drawn)))
        assert len(parents[key]) == len(drawn)
        for mcid in drawn:
            assert (index, mcid) in holders, f"page {index + 1}: MCID {mcid} in no element"
            assert parents[key][mcid].objgen == holders[index, mcid].obj.objgen
        assert page.Tabs == "/Tabs" or str(page.Tabs) == "/S"
    assert int(root.ParentTreeNextKey) == max(parents) + 1


def test_every_link_is_a_link_element_with_a_readable_description(tagged: Tagged, built: Built) -> None:
    nums = list(tagged.pdf.Root.StructTreeRoot.ParentTree.Nums)
    parents = dict(zip([int(k) for k in nums[::2]], nums[1::2], strict=True))
    holders = {a.objgen: node for node in tagged.root.walk() for a in node.annots}
    sections = {f"Go to section: {b.text}" for b in built.document.blocks if isinstance(b, Heading)}
    count = 0
    for page in tagged.pdf.pages:
        for annot in page.obj.get("/Annots", []):
            assert annot.Subtype == "/Link"
            count += 1
            node = holders[annot.objgen]
            assert node.role == "/Link" and parents[int(annot.StructParent)].objgen == node.obj.objgen
            text = str(annot.Contents)
            assert (
                re.fullmatch(r"Go to (foot)?note \d+", text)
                or text in sections
                or re.match(r"(https?|mailto):", text)
            )
            assert int(annot.F) == 4
            if re.match(r"Go to (foot)?note", text):  # a citation: a Reference holding its Link
                assert node.obj.P.S == "/Reference"
    assert count == len(holders)


# --- what readers see --------------------------------------------------------------------------
@needs_poppler
def test_pdfinfo_says_tagged(pdf_file: Path, brief: Path, audience: str) -> None:
    info = subprocess.run(["pdfinfo", str(pdf_file)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    if brief == SHIPPED:  # tagging moves nothing
        pages = {"analyst": 8, "executive": 1, "press": 6}[audience]
        assert re.search(rf"^Pages:\s+{pages}$", info, re.M)


def _struct_text(path: Path) -> list[tuple[str, str]]:
    """(element, its text) in reading order, from ``pdfinfo -struct-text``."""
    out = subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True, check=True)
    items: list[tuple[str, str]] = []
    role = ""
    for line in out.stdout.splitlines():
        stripped = line.strip()
        if stripped.startswith('"'):
            items.append((role, stripped[1:-1]))
        elif stripped and not stripped.startswith("/") and not stripped.startswith("Object "):
            role = stripped.split()[0].rstrip(":")
    return items


def _squash(text: str) -> str:
    return " ".join(text.split())


@needs_poppler
def test_struct_text_reads_in_the_documents_order(pdf_file: Path, built: Built) -> None:
    items = _struct_text(pdf_file)
    headings = [_squash(t) for role, t in items if re.fullmatch(r"H\d", role)]
    assert headings == [_squash(b.text) for b in built.document.blocks if isinstance(b, Heading)]
    # every paragraph's text, in the document's order (citations drawn as superscripts)
    texts = [_squash(t) for _role, t in items]
    at = 0
    for block in built.document.blocks:
        if isinstance(block, Para):
            start = _squash(plain_text(block.inlines))[:40]
            start = re.sub(r"\[\^?\d+\].*", "", start)
            at = next(i for i in range(at, len(texts)) if texts[i].startswith(start))
    # no line's last word runs into the next line's first
    body = " ".join(texts)
    assert "normalizerelations" not in body and "relations withBelarus" not in body


def test_pdfua_checker_finds_nothing(pdf_file: Path) -> None:
    pdfua = pytest.importorskip("pdfua")
    report = pdfua.validate(str(pdf_file))
    assert [(f.rule_id, f.message) for f in report.findings] == []
    assert report.exit_code == 0 and not report.skipped  # every check it has ran


def test_bookmarks_match_the_heading_structure(tagged: Tagged, built: Built) -> None:
    def titles(items: list[pikepdf.OutlineItem], depth: int = 1) -> list[tuple[int, str]]:
        return [x for item in items for x in [(depth, item.title), *titles(item.children, depth + 1)]]

    with tagged.pdf.open_outline() as outline:
        marks = titles(outline.root)
    assert marks == [(b.level, b.text) for b in built.document.blocks if isinstance(b, Heading)]
