"""Load a brief: strict YAML, typed by the model, then cross-checked (ids, citations, links).

Every problem in the file is gathered in one pass and raised together as InvalidInput, so an
analyst fixes them all at once. Warnings (a source never cited) do not stop a build.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefbuilder.brief import markup
from briefbuilder.brief.content import QuoteSpec, TableSpec, wordings
from briefbuilder.brief.fields import MAX_PROPERTY
from briefbuilder.brief.model import Analysis, Brief, Quote
from briefbuilder.brief.typed import INVALID, Converter, PendingGlyphs
from briefbuilder.brief.yamlnodes import Node, compose, nfc, problem_at, read_text, shown
from briefbuilder.errors import InvalidInput, Problem

# A brief's id names its output files; public so `briefbuilder new` can check --id the same way.
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_ID = ID_PATTERN  # the old private name, for internal users
_LANG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_YEARS = (1900, 2100)  # plausible dates "as of" for a brief


@dataclass(frozen=True, slots=True)
class Loaded:
    """A valid brief and the warnings found while loading it."""

    brief: Brief
    path: Path
    warnings: tuple[Problem, ...] = ()
    # characters no built-in font has, left to the audiences' own fonts (``audience.glyphs``)
    glyphs: tuple[PendingGlyphs, ...] = ()


def load_brief(path: str | Path) -> Loaded:
    """Read, parse, type and cross-check a brief; raise InvalidInput listing every problem."""
    path = Path(path)
    name = str(path)
    return parse_brief(read_text(path, name), name, path)


def parse_brief(text: str, name: str, path: Path | None = None) -> Loaded:
    """Parse a brief's text (``name`` is how problems refer to it); raise InvalidInput."""
    return parse_brief_tree(text, name, path)[0]


def parse_brief_tree(text: str, name: str, path: Path | None = None) -> tuple[Loaded, Node]:
    """``parse_brief``, and the YAML node tree the brief was read from: lint places its findings
    by it, without composing the text a second time."""
    text = nfc(text.removeprefix("\ufeff"))  # read_text did so for a file; text may come directly
    node = compose(text, name)
    conv = Converter(name, text)
    conv.glyphs = []
    brief = conv.convert(node, Brief, "")
    if brief is INVALID:
        raise InvalidInput(conv.problems)
    checks = _CrossChecks(brief, conv)
    checks.run()
    if brief.custom_sections:
        # a brief's own sections, and the CSV files and pictures they name, next to the brief
        # (their checks imported only for a brief that has some: most have none)
        from briefbuilder.brief.content_checks import ContentChecks

        content = ContentChecks(
            checks.error,
            conv.nodes.get,
            name,
            (path or Path(name)).parent,
            frozenset(f.name for f in dataclasses.fields(Brief)),
        )
        brief = dataclasses.replace(brief, custom_sections=content.run(brief.custom_sections))
        conv.problems.extend(content.problems)
    errors = [p for p in conv.problems if p.severity == "error"]
    if errors:
        raise InvalidInput(errors)
    warnings = tuple(p for p in conv.problems if p.severity != "error")
    loaded = Loaded(brief=brief, path=path or Path(name), warnings=warnings, glyphs=tuple(conv.glyphs))
    return loaded, node


class _CrossChecks:
    """What types alone cannot say: unique ids, citations that resolve, safe links."""

    def __init__(self, brief: Brief, conv: Converter) -> None:
        self.brief = brief
        self.conv = conv

    def error(self, path: str, message: str, needle: str | None = None) -> None:
        self.conv.problems.append(self.conv.locate(self.conv.nodes.get(path), path, message, needle))

    def warn(self, path: str, message: str) -> None:
        p = problem_at(self.conv.file, self.conv.nodes.get(path), path, message)
        self.conv.problems.append(dataclasses.replace(p, severity="warning"))

    def run(self) -> None:
        b = self.brief
        if not ID_PATTERN.match(b.id):
            self.error("id", "must be lower-case letters, digits and hyphens (it names the output files)")
        if not _LANG.match(b.language):
            got = shown(b.language)
            self.error("language", f"expected a language tag such as 'en' or 'en-GB', got {got}")
        self._fits_a_property("authors", "the authors' names", "; ".join(a.name for a in b.authors))
        self._fits_a_property("keywords", "the keywords", ", ".join(b.keywords))
        if not _YEARS[0] <= b.date.year <= _YEARS[1]:
            # a typo (2205 for 2025) that would also date the files: ZIP stores only 1980-2107
            self.error(
                "date",
                f"the brief's date {b.date} is not between {_YEARS[0]} and {_YEARS[1]}; is the year a typo?",
            )
        source_ids = self._unique("sources", [s.id for s in b.sources])
        person_ids = self._unique("people", [p.id for p in b.people])
        parts = list(_walk(b, ""))  # walked once for the three checks below
        cited: set[str] = set()
        for path, ids in _citations(parts):
            for i, sid in enumerate(ids):
                cited.add(sid)
                if sid not in source_ids:
                    where = path if path.endswith(".source") else f"{path}.sources[{i}]"
                    self.error(
                        where if path else "sources",
                        f"unknown source {shown(sid)}{_suggest(sid, source_ids)}",
                    )
        for i, s in enumerate(b.sources):
            if s.via is not None:
                cited.add(s.via)
                if s.via not in source_ids:
                    message = f"unknown source {shown(s.via)}{_suggest(s.via, source_ids)}"
                    self.error(f"sources[{i}].via", message)
            problem = markup.link_problem(s.url) if s.url is not None else None
            if problem:
                self.error(f"sources[{i}].url", problem)
        for i, s in enumerate(b.sources):
            if s.id not in cited:
                self.warn(f"sources[{i}].id", f"source {shown(s.id)} is never cited")
        for path, pid in _speakers(parts):
            if pid not in person_ids:
                self.error(
                    path, f"unknown person {shown(pid)}{_suggest(pid, person_ids)}; add them under people"
                )
        for path, text in _texts(parts):
            try:
                markup.parse(text)
            except markup.MarkupError as exc:
                self.error(path, str(exc), exc.url)

    def _fits_a_property(self, path: str, what: str, joined: str) -> None:
        """Text that becomes one DOCX document property, which holds at most 255 characters."""
        if len(joined) > MAX_PROPERTY:
            self.error(
                path,
                f"{what} come to {len(joined):,} characters together; the document properties hold "
                f"at most {MAX_PROPERTY}: shorten or drop some",
            )

    def _unique(self, section: str, ids: list[str]) -> set[str]:
        seen: dict[str, int] = {}
        for i, item_id in enumerate(ids):
            if item_id in seen:
                self.error(
                    f"{section}[{i}].id", f"duplicate id {shown(item_id)} (also {section}[{seen[item_id]}])"
                )
            seen.setdefault(item_id, i)
        return set(seen)


def _suggest(word: str, known: set[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word, sorted(known), n=1)
    return f"; did you mean {shown(close[0])}?" if close else ""


def _walk(obj: Any, path: str) -> Iterator[tuple[str, Any]]:
    """Every dataclass instance in the brief with its field path."""
    yield path, obj
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        sub = f"{path}.{f.name}" if path else f.name
        if dataclasses.is_dataclass(value):
            yield from _walk(value, sub)
        elif isinstance(value, tuple):
            for i, item in enumerate(value):
                if dataclasses.is_dataclass(item):
                    yield from _walk(item, f"{sub}[{i}]")


def _citations(parts: list[tuple[str, Any]]) -> Iterator[tuple[str, tuple[str, ...]]]:
    for path, obj in parts:
        ids = getattr(obj, "sources", None)
        if path and isinstance(ids, tuple) and all(isinstance(x, str) for x in ids):
            yield path, ids
        if isinstance(obj, TableSpec | QuoteSpec) and obj.source is not None:
            yield f"{path}.source", (obj.source,)


def _speakers(parts: list[tuple[str, Any]]) -> Iterator[tuple[str, str]]:
    for path, obj in parts:
        if isinstance(obj, Quote | QuoteSpec):
            yield f"{path}.speaker", obj.speaker
        elif isinstance(obj, Analysis):
            yield f"{path}.expert", obj.expert


def _texts(parts: list[tuple[str, Any]]) -> Iterator[tuple[str, str]]:
    """Fields that accept inline markup (layout parses exactly these), every wording of each."""
    for path, obj in parts:
        for name in ("text", "event", "summary", "note", "rationale", "paragraph", "list"):
            value = getattr(obj, name, None)
            sub = f"{path}.{name}" if path else name
            items = enumerate(value) if isinstance(value, tuple) else [(None, value)]
            for i, item in items:
                at = sub if i is None else f"{sub}[{i}]"
                variants = getattr(item, "variants", ())
                for key, text in wordings(item):
                    yield (at if key == "default" and not variants else f"{at}.{key}"), text
