"""Rules on estimative language (BB107, BB108, BB111), after ICD 203: say how likely with a
likelihood term, give the confidence level apart from it, and give one for every key judgment."""

from __future__ import annotations

import re
from collections.abc import Iterator

from briefbuilder.authoring.lint.model import Context, Hit
from briefbuilder.brief import markup


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
    texts: list[tuple[str, str]] = [("summary", b.summary)]
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


def judgment_without_confidence(ctx: Context) -> Iterator[Hit]:
    """A key judgment is only as useful as the reader's sense of how firmly it is held."""
    for i, j in enumerate(ctx.brief.key_judgments):
        if j.confidence is None:
            yield Hit(f"key_judgments[{i}]", "the key judgment has no confidence: low, moderate or high")


_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|‘[^’]*’")


def _unquoted(text: str) -> str:
    """The text with quoted words blanked out (same length, so offsets still match)."""
    return _QUOTED.sub(lambda m: " " * len(m.group()), text)
