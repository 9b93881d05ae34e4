"""Advance widths of a TrueType face, read from its own tables: the widths the PDF sets text at.

reportlab sets a string in a TrueType face as the sum of its characters' advance widths (the
``hmtx`` table, reached through the ``cmap``), with no kerning and no hinting, and a character
the face lacks as wide as glyph 0 (.notdef). Layout measures figure labels and table columns
here, the same way, so a measured width is the width the PDF draws (``width`` is reportlab's
``stringWidth``, term for term). The tables are read with ``struct``, as ``fonts.coverage`` reads
character maps: Pillow's FreeType (importing Pillow, loading each face, a hinted ``getlength``
per measure) cost a cold layout about 20 ms of its 90, and its hinting rounded every advance.

What a face's tables give depends only on its bytes, so they are kept under a hash of the file
in the user's cache folder (``widths``: code points and advances as packed arrays) and, per
path, for the process (as reportlab's font registry is); a changed file has another hash and is
read again. A cache that cannot be read or written is only slower.
"""

from __future__ import annotations

import functools
import hashlib
import struct
import sys
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from briefbuilder.cachedir import cache_folder, cached_bytes
from briefbuilder.fonts.cmap import format4

_VERSION = b"bbw1"  # the cache file's format and the reading rules: change it when either changes
_HEADER = struct.Struct("<4sHHI")  # version, unitsPerEm, .notdef advance, count of code points
_U32 = next(code for code in "IL" if array(code).itemsize == 4)  # code points: 4 bytes each


@dataclass(frozen=True, slots=True, eq=False)
class Advances:
    """One face's advance widths in thousandths of an em, by code point, as reportlab keeps
    them (``charWidths``, ``defaultWidth``); a code point not in ``widths`` is .notdef's."""

    units_per_em: int
    default: float
    widths: _Widths

    def width(self, text: str, size: float) -> float:
        """Width of ``text`` in points at ``size`` points (reportlab's formula, term for term,
        so the very same float)."""
        return 0.001 * size * sum(map(self.widths.__getitem__, map(ord, text)))


class _Widths(dict[int, float]):
    """Advances by code point; a missing one is .notdef's (without a Python call per hit)."""

    __slots__ = ("default",)

    def __init__(self, items: Iterator[tuple[int, float]], default: float) -> None:
        super().__init__(items)
        self.default = default

    def __missing__(self, code: int) -> float:
        return self.default


@functools.cache
def face_advances(path: Path) -> Advances:
    """The advance widths of the TrueType face at ``path``: from the cache folder when its
    bytes were read before, else from its tables (then kept there)."""
    data = path.read_bytes()
    key = hashlib.sha256(_VERSION + data).hexdigest()[:32]
    packed = cached_bytes(cache_folder("widths"), f"{key}.widths", lambda: _pack(data, str(path)))
    try:
        return _unpack(packed)
    except ValueError:  # a damaged cache file: read the font itself
        return _unpack(_pack(data, str(path)))


def _pack(data: bytes, name: str) -> bytes:
    """The face's unitsPerEm, .notdef advance and the advances that differ from it, packed."""
    units, default, widths = read_advances(data, name)
    codes = array(_U32, (c for c in sorted(widths) if widths[c] != default))
    advances = array("H", (widths[c] for c in codes))
    if sys.byteorder == "big":
        codes.byteswap()
        advances.byteswap()
    return _HEADER.pack(_VERSION, units, default, len(codes)) + codes.tobytes() + advances.tobytes()


def _unpack(packed: bytes) -> Advances:
    if len(packed) < _HEADER.size:
        raise ValueError("short widths file")
    version, units, default, count = _HEADER.unpack_from(packed)
    if version != _VERSION or not units or len(packed) != _HEADER.size + 6 * count:
        raise ValueError("not a widths file of this version")
    codes, advances = array(_U32), array("H")
    codes.frombytes(packed[_HEADER.size : _HEADER.size + 4 * count])
    advances.frombytes(packed[_HEADER.size + 4 * count :])
    if sys.byteorder == "big":
        codes.byteswap()
        advances.byteswap()
    if units == 1000:  # reportlab's scaling: none at 1000 units, else times 1000 / unitsPerEm
        return Advances(units, default, _Widths(zip(codes, advances, strict=True), default))
    mult = 1000 / units
    scaled = (a * mult for a in advances)
    return Advances(units, default * mult, _Widths(zip(codes, scaled, strict=True), default * mult))


def read_advances(data: bytes, name: str = "font") -> tuple[int, int, dict[int, int]]:
    """(unitsPerEm, .notdef's advance, {code point: advance}) in font units, read from a
    TrueType file's bytes as reportlab's ``TTFontFile`` reads them: the same cmap subtable,
    glyphs past ``numberOfHMetrics`` as wide as the last, U+00A0 as wide as the space.
    ValueError names the file when its tables cannot be read."""
    try:
        return _read(data, name)
    except struct.error as exc:  # an offset or a count that runs past the end of the file
        raise ValueError(f"{name}: damaged font tables ({exc})") from None


def _read(data: bytes, name: str) -> tuple[int, int, dict[int, int]]:
    tables = _tables(data, name)
    for tag in (b"head", b"hhea", b"maxp", b"hmtx", b"cmap"):
        if tag not in tables:
            raise ValueError(f"{name}: no {tag.decode()} table")
    units = struct.unpack_from(">H", data, tables[b"head"] + 18)[0]
    metrics = struct.unpack_from(">H", data, tables[b"hhea"] + 34)[0]
    glyphs = struct.unpack_from(">H", data, tables[b"maxp"] + 4)[0]
    if not units or not metrics:
        raise ValueError(f"{name}: no unitsPerEm or horizontal metrics")
    hmtx = struct.unpack_from(f">{2 * metrics}H", data, tables[b"hmtx"])[0::2]
    advance = list(hmtx) + [hmtx[-1]] * max(0, glyphs - metrics)
    cmap = _reportlab_cmap(data, tables[b"cmap"], glyphs, name)
    # a glyph id past the last glyph has no advance: reportlab gives its character .notdef's
    widths = {code: advance[g] if g < len(advance) else advance[0] for code, g in cmap.items()}
    if 0x20 in cmap:
        widths[0xA0] = widths[0x20]
    elif 0xA0 in cmap:
        widths[0x20] = widths[0xA0]
    return units, advance[0], widths


def _tables(data: bytes, name: str) -> dict[bytes, int]:
    """Table offsets of the font (the first of a collection, as reportlab takes by default)."""
    start = struct.unpack_from(">L", data, 12)[0] if data[:4] == b"ttcf" else 0
    count = struct.unpack_from(">H", data, start + 4)[0]
    records = data[start + 12 : start + 12 + 16 * count]
    if len(records) != 16 * count:
        raise ValueError(f"{name}: not a TrueType font")
    return {tag: offset for tag, _checksum, offset, _length in struct.iter_unpack(">4sLLL", records)}


def _reportlab_cmap(data: bytes, cmap: int, glyphs: int, name: str) -> dict[int, int]:
    """Code point -> glyph from the subtable reportlab uses: the last Windows one, else the
    last Unicode or Mac one, in its order of preference; formats 0, 4, 12 and 13 (a format
    no current font uses for Unicode is refused)."""
    version, count = struct.unpack_from(">HH", data, cmap)
    if count == 0 and version != 0:  # reportlab reads the two fields swapped in such a file
        count = version
    chosen, kind = None, 0
    for platform, encoding, offset in struct.iter_unpack(">HHL", data[cmap + 4 : cmap + 4 + 8 * count]):
        if platform == 3 or (platform == 1 and encoding == 1) or (platform == 0 and encoding != 5):
            chosen, kind = offset, 1
        elif platform == 1 and encoding == 0 and kind != 1:
            chosen, kind = offset, 2
    if chosen is None:
        raise ValueError(f"{name}: no suitable cmap subtable")
    at = cmap + chosen
    fmt = struct.unpack_from(">H", data, at)[0]
    if fmt == 4:
        return format4(data, at)
    if fmt in (12, 13):
        groups = struct.unpack_from(">L", data, at + 12)[0]
        out: dict[int, int] = {}
        for first, last, glyph in struct.iter_unpack(">LLL", data[at + 16 : at + 16 + 12 * groups]):
            out.update((c, glyph + (c - first if fmt == 12 else 0)) for c in range(first, last + 1))
        return out
    if fmt == 0:
        table = data[at + 6 : at + struct.unpack_from(">H", data, at + 2)[0]]
        return {c: table[c] for c in range(min(256, glyphs, len(table)))}
    raise ValueError(f"{name}: cmap subtable format {fmt} is not supported")
