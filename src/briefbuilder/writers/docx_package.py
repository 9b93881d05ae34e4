"""The .docx package as bytes: reproducible zip entries (python-docx stamps them with the clock),
and the look's fonts embedded on the way when it asks for them."""

from __future__ import annotations

import datetime as dt
import zipfile
from io import BytesIO

from briefbuilder.layout.document import Document

Stamp = tuple[int, int, int, int, int, int]


def zip_stamp(created: dt.datetime) -> Stamp:
    """A zip entry time from the document date (zip stores only 1980 to 2107)."""
    if created.tzinfo is not None:
        created = created.astimezone(dt.UTC).replace(tzinfo=None)
    return min(max(created, dt.datetime(1980, 1, 1)), dt.datetime(2107, 12, 31, 23, 59, 58)).timetuple()[:6]


def reproducible_zip(data: bytes, stamp: Stamp, document: Document | None = None) -> bytes:
    """Rewrite the package with fixed entry times and attributes (python-docx uses the clock),
    embedding the look's fonts on the way when it asks for them."""
    with zipfile.ZipFile(BytesIO(data)) as src:
        parts = {info.filename: src.read(info) for info in src.infolist()}  # [Content_Types].xml first
    if document is not None and document.look.embed_fonts:
        parts = with_fonts(parts, document)
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, blob in parts.items():
            entry = zipfile.ZipInfo(name, date_time=stamp)
            entry.compress_type, entry.create_system, entry.external_attr = zipfile.ZIP_DEFLATED, 0, 0
            dst.writestr(entry, blob, compresslevel=6)
    return out.getvalue()


def with_fonts(parts: dict[str, bytes], document: Document) -> dict[str, bytes]:
    """Embed the body and heading families, subset to the characters in the package's text."""
    from briefbuilder.fonts.families import font_family
    from briefbuilder.writers.docx_fonts import Face, embed_fonts

    text = "".join(blob.decode("utf-8", "ignore") for name, blob in parts.items() if name.endswith(".xml"))
    faces: list[Face] = []
    for family, generic in ((document.look.body_font, "roman"), (document.look.heading_font, "swiss")):
        files = font_family(family)
        faces += [
            Face(family, style, getattr(files, style), generic) for style in ("regular", "bold", "italic")
        ]
    return embed_fonts(parts, faces, text)
