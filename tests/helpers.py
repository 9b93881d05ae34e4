"""Test helpers: run the CLI in-process and capture what a user would see."""

from __future__ import annotations

import contextlib
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from briefbuilder.cli import main

if TYPE_CHECKING:
    from briefbuilder.brief.loading import Loaded

ROOT = Path(__file__).resolve().parents[1]
BRIEF = ROOT / "data" / "us-belarus-normalization.yaml"


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_cli(*args: str | Path) -> Run:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return Run(code, out.getvalue(), err.getvalue())


def docx_text(data: bytes) -> str:
    """All the text a reader of the DOCX sees: body, tables, headers, footers, footnotes."""
    import io as _io
    import zipfile

    from lxml import etree

    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    parts: list[str] = []
    with zipfile.ZipFile(_io.BytesIO(data)) as z:
        names = sorted(n for n in z.namelist() if n.startswith("word/") and n.endswith(".xml"))
        for name in names:
            if not any(k in name for k in ("document", "header", "footer", "footnotes", "endnotes")):
                continue
            root = etree.fromstring(z.read(name))
            for p in root.iter(f"{ns}p"):
                parts.append("".join(t.text or "" for t in p.iter(f"{ns}t")))
    return "\n".join(parts)


def docx_metadata(data: bytes) -> dict[str, str]:
    import io as _io

    import docx

    props = docx.Document(_io.BytesIO(data)).core_properties
    return {
        "title": props.title,
        "author": props.author,
        "subject": props.subject,
        "keywords": props.keywords,
        "language": props.language,
    }


def pdf_text(data: bytes) -> str:
    import io as _io

    from pypdf import PdfReader

    reader = PdfReader(_io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def pdf_metadata(data: bytes) -> dict[str, str]:
    import io as _io

    from pypdf import PdfReader

    info = PdfReader(_io.BytesIO(data)).metadata or {}
    return {k.lstrip("/").lower(): str(v) for k, v in info.items()}


# the typography layout applies (typographic quotes, apostrophes and dashes, no-break spaces),
# undone, so that a brief's own text can be found in what the writers printed
_PLAIN = str.maketrans(
    {"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "‚": "'", "–": "-", "—": "-"}
)


def plain_typography(text: str) -> str:
    """``text`` with typographic marks made plain and every run of spaces one space."""
    return re.sub(r"-+", "-", re.sub(r"[\s\u00a0]+", " ", text.translate(_PLAIN)))


def parse_for_default_audiences(text: str, name: str) -> Loaded:
    """``parse_brief``, then the characters only a template's own font could draw checked
    against every built-in audience, as ``build`` with the default templates would."""
    from briefbuilder.audience.glyphs import check_drawable
    from briefbuilder.audience.templates import TemplateSet
    from briefbuilder.brief.loading import parse_brief

    loaded = parse_brief(text, name)
    if loaded.glyphs:
        templates = TemplateSet.default()
        check_drawable(loaded.glyphs, [templates.resolve(n) for n in templates.names()])
    return loaded
