"""Every fixed word the documents print, by key, in English (the catalogues' message ids), and
their translation for a brief's language from the gettext catalogues shipped in ``locale/``.

A template may override any label (``labels:``); its keys are checked against ``LABELS`` so a
typo is refused where it is written rather than silently ignored. Placeholders in braces
(``{page}``) are filled by layout; a translation keeps the same placeholders.
"""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

__all__ = ["DOMAIN", "LABELS", "LOCALE_DIR", "Labels", "labels_for", "placeholders_of"]

DOMAIN = "briefbuilder"
LOCALE_DIR = Path(__file__).with_name("locale")

# key -> the English text, which is also the catalogue's msgid. The section keys are the default
# headings (audience.templates.DEFAULT_HEADINGS reads them from here).
LABELS: dict[str, str] = {
    "summary": "Bottom line up front",
    "key_judgments": "Key judgments",
    "key_facts": "Key facts",
    "context": "Context",
    "timeline": "Timeline",
    "statements": "On the record",
    "analysis": "Expert analysis",
    "outlook": "Outlook: what to watch",
    "recommendations": "Recommendations",
    "caveats": "Source notes and caveats",
    "sources": "Sources",
    "contents": "Contents",
    "notes": "Notes",
    "page": "Page {page} of {pages}",
    "date": "Date",
    "event": "Event",
    "brief": "Brief",
    "version": "{id}, version {version}",
    "authors": "Authors",
    "contact": "Contact",
    "prepared_for": "Prepared for",
    "logo": "Logo",
    "logo_of": "Logo of {organization}",
    "said": "{speaker} said:",
    "confidence_low": "Low confidence.",
    "confidence_moderate": "Moderate confidence.",
    "confidence_high": "High confidence.",
    "why": "Why:",
    "reported_in": "As reported in: {outlet}.",
    "on_request": "Sources are available on request.",
    "on_request_from": "Sources are available on request from {contact}.",
    "figure": "Figure {number}.",
    "credit": "Credit: {credit}",
    "timeline_caption": (
        "Figure {number}. The timeline at a glance, {span}. Dates are as precise as the sources give them."
    ),
    "timeline_alt": (
        "Timeline chart of {count} from {start} to {end}, marked on a band of years drawn to scale."
        " Key: day known, month known, year known. Every event is listed in full, with its sources,"
        " in the table that follows."
    ),
    "legend_day": "day known",
    "legend_month": "month known",
    "legend_year": "year known",
    "figure_recent": "The {shown} most recent of {count} events; the table lists all of them.",
    "one_event": "{count} event",
    "events": "{count} events",
    "whats_new": "What's new since {date} (version {version})",
    "go_to_section": "Go to section: {title}",
    "go_to_note": "Go to note {number}",
    "go_to_footnote": "Go to footnote {number}",
}


def placeholders_of(text: str) -> set[str]:
    """The names in braces in ``text`` (``"Page {page} of {pages}"`` -> {"page", "pages"})."""
    try:
        import string  # for a template's own labels only

        return {name for _, name, _, _ in string.Formatter().parse(text) if name}
    except ValueError:  # an unbalanced brace: no placeholder can be read from it
        return {"{"}


@cache
def _catalogue(language: str) -> gettext.NullTranslations:
    """The compiled catalogue for a BCP 47 tag ('fr-CA' tries fr_CA, then fr); English (the
    message ids themselves) when there is none. The standard library reads the .mo files, so
    labels cost no Babel import."""
    tag = language.replace("-", "_")
    tries = [tag, tag.split("_")[0]]
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=tries, fallback=True)


@dataclass(frozen=True, slots=True)
class Labels:
    """The labels of one document: the catalogue's translation, then the template's overrides."""

    language: str = "en"
    overrides: Mapping[str, str] = field(default_factory=dict)

    def __getitem__(self, key: str) -> str:
        if key in self.overrides:
            return self.overrides[key]
        return _catalogue(self.language).gettext(LABELS[key])

    def format(self, key: str, **values: object) -> str:
        """The label ``key`` with its placeholders filled."""
        return self[key].format(**values)

    def count(self, n: int, shown: str | None = None) -> str:
        """ "``n`` events", in the plural form the language uses for ``n``; ``shown`` is ``n`` as
        printed (in the language's digits)."""
        if "one_event" in self.overrides or "events" in self.overrides:
            text = self["one_event"] if n == 1 else self["events"]
        else:
            text = _catalogue(self.language).ngettext(LABELS["one_event"], LABELS["events"], n)
        return text.format(count=shown if shown is not None else n)

    def message(self, msgid: str, **values: object) -> str:
        """A whole sentence the documents print besides the labels (a What's new line), by its
        English text, translated and filled; not overridable by templates, since its wording
        is the tool's, not the house style's."""
        return _catalogue(self.language).gettext(msgid).format(**values)

    def plural(self, singular: str, plural: str, n: int, **values: object) -> str:
        """A whole sentence holding the count ``n``, in the plural form the language uses for
        it; ``values`` fill its placeholders (``count`` as printed, in the language's digits)."""
        return _catalogue(self.language).ngettext(singular, plural, n).format(**values)

    def word(self, context: str, msgid: str) -> str:
        """A single word placed into a sentence (a confidence level), told apart from the same
        English word elsewhere by its gettext ``context``."""
        return _catalogue(self.language).pgettext(context, msgid)


def labels_for(language: str, overrides: Mapping[str, str] | None = None) -> Labels:
    return Labels(language, dict(overrides or {}))


# text a template gives per language: (language tag or "default", text) pairs, in file order
Localized = tuple[tuple[str, str], ...]


def localized(value: str | dict[str, str] | None) -> str | Localized | None:
    """A template's text as written (plain, or a mapping language -> text), kept hashable."""
    return tuple(value.items()) if isinstance(value, dict) else value


def pick(text: str | Localized | None, language: str, *, fallback: bool = True) -> str | None:
    """The text for ``language``: a plain text is every language's; from a mapping, the exact
    tag ('en-US'), else its language ('en'), else 'default'; with ``fallback``, else English,
    else the first given (a template's prose is better in another language than missing)."""
    if text is None or isinstance(text, str):
        return text
    given = {tag.lower(): value for tag, value in text}
    tag = language.lower()
    for key in (tag, tag.split("-")[0], "default"):
        if key in given:
            return given[key]
    if not fallback:
        return None
    return given.get("en", text[0][1] if text else None)


def every_translation(key: str) -> tuple[str, ...]:
    """The label ``key`` in English and in every shipped catalogue: what a reader of documents
    in any language (``verify``) must recognise, e.g. each language's "Page X of Y"."""
    found = {LABELS[key]}
    for folder in sorted(LOCALE_DIR.iterdir()) if LOCALE_DIR.is_dir() else ():
        found.add(_catalogue(folder.name).gettext(LABELS[key]))
    return tuple(sorted(found))
