"""Persian, Arabic-script, Greek and Cyrillic text and the ayn mark (U+02BF) in both formats:
fonts chosen per character, shaping and word order in the PDF, a text layer in logical order,
and right-to-left runs and paragraphs in the DOCX."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest

import briefbuilder
from briefbuilder.fonts import bidi

BRIEF = Path(__file__).parent / "fixtures" / "briefs" / "river-commission-scripts.yaml"
PERSIAN_NAME = "عباس عراقچی"
SENTENCE = "کمیسیون رودخانه روز سه\u200cشنبه تشکیل جلسه داد"


@pytest.fixture(scope="module")
def files() -> dict[tuple[str, str], bytes]:
    return {(a.audience, a.fmt): a.data for a in briefbuilder.render(BRIEF)}


def test_check_accepts_persian_and_the_ayn_mark() -> None:
    assert briefbuilder.check(BRIEF) == []


def test_the_brief_builds_for_every_audience_in_both_formats(files) -> None:
    assert {a for a, _f in files} == set(briefbuilder.audiences()) and len(files) == 2 * len(
        briefbuilder.audiences()
    )


def _base_fonts(pdf: bytes) -> set[str]:
    names = set()
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            for font in page.Resources.get("/Font", {}).values():
                names.add(str(font.BaseFont))
    return names


def test_fallback_fonts_are_embedded_only_where_needed(files) -> None:
    fonts = " ".join(_base_fonts(files[("analyst", "pdf")]))
    assert "NotoSansArabic" in fonts and "NotoSerif" in fonts and "PTSerif" in fonts


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")
def test_the_pdf_text_layer_gives_persian_words_in_logical_order(files, tmp_path: Path) -> None:
    pdf = tmp_path / "b.pdf"
    pdf.write_bytes(files[("analyst", "pdf")])
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    text = re.sub("[\u202a-\u202e]", "", text)  # poppler's own embedding marks
    assert PERSIAN_NAME in text  # base letters, logical order, one piece
    assert SENTENCE in text
    assert "ʿAbbās ʿArāqchī" in text
    assert "Тбилиси" in text and "Αθήνα" in text


def test_persian_words_are_drawn_right_to_left_inside_an_english_sentence(files) -> None:
    """The first logical word of the name (عباس) is drawn to the right of the second."""
    with pikepdf.open(io.BytesIO(files[("analyst", "pdf")])) as doc:
        spans = []
        for page in doc.pages:
            for operands, op in pikepdf.parse_content_stream(page):
                if op == pikepdf.Operator("BDC") and isinstance(operands[1], pikepdf.Dictionary):
                    actual = operands[1].get("/ActualText")
                    if actual is not None:
                        spans.append(str(actual)[::-1])  # given as the glyphs sit: reversed
    i = spans.index("عباس")
    assert spans[i - 1] == "عراقچی" or spans[i - 1].startswith("عراقچی")  # drawn first: leftmost


def test_word_level_bidi_orders_runs_and_keeps_numbers_left_to_right() -> None:
    kinds: list[bidi.Kind] = ["L", "N", "R", "N", "R", "N", "L"]
    assert bidi.visual_order(bidi.levels(kinds, rtl=False)) == [0, 1, 4, 3, 2, 5, 6]
    kinds = ["R", "N", "EN", "N", "R"]
    levels = bidi.levels(kinds, rtl=True)
    assert levels == [1, 1, 2, 1, 1] and bidi.visual_order(levels) == [4, 3, 2, 1, 0]
    assert bidi.paragraph_rtl(SENTENCE, document_rtl=False)
    assert not bidi.paragraph_rtl(f"The chair, {PERSIAN_NAME}, spoke", document_rtl=False)
    assert bidi.language_rtl("fa") and bidi.language_rtl("ar-EG") and not bidi.language_rtl("fr")


def _document_xml(docx: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return z.read("word/document.xml").decode("utf-8")


def test_the_docx_marks_right_to_left_runs_and_paragraphs_in_schema_order(files) -> None:
    xml = _document_xml(files[("analyst", "docx")])
    run = re.search(
        r"<w:r><w:rPr>(<w:rFonts [^>]*/>)<w:rtl/><w:lang w:bidi=\"fa-IR\"/></w:rPr><w:t>([^<]*)</w:t>", xml
    )
    assert run is not None and 'w:cs="Noto Sans Arabic"' in run.group(1)
    assert PERSIAN_NAME in re.findall(r"<w:rtl/>.*?<w:t>([^<]*)</w:t>", xml)  # one run, space inside
    persian = next(p for p in re.findall(r"<w:p>.*?</w:p>", xml) if SENTENCE in p)
    assert re.search(r"</w:numPr><w:bidi/></w:pPr>", persian)  # bidi after numPr, before spacing/jc
    english = next(p for p in re.findall(r"<w:p>.*?</w:p>", xml) if "The chair, " in p)
    assert "<w:bidi/>" not in english


def test_the_docx_sets_and_declares_the_same_fallback_fonts_as_the_pdf(files) -> None:
    data = files[("analyst", "docx")]
    xml = _document_xml(data)
    assert 'w:ascii="Noto Serif"' in xml and 'w:ascii="Noto Sans Arabic"' in xml
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        table = z.read("word/fontTable.xml").decode("utf-8")
    for name in ("PT Serif", "PT Sans", "Noto Serif", "Noto Sans Arabic"):
        assert f'w:name="{name}"' in table


def test_a_recipient_named_in_persian_gets_an_rfc2047_header_and_a_personal_copy(tmp_path: Path) -> None:
    from email import policy
    from email.parser import BytesParser

    from helpers import run_cli

    root = Path(__file__).resolve().parents[1]
    listing = (root / "data" / "distribution.yaml").read_text("utf-8")
    (tmp_path / "list.yaml").write_text(listing.replace('"Dana Director"', f'"{PERSIAN_NAME}"'), "utf-8")
    outbox = tmp_path / "outbox"
    result = run_cli(
        "email", root / "data" / "us-belarus-normalization.yaml", "--list", tmp_path / "list.yaml",
        "--outbox", outbox,
    )  # fmt: skip
    assert result.code == 0, result.err
    raw = (outbox / "001-dana.director@example.org.eml").read_bytes()
    to = next(line for line in raw.split(b"\n") if line.startswith(b"To:"))
    assert b"=?utf-8?" in to and PERSIAN_NAME.encode() not in to  # encoded, ASCII on the wire
    message = BytesParser(policy=policy.default).parsebytes(raw)
    assert message["to"].addresses[0].display_name == PERSIAN_NAME
    pdf = next(message.iter_attachments()).get_content()
    assert PERSIAN_NAME in re.sub("[\u202a-\u202e]", "", _pdftotext(pdf, tmp_path))


def _pdftotext(pdf: bytes, folder: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("needs poppler's pdftotext")
    path = folder / "x.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")
def test_an_inline_persian_name_and_its_comma_sit_where_bidi_puts_them(files, tmp_path: Path) -> None:
    """ "The chair, عباس عراقچی, opened": on the page, left to right, عراقچی then عباس, then the
    comma (which follows the name), then "opened"."""
    pdf = tmp_path / "b.pdf"
    pdf.write_bytes(files[("analyst", "pdf")])
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = [(float(x), w) for x, w in re.findall(r'<word xMin="([\d.]+)"[^>]*>([^<]*)</word>', html)]
    at = next(i for i, (_x, w) in enumerate(words) if w == "chair,")
    line = words[at : at + 4]
    # poppler lists each word's letters as they sit, left to right: reversed for Persian
    assert [w for _x, w in line] == ["chair,", "عراقچی"[::-1], "عباس"[::-1] + ",", "opened"]
    assert [x for x, _w in line] == sorted(x for x, _w in line)


def test_a_persian_brief_mirrors_its_page_furniture_in_both_formats(tmp_path: Path) -> None:
    brief = tmp_path / "fa.yaml"
    brief.write_text(BRIEF.read_text("utf-8").replace("language: en", "language: fa"), "utf-8")
    built = {a.fmt: a.data for a in briefbuilder.render(brief, audience="analyst")}
    with zipfile.ZipFile(io.BytesIO(built["docx"])) as z:
        xml = z.read("word/document.xml").decode("utf-8")
        headers = [z.read(n).decode("utf-8") for n in z.namelist() if re.match(r"word/(header|footer)\d", n)]
    assert re.search(r"<w:titlePg/><w:bidi/><w:docGrid", xml)  # the section, in schema order
    assert all("<w:bidi/>" in h for h in headers if "<w:p>" in h)
    pdf = tmp_path / "fa.pdf"
    pdf.write_bytes(built["pdf"])
    if shutil.which("pdftotext") is None:
        pytest.skip("needs poppler's pdftotext")
    html = subprocess.run(
        ["pdftotext", "-f", "2", "-l", "2", "-bbox", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    words = {w: float(x) for x, w in re.findall(r'<word xMin="([\d.]+)"[^>]*>([^<]*)</word>', html)}
    # a Persian brief's date and labels are Persian (its digits, "صفحهٔ" for "Page", "،" for ","),
    # each right-to-left word's letters listed by poppler as they sit, left to right
    assert words["River"] > words["۲۰۲۶"]  # the title at the right, the date at the left
    assert words["صفحهٔ"[::-1]] < words["river-commission-scripts،"]


@pytest.mark.parametrize("language", ["en", "fa"])
def test_verify_finds_the_docx_and_pdf_of_a_persian_brief_agree(tmp_path: Path, language: str) -> None:
    from helpers import run_cli

    brief = tmp_path / "b.yaml"
    brief.write_text(BRIEF.read_text("utf-8").replace("language: en", f"language: {language}"), "utf-8")
    briefbuilder.build(brief, out_dir=tmp_path / "out")
    result = run_cli("verify", tmp_path / "out")
    assert result.code == 0, result.out + result.err


def test_shaped_words_are_span_elements_with_logical_actual_text(files, tmp_path: Path) -> None:
    """Each shaped right-to-left word is a Span of its paragraph with its own MCID and its
    letters in logical order as /ActualText; no marked content is nested in another."""
    import pdfua

    data = files[("analyst", "pdf")]
    with pikepdf.open(io.BytesIO(data)) as doc:
        texts = []
        stack = [doc.Root.StructTreeRoot]
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Dictionary):
                if node.get("/S") == pikepdf.Name.Span and "/ActualText" in node:
                    texts.append(str(node.ActualText))
                kids = node.get("/K")
                stack.extend(kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else [])
        assert {"عباس", "عراقچی"} <= set(texts)
        for page in doc.pages:
            depth = 0
            for _operands, op in pikepdf.parse_content_stream(page):
                depth += {"BDC": 1, "BMC": 1, "EMC": -1}.get(str(op), 0)
                assert 0 <= depth <= 1
    pdf = tmp_path / "b.pdf"
    pdf.write_bytes(data)
    assert not [o for o in pdfua.validate(str(pdf)).outcomes if o.findings]


def test_a_figure_label_shapes_its_persian_and_keeps_its_punctuation_in_the_label_direction() -> None:
    from reportlab.pdfbase.ttfonts import ShapedStr

    from briefbuilder.audience.look import Look
    from briefbuilder.layout.scene import Words
    from briefbuilder.writers.pdf_flowables import _word_runs

    label = Words(0, 0, "Delegations arrive in Tabriz (تبریز).", 7, False, "#000000")
    runs = [text for _x, text, _face in _word_runs(Look().heading_chain, label)]
    assert "".join(runs[:-3]) == "Delegations arrive in Tabriz "
    assert runs[-3:-2] == ["("] and runs[-1] == ")."  # unshaped: they stay left to right
    assert isinstance(runs[-2], ShapedStr)  # HarfBuzz: joined letters in visual order


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")
def test_a_long_persian_paragraph_split_over_pages_keeps_its_text_layer(tmp_path: Path) -> None:
    sentence = SENTENCE + " و عباس عراقچی ریاست آن را بر عهده داشت."
    src = BRIEF.read_text("utf-8")
    long = " ".join([sentence] * 60)
    brief = tmp_path / "long.yaml"
    brief.write_text(src.replace(f'text: "{sentence}"', f'text: "{long}"'), "utf-8")
    assert long in brief.read_text("utf-8")
    pdf = next(a.data for a in briefbuilder.render(brief, audience="analyst", formats=["pdf"]))
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert len(doc.pages) >= 3  # the paragraph runs over a page break
    text = re.sub("[\u202a-\u202e]", "", _pdftotext(pdf, tmp_path))
    assert text.count(PERSIAN_NAME) >= 55  # every line's words, before and after the break
    assert "ﻋ" not in text  # no presentation form leaks into the text layer


def test_embedded_arabic_script_font_keeps_its_joining_tables_in_the_docx(tmp_path: Path) -> None:
    from fontTools.ttLib import TTFont

    from briefbuilder.writers.docx_fonts import obfuscate

    (tmp_path / "emb.yaml").write_text(
        "description: E\nextends: analyst\nlook:\n  embed_fonts: true\n", "utf-8"
    )
    data = next(
        a.data for a in briefbuilder.render(BRIEF, audience="emb", templates=tmp_path, formats=["docx"])
    )
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        table = z.read("word/fontTable.xml").decode("utf-8")
        rels = z.read("word/_rels/fontTable.xml.rels").decode("utf-8")
        entry = re.search(r'w:name="Noto Sans Arabic">.*?</w:font>', table, re.S)
        assert entry is not None
        rid, key = re.search(r'embedRegular r:id="([^"]+)" w:fontKey="\{([^}]+)\}"', entry.group()).groups()
        target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"', rels) or re.search(
            rf'Target="([^"]+)"[^>]*Id="{rid}"', rels
        )
        face = TTFont(io.BytesIO(obfuscate(z.read("word/" + target.group(1)), key)))
    assert "GSUB" in face and ord("چ") in face.getBestCmap()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")
def test_a_persian_day_number_joined_to_its_month_keeps_its_digits_left_to_right(tmp_path: Path) -> None:
    """ "۱۲ مه ۲۰۲۶" with a no-break space after the day (the typography pass's): one word to
    reportlab, shaped as one run, but the day's digits still read left to right (not "۲۱")."""
    brief = tmp_path / "fa.yaml"
    brief.write_text(BRIEF.read_text("utf-8").replace("language: en", "language: fa"), "utf-8")
    pdf = next(a.data for a in briefbuilder.render(brief, audience="analyst", formats=["pdf"]))
    text = re.sub("[\u202a-\u202e]", "", _pdftotext(pdf, tmp_path))
    assert "«Session record, 12 May», ۱۲" in text and "۲۱" not in text.replace("۲١", "")
