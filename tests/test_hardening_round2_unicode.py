"""Decomposed Unicode (NFD, as macOS writes some text): read as NFC, so 'e' + U+0307 is 'ė',
in briefs, templates and distribution lists alike; and never refused with wrong advice."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from briefbuilder.brief.loading import load_brief, parse_brief
from briefbuilder.brief.typed import text_problem
from briefbuilder.brief.yamlnodes import decode, read_text
from briefbuilder.errors import InvalidInput
from helpers import BRIEF, docx_text, pdf_text, run_cli

# Accented names as the sample's sources spell them, several with no glyph for their combining
# accent alone (U+0307, U+030C): decomposed, they print as empty boxes unless composed again.
ACCENTED = {"Nauseda": "Nausėda", "Lukashenko": "Lukašenko", "Belavia": "Belavía", "Minsk": "Mińsk"}


def _accented() -> str:
    text = BRIEF.read_text("utf-8")
    for plain, accented in ACCENTED.items():
        text = text.replace(plain, accented)
    return text


def _nfd_copy(tmp_path: Path, text: str, name: str = "nfd.yaml") -> Path:
    nfd = unicodedata.normalize("NFD", text)
    assert nfd != unicodedata.normalize("NFC", text) or text == nfd
    path = tmp_path / name
    path.write_bytes(nfd.encode("utf-8"))
    return path


def test_an_nfd_copy_of_the_sample_brief_checks_and_builds(tmp_path: Path) -> None:
    path = _nfd_copy(tmp_path, BRIEF.read_text("utf-8"))
    assert run_cli("check", path).code == 0
    out = tmp_path / "out"
    result = run_cli("build", path, "--out", out)
    assert result.code == 0, result.err


def test_an_nfd_copy_with_accented_names_checks_and_builds_with_composed_letters(tmp_path: Path) -> None:
    path = _nfd_copy(tmp_path, _accented())
    assert "\u0307" in path.read_text("utf-8")  # really decomposed
    check = run_cli("check", path)
    assert check.code == 0, check.err
    out = tmp_path / "out"
    result = run_cli("build", path, "--audience", "analyst", "--out", out)
    assert result.code == 0, result.err
    docx = docx_text((out / "us-belarus-normalization-analyst.docx").read_bytes())
    pdf = pdf_text((out / "us-belarus-normalization-analyst.pdf").read_bytes())
    assert "Nausėda" in docx and "\u0307" not in docx
    assert "Nausėda" in unicodedata.normalize("NFC", pdf)


def test_nfd_and_nfc_files_give_the_same_brief(tmp_path: Path) -> None:
    nfc = tmp_path / "nfc.yaml"
    nfc.write_text(unicodedata.normalize("NFC", _accented()), "utf-8")
    assert load_brief(_nfd_copy(tmp_path, _accented())).brief == load_brief(nfc).brief


def test_text_given_directly_is_composed_too() -> None:
    text = unicodedata.normalize("NFD", _accented())
    brief = parse_brief(text, "b.yaml").brief
    assert "Nausėda" in brief.summary and unicodedata.is_normalized("NFC", brief.summary)


def test_every_file_read_is_composed(tmp_path: Path) -> None:
    """Templates, distribution lists and settings are all read through read_text/decode."""
    path = tmp_path / "x.yaml"
    path.write_bytes(unicodedata.normalize("NFD", "name: Nausėda\n").encode())
    assert read_text(path) == "name: Nausėda\n"
    assert decode("a: Lukas\u030cenko\n".encode(), "x") == "a: Lukašenko\n"


def test_a_template_in_nfd_loads_composed(tmp_path: Path) -> None:
    from briefbuilder.audience.templates import TemplateSet

    folder = tmp_path / "templates"
    folder.mkdir()
    text = "extends: press\nlabel: Vilniaus ėditors\nintro: Sveiki, Nausėda.\n"
    (folder / "vilnius.yaml").write_bytes(unicodedata.normalize("NFD", text).encode())
    audience = TemplateSet.default(folder).resolve("vilnius")
    assert audience.label == "Vilniaus ėditors" and audience.intro == "Sveiki, Nausėda."


def test_a_distribution_list_in_nfd_loads_composed(tmp_path: Path) -> None:
    from briefbuilder.delivery.recipients import load_distribution

    text = (
        "sender: {address: desk@example.org, name: Briefings desk}\n"
        "recipients:\n"
        "  - {name: Gitanas Nausėda, address: g@example.org, audience: press}\n"
    )
    path = tmp_path / "list.yaml"
    path.write_bytes(unicodedata.normalize("NFD", text).encode())
    found = load_distribution(path, ["press"], ["pdf", "docx"])
    assert found.recipients[0].name == "Gitanas Nausėda"


def test_positions_after_decomposed_text_count_composed_letters() -> None:
    """Columns count letters as an editor shows them: 'ė' is one column, written either way."""
    text = BRIEF.read_text("utf-8").replace('title: "Why', 'title: "Nausėda\tWhy', 1)
    with pytest.raises(InvalidInput) as composed:
        parse_brief(text, "b.yaml")
    with pytest.raises(InvalidInput) as decomposed:
        parse_brief(unicodedata.normalize("NFD", text), "b.yaml")
    assert str(composed.value) == str(decomposed.value)
    assert "title: must be one line, but contains a tab" in str(composed.value)


def test_an_accent_that_has_no_composed_form_is_refused_with_advice_that_fits() -> None:
    found = text_problem("x\u20d0")  # x with a harpoon: no such letter, and no font has the mark
    assert found is not None
    message, char = found
    assert char == "\u20d0"
    assert "U+20D0 COMBINING LEFT HARPOON ABOVE" in message
    assert "accent" in message and "one character" in message
