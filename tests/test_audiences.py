"""Audience templates: inheritance, validation, release control and page budgets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefbuilder.audience.templates import TemplateSet
from briefbuilder.brief.loading import load_brief
from briefbuilder.errors import BuildError, InvalidInput
from briefbuilder.pipeline import build_brief, pdf_page_count
from helpers import BRIEF, docx_metadata, docx_text, pdf_metadata, pdf_text, plain_typography, run_cli


@pytest.fixture(scope="module")
def brief():
    return load_brief(BRIEF).brief


@pytest.fixture(scope="module")
def built(brief) -> dict[str, bytes]:
    templates = TemplateSet.default()
    auds = [templates.resolve(n) for n in ("analyst", "executive", "press")]
    return {a.name: a.data for a in build_brief(brief, auds, ["docx", "pdf"])}


def _words(text: str) -> str:
    return plain_typography(text)


def test_at_least_three_audiences_are_shipped() -> None:
    assert {"analyst", "executive", "press"} <= set(TemplateSet.default().names())


def test_build_all_gives_every_audience_in_both_formats(tmp_path: Path) -> None:
    result = run_cli("build", BRIEF, "--audience", "all", "--format", "docx,pdf", "--out", tmp_path)
    assert result.code == 0, result.err
    names = {p.name for p in tmp_path.iterdir()}
    for aud in ("analyst", "executive", "press"):
        assert {f"us-belarus-normalization-{aud}.docx", f"us-belarus-normalization-{aud}.pdf"} <= names


def test_executive_pdf_is_exactly_one_page(built) -> None:
    assert pdf_page_count(built["us-belarus-normalization-executive.pdf"]) == 1


def test_internal_items_are_absent_from_both_press_files(brief, built) -> None:
    internal = [j.text for j in brief.key_judgments if j.release == "internal"]
    internal += [c.text for c in brief.caveats if c.release == "internal"]
    assert internal, "the shipped brief should carry internal items for this test to mean anything"
    press_docx = _words(docx_text(built["us-belarus-normalization-press.docx"]))
    press_pdf = _words(pdf_text(built["us-belarus-normalization-press.pdf"]))
    analyst_docx = _words(docx_text(built["us-belarus-normalization-analyst.docx"]))
    for text in internal:
        probe = _words(text)[:60]
        assert probe in analyst_docx  # the probe is findable where the item is allowed
        assert probe not in press_docx
        assert probe not in _words(press_pdf)
    marking = brief.marking
    assert marking and marking not in press_docx and marking not in press_pdf
    for meta in (
        docx_metadata(built["us-belarus-normalization-press.docx"]),
        pdf_metadata(built["us-belarus-normalization-press.pdf"]),
    ):
        assert all(marking not in str(v) for v in meta.values())


def test_press_shows_the_media_contact_not_the_analysts(built) -> None:
    text = docx_text(built["us-belarus-normalization-press.docx"])
    assert "press@example.org" in text and "briefings@example.org" not in text


def _write(folder: Path, name: str, text: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.yaml").write_text(text, "utf-8")


def test_custom_audience_extending_press_shows_new_colour_and_order(tmp_path: Path, brief) -> None:
    folder = tmp_path / "tpl"
    _write(
        folder,
        "partners",
        (
            "extends: press\ndescription: Partners\nsections:\n  - key: timeline\n  - key: summary\n"
            '  - key: sources\nlook:\n  accent: "#6B2D5C"\n  page_size: Letter\n'
        ),
    )
    aud = TemplateSet.default(folder).resolve("partners")
    assert aud.release == ("public",) and aud.look.accent == "#6B2D5C"
    assert aud.look.page_size == "Letter" and aud.look.body_font == "PT Serif"
    out = tmp_path / "out"
    result = run_cli("build", BRIEF, "--templates", folder, "--audience", "partners", "--out", out)
    assert result.code == 0, result.err
    pdf = (out / "us-belarus-normalization-partners.pdf").read_bytes()
    text = pdf_text(pdf)
    assert text.index("Timeline") < text.index("Bottom line up front")
    assert _pdf_uses_rgb(pdf, 0x6B, 0x2D, 0x5C)
    docx = (out / "us-belarus-normalization-partners.docx").read_bytes()
    assert b"6B2D5C" in _zip_part(docx, "word/styles.xml").upper()


def _pdf_uses_rgb(pdf: bytes, r: int, g: int, b: int) -> bool:
    import io

    from pypdf import PdfReader

    streams = b"".join(page.get_contents().get_data() for page in PdfReader(io.BytesIO(pdf)).pages)
    wanted = (r / 255, g / 255, b / 255)
    triples = re.findall(rb"([\d.]+) ([\d.]+) ([\d.]+) (?:rg|RG)", streams)
    return any(all(abs(float(x) - w) < 0.005 for x, w in zip(t, wanted, strict=True)) for t in triples)


def _zip_part(data: bytes, name: str) -> bytes:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(name)


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"a": "extends: b\n", "b": "extends: a\n"}, "circular extends: a -> b -> a"),
        ({"a": "extends: nobody\n"}, "a.yaml:1:10: extends: unknown audience 'nobody'"),
        (
            {"a": "descripton: x\n"},
            "a.yaml:1:1: descripton: unknown key 'descripton'; did you mean 'description'?",
        ),
        ({"a": "look:\n  accent: blue\n"}, "a.yaml:2:11: look.accent: expected a colour as #RRGGBB"),
        ({"a": "look:\n  body_font: Comic Sans\n"}, "look.body_font: unknown font family 'Comic Sans'"),
        (
            {"a": "sections:\n  - key: key_fact\n"},
            "sections[0].key: unknown section 'key_fact'; did you mean",
        ),
        (
            {"a": "sections:\n  - key: Key Facts\n"},
            "a.yaml:2:10: sections[0].key: unknown section 'Key Facts'",
        ),
        (
            {"a": 'intro: "[x](javascript:alert(1))"\n'},
            "a.yaml:1:8: intro: link 'javascript:alert(1)' is not allowed",
        ),
        (
            {"a": "sections:\n  - key: key_facts\n    limit: 0\n"},
            "a.yaml:3:12: sections[0].limit: must be 1 or more",
        ),
        ({"a": "look:\n  margins_mm: [10, 0, 10, 10]\n"}, "look.margins_mm[1]: expected a margin above 0"),
        ({"a": "look:\n  body_size: 100\n"}, "a.yaml:2:14: look.body_size: expected 6 to 36 points, got 100"),
    ],
)
def test_bad_templates_are_reported_with_positions(
    tmp_path: Path, files: dict[str, str], message: str
) -> None:
    folder = tmp_path / "tpl"
    for name, text in files.items():
        _write(folder, name, text)
    with pytest.raises(InvalidInput) as info:
        TemplateSet([folder]).resolve("a")
    assert any(message in str(p) for p in info.value.problems), info.value


def test_page_budget_overflow_fails_naming_a_section(tmp_path: Path, brief) -> None:
    folder = tmp_path / "tpl"
    _write(folder, "tight", "extends: analyst\npage_budget: 1\n")
    aud = TemplateSet.default(folder).resolve("tight")
    with pytest.raises(BuildError, match=r"over the budget of 1.*section"):
        build_brief(brief, [aud], ["pdf"])
    out = tmp_path / "out"
    result = run_cli("build", BRIEF, "--templates", folder, "--audience", "tight", "--out", out)
    assert result.code == 3 and "over the budget of 1" in result.err
    assert not out.exists() or not any(out.iterdir())
