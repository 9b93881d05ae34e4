"""Lint a brief: is it *sound*, not just valid? Sourcing, attribution, chronology, estimative
language (ICD 203), length budgets and acronyms.

``check`` says whether a brief can be built; lint says what a careful editor would flag. Each rule
is a small function over the loaded Brief that yields hits (a field path, a message and, for a
word inside a text, which word). The runner turns each path into file:line:col using the YAML
nodes, and attaches the rule id and the severity configured for it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from briefbuilder.audience.templates import DEFAULT_HEADINGS, Audience
from briefbuilder.brief import markup
from briefbuilder.brief.loading import parse_brief
from briefbuilder.brief.model import Brief, PartialDate, Quote, doc
from briefbuilder.brief.typed import INVALID, Converter
from briefbuilder.brief.yamlnodes import MappingNode, Node, SequenceNode, compose, read_text
from briefbuilder.errors import BuildError, InvalidInput, Problem

Severity = Literal["error", "warning"]
Setting = Literal["error", "warning", "off"]
CONFIG_NAME = ".briefbuilder-lint.yaml"

# --- findings ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule reports: where (a field path, optionally a word in it) and what is wrong."""

    path: str
    message: str
    word: str | None = None  # a regex for the word in the field's text, to point at its column
    occurrence: int = 0  # which match of ``word`` in the field (0 = the first)


@dataclass(frozen=True, slots=True)
class Finding:
    """One lint finding, located in the brief like a check problem."""

    rule: str
    severity: Severity
    file: str
    line: int | None
    column: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}" + (f":{self.column}" if self.column is not None else "")
        field_part = f" {self.path}:" if self.path else ""
        return f"{where}: {self.rule} [{self.severity}]{field_part} {self.message}"

    def as_dict(self) -> dict[str, object]:
        return dataclasses.asdict(self)


# --- configuration ----------------------------------------------------------------------------

DEFAULT_ACRONYMS = frozenset(
    {"US", "USA", "UK", "EU", "UN", "NATO", "USSR", "GDP", "CEO", "TV", "AM", "PM", "GMT", "UTC"}
)
DEFAULT_HEDGES = (
    "might",
    "could possibly",
    "could potentially",
    "may possibly",
    "may or may not",
    "perhaps",
    "maybe",
    "possibly",
    "it seems",
    "seemingly",
    "it appears",
    "arguably",
    "conceivably",
    "presumably",
    "it is possible that",
)


@dataclass(frozen=True, slots=True)
class LintConfig:
    """Severity per rule and the word lists; the defaults are the rules' own."""

    severities: Mapping[str, Setting] = field(default_factory=dict)
    allow_acronyms: frozenset[str] = frozenset()
    extra_hedges: tuple[str, ...] = ()
    source: str | None = None  # the config file it came from, named in lint's summary line

    def severity(self, rule: Rule) -> Setting:
        return self.severities.get(rule.id, rule.severity)

    def acronyms(self) -> frozenset[str]:
        return DEFAULT_ACRONYMS | self.allow_acronyms

    def hedges(self) -> tuple[str, ...]:
        return DEFAULT_HEDGES + tuple(h for h in self.extra_hedges if h not in DEFAULT_HEDGES)

    def merged(
        self, severities: Mapping[str, Setting] | None = None, allow: Iterable[str] = ()
    ) -> LintConfig:
        """This config with command-line overrides on top."""
        return dataclasses.replace(
            self,
            severities={**self.severities, **(severities or {})},
            allow_acronyms=self.allow_acronyms | frozenset(allow),
        )


# --- rules ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Context:
    """What rules may look at: the brief, the configuration, the audiences to build."""

    brief: Brief
    config: LintConfig
    audiences: tuple[Audience, ...] = ()


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    name: str
    severity: Severity  # the default; LintConfig can change it or turn the rule off
    summary: str
    check: Callable[[Context], Iterable[Hit]]


def unsourced_claims(ctx: Context) -> Iterator[Hit]:
    """Facts, judgments, quotes, views and timeline entries must say where they come from."""
    for path, what, item in _claims(ctx.brief):
        if not item.sources:
            yield Hit(f"{path}.sources", f"the {what} cites no source; add the id of what it rests on")


def uncited_sources(ctx: Context) -> Iterator[Hit]:
    cited = _cited_ids(ctx.brief)
    for i, s in enumerate(ctx.brief.sources):
        if s.id not in cited:
            yield Hit(f"sources[{i}].id", f"source {s.id!r} is never cited; cite it or remove it")


_UNDATED_NOTE = re.compile(r"\b(no (publication )?date|undated|not dated|date (is )?unknown)\b", re.I)


def undated_sources(ctx: Context) -> Iterator[Hit]:
    """A source known only through another (``via``) is dated by that one, which is checked instead;
    a note that says why there is no date (e.g. "gives no publication date") is enough."""
    for i, s in enumerate(ctx.brief.sources):
        if s.date is None and s.via is None and not (s.note and _UNDATED_NOTE.search(s.note)):
            yield Hit(
                f"sources[{i}]",
                f"source {s.id!r} has no date; add date: YYYY[-MM[-DD]], or say in its note why it has none",
            )


def speakers_without_role(ctx: Context) -> Iterator[Hit]:
    """Readers weigh a quote by who said it: the attribution needs a role, not just a name."""
    people = {p.id: (i, p) for i, p in enumerate(ctx.brief.people)}
    reported: set[str] = set()
    for path, pid in _quoted_people(ctx.brief):
        if pid in reported or pid not in people:
            continue
        i, person = people[pid]
        if not person.role:
            reported.add(pid)
            yield Hit(
                f"people[{i}]",
                f"{person.name} is quoted ({path}) has no role: add people[{i}].role as the source has it",
            )


def timeline_out_of_order(ctx: Context) -> Iterator[Hit]:
    """Layout sorts the timeline, but an entry out of order in the file is often a wrong date.
    Vague dates overlap: an entry is out of order only if it must end before an earlier one began."""
    latest: tuple[int, PartialDate] | None = None  # the entry that starts latest so far
    for i, entry in enumerate(ctx.brief.timeline):
        start, end = _span(entry.date)
        if latest is not None and end < _span(latest[1])[0]:
            yield Hit(
                f"timeline[{i}].date",
                f"{entry.date} comes after timeline[{latest[0]}] ({latest[1]}) in the file; "
                "the documents sort by date, so check the order and the date",
            )
        if latest is None or start > _span(latest[1])[0]:
            latest = (i, entry.date)


def dated_after_brief(ctx: Context) -> Iterator[Hit]:
    """Nothing the brief reports can have happened after the date its information is as of."""
    limit = _span(ctx.brief.date)[1]
    items = [(f"timeline[{i}].date", "timeline entry", e.date) for i, e in enumerate(ctx.brief.timeline)]
    items += [(f"sources[{i}].date", "source", s.date) for i, s in enumerate(ctx.brief.sources) if s.date]
    for path, what, date in items:
        if date is not None and _span(date)[0] > limit:
            yield Hit(path, f"the {what} is dated {date}, after the brief's date {ctx.brief.date}")


def vague_hedging(ctx: Context) -> Iterator[Hit]:
    """ICD 203: say how likely, with a likelihood term, instead of hedging. Words inside quotation
    marks are someone else's and are left alone; 'could possibly' is one hedge, not two."""
    hedges = sorted(ctx.config.hedges(), key=len, reverse=True)
    for i, j in enumerate(ctx.brief.key_judgments):
        plain = markup.plain(j.text)
        text = _unquoted(plain)
        found: list[tuple[int, int, str, str]] = []  # start, end, hedge, pattern
        for hedge in hedges:
            pattern = r"(?i)\b" + r"\s+".join(map(re.escape, hedge.split())) + r"\b"
            for m in re.finditer(pattern, text):
                if not any(a < m.end() and m.start() < b for a, b, _, _ in found):
                    found.append((m.start(), m.end(), hedge, pattern))
        for start, _, hedge, pattern in sorted(found):
            yield Hit(
                f"key_judgments[{i}].text",
                f"vague hedge {hedge!r} in a key judgment; state a likelihood "
                "(e.g. 'likely', 'very unlikely') and give the confidence level separately",
                word=pattern,
                occurrence=len(re.findall(pattern, plain[:start])),
            )


_LIKELIHOOD = re.compile(
    r"\b(almost no chance|remote(ly)?|very unlikely|highly improbable|unlikely|improbable|"
    r"roughly even (chance|odds)|very likely|highly probable|likely|probable|probably|"
    r"almost certain(ly)?|nearly certain(ly)?)\b",
    re.I,
)
_CONFIDENCE = re.compile(
    r"\b(low|moderate|medium|high)(\s+|-)confidence\b|\bconfidence\s+(is\s+)?(low|moderate|medium|high)\b",
    re.I,
)
_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+|$)")


def mixed_estimative_language(ctx: Context) -> Iterator[Hit]:
    """ICD 203: a likelihood term and a confidence level must not share a sentence."""
    b = ctx.brief
    texts = [("summary", b.summary)]
    texts += [(f"key_judgments[{i}].text", j.text) for i, j in enumerate(b.key_judgments)]
    texts += [(f"outlook[{i}].text", o.text) for i, o in enumerate(b.outlook)]
    for path, raw in texts:
        plain = markup.plain(raw)
        text = _unquoted(plain)
        for sentence in _SENTENCE.finditer(text):
            s = sentence.group()
            likely, confident = _LIKELIHOOD.search(s), _CONFIDENCE.search(s)
            if likely and confident:
                word = r"(?i)\b" + re.escape(likely.group()) + r"\b"
                n = len(re.findall(word, plain[: sentence.start() + likely.start()]))
                yield Hit(
                    path,
                    f"{likely.group()!r} (likelihood) and {confident.group()!r} in one sentence; "
                    "ICD 203 keeps them apart: put the confidence level in its own sentence or field",
                    word=word,
                    occurrence=n,
                )


def page_budget(ctx: Context) -> Iterator[Hit]:
    """Build each audience's PDF that has a page budget, and report a budget that is exceeded."""
    from briefbuilder.pipeline import build_brief

    for audience in ctx.audiences:
        if audience.page_budget is None:
            continue
        try:
            build_brief(ctx.brief, [audience], ["pdf"])
        except BuildError as exc:
            yield Hit("", str(exc))


_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")
_ROMAN = re.compile(r"^(X{0,3})(IX|IV|V?I{0,3})$")


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


def judgment_without_confidence(ctx: Context) -> Iterator[Hit]:
    for i, j in enumerate(ctx.brief.key_judgments):
        if j.confidence is None:
            yield Hit(f"key_judgments[{i}]", "the key judgment has no confidence: low, moderate or high")


_PLACEHOLDER = re.compile(r"\b(TODO|TBD|FIXME|XXX)\b")


def placeholders(ctx: Context) -> Iterator[Hit]:
    """Text still to be written (as the scaffold of ``briefbuilder new`` leaves it)."""
    for path, value in _strings(ctx.brief, ""):
        m = _PLACEHOLDER.search(value)
        if m:
            yield Hit(path, f"placeholder {m.group()!r} left in: write the text", word=rf"\b{m.group()}\b")


RULES: tuple[Rule, ...] = (
    Rule("BB101", "unsourced-claim", "error", "a fact, judgment, quote, view or timeline entry has no source",
         unsourced_claims),
    Rule("BB102", "uncited-source", "warning", "a source is never cited", uncited_sources),
    Rule("BB103", "undated-source", "warning", "a source has no date (nor a note saying why)",
         undated_sources),
    Rule("BB104", "speaker-without-role", "warning", "a quoted person has no role", speakers_without_role),
    Rule("BB105", "timeline-order", "warning", "timeline entries are out of date order in the file",
         timeline_out_of_order),
    Rule("BB106", "after-brief-date", "error", "a timeline entry or source is dated after the brief",
         dated_after_brief),
    Rule("BB107", "vague-hedge", "warning", "vague hedging in a key judgment ('might', 'perhaps', ...)",
         vague_hedging),
    Rule("BB108", "likelihood-with-confidence", "error",
         "a likelihood term and a confidence level in one sentence (ICD 203)", mixed_estimative_language),
    Rule("BB109", "page-budget", "error", "an audience's PDF is longer than its page budget", page_budget),
    Rule("BB110", "acronym-not-expanded", "warning", "an acronym is not spelled out on first use",
         acronym_not_expanded),
    Rule("BB111", "judgment-without-confidence", "warning", "a key judgment has no confidence level",
         judgment_without_confidence),
    Rule("BB112", "placeholder", "error", "placeholder text (TODO, TBD, FIXME, XXX) left in", placeholders),
)  # fmt: skip


def rule(key: str) -> Rule:
    """A rule by id (BB101) or name (unsourced-claim)."""
    for r in RULES:
        if key.upper() == r.id or key.lower() == r.name:
            return r
    raise KeyError(key)


# --- running ----------------------------------------------------------------------------------


def lint_text(
    text: str, name: str, config: LintConfig, audiences: tuple[Audience, ...] = ()
) -> list[Finding]:
    """Lint one brief's text; raise InvalidInput if it is not a valid brief at all."""
    loaded = parse_brief(text, name)
    where = _Positions(text, compose(text, name))
    ctx = Context(loaded.brief, config, audiences)
    findings: list[Finding] = []
    for r in RULES:
        setting = config.severity(r)
        if setting == "off":
            continue
        for hit in r.check(ctx):
            line, col = where.locate(hit.path, hit.word, hit.occurrence)
            findings.append(Finding(r.id, setting, name, line, col, hit.path, hit.message))
    findings.sort(key=lambda f: (f.line or 0, f.column or 0, f.rule))
    return findings


def lint_file(path: Path, config: LintConfig, audiences: tuple[Audience, ...] = ()) -> list[Finding]:
    return lint_text(read_text(path, str(path)), str(path), config, audiences)


def find_config(brief: Path) -> Path | None:
    """The lint config that applies to a brief: ``.briefbuilder-lint.yaml`` in its folder."""
    candidate = brief.parent / CONFIG_NAME
    return candidate if candidate.is_file() else None


RuleSettings = dataclasses.make_dataclass(
    "RuleSettings",
    [(r.id, Setting | None, field(default=None, metadata=doc(f"{r.name}: {r.summary}."))) for r in RULES],
    frozen=True,
    slots=True,
)
RuleSettings.__doc__ = "Severity per rule id: error, warning or off."


@dataclass(frozen=True, slots=True)
class ConfigFile:
    """The lint configuration file, as written."""

    rules: RuleSettings | None = field(  # type: ignore[valid-type]
        default=None, metadata=doc("Severity per rule id, e.g. BB110: off.")
    )
    allow_acronyms: tuple[str, ...] = field(
        default=(), metadata=doc("Acronyms that need no spelling out (added to US, EU, UK, NATO...).")
    )
    extra_hedges: tuple[str, ...] = field(
        default=(), metadata=doc("Words or phrases to flag as vague hedging, besides the built-in ones.")
    )


def load_config(path: Path) -> LintConfig:
    """Read a lint config file (strict YAML, typed like a brief); raise InvalidInput on problems."""
    name = str(path)
    text = read_text(path, name)
    conv = Converter(name)
    spec = conv.convert(compose(text, name), ConfigFile, "")
    if spec is INVALID:
        raise InvalidInput(conv.problems)
    severities: dict[str, Setting] = {}
    if spec.rules is not None:
        severities = {r.id: v for r in RULES if (v := getattr(spec.rules, r.id)) is not None}
    bad = [
        (i, a) for i, a in enumerate(spec.allow_acronyms) if not re.fullmatch(r"[A-Za-z][A-Za-z0-9&-]*", a)
    ]
    if bad:
        raise InvalidInput(
            [
                Problem(name, *_pos(conv.nodes.get(f"allow_acronyms[{i}]")), f"allow_acronyms[{i}]",
                        f"expected one word, got {a!r}")
                for i, a in bad
            ]
        )  # fmt: skip
    return LintConfig(severities, frozenset(spec.allow_acronyms), spec.extra_hedges, name)


def parse_rule_option(value: str) -> tuple[str, Setting]:
    """``BB101=off`` or ``unsourced-claim=warning`` → (rule id, setting); ValueError with a reason."""
    key, sep, setting = value.partition("=")
    if not sep or setting.strip() not in ("error", "warning", "off"):
        raise ValueError(f"expected RULE=error|warning|off, got {value!r}")
    try:
        return rule(key.strip()).id, setting.strip()  # type: ignore[return-value]
    except KeyError:
        known = ", ".join(r.id for r in RULES)
        raise ValueError(f"unknown rule {key.strip()!r}; known: {known}") from None


# --- what the rules share ---------------------------------------------------------------------


def reading_order(brief: Brief) -> Iterator[tuple[str, str]]:
    """Every printed text with its field path, in the order a reader meets it (the sections in
    their standard order; a person's role and affiliation where they are first quoted)."""
    yield "title", brief.title
    if brief.subtitle:
        yield "subtitle", brief.subtitle
    people = {p.id: (i, p) for i, p in enumerate(brief.people)}
    introduced: set[str] = set()

    def person(pid: str) -> Iterator[tuple[str, str]]:
        if pid in introduced or pid not in people:
            return
        introduced.add(pid)
        i, p = people[pid]
        yield f"people[{i}].name", p.name
        for key in ("role", "affiliation"):
            if getattr(p, key):
                yield f"people[{i}].{key}", getattr(p, key)

    def quote(path: str, q: Quote) -> Iterator[tuple[str, str]]:
        yield from person(q.speaker)
        yield f"{path}.text", markup.plain(q.text)
        if q.context:
            yield f"{path}.context", q.context

    b = brief
    for key in DEFAULT_HEADINGS:  # the sections in their standard order
        match key:
            case "summary":
                yield "summary", markup.plain(b.summary)
            case "key_judgments" | "key_facts" | "outlook" | "caveats":
                yield from _texts(key, getattr(b, key), "text")
            case "context":
                for i, sec in enumerate(b.context):
                    yield f"context[{i}].heading", sec.heading
                    yield from _texts(f"context[{i}].paragraphs", sec.paragraphs, "text")
            case "timeline":
                for i, e in enumerate(b.timeline):
                    if e.date_label:
                        yield f"timeline[{i}].date_label", e.date_label
                    yield f"timeline[{i}].event", markup.plain(e.event)
            case "statements":
                for i, q in enumerate(b.statements):
                    yield from quote(f"statements[{i}]", q)
            case "analysis":
                for i, a in enumerate(b.analysis):
                    yield from person(a.expert)
                    yield from _texts(f"analysis[{i}].views", a.views, "text")
                    for k, q in enumerate(a.quotes):
                        yield from quote(f"analysis[{i}].quotes[{k}]", q)
            case "sources":
                for i, src in enumerate(b.sources):
                    for name in ("outlet", "title", "note"):
                        value = getattr(src, name)
                        if value:
                            yield f"sources[{i}].{name}", markup.plain(value) if name == "note" else value


def _texts(section: str, items: Iterable[object], attr: str) -> Iterator[tuple[str, str]]:
    for i, item in enumerate(items):
        yield f"{section}[{i}].{attr}", markup.plain(getattr(item, attr))


def _claims(b: Brief) -> Iterator[tuple[str, str, object]]:
    yield from ((f"key_judgments[{i}]", "key judgment", j) for i, j in enumerate(b.key_judgments))
    yield from ((f"key_facts[{i}]", "fact", f) for i, f in enumerate(b.key_facts))
    yield from ((f"timeline[{i}]", "timeline entry", e) for i, e in enumerate(b.timeline))
    yield from ((f"statements[{i}]", "quote", q) for i, q in enumerate(b.statements))
    for i, a in enumerate(b.analysis):
        yield from ((f"analysis[{i}].views[{k}]", "view", v) for k, v in enumerate(a.views))
        yield from ((f"analysis[{i}].quotes[{k}]", "quote", q) for k, q in enumerate(a.quotes))


def _quoted_people(b: Brief) -> Iterator[tuple[str, str]]:
    yield from ((f"statements[{i}].speaker", q.speaker) for i, q in enumerate(b.statements))
    for i, a in enumerate(b.analysis):
        yield f"analysis[{i}].expert", a.expert
        yield from ((f"analysis[{i}].quotes[{k}].speaker", q.speaker) for k, q in enumerate(a.quotes))


def _cited_ids(obj: object) -> set[str]:
    """Every source id cited anywhere (a ``sources`` list, or a source's ``via``)."""
    out: set[str] = set()
    for f in dataclasses.fields(obj):  # type: ignore[arg-type]
        value = getattr(obj, f.name)
        if f.name == "sources" and isinstance(value, tuple) and all(isinstance(v, str) for v in value):
            out.update(value)
        elif f.name == "via" and isinstance(value, str):
            out.add(value)
        elif dataclasses.is_dataclass(value):
            out |= _cited_ids(value)
        elif isinstance(value, tuple):
            for item in value:
                if dataclasses.is_dataclass(item):
                    out |= _cited_ids(item)
    return out


def _strings(obj: object, path: str) -> Iterator[tuple[str, str]]:
    """Every text value in the brief with its field path."""
    for f in dataclasses.fields(obj):  # type: ignore[arg-type]
        value = getattr(obj, f.name)
        sub = f"{path}.{f.name}" if path else f.name
        if isinstance(value, str):
            yield sub, value
        elif dataclasses.is_dataclass(value):
            yield from _strings(value, sub)
        elif isinstance(value, tuple):
            for i, item in enumerate(value):
                if isinstance(item, str):
                    yield f"{sub}[{i}]", item
                elif dataclasses.is_dataclass(item):
                    yield from _strings(item, f"{sub}[{i}]")


def _span(d: PartialDate) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """The earliest and latest day a partial date may stand for."""
    return (d.year, d.month or 1, d.day or 1), (d.year, d.month or 12, d.day or 31)


_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|‘[^’]*’")


def _unquoted(text: str) -> str:
    """The text with quoted words blanked out (same length, so offsets still match)."""
    return _QUOTED.sub(lambda m: " " * len(m.group()), text)


_WORDS = re.compile(r"[^\W\d_][\w'’-]*")


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


def _pos(node: Node | None) -> tuple[int | None, int | None]:
    if node is None:
        return None, None
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Positions:
    """Field path → file position, from the YAML node tree; down to a word inside a text."""

    def __init__(self, text: str, root: Node) -> None:
        self.text = text
        self.nodes: dict[str, Node] = {}
        self._index(root, "")

    def _index(self, node: Node, path: str) -> None:
        self.nodes[path] = node
        if isinstance(node, MappingNode):
            for key, value in node.value:
                self._index(value, f"{path}.{key.value}" if path else str(key.value))
        elif isinstance(node, SequenceNode):
            for i, child in enumerate(node.value):
                self._index(child, f"{path}[{i}]")

    def locate(self, path: str, word: str | None = None, occurrence: int = 0) -> tuple[int, int]:
        node = self._nearest(path)
        start = node.start_mark
        if word is not None and path in self.nodes:
            source = self.text[start.index : node.end_mark.index]
            matches = list(re.finditer(word, source))
            if occurrence < len(matches):
                index = start.index + matches[occurrence].start()
                line_start = self.text.rfind("\n", 0, index) + 1
                return self.text.count("\n", 0, index) + 1, index - line_start + 1
        return start.line + 1, start.column + 1

    def _nearest(self, path: str) -> Node:
        while path and path not in self.nodes:
            path = re.sub(r"(\.[^.\[\]]+|\[\d+\])$", "", path)
        return self.nodes[path]


__all__ = [
    "CONFIG_NAME",
    "RULES",
    "Finding",
    "LintConfig",
    "find_config",
    "lint_file",
    "lint_text",
    "load_config",
    "parse_rule_option",
    "reading_order",
    "rule",
]
