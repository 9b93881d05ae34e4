"""A figure's scene as a PNG, for formats that embed pictures rather than draw (the DOCX).

The scene is layout's (``layout.scene``): this module only rasterises it, with Pillow, in the
same fonts layout measured the words in. Same scene, same bytes.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefbuilder.cachedir import cache_folder, cached_bytes
from briefbuilder.fonts.chain import COMPLEX, as_chain, label_runs
from briefbuilder.fonts.families import FontFamily
from briefbuilder.layout.measure import pil_font
from briefbuilder.layout.scene import Box, Dot, Scene, Shape, Stroke, Words
from briefbuilder.writers import UnhandledKind

if TYPE_CHECKING:
    from PIL.ImageDraw import ImageDraw

_WHITE = "#FFFFFF"
_STRIP_PX = 128  # rows of the final image drawn at a time: bounds the supersampled buffer


_CACHE_VERSION = "1"  # raise when render_png draws differently: old cached images are then ignored


def cached_png(scene: Scene, dpi: int = 240) -> bytes:
    """``render_png(scene, dpi)``, kept by a hash of the scene: a rebuild whose timeline did not
    change (most edits, and every build after the first on this machine) reads 30 KB instead of
    drawing for ~50 ms. In memory for the process (a watch), and in the user's cache folder
    beside the font subsets, so a cold build gets it too; a cache that cannot be read or written
    is only slower."""
    from PIL import __version__ as pillow

    key = hashlib.sha256(f"{_CACHE_VERSION}:{pillow}:{dpi}:{scene!r}".encode()).hexdigest()[:32]
    return _png_by_key(key, scene, dpi)


@functools.lru_cache(maxsize=32)
def _png_by_key(key: str, scene: Scene, dpi: int) -> bytes:
    return cached_bytes(_cache_folder(), f"{key}.png", lambda: render_png(scene, dpi))


def _cache_folder() -> Path | None:
    return None if os.environ.get("BRIEFBUILDER_NO_FONT_CACHE") else cache_folder("figures")


def render_png(scene: Scene, dpi: int = 240, supersample: int = 3) -> bytes:
    """The scene as a PNG at ``dpi``. Shapes are drawn ``supersample`` times larger and averaged
    down, which smooths their edges (Pillow draws them without anti-aliasing), in strips of
    ``_STRIP_PX`` final rows, so a page-tall figure needs 8 MB for them, not 140 MB; the words are then
    drawn at the final size, which FreeType anti-aliases itself, nine times faster than large.
    (No shape of a scene covers words, so drawing them last changes nothing.) Same scene, same
    bytes."""
    from PIL import Image, ImageDraw

    final = Image.new("RGB", (round(scene.width * dpi / 72), round(scene.height * dpi / 72)), _WHITE)
    shapes = [s for s in scene.shapes if not isinstance(s, Words)]
    for top in range(0, final.height, _STRIP_PX):
        rows = min(_STRIP_PX, final.height - top)
        strip = Image.new("RGB", (final.width * supersample, rows * supersample), _WHITE)
        scale = dpi / 72 * supersample
        _draw_shapes(ImageDraw.Draw(strip), shapes, scene.height, scale, top * supersample, strip.height)
        # the mean of each supersample x supersample block: a box filter, what supersampling
        # calls for, and ten times faster than a Lanczos resize of the same image
        final.paste(strip.reduce(supersample), (0, top))
    draw, scale = ImageDraw.Draw(final), dpi / 72
    chain = as_chain(scene.font)
    for w in scene.shapes:
        if isinstance(w, Words):  # each run in the family of the chain that has it, as in the PDF
            cut = label_runs(chain.split(w.text, whole_words=COMPLEX.search(w.text) is not None))
            runs = [
                (_font(f, w.bold, round(w.size * scale), COMPLEX.search(t) is not None), t) for f, t in cut
            ]
            width = sum(font.getlength(t) for font, t in runs)
            x = w.x * scale - {"start": 0.0, "middle": width / 2, "end": width}[w.anchor]
            for font, text in runs:
                draw.text((x, (scene.height - w.y) * scale), text, font=font, fill=w.color, anchor="ls")
                x += font.getlength(text)
    # a figure has a few flat colours and their anti-aliased edges: 64 palette entries keep it
    # crisp at a third of the size of full colour (the octree is as good here as median cut,
    # at a tenth of the time); zlib's default level: level 9 is 6 times slower for 5% less
    small = final.quantize(colors=64, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    out = io.BytesIO()
    small.save(out, format="PNG", dpi=(dpi, dpi))
    return out.getvalue()


def _draw_shapes(
    draw: ImageDraw, shapes: Sequence[Shape], height: float, scale: float, top: int, rows: int
) -> None:
    """Draw ``shapes`` at ``scale`` pixels a point into a strip ``rows`` pixels high whose top is
    ``top`` pixels below the scene's; shapes wholly outside the strip are skipped."""
    offset, limit = top, rows + scale * 4  # a line's width reaches past its ends, at most that

    def pt(x: float, y: float) -> tuple[float, float]:
        return x * scale, (height - y) * scale - offset

    for shape in shapes:
        match shape:
            case Box():
                x0, y1 = pt(shape.x, shape.y)
                x1, y0 = pt(shape.x + shape.w, shape.y + shape.h)
                if y1 < 0 or y0 > limit:
                    continue
                if shape.radius:
                    draw.rounded_rectangle((x0, y0, x1, y1), radius=shape.radius * scale, fill=shape.fill)
                else:
                    draw.rectangle((x0, y0, x1, y1), fill=shape.fill)
            case Stroke():
                (x0, y0), (x1, y1) = pt(shape.x1, shape.y1), pt(shape.x2, shape.y2)
                if max(y0, y1) < -scale * 4 or min(y0, y1) > limit:
                    continue
                draw.line((x0, y0, x1, y1), fill=shape.color, width=max(1, round(shape.width * scale)))
            case Dot():
                cx, cy = pt(shape.x, shape.y)
                r = shape.r * scale
                if cy + r < 0 or cy - r > limit:
                    continue
                ring = round(shape.ring_width * scale) if shape.ring else 0
                draw.ellipse(
                    (cx - r, cy - r, cx + r, cy + r),
                    fill=shape.fill,
                    outline=shape.ring if ring else None,
                    width=ring,
                )
            case _:
                raise UnhandledKind("PNG", "shape", shape)


def _font(family: FontFamily, bold: bool, px: int, shaped: bool) -> Any:
    """The face to draw a run with: a run of Arabic script with Raqm (HarfBuzz shaping and
    FriBidi order, as the PDF shapes it), anything else with the basic layout that layout measures with."""
    if not shaped:
        return pil_font(family, bold, px)
    return _raqm_font(family, bold, px)


@functools.cache
def _raqm_font(family: FontFamily, bold: bool, px: int) -> Any:
    from PIL import ImageFont

    path = family.bold if bold else family.regular
    return ImageFont.truetype(str(path), px, layout_engine=ImageFont.Layout.RAQM)
