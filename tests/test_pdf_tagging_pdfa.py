"""Archival PDF (PDF/A-2U) and the document-level keys of PDF/UA-1, read back: XMP that says what
the Info dictionary says, an sRGB output intent, every font embedded with a subset tag of its
own, every glyph drawn mapped to Unicode (the U claim), nothing external, encrypted or
executable, and the same bytes for the same inputs."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pikepdf
import pytest

import briefbuilder
from test_pdf_tagging_support import CASE_IDS, CASES, SHIPPED, Built, build

pytestmark = pytest.mark.parametrize(("brief", "audience"), CASES, ids=CASE_IDS)
NS = {
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
}


@pytest.fixture
def built(brief: Path, audience: str) -> Built:
    return build(brief, audience)


@pytest.fixture
def pdf(built: Built) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(built.pdf))


def test_catalog_declares_a_tagged_titled_document_in_its_language(pdf: pikepdf.Pdf, built: Built) -> None:
    root = pdf.Root
    assert bool(root.MarkInfo.Marked) is True
    assert str(root.Lang) == built.document.meta.language
    assert bool(root.ViewerPreferences.DisplayDocTitle) is True
    assert "/Encrypt" not in pdf.trailer and "/AA" not in root
    assert not {"/JavaScript", "/EmbeddedFiles"} & set(root.get("/Names", pikepdf.Dictionary()).keys())
    assert pdf.pdf_version == "1.7"


def test_xmp_claims_pdfa_2u_and_pdfua_1_and_says_what_info_says(pdf: pikepdf.Pdf) -> None:
    stream = pdf.Root.Metadata
    assert "/Filter" not in stream and stream.Type == "/Metadata" and stream.Subtype == "/XML"
    xmp = stream.read_bytes().decode("utf-8")
    assert re.search(r"<pdfaid:part>2</pdfaid:part>\s*<pdfaid:conformance>U</pdfaid:conformance>", xmp)
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
    assert "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>" in xmp
    info = pdf.docinfo
    assert "/Trapped" not in info and all(str(v) for v in info.values())
    with pdf.open_metadata() as meta:
        assert meta["dc:title"] == str(info.Title)
        assert meta["dc:creator"] == [str(info.Author)]
        assert meta["pdf:Producer"] == str(info.Producer)
        assert meta["xmp:CreatorTool"] == str(info.Creator)
        if "/Subject" in info:
            assert meta["dc:description"] == str(info.Subject)
        if "/Keywords" in info:
            assert meta["pdf:Keywords"] == str(info.Keywords)
        for key, prop in (("/CreationDate", "xmp:CreateDate"), ("/ModDate", "xmp:ModifyDate")):
            d = str(info[key]).removeprefix("D:")
            assert meta[prop].startswith(f"{d[:4]}-{d[4:6]}-{d[6:8]}T{d[8:10]}:{d[10:12]}:{d[12:14]}")


def test_srgb_output_intent(pdf: pikepdf.Pdf) -> None:
    (intent,) = list(pdf.Root.OutputIntents)
    assert intent.S == "/GTS_PDFA1" and str(intent.OutputConditionIdentifier)
    profile = intent.DestOutputProfile
    data = profile.read_bytes()
    assert int(profile.N) == 3
    assert int.from_bytes(data[:4], "big") == len(data)
    assert data[12:20] == b"mntrRGB " and data[20:24] == b"XYZ " and data[36:40] == b"acsp"


def test_nothing_external_executable_or_encrypted(built: Built, pdf: pikepdf.Pdf) -> None:
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            keys = set(obj.keys())
            assert not keys & {"/JS", "/AA", "/OpenAction", "/EmbeddedFiles", "/FFilter", "/FDecodeParms"}
            if obj.get("/S") in ("/JavaScript", "/Launch", "/GoToR", "/ImportData", "/SubmitForm"):
                pytest.fail(f"action {obj.S}")
    for page in pdf.pages:
        for annot in page.obj.get("/Annots", []):
            action = annot.get("/A")
            assert action is None or action.S == "/URI"


def _fonts(pdf: pikepdf.Pdf) -> dict[tuple[int, int], pikepdf.Dictionary]:
    fonts = {}
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font":
            fonts[obj.objgen] = obj
    return fonts


def test_every_font_embedded_no_base14_and_subset_tags_unique(pdf: pikepdf.Pdf) -> None:
    fonts = _fonts(pdf)
    assert fonts
    tags = []
    for font in fonts.values():
        name = str(font.BaseFont)
        assert "Helvetica" not in name and "Times" not in name and "Courier" not in name
        assert font.Subtype == "/TrueType" and "/FontFile2" in font.FontDescriptor, name
        assert re.fullmatch(r"/[A-Z]{6}\+\S+", name), name
        assert str(font.FontDescriptor.FontName) == name
        assert "/ToUnicode" in font
        tags.append(name[1:7])
    assert len(set(tags)) == len(tags), tags


def _to_unicode(font: pikepdf.Dictionary) -> dict[int, str]:
    cmap = font.ToUnicode.read_bytes().decode("latin-1")
    table: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, uni in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            table[int(code, 16)] = bytes.fromhex(uni).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for lo, hi, uni in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            start = int(uni, 16)
            for i, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                table[code] = chr(start + i)
    return table


def test_every_glyph_drawn_maps_to_unicode(pdf: pikepdf.Pdf) -> None:
    """What PDF/A-2 level U asks: the text drawn can be read back as Unicode, character by
    character, with no U+0000, U+FEFF or U+FFFE."""
    maps: dict[tuple[int, int], dict[int, str]] = {}
    drawn = 0
    for page in pdf.pages:
        resources = page.obj.Resources.Font
        font = None
        for operands, op in pikepdf.parse_content_stream(page):
            name = str(op)
            if name == "Tf":
                font = resources[str(operands[0])]
                if font.objgen not in maps:
                    maps[font.objgen] = _to_unicode(font)
            elif name in ("Tj", "TJ", "'", '"'):
                assert font is not None
                strings = operands[-1] if name == "TJ" else [operands[-1]]
                for s in strings:
                    if isinstance(s, pikepdf.String):
                        for code in bytes(s):
                            text = maps[font.objgen].get(code, "")
                            assert text and text not in ("\0", "\ufeff", "\ufffe"), (str(font.BaseFont), code)
                            drawn += 1
    assert drawn > 100


def test_same_inputs_same_bytes(brief: Path, audience: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if brief != SHIPPED or audience != "analyst":
        pytest.skip("once is enough")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = briefbuilder.render(brief, audience=audience, formats=["pdf"])[0].data
    again = briefbuilder.render(brief, audience=audience, formats=["pdf"])[0].data
    assert first == again
    with pikepdf.open(io.BytesIO(first)) as pdf, pdf.open_metadata() as meta:
        assert meta["xmp:CreateDate"].startswith("2023-11-14T22:13:20")
