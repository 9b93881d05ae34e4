"""The small value types a brief shares with the audience templates: a partial date, a contact,
per-audience wording, and the patterns that name audiences and custom sections.

Apart from ``model`` and ``content`` so that reading a template (``audiences``, a build's
templates, ``lint``'s page budgets) does not create the brief's twenty other dataclasses: each
costs ~1 ms to make at import. ``model`` and ``content`` import these names from here.
"""

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, NewType

from briefbuilder.brief.fields import line

Release = Literal["public", "internal"]
# what a custom section's key may be: it names the section in templates' `sections:` lists
CUSTOM_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
# what may name an audience in a wording mapping: a template's file name without .yaml
AUDIENCE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")

# A table cell as written in `rows:`: text that may be empty ("" or a CSV's empty field).
CellText = NewType("CellText", str)


class Wording(str):
    """Text that may be worded differently for some audiences.

    Written in YAML as plain text, or as a mapping ``{default: "...", press: "..."}``: the
    ``default`` wording and one per audience name. As a ``str`` it *is* the default wording, so
    everything that does not know audiences (checks, lint, diff, metadata) reads the default;
    layout picks the wording of the audience it lays out (``for_audience``)."""

    variants: tuple[tuple[str, str], ...]

    def __new__(cls, default: str, variants: Mapping[str, str] | Iterable[tuple[str, str]] = ()) -> "Wording":
        self = super().__new__(cls, default)
        pairs = tuple(variants.items() if isinstance(variants, Mapping) else variants)
        object.__setattr__(self, "variants", tuple((str(k), str(v)) for k, v in pairs))
        return self

    @property
    def default(self) -> str:
        return str.__str__(self)

    def for_audience(self, *names: str) -> str:
        """The wording for the first of ``names`` that has one (an audience, then the ones it
        extends), else the default."""
        own = dict(self.variants)
        return next((own[n] for n in names if n in own), self.default)

    def texts(self) -> Iterator[tuple[str, str]]:
        """Every wording: ("default", text), then (audience, text) for each variant."""
        yield "default", self.default
        yield from self.variants

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Wording):
            return str.__eq__(self, other) and self.variants == other.variants
        return str.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = str.__hash__

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Wording is immutable")

    def __reduce__(self) -> "tuple[type[Wording], tuple[str, tuple[tuple[str, str], ...]]]":
        return Wording, (self.default, self.variants)

    def __repr__(self) -> str:
        if not self.variants:
            return f"Wording({self.default!r})"
        return f"Wording({self.default!r}, {dict(self.variants)!r})"


def wordings(value: object) -> Iterator[tuple[str, str]]:
    """(key, text) of every wording of a text field: ("default", text) for plain text."""
    if isinstance(value, Wording):
        yield from value.texts()
    elif isinstance(value, str):
        yield "default", value


_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day (sources are often vague)."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> "PartialDate":
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ValueError with a reason."""
        m = _PARTIAL_DATE.match(text.strip())
        if not m:
            raise ValueError("expected a date as YYYY, YYYY-MM or YYYY-MM-DD")
        year_text, month_text, day_text = m.groups()
        year = int(year_text)
        month, day = (int(g) if g else None for g in (month_text, day_text))
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"month {month} is not between 01 and 12")
        if day is not None:
            dt.date(year, month or 1, day)  # raises ValueError("day is out of range for month")
        return cls(year, month, day)

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def iso(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
        if self.day:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def human(self) -> str:
        """'11 September 2025', 'June 2025' or '2021'."""
        if self.month is None:
            return str(self.year)
        if self.day is None:
            return f"{_MONTHS[self.month - 1]} {self.year}"
        return f"{self.day} {_MONTHS[self.month - 1]} {self.year}"

    def __str__(self) -> str:
        return self.iso()


@dataclass(frozen=True, slots=True)
class Contact:
    name: str = field(metadata=line("Point of contact for questions about the brief."))
    email: str | None = field(default=None, metadata=line("E-mail address of the contact.", 254))
    phone: str | None = field(default=None, metadata=line("Telephone number of the contact.", 50))
    role: str | None = field(default=None, metadata=line("Role, e.g. 'Media relations'."))
