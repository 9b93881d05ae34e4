"""Dates and numbers in the brief's language, from CLDR through Babel (imported on first use).

Plain ``en`` is British usage ("11 September 2025", the tool's long-standing style); ``en-US``
and any other tag Babel knows get their own CLDR patterns. Babel formats Gregorian dates with
Latin digits only, so digits are converted to the locale's default numbering system (Persian
digits for fa). U+202F (CLDR's narrow no-break space, e.g. before Russian "г.") becomes
U+00A0: reportlab breaks lines at U+202F.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from babel import Locale

__all__ = ["LATIN", "LanguageInfo", "in_digits", "language_info"]

# the zero of each decimal numbering system CLDR names as a locale's default (the other digits
# follow it in Unicode); 'latn' needs no conversion
_ZEROS = {"arab": 0x0660, "arabext": 0x06F0, "beng": 0x09E6, "deva": 0x0966, "mymr": 0x1040}
_NNBSP = str.maketrans({"\u202f": "\u00a0"})
LATIN = "0123456789"


def in_digits(n: int | str, digits: str) -> str:
    """``n`` (an integer, or text holding Latin digits) written with ``digits``, the ten digits
    of a numbering system (``LanguageInfo.digits``): what a writer uses for the numbers it
    prints itself (page numbers, list and note numbers)."""
    text = str(n)
    return text if digits == LATIN else text.translate(str.maketrans(LATIN, digits))


class PartialDate(Protocol):
    """A date known to the year, the month or the day (``brief.model.PartialDate``)."""

    @property
    def year(self) -> int: ...
    @property
    def month(self) -> int | None: ...
    @property
    def day(self) -> int | None: ...


@dataclass(frozen=True, slots=True)
class LanguageInfo:
    """How one language writes dates and numbers."""

    tag: str  # the brief's BCP 47 tag, as written
    locale: str  # the Babel locale used for dates, e.g. 'en_GB' for plain 'en'
    direction: str  # 'ltr' or 'rtl' (CLDR)
    digits: str  # the ten digits of the default numbering system, '0123456789' for Latin

    def number(self, n: int | str) -> str:
        """``n`` (an integer, or text holding Latin digits) in the language's digits."""
        return in_digits(n, self.digits)

    def date(self, d: PartialDate) -> str:
        """A date known to the day ("11 septembre 2025"), the month ("septembre 2025") or the
        year, written the language's way."""
        from babel.dates import format_date, format_skeleton

        if d.month is None:
            return self.number(d.year)
        day = dt.date(d.year, d.month, d.day or 1)
        text = (
            format_date(day, "long", locale=self.locale)
            if d.day is not None
            else format_skeleton("yMMMM", day, locale=self.locale)
        )
        return self.number(text.translate(_NNBSP))

    def month_names(self) -> tuple[str, ...]:
        """The month names the language prints in dates (wide and abbreviated), for keeping a
        day and its month on one line."""
        return _month_names(self.locale)


@cache
def _month_names(locale: str) -> tuple[str, ...]:
    from babel.dates import get_month_names

    names: set[str] = set()
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            names.update(get_month_names(width, context, locale=locale).values())
    return tuple(sorted(names, key=len, reverse=True))


@cache
def language_info(tag: str) -> LanguageInfo:
    """What CLDR says about the language ``tag``; an unknown tag is written as English."""
    locale = _babel_locale(tag)
    system = locale.default_numbering_system if locale is not None else "latn"
    zero = _ZEROS.get(system)
    digits = "".join(chr(zero + i) for i in range(10)) if zero else "0123456789"
    return LanguageInfo(
        tag=tag,
        locale=str(locale) if locale is not None else "en_GB",
        direction=(locale.text_direction if locale is not None else "ltr"),
        digits=digits,
    )


def _babel_locale(tag: str) -> Locale | None:
    from babel import Locale, UnknownLocaleError

    if tag.lower() == "en":
        tag = "en-GB"
    try:
        return Locale.parse(tag, sep="-")
    except (UnknownLocaleError, ValueError):
        try:
            return Locale.parse(tag.split("-")[0])
        except (UnknownLocaleError, ValueError):
            return None
