"""See a brief without a PDF viewer: PNG images of the PDF's pages and a contact sheet of them.

Pages are rasterised by PDFium (pypdfium2), the engine Chrome uses, so the images show what a
reader's viewer shows; the contact sheet is drawn with Pillow. ``preview --watch`` redraws them
on every save (``authoring/watch.py``).
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from briefbuilder.output.publish import publish

if TYPE_CHECKING:
    from PIL.Image import Image
    from PIL.ImageDraw import ImageDraw
    from PIL.ImageFont import FreeTypeFont
    from PIL.ImageFont import ImageFont as BitmapFont

    Font = FreeTypeFont | BitmapFont

_SHEET_BACKGROUND = (232, 234, 237)
_BORDER = (150, 155, 162)
_LABEL = (60, 64, 70)


def render_pages(pdf: bytes, dpi: float = 100) -> list[Image]:
    """Each page of ``pdf`` as an RGB image at ``dpi`` dots per inch."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        images = []
        for index in range(len(document)):
            page = document[index]
            try:
                bitmap = page.render(scale=dpi / 72)
                images.append(bitmap.to_pil().convert("RGB"))
            finally:
                page.close()
        return images
    finally:
        document.close()


def contact_sheet(pages: Sequence[Image], title: str = "", columns: int = 4, thumb_width: int = 260) -> Image:
    """One image with every page as a bordered thumbnail in a grid, numbered, under a title line."""
    from PIL import Image as PILImage
    from PIL import ImageDraw

    if not pages:
        raise ValueError("a contact sheet needs at least one page")
    columns = max(1, min(columns, len(pages)))
    rows = -(-len(pages) // columns)
    thumbs = [p.resize((thumb_width, round(p.height * thumb_width / p.width))) for p in pages]
    thumb_height = max(t.height for t in thumbs)
    gap, label_height = 24, 26
    title_height = 44 if title else 0
    width = columns * thumb_width + (columns + 1) * gap
    height = title_height + rows * (thumb_height + label_height) + (rows + 1) * gap
    sheet = PILImage.new("RGB", (width, height), _SHEET_BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    label_font, title_font = _font(15), _font(20)
    if title:
        draw.text((gap, gap), _fit(draw, title, title_font, width - 2 * gap), fill=_LABEL, font=title_font)
    for n, thumb in enumerate(thumbs):
        row, col = divmod(n, columns)
        x = gap + col * (thumb_width + gap)
        y = title_height + gap + row * (thumb_height + label_height + gap)
        draw.rectangle(
            (x + 3, y + 3, x + thumb.width + 3, y + thumb.height + 3), fill=(205, 208, 213)
        )  # shadow
        sheet.paste(thumb, (x, y))
        draw.rectangle((x - 1, y - 1, x + thumb.width, y + thumb.height), outline=_BORDER)
        label = f"Page {n + 1}"
        box = draw.textbbox((0, 0), label, font=label_font)
        draw.text(
            (x + (thumb_width - (box[2] - box[0])) / 2, y + thumb.height + 6),
            label,
            fill=_LABEL,
            font=label_font,
        )
    return sheet


def png_bytes(image: Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()


@dataclass(frozen=True, slots=True)
class Preview:
    """What one preview wrote: the page images, the contact sheet, and the page count."""

    pages: tuple[Path, ...]
    sheet: Path

    @property
    def page_count(self) -> int:
        return len(self.pages)


def page_file(stem: str, number: int) -> str:
    return f"{stem}-page-{number:02d}.png"


def sheet_file(stem: str) -> str:
    return f"{stem}-contact-sheet.png"


def write_preview(pdf: bytes, stem: str, out: Path, title: str = "", dpi: float = 100) -> Preview:
    """Rasterise ``pdf`` into ``out`` as ``<stem>-page-NN.png`` plus ``<stem>-contact-sheet.png``,
    all published together; page images left over from a longer earlier build are removed."""
    pages = render_pages(pdf, dpi)
    files = {page_file(stem, n): png_bytes(img) for n, img in enumerate(pages, 1)}
    files[sheet_file(stem)] = png_bytes(contact_sheet(pages, title))
    written = publish(files, out)
    keep = set(files)
    stale = re.compile(re.escape(stem) + r"-page-\d+\.png")
    for old in out.iterdir():
        if stale.fullmatch(old.name) and old.name not in keep:
            with contextlib.suppress(FileNotFoundError):
                old.unlink()
    by_name = {p.name: p for p in written}
    return Preview(
        tuple(by_name[page_file(stem, n)] for n in range(1, len(pages) + 1)), by_name[sheet_file(stem)]
    )


def _font(size: int) -> Font:
    """PT Sans (a dependency) for the labels; Pillow's own font only if it cannot be read."""
    from PIL import ImageFont

    from briefbuilder.fonts.families import font_family

    try:
        return ImageFont.truetype(str(font_family("PT Sans").regular), size)
    except OSError:  # pragma: no cover - the font package is a dependency
        return ImageFont.load_default(size)


def _fit(draw: ImageDraw, text: str, font: Font, width: int) -> str:
    """``text`` shortened with an ellipsis to fit ``width`` pixels."""
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text.rstrip() + "…"
