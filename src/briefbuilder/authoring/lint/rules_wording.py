"""Rules on wording (BB110, BB112): acronyms a reader may not know, and text left to be written."""

from __future__ import annotations

import re
from collections.abc import Iterator

from briefbuilder.authoring.lint.model import Context, Hit
from briefbuilder.authoring.lint.settings import CONFIG_NAME
from briefbuilder.authoring.lint.walk import reading_order, text_fields

_ACRONYM = re.compile(r"\b[A-Z]{2,}\b")  # an all-caps token of two letters or more
_ROMAN = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_NAME_BEFORE = re.compile(r"\b([A-Z][a-z]+)\s+$")  # "Louis " before "XIV" (not "The ")
_PLACEHOLDER = re.compile(r"\b(TODO|TBD|FIXME|XXX)\b")
_WORDS = re.compile(r"[^\W\d_][\w'’-]*")
# Ordinary words that texts set in capitals, for emphasis or as a label ("UPDATE:", "NOT",
# "CLOSED"): not acronyms, so nothing to spell out. (An acronym that is also a word, such as
# WHO, is left out on purpose.)
# fmt: off
COMMON_WORDS = frozenset((
    "A", "ALL", "ALSO", "AN", "AND", "ANY", "ARE", "AS", "AT", "BE", "BUT", "BY", "CAN", "DO", "FOR",
    "FROM", "HAS", "HAVE", "HE", "IF", "IN", "IS", "ITS", "MAY", "MORE", "MOST", "MUST", "NEW", "NO",
    "NOR", "NOT", "NOW", "OF", "OFF", "OK", "ON", "ONE", "ONLY", "OR", "OUR", "OUT", "SHE", "SO",
    "THAT", "THE", "THEIR", "THEM", "THEN", "THERE", "THESE", "THEY", "THIS", "TO", "TWO", "UP", "WAS",
    "WE", "WERE", "WHEN", "WHERE", "WHICH", "WHILE", "WILL", "WITH", "YES", "YET", "YOU", "ALERT",
    "BREAKING", "CAUTION", "CLOSED", "CORRECTION", "DRAFT", "END", "EXCLUSIVE", "FINAL", "FLASH",
    "IMPORTANT", "NEVER", "NOTE", "NOTICE", "OPEN", "STOP", "UNCLASSIFIED", "UPDATE", "UPDATED",
    "URGENT", "WARNING",
))
# fmt: on


def acronym_not_expanded(ctx: Context) -> Iterator[Hit]:
    """An acronym (an all-caps word of two letters or more) must be spelled out where a reader
    first meets it, in reading order: 'Office of Foreign Assets Control (OFAC)', 'OFAC (Office
    of ...)' or an appositive 'OFAC, the ... Office of Foreign Assets Control'. Not acronyms:
    the common ones (US, EU, NATO...) and those allowed, roman numerals, ordinary words set in
    capitals (COMMON_WORDS) and names (a word of a person's or organization's name in people)."""
    allowed = ctx.config.acronyms() | _names(ctx)
    first: dict[str, tuple[str, int, bool]] = {}  # acronym -> (path, occurrence, expanded there)
    expanded_at: dict[str, str] = {}
    for path, text in reading_order(ctx.brief):
        seen_here: dict[str, int] = {}
        for m in _ACRONYM.finditer(text):
            word = m.group()
            n = seen_here.get(word, 0)
            seen_here[word] = n + 1
            if word in allowed or word in COMMON_WORDS or _PLACEHOLDER.match(word):
                continue
            if _is_roman(word, text[: m.start()]):
                continue
            ok = _expanded(word, text, m.start(), m.end())
            if ok:
                expanded_at.setdefault(word, path)
            first.setdefault(word, (path, n, ok))
    for word, (path, n, ok) in first.items():
        if ok:
            continue
        later = f" (only later, at {expanded_at[word]})" if word in expanded_at else ""
        yield Hit(
            path,
            f"{word} is not spelled out where it is first used{later}; spell it out here, "
            f"or allow it with --allow {word} or allow_acronyms in {CONFIG_NAME}",
            word=rf"\b{word}\b",
            occurrence=n,
        )


def _is_roman(word: str, before: str) -> bool:
    """A roman numeral: of I, V and X only (World War II, Louis XVIII), four or more roman
    digits (MCMLXXX), or shorter ones right after a name (Clement XL). A short one with L, C,
    D or M alone is taken for an acronym (CD, DC, MD, CLI, MDC)."""
    if not _ROMAN.match(word):
        return False
    name = _NAME_BEFORE.search(before)
    return (
        set(word) <= set("IVX") or len(word) >= 4 or bool(name and name.group(1).upper() not in COMMON_WORDS)
    )


def _names(ctx: Context) -> frozenset[str]:
    """The words of the names of people and organizations (in capitals: 'Ivan PETROV')."""
    b = ctx.brief
    names = [p.name for p in b.people] + [a.name for a in b.authors]
    return frozenset(w.upper() for name in names for w in _WORDS.findall(name) if len(w) > 1)


def placeholders(ctx: Context) -> Iterator[Hit]:
    """Text still to be written (as the scaffold of ``briefbuilder new`` leaves it)."""
    for path, value in text_fields(ctx.brief, ""):
        m = _PLACEHOLDER.search(value)
        if m:
            yield Hit(path, f"placeholder {m.group()!r} left in: write the text", word=rf"\b{m.group()}\b")


def _expanded(word: str, text: str, start: int, end: int) -> bool:
    """Is the acronym at text[start:end] spelled out right there?"""
    after = text[end:]
    m = re.match(r"(?:['’]s)?\s*\(([^()]{3,})\)", after)  # OFAC (Office of ...)
    if m and _spells(word, m.group(1)):
        return True
    if text[:start].rstrip().endswith("(") and after.lstrip().startswith(")"):  # Office of ... (OFAC)
        before = text[: text[:start].rstrip().rfind("(")]
        if _spells(word, " ".join(before.split()[-12:]), ending=True):
            return True
    m = re.match(r"(?:['’]s)?\s*(?:,|–|—|--?)\s*([^,;:.()–—]{3,120})", after)  # OFAC, the Office of ...
    return bool(m and _spells(word, m.group(1)))


def _spells(word: str, phrase: str, ending: bool = False) -> bool:
    """Could ``phrase`` be the spelled-out form of ``word``? The initials of its words must hold
    the acronym's letters in order (ending with its last word when it stands before the acronym);
    a name in another language need only begin like it."""
    words = _WORDS.findall(phrase)
    initials = [w[0].lower() for w in words]
    letters = word.lower()
    if ending:
        initials, letters = initials[::-1], letters[::-1]
        if not initials or initials[0] != letters[0]:
            return False
    else:  # the expansion starts at a capitalised word with the acronym's first letter
        first = next((i for i, w in enumerate(words) if w[0] == word[0]), len(words))
        initials = initials[first:]
    it = iter(initials)
    if all(letter in it for letter in letters):
        return True
    capitals = [w[0] for w in words if w[0].isupper()]
    return not ending and len(capitals) >= 2 and capitals[0] == word[0]
