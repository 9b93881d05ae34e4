"""reportlab TrueType fonts whose face facts are kept in the user's cache folder.

reportlab parses a TTF's tables in Python each time a process registers it (``extractInfo``:
names, metrics, the character map, every glyph's width and place), about 4 ms a face, 30 ms
for the 8 faces of a default document's two families, in every build. What the parse finds
depends only on the file's bytes and reportlab's version, so it is kept by those, as marshal
data (plain values only; nothing is executed when it is read), and read back in a fraction of
that time. A missing, stale or unreadable entry only means the file is parsed as before.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from fnmatch import fnmatch
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from reportlab import Version as RL_VERSION
from reportlab import rl_config
from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace

from briefbuilder.cachedir import cache_folder, cached_bytes

__all__ = ["cached_ttfont"]

_VERSION = 1  # of the entries' layout
# not facts of the file: its bytes (read each time), its path, the scale function (rebuilt)
_NOT_KEPT = frozenset({"_ttf_data", "filename", "_pdfScale"})


def cached_ttfont(name: str, path: Path) -> TTFont:
    """reportlab's ``TTFont(name, path)``, its face's facts read from the cache when kept."""
    data = path.read_bytes()
    face = _face(path, data)
    font = TTFont.__new__(TTFont)  # TTFont.__init__, given the face instead of parsing it
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, glob) for glob in rl_config.unShapedFontGlob)
    return font


def _cache_folder() -> Path | None:
    """Where the facts are kept; BRIEFBUILDER_NO_FONT_CACHE turns it off, as for the subsets."""
    return None if os.environ.get("BRIEFBUILDER_NO_FONT_CACHE") else cache_folder("pdf-faces")


def _face(path: Path, data: bytes) -> TTFontFace:
    folder = _cache_folder()
    if folder is None:
        return _parse(path)
    key = hashlib.sha256(f"{_VERSION}:{RL_VERSION}:{marshal.version}:".encode() + data).hexdigest()[:32]
    parsed: list[TTFontFace] = []

    def parse() -> bytes:
        parsed.append(_parse(path))
        try:
            return _dumps(parsed[0])
        except ValueError:  # a fact marshal cannot hold: an empty entry, parsed every time
            return b""

    kept = cached_bytes(folder, f"{key}.marshal", parse)
    if parsed:
        return parsed[0]
    try:
        return _loads(kept, path, data)
    except (ValueError, EOFError, TypeError, KeyError, AttributeError):  # damaged: parse it
        return _parse(path)


def _parse(path: Path) -> TTFontFace:
    """What reportlab's TTFont does: parse the file (about 4 ms a face)."""
    return TTFontFace(str(path))


def _dumps(face: TTFontFace) -> bytes:
    facts = {k: v for k, v in face.__dict__.items() if k not in _NOT_KEPT}
    names = sorted(k for k, v in facts.items() if isinstance(v, TTFNameBytes))
    facts.update({k: facts[k].ustr for k in names})
    return marshal.dumps((facts, names))


def _loads(kept: bytes, path: Path, data: bytes) -> TTFontFace:
    facts, names = marshal.loads(kept)
    if not isinstance(facts, dict) or not isinstance(names, list):
        raise ValueError("not a face's facts")
    for k in names:
        facts[k] = TTFNameBytes(facts[k].encode("utf8"))
    face: Any = TTFontFace.__new__(TTFontFace)
    face.__dict__.update(facts)
    face._ttf_data, face.filename = data, str(path)
    units = facts["unitsPerEm"]
    if units == 1000:  # as extractInfo makes it
        face._pdfScale = lambda x: x
    else:
        mult = 1000 / units
        face._pdfScale = lambda x: x * mult
    return face
