"""Embedded fonts in the DOCX: obfuscated parts that Word's rules and LibreOffice accept."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from briefbuilder.fonts.families import font_family
from briefbuilder.writers.docx_fonts import CT, Face, W, embed_fonts, obfuscate, subset_font

GUID = "{6C3C7D69-3D8A-4B4B-9C77-0D4F3A1B2C3D}"


def test_obfuscation_xors_the_first_32_bytes_with_the_reversed_guid_and_is_its_own_inverse() -> None:
    data = bytes(range(64))
    out = obfuscate(data, GUID)
    key = bytes.fromhex("6C3C7D693D8A4B4B9C770D4F3A1B2C3D")[::-1]
    assert out[0] == data[0] ^ key[0] == 0x00 ^ 0x3D
    assert out[16] == data[16] ^ key[0]
    assert out[32:] == data[32:]
    assert obfuscate(out, GUID) == data


def test_subset_keeps_only_the_characters_asked_for() -> None:
    from fontTools.ttLib import TTFont

    full = font_family("PT Serif").regular
    small = subset_font(full, "Лукашенко Nausėda")
    cmap = TTFont(io.BytesIO(small))["cmap"].getBestCmap()
    assert {ord(c) for c in "ЛукашенкоNausėda"} <= set(cmap)
    assert ord("Z") not in cmap and len(small) < full.stat().st_size / 5


@pytest.fixture(scope="module")
def embedded(sample_docx_parts: dict[str, bytes]) -> dict[str, bytes]:
    serif = font_family("PT Serif")
    faces = [
        Face("PT Serif", "regular", serif.regular),
        Face("PT Serif", "italic", serif.italic),
        Face("PT Serif", "bold", serif.bold),
    ]
    return embed_fonts(sample_docx_parts, faces, "Sample Минск")


@pytest.fixture(scope="module")
def sample_docx_parts() -> dict[str, bytes]:
    from briefbuilder.writers.docx import write_docx
    from conftest import make_sample_document

    with zipfile.ZipFile(io.BytesIO(write_docx(make_sample_document()))) as z:
        return {n: z.read(n) for n in z.namelist()}


def test_font_table_names_each_face_with_its_key_in_schema_order(embedded) -> None:
    table = etree.fromstring(embedded["word/fontTable.xml"])
    (font,) = [f for f in table.findall(f"{{{W}}}font") if f.get(f"{{{W}}}name") == "PT Serif"]
    embeds = [etree.QName(c).localname for c in font if etree.QName(c).localname.startswith("embed")]
    assert embeds == ["embedRegular", "embedBold", "embedItalic"]
    rels = etree.fromstring(embedded["word/_rels/fontTable.xml.rels"])
    targets = {r.get("Id"): r.get("Target") for r in rels}
    for child in font:
        if etree.QName(child).localname.startswith("embed"):
            rid = child.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
            key = child.get(f"{{{W}}}fontKey")
            part = "word/" + targets[rid]
            assert part.endswith(".odttf") and part in embedded
            assert obfuscate(embedded[part], key)[:4] == b"\x00\x01\x00\x00"  # a TrueType header again
    assert rels.nsmap[None] == "http://schemas.openxmlformats.org/package/2006/relationships"


def test_content_type_and_settings_are_declared(embedded) -> None:
    types = etree.fromstring(embedded["[Content_Types].xml"])
    assert any(d.get("Extension") == "odttf" for d in types.findall(f"{{{CT}}}Default"))
    settings = [etree.QName(c).localname for c in etree.fromstring(embedded["word/settings.xml"])]
    i = settings.index("embedTrueTypeFonts")
    assert settings[i + 1] == "saveSubsetFonts"
    assert all(name not in settings[i:] for name in ("zoom", "view", "writeProtection"))


def test_embedding_is_deterministic(sample_docx_parts, embedded) -> None:
    serif = font_family("PT Serif")
    faces = [
        Face("PT Serif", "regular", serif.regular),
        Face("PT Serif", "italic", serif.italic),
        Face("PT Serif", "bold", serif.bold),
    ]
    assert embed_fonts(sample_docx_parts, faces, "Sample Минск") == embedded


@pytest.mark.skipif(not shutil.which("soffice") or not shutil.which("pdffonts"), reason="needs LibreOffice")
def test_libreoffice_sets_the_document_in_the_embedded_fonts(embedded, tmp_path: Path) -> None:
    docx_path = tmp_path / "emb.docx"
    with zipfile.ZipFile(docx_path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in embedded.items():
            z.writestr(name, data)
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(docx_path),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pdf = tmp_path / "emb.pdf"
    assert pdf.exists()
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "PTSerif-Regular" in fonts


def test_fonts_are_embedded_by_default_and_a_look_can_switch_it_off() -> None:
    from briefbuilder.layout.document import Look
    from briefbuilder.writers.docx import write_docx
    from conftest import make_sample_document

    plain = write_docx(make_sample_document(Look(embed_fonts=False)))
    with_fonts = write_docx(make_sample_document())
    assert with_fonts == write_docx(make_sample_document(Look(embed_fonts=True)))  # still reproducible
    with zipfile.ZipFile(io.BytesIO(plain)) as z:
        assert not [n for n in z.namelist() if n.endswith(".odttf")]
    with zipfile.ZipFile(io.BytesIO(with_fonts)) as z:
        fonts = sorted(n for n in z.namelist() if n.endswith(".odttf"))
        table = z.read("word/fontTable.xml")
    assert len(fonts) == 6  # PT Serif and PT Sans: regular, bold, italic
    assert b'w:name="PT Serif"' in table and b'w:name="PT Sans"' in table


def test_a_template_can_switch_embedding_off(tmp_path) -> None:
    from briefbuilder.audience.templates import TemplateSet

    (tmp_path / "anywhere.yaml").write_text("extends: press\nlook:\n  embed_fonts: false\n", "utf-8")
    templates = TemplateSet.default(tmp_path)
    assert templates.resolve("anywhere").look.embed_fonts is False
    assert templates.resolve("press").look.embed_fonts is True
