"""The PDF's TrueType faces: what reportlab parses from a font file is kept in the user's cache
by the file's bytes, and a face read back from there is the face reportlab parses."""

from __future__ import annotations

import marshal
from pathlib import Path
from typing import Any

import pytest
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

from briefbuilder.fonts.families import font_family
from briefbuilder.writers import pdf_faces

FACE = font_family("PT Serif").regular


def _state(font: TTFont) -> dict[str, Any]:
    """What a font is made of, but for its per-document state and the face's scale function."""
    face = {k: v for k, v in font.face.__dict__.items() if k != "_pdfScale"}
    names = {k: v.ustr for k, v in face.items() if hasattr(v, "ustr")}
    rest = {k: v for k, v in font.__dict__.items() if k not in ("face", "state", "encoding")}
    return {"face": face, "names": names, "font": rest, "scale": font.face._pdfScale(512)}


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(pdf_faces, "_cache_folder", lambda: tmp_path / "pdf-faces")
    return tmp_path / "pdf-faces"


def test_a_face_read_back_from_the_cache_is_the_face_reportlab_parses(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed = TTFont("parsed", str(FACE))
    first = pdf_faces.cached_ttfont("parsed", FACE)  # parsed, and kept
    assert len(list(folder.glob("*.marshal"))) == 1
    monkeypatch.setattr(pdf_faces, "_parse", _no_parsing)  # a new process: read back
    again = pdf_faces.cached_ttfont("parsed", FACE)
    assert type(again) is TTFont and type(again.face) is TTFontFace
    assert _state(first) == _state(parsed) == _state(again)
    assert again.stringWidth("Лукашенко, Nausėda", 10) == parsed.stringWidth("Лукашенко, Nausėda", 10)


def test_another_file_is_not_served_a_kept_face(folder: Path) -> None:
    pdf_faces.cached_ttfont("regular", FACE)
    bold = pdf_faces.cached_ttfont("bold", font_family("PT Serif").bold)
    assert _state(bold)["face"] == _state(TTFont("bold", str(font_family("PT Serif").bold)))["face"]
    assert len(list(folder.glob("*.marshal"))) == 2


@pytest.mark.parametrize(
    "damage",
    [b"\x00not marshal", b"", marshal.dumps(5), marshal.dumps(({"name": 1}, [])), marshal.dumps(({}, ["x"]))],
)
def test_a_damaged_entry_means_the_file_is_parsed(folder: Path, damage: bytes) -> None:
    pdf_faces.cached_ttfont("regular", FACE)
    (entry,) = folder.glob("*.marshal")
    entry.write_bytes(damage)
    assert _state(pdf_faces.cached_ttfont("regular", FACE)) == _state(TTFont("regular", str(FACE)))


def test_without_a_cache_folder_the_file_is_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_faces, "_cache_folder", lambda: None)
    assert _state(pdf_faces.cached_ttfont("regular", FACE)) == _state(TTFont("regular", str(FACE)))


def test_a_face_whose_facts_cannot_be_kept_is_parsed(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def unmarshallable(face: TTFontFace) -> bytes:
        raise ValueError("unmarshallable object")

    monkeypatch.setattr(pdf_faces, "_dumps", unmarshallable)
    expected = _state(TTFont("regular", str(FACE)))
    assert _state(pdf_faces.cached_ttfont("regular", FACE)) == expected
    assert _state(pdf_faces.cached_ttfont("regular", FACE)) == expected  # the empty entry: parsed


def _no_parsing(*args: object, **kwargs: object) -> TTFontFace:
    raise AssertionError("parsed again")
