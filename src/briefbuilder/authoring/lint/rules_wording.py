"""Rules on wording (BB110, BB112): acronyms a reader may not know, and text left to be written."""

from __future__ import annotations

import re
from collections.abc import Iterator

from briefbuilder.authoring.lint.model import Context, Hit
from briefbuilder.authoring.lint.settings import CONFIG_NAME
from briefbuilder.authoring.lint.walk import reading_order, text_fields

_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")
_ROMAN = re.compile(r"^(X{0,3})(IX|IV|V?I{0,3})$")
_PLACEHOLDER = re.compile(r"\b(TODO|TBD|FIXME|XXX)\b")
_WORDS = re.compile(r"[^\W\d_][\w'’-]*")


def acronym_not_expanded(ctx: Context) -> Iterator[Hit]:
    """An all-caps word (2-6 letters) must be spelled out where a reader first meets it, in
    reading order: 'Office of Foreign Assets Control (OFAC)', 'OFAC (Office of ...)' or an
    appositive 'OFAC, the ... Office of Foreign Assets Control'. Common ones are allowed."""
    allowed = ctx.config.acronyms()
    first: dict[str, tuple[str, int, bool]] = {}  # acronym -> (path, occurrence, expanded there)
    expanded_at: dict[str, str] = {}
    for path, text in reading_order(ctx.brief):
        seen_here: dict[str, int] = {}
        for m in _ACRONYM.finditer(text):
            word = m.group()
            n = seen_here.get(word, 0)
            seen_here[word] = n + 1
            if word in allowed or _ROMAN.match(word) or _PLACEHOLDER.match(word):
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
