"""Glyph coverage: which characters the embedded fonts can actually draw.

reportlab draws a character missing from a TrueType font as an empty box, with no warning, and
Word silently substitutes another font. So every text field is checked against the fonts'
character maps before anything is written, and the author is told which character, where.

Text is set in a chain of families, chosen per character (``fonts.chain``): the look's family,
then the built-in fallback (PT, Noto, Noto Sans Arabic). A character counts as drawable when
some family of the chain has it in every face (regular, bold, italic, bold italic); the brief's
load asks both built-in chains (body and headings), which every look ends with. A character
neither has, unless it is paste junk (``deferrable``), may still be in a template's own font: the
load keeps it with its place and the chosen audiences' chains decide (``audience.glyphs``). Only
the families needed are read: a Cyrillic or Latin-1 brief never opens the Noto files.
"""

from __future__ import annotations

import functools
import re
import struct
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from briefbuilder.fonts.cmap import format4
from briefbuilder.fonts.families import (
    BODY_FALLBACK,
    HEADING_FALLBACK,
    FontFamily,
    font_family,
    known_families,
)

# Printable ASCII and the whitespace the layout turns into spaces need no font lookup: every
# shipped face covers them (tested), so plain-English briefs never load a font file.
_NEEDS_LOOKUP = re.compile(r"[^\t\n\r\x20-\x7e]")

# What to type instead, for characters that word processors and web pages slip into text.
_INSTEAD = {
    "\u00ad": "nothing (a soft hyphen; delete it)",
    "\u2009": "a normal space",
    "\u200a": "a normal space",
    "\u2002": "a normal space",
    "\u2003": "a normal space",
    "\u2007": "a normal space",
    "\u2008": "a normal space",
    "\u205f": "a normal space",
    "\u3000": "a normal space",
    "\u202f": "a no-break space (U+00A0)",
    "\u200b": "nothing (delete it)",
    "\u200c": "nothing (delete it)",
    "\u200d": "nothing (delete it)",
    "\u2060": "nothing (delete it)",
    "\ufeff": "nothing (delete it)",
    "\u2010": "'-'",
    "\u2012": "'–' (en dash)",
    "\u2015": "'—' (em dash)",
    "\u2032": "an apostrophe (')",
    "\u2033": 'a double quote (")',
    "\u2190": "'<-'",
    "\u2192": "'->'",
    "\u2028": "a line break in the YAML text",
    "\u2029": "a blank line in the YAML text",
}
# Joiners that Persian and Arabic need (ZWNJ in می‌خواهد): kept, though Latin text rarely wants them.
_JOINERS = frozenset("\u200c\u200d")
# Characters refused even where a fallback font has a glyph: paste junk that prints unreliably
# (reportlab breaks lines at U+202F, a thin space sets no width in Word) or not at all.
_REFUSED = frozenset(_INSTEAD) - _JOINERS


@functools.cache
def font_cmap(path: Path) -> frozenset[int]:
    """The code points one TrueType file maps to a real glyph (not .notdef), read once per file
    and process.

    Only the ``cmap`` table is read, by the OpenType spec (formats 4 and 12, chosen in the order
    fontTools' ``getBestCmap`` uses), not with fontTools: importing it and parsing the fonts took
    60 ms, a third of what ``briefbuilder check`` may take. The tests hold this reader to
    fontTools' answer for every shipped face."""
    with open(path, "rb") as fh:
        data = fh.read()
    return frozenset(_best_cmap(data, str(path)))


# (platform, encoding) of Unicode subtables, best first, as fontTools' getBestCmap
_UNICODE_SUBTABLES = ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0))


def _best_cmap(data: bytes, name: str) -> Iterator[int]:
    num_tables = struct.unpack_from(">H", data, 4)[0]
    tables = {
        tag: offset
        for tag, _checksum, offset, _length in struct.iter_unpack(">4sLLL", data[12 : 12 + 16 * num_tables])
    }
    if b"cmap" not in tables:
        raise ValueError(f"{name}: no cmap table")
    cmap = tables[b"cmap"]
    count = struct.unpack_from(">H", data, cmap + 2)[0]
    subtables = {
        (platform, encoding): cmap + offset
        for platform, encoding, offset in struct.iter_unpack(">HHL", data[cmap + 4 : cmap + 4 + 8 * count])
    }
    for key in _UNICODE_SUBTABLES:
        if key in subtables:
            at = subtables[key]
            fmt = struct.unpack_from(">H", data, at)[0]
            if fmt == 4:
                return (code for code, glyph in format4(data, at).items() if glyph)
            if fmt == 12:
                return _format12(data, at)
            raise ValueError(f"{name}: cmap subtable format {fmt} is not supported")
    raise ValueError(f"{name}: no Unicode cmap subtable")


def _format12(data: bytes, at: int) -> Iterator[int]:
    """Groups of 32-bit code points mapped to consecutive glyph ids."""
    groups = struct.unpack_from(">L", data, at + 12)[0]
    for first, last, glyph in struct.iter_unpack(">LLL", data[at + 16 : at + 16 + 12 * groups]):
        yield from range(first + (glyph == 0), last + 1)


@functools.cache
def family_coverage(family: str | FontFamily) -> frozenset[int]:
    """Code points that all four faces of a family can draw (a variable font's instances have
    its character map, so the shipped files are read, never an instance made)."""
    files = font_family(family) if isinstance(family, str) else family
    return frozenset.intersection(*(font_cmap(path) for path in files.sources))


_BUILTIN_CHAINS = (BODY_FALLBACK, HEADING_FALLBACK)


def undrawable(text: str, chains: tuple[tuple[str, ...], ...] = _BUILTIN_CHAINS) -> tuple[str, ...]:
    """The distinct characters of ``text`` that some chain of families cannot draw, in order:
    by default the built-in body and heading chains, which every look ends with."""
    if _NEEDS_LOOKUP.search(text) is None:
        return ()
    wanted = dict.fromkeys(m.group() for m in _NEEDS_LOOKUP.finditer(text))
    missing: dict[str, None] = dict.fromkeys(ch for ch in wanted if ch in _REFUSED)
    for chain in chains:
        left = [ch for ch in wanted if ch not in missing]
        for name in chain:  # the next family is read only for what the ones before lack
            if not left:
                break
            covered = family_coverage(name)
            left = [ch for ch in left if ord(ch) not in covered]
        missing.update(dict.fromkeys(left))
    return tuple(ch for ch in wanted if ch in missing)


def drawable() -> frozenset[int]:
    """Code points both built-in chains can draw (loads every built-in family)."""
    return frozenset.intersection(
        *(frozenset.union(*(family_coverage(name) for name in chain)) for chain in _BUILTIN_CHAINS)
    )


def char_name(ch: str) -> str:
    """'U+2009 THIN SPACE', 'U+0007 BELL', 'U+D800 (a lone surrogate)': as an author can look it up."""
    code = ord(ch)
    name = unicodedata.name(ch, "") or _CONTROL_NAMES.get(code, "")
    if not name:
        kind = {
            "Cc": "a control character",
            "Cs": "a lone surrogate",
            "Cn": "a non-character",
            "Co": "a private-use character",
        }
        return f"U+{code:04X} ({kind.get(unicodedata.category(ch), 'unnamed')})"
    return f"U+{code:04X} {name}"


_CONTROL_NAMES = {
    0x00: "NULL",
    0x07: "BELL",
    0x08: "BACKSPACE",
    0x0B: "LINE TABULATION",
    0x0C: "FORM FEED",
    0x1B: "ESCAPE",
    0x7F: "DELETE",
    0x85: "NEXT LINE",
}


def deferrable(chars: tuple[str, ...]) -> bool:
    """Could a template's own font (``look.fonts``) still draw these characters? Not paste junk,
    which is refused whatever the fonts; the brief's check leaves the others to the build."""
    return not any(ch in _REFUSED for ch in chars)


def glyph_message(chars: tuple[str, ...] | str, fonts: str | None = None) -> str:
    """Why these characters are refused and what to write instead (the first few are named);
    ``fonts``: which fonts lack them, by default the built-in ones."""
    chars = tuple(chars)
    if fonts is None:
        names = ", ".join(dict.fromkeys(n for n in known_families() if any(n in c for c in _BUILTIN_CHAINS)))
        fonts = f"no font of the document ({names})"
    named = ", ".join(_shown(ch) for ch in chars[:3]) + (", ..." if len(chars) > 3 else "")
    if len(chars) == 1:
        instead = _INSTEAD.get(chars[0])
        if instead and chars[0] in _REFUSED:
            return f"contains {named}, which prints unreliably or as an empty box; use {instead}"
        return (
            f"contains {named}, which {fonts} can draw: it would print as an empty box; "
            "remove it or write it out in words"
        )
    return (
        f"contains {len(chars)} characters that {fonts} can draw: {named}; they would print "
        "as empty boxes; remove them or write them out in words"
    )


def _shown(ch: str) -> str:
    if ch.isprintable() and not ch.isspace() and unicodedata.category(ch)[0] not in "CZM":
        return f"{ch!r} ({char_name(ch)})"
    return char_name(ch)
