"""A reference .docx, as pandoc users know it: its styles and theme fonts restyle the brief.

``look.reference_docx`` names the file. Its ``styles.xml`` replaces the built-in styles and its
theme replaces the built-in theme; page size and margins stay the template's (they belong to the
audience). A style the writer needs is found in the reference by its name (case does not matter:
Word writes "heading 1", pandoc "Heading 1") or its id; one the reference lacks keeps the
built-in definition, added to the reference's styles, and ``missing_styles`` names it so that
callers can warn (the API returns the warnings, the command prints them; the writer says
nothing).

``builtin_reference()`` is the built-in one to start from: a short document in every style
(``briefbuilder reference-doc``).
"""

from __future__ import annotations

import functools
import zipfile
from pathlib import Path

from lxml import etree

from briefbuilder.audience.look import Look
from briefbuilder.layout.metrics import Metrics
from briefbuilder.writers.docx_styles import BUILTIN_IDS, BUILTIN_NAMES, STYLE_KEYS, W_NS, styles_xml

_W = f"{{{W_NS}}}"


class ReferenceError(ValueError):
    """The reference .docx cannot be used: not found, not a .docx, or without styles."""


@functools.lru_cache(maxsize=8)
def _load(path: Path, stamp: float) -> tuple[bytes, bytes | None]:
    """The reference's styles.xml and theme, read once per file version."""
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            if "word/styles.xml" not in names:
                raise ReferenceError(f"{path}: a .docx with no word/styles.xml")
            theme = z.read("word/theme/theme1.xml") if "word/theme/theme1.xml" in names else None
            styles = z.read("word/styles.xml")
    except (OSError, zipfile.BadZipFile) as exc:
        raise ReferenceError(f"{path}: not a readable .docx ({exc})") from None
    try:
        etree.fromstring(styles)
    except etree.XMLSyntaxError as exc:
        raise ReferenceError(f"{path}: its styles.xml is not XML ({exc})") from None
    return styles, theme


def load_reference(path: Path) -> tuple[bytes, bytes | None]:
    """The styles.xml and theme of the reference .docx at ``path``; ReferenceError if unusable."""
    try:
        stamp = path.stat().st_mtime
    except OSError as exc:
        raise ReferenceError(f"{path}: {exc.strerror or exc}") from None
    return _load(path, stamp)


def _found(styles: etree._Element) -> dict[str, str]:
    """The reference's style for each writer style it has: writer key -> its style id."""
    by_name: dict[tuple[str, str], str] = {}
    by_id: dict[tuple[str, str], str] = {}
    for style in styles.iter(f"{_W}style"):
        kind, sid = style.get(f"{_W}type", "paragraph"), style.get(f"{_W}styleId", "")
        name = style.find(f"{_W}name")
        if name is not None:
            by_name[(kind, (name.get(f"{_W}val") or "").lower())] = sid
        by_id[(kind, sid.lower())] = sid
    out: dict[str, str] = {}
    for key in STYLE_KEYS:
        kind = _kind(key)
        sid = by_name.get((kind, BUILTIN_NAMES[key].lower())) or by_id.get((kind, BUILTIN_IDS[key].lower()))
        if sid is not None:
            out[key] = sid
    return out


def _kind(key: str) -> str:
    if key == "Table":
        return "table"
    if key in ("Default Paragraph Font", "Hyperlink", "footnote reference", "Citation", "Brief Meta Label"):
        return "character"
    return "paragraph"


def style_ids(path: Path | None) -> dict[str, str]:
    """The style id the writer uses for each of its styles: the reference's when it has one."""
    if path is None:
        return dict(BUILTIN_IDS)
    styles, _theme = load_reference(path)
    return BUILTIN_IDS | _found(etree.fromstring(styles))


def missing_styles(path: Path) -> list[str]:
    """The writer's styles that the reference .docx lacks (they keep the built-in definition).
    Styles of the brief's own (Brief Lead, Table Text...) are counted too: a reference made
    from ``briefbuilder reference-doc`` has them all."""
    styles, _theme = load_reference(path)
    found = _found(etree.fromstring(styles))
    return [BUILTIN_NAMES[key] for key in STYLE_KEYS if key not in found]


def styles_part(look: Look, m: Metrics, *, cover: bool, logo: float | None, language: str) -> bytes:
    """``word/styles.xml``: the built-in styles, or the reference's with the missing ones added."""
    builtin = styles_xml(look, m, cover=cover, logo=logo, language=language)
    if look.reference_docx is None:
        return _xml(builtin)
    styles, _theme = load_reference(look.reference_docx)
    root = etree.fromstring(styles)
    found = _found(root)
    by_id = {s.get(f"{_W}styleId"): s for s in builtin.iter(f"{_W}style")}
    for key in STYLE_KEYS:
        if key not in found and BUILTIN_IDS[key] in by_id:
            root.append(by_id[BUILTIN_IDS[key]])
    return _xml(root)


def theme_part(look: Look, template_theme: bytes) -> bytes:
    """The reference's theme, else the template's with its fonts set to the look's."""
    if look.reference_docx is not None:
        _styles, theme = load_reference(look.reference_docx)
        if theme is not None:
            return theme
    from briefbuilder.writers.docx_package import set_theme_fonts

    return set_theme_fonts(template_theme, look.heading_font, look.body_font)


def builtin_reference(look: Look | None = None) -> bytes:
    """The built-in reference .docx: a short sample document that uses every style."""
    import dataclasses

    from briefbuilder.writers.docx import write_docx
    from briefbuilder.writers.docx_sample import sample_document

    look = dataclasses.replace(look or Look(), reference_docx=None)
    return write_docx(sample_document(look))


def _xml(element: etree._Element) -> bytes:
    return etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)
