"""A TrueType character map's format 4 subtable (16-bit code points), read with ``struct``.

Both readers of character maps use it: ``fonts.coverage`` (which characters a face draws) and
``fonts.advances`` (each character's glyph, for its width)."""

from __future__ import annotations

import struct


def format4(data: bytes, at: int) -> dict[int, int]:
    """Code point -> glyph id for every code of every segment, the closing one too (as reportlab
    reads it); a glyph id of 0 is .notdef, the character is not in the font."""
    length, _language, seg2 = struct.unpack_from(">HHH", data, at + 2)
    segments, limit = seg2 // 2, at + length
    arrays = at + 14
    end = struct.unpack_from(f">{segments}H", data, arrays)
    start = struct.unpack_from(f">{segments}H", data, arrays + 2 * segments + 2)
    delta = struct.unpack_from(f">{segments}H", data, arrays + 4 * segments + 2)
    range_at = arrays + 6 * segments + 2
    range_offset = struct.unpack_from(f">{segments}H", data, range_at)
    out: dict[int, int] = {}
    for i in range(segments):  # every code of every segment, the closing one too, as reportlab
        if range_offset[i] == 0:
            out.update((c, (c + delta[i]) & 0xFFFF) for c in range(start[i], end[i] + 1))
            continue
        for code in range(start[i], end[i] + 1):
            where = range_at + 2 * i + range_offset[i] + 2 * (code - start[i])
            glyph = struct.unpack_from(">H", data, where)[0] if where < limit else 0
            out[code] = (glyph + delta[i]) & 0xFFFF if glyph else 0
    return out
