"""Typography of running text, per language: quotation marks, apostrophes, dashes, spaces that
must not break, and links whose addresses are IRIs.

Layout runs every text of the document through ``Typesetter`` once (``layout.typeset``), so both
writers print the same characters. Quotes keep their words; only their marks change. Text that
is a web address is left as it is (a straight quote in a URL is part of it).

The quotation marks come from CLDR's ``delimiters`` (Babel does not expose them), the one piece
of locale data kept here; dash spacing follows each language's usual convention.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit, urlunsplit

__all__ = ["QUOTES", "Typesetter", "balance", "iri_to_uri", "quote_marks"]

# language -> (open, close, alternate open, alternate close), from CLDR delimiters
QUOTES: dict[str, tuple[str, str, str, str]] = {
    "en": ("“", "”", "‘", "’"),
    "fr": ("«", "»", "«", "»"),
    "de": ("„", "“", "‚", "‘"),
    "es": ("“", "”", "‘", "’"),
    "ru": ("«", "»", "„", "“"),
    "fa": ("«", "»", "‹", "›"),
    "ar": ("”", "“", "’", "‘"),
}
# a spaced hyphen becomes this: a spaced en dash (British, French, German), a closed em dash
# (American), a spaced em dash (Russian, Spanish); a no-break space keeps it off a line's start
_DASHES = {"en-US": "\u2014", "ru": "\u00a0\u2014 ", "es": "\u00a0\u2014 ", "fr": "\u00a0\u2013 "}
_DASH = "\u00a0\u2013 "
NBSP = "\u00a0"

_URL = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.|mailto:)\S+", re.I)
_SPACED_HYPHEN = re.compile(r"[ \u00a0]+(?:-{1,2}|\u2013|\u2014)[ \u00a0]+")
# 1991-1994, 10-12: a range between two numbers (not a date 2025-09-11, nor a phone number)
_RANGE = re.compile(r"(?<![\w+\-/.:])(\d{1,4})-(\d{1,4})(?![\w\-/:])")
_UNIT = re.compile(
    r"(?<=\d) (?=(?:%|‰|°C|°F|km²|km|m²|cm|mm|kg|mg|kWh|MWh|GWh|kW|MW|GW|t|h|min|bn|m|g|s)(?!\w))"
)
_CURRENCY = re.compile(r"(?<=[€$£¥₽]) (?=\d)")
_INITIAL = re.compile(r"(?<![\w.])([^\W\d_]\.) (?=[^\W\d_])")
_OPEN_BEFORE = frozenset(" \u00a0\t\n([{<\u2013\u2014-/")


def quote_marks(language: str) -> tuple[str, str, str, str]:
    """Primary and alternate marks for a BCP 47 tag (English ones for a language not listed)."""
    return QUOTES.get(language.split("-")[0].lower(), QUOTES["en"])


def iri_to_uri(iri: str) -> str:
    """A link's address as ASCII: the host in IDNA, every other non-ASCII character (and space)
    percent-encoded as UTF-8; what is already escaped stays as it is. A PDF's /URI must be ASCII."""
    if iri.isascii() and " " not in iri:
        return iri
    parts = urlsplit(iri.strip())
    netloc = parts.netloc
    if not netloc.isascii():
        userinfo, at, hostport = netloc.rpartition("@")
        host, colon, port = hostport.partition(":")
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            host = quote(host, safe="")
        netloc = f"{userinfo}{at}{host}{colon}{port}"
    safe = "/:@!$&'()*+,;=%~-._"
    return urlunsplit(
        (
            parts.scheme,
            netloc,
            quote(parts.path, safe=safe),
            quote(parts.query, safe=safe + "?"),
            quote(parts.fragment, safe=safe + "?#"),
        )
    )


def balance(title: str, longest: int = 14) -> str:
    """A title or heading whose last line cannot be one short word: a no-break space between
    its last two words when the last is short."""
    words = title.rsplit(" ", 2)
    if len(words) < 3 or len(words[-1]) > longest or len(words[-2]) + len(words[-1]) > 2 * longest:
        return title
    return f"{words[0]} {words[1]}{NBSP}{words[2]}"


@dataclass
class Typesetter:
    """The typography of one language, applied to the runs of one paragraph at a time: ``run``
    carries what it has seen (the character before, the quotes left open) from one run to the
    next, so a quote may open in plain text and close after an emphasised word."""

    language: str
    months: tuple[str, ...] = ()  # month names, kept on one line with their day
    _before: str = field(default=" ", init=False)
    _open_alt: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        self.marks = quote_marks(self.language)
        base = self.language.split("-")[0].lower()
        self.dash = _DASHES.get(self.language, _DASHES.get(base, _DASH))
        self._french = base == "fr"
        self._day_month = None
        if self.months:
            names = "|".join(re.escape(m) for m in self.months)
            self._day_month = re.compile(
                rf"(?<!\d)(\d{{1,2}}\.?(?: de)?) (?=(?:{names})\b)|\b((?:{names})) (?=\d{{1,2}}\b)"
            )

    def paragraph(self) -> Typesetter:
        """Start a new paragraph: nothing before, no quote open."""
        self._before, self._open_alt = " ", 0
        return self

    def text(self, text: str) -> str:
        """One whole text (a heading, a cell): a paragraph of its own."""
        return self.paragraph().run(text)

    def run(self, text: str, *, url: bool = False) -> str:
        """One run of the paragraph; ``url``: the run is an address, printed as it is."""
        text = unicodedata.normalize("NFC", text).replace("\u202f", NBSP)
        if url or not text:
            self._before = text[-1:] or self._before
            return text
        out, at = [], 0
        for m in _URL.finditer(text):
            out.append(self._prose(text[at : m.start()]))
            out.append(m.group())
            self._before = m.group()[-1]
            at = m.end()
        out.append(self._prose(text[at:]))
        return "".join(out)

    def _prose(self, text: str) -> str:
        if not text:
            return text
        text = _SPACED_HYPHEN.sub(self.dash, text)
        text = _RANGE.sub("\\1\u2013\\2", text)
        text = _UNIT.sub(NBSP, text)
        text = _CURRENCY.sub(NBSP, text)
        text = _INITIAL.sub(f"\\1{NBSP}", text)
        if self._day_month is not None:
            text = self._day_month.sub(self._nbsp, text)
        return self._quotes(text)

    @staticmethod
    def _nbsp(m: re.Match[str]) -> str:
        return (m.group(1) or m.group(2)).replace(" ", NBSP) + NBSP  # "13 de julio": both spaces

    def _quotes(self, text: str) -> str:
        open_, close, alt_open, alt_close = self.marks
        out: list[str] = []
        for i, c in enumerate(text):
            before = out[-1][-1:] if out and out[-1] else self._before
            after = text[i + 1 : i + 2]
            if c in '"“”„«»':
                # „ and « always open, » always closes; the others by what stands before them,
                # since “ closes in German and opens in English
                opening = c in "„«" or (c in '"“”' and before in _OPEN_BEFORE)
                if opening:
                    out.append(open_ + (NBSP if self._french else ""))
                else:
                    out.append((NBSP if self._french else "") + close)
            elif c in "'‘’‚":
                out.append(self._single(c, before, after, alt_open, alt_close))
            else:
                out.append(c)
        result = "".join(out)
        if self._french:  # one space, no-break, inside French quotes, however it was typed
            result = re.sub(r"«[\s\u00a0]+", "«" + NBSP, result)
            result = re.sub(r"[\s\u00a0]+»", NBSP + "»", result)
        self._before = result[-1:] or self._before
        return result

    def _single(self, c: str, before: str, after: str, alt_open: str, alt_close: str) -> str:
        """An alternate quotation mark opening (‚ always; ' or ‘ after a space, before a word),
        an apostrophe (between letters: it's, l’État; or before a digit: ’90s), or the
        alternate mark closing when one is open; else an apostrophe (the students’)."""
        word_follows = bool(after) and not after.isspace() and not after.isdigit()
        if c == "‚" or (c in "'‘" and before in _OPEN_BEFORE and word_follows):
            self._open_alt += 1
            return alt_open
        if before.isalnum() and after.isalnum():
            return "’"
        if self._open_alt and not after.isalnum():
            self._open_alt -= 1
            return alt_close
        return "’"
