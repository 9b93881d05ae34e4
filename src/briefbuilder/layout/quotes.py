"""Quotations: who said it, and how the words are set.

The layout rules, in one place:

- A quote appears once per document: where it comes first; the same words selected again later
  (a statement that is also an expert's quote, say) are dropped (``visibility.QuoteLedger``).
- In the statements and analysis sections, a short quote (under ``SHORT_QUOTE`` words) runs
  inline, in a sentence: "On the relations, John Cole (White House spokesman) said: “good, but
  not great”." A longer one is a block quote, with the attribution under it.
- A person is introduced once: their role is printed with their name the first time they are
  attributed (or in their expert heading); later sentences give the name alone. Block quotes
  always carry the full attribution.
- An organization (``kind: organization``: a ministry, a bloc) is attributed by its name only,
  never with a personal role; a person's ``remark`` is the analyst's and is never printed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from briefbuilder.brief import markup
from briefbuilder.brief.model import Person
from briefbuilder.layout.document import Block, BlockQuote, Inline, Para, Text

if TYPE_CHECKING:
    from briefbuilder.layout.engine import Layout

SHORT_QUOTE = 25  # words: a quote with fewer runs inline
# a quote's context that reads as the start of a sentence leads in to it ("On ..., X said")
_LEAD_INS = (
    "On ", "In ", "About ", "Asked ", "Regarding ", "When ", "After ", "Before ", "During ",
    "Following ", "Speaking ", "Commenting ", "Responding ", "At ",
)  # fmt: skip
_ENDS_SENTENCE = (".", "!", "?", "…")


def role_line(person: Person) -> str:
    """What is printed after a person's name: role and affiliation; nothing for an organization."""
    if person.kind == "organization":
        return ""
    return ", ".join(p for p in (person.role, person.affiliation) if p)


def is_short(text: str) -> bool:
    return len(markup.plain(text).split()) < SHORT_QUOTE


def quote_blocks(
    lay: Layout,
    text: str,
    person: Person,
    sources: Iterable[str],
    context: str | None = None,
    *,
    inline: bool = True,
) -> list[Block]:
    """The blocks of one quote: nothing if the document printed these words already; a sentence
    if ``inline`` is allowed and the quote is short; else a block quote."""
    if not lay.ledger.first_text(text):
        return []
    if inline and is_short(text):
        return [inline_quote(lay, text, person, sources, context)]
    return [block_quote(lay, text, person, sources, context)]


def speaker(lay: Layout, person: Person) -> str:
    """The name, with the role in brackets the first time the person is attributed."""
    role = role_line(person)
    first = person.id not in lay.introduced
    lay.introduced.add(person.id)
    return f"{person.name} ({role})" if role and first else person.name


def inline_quote(lay: Layout, text: str, person: Person, sources: Iterable[str], context: str | None) -> Para:
    """“<Name> (<role>) said: “…”.” with the citation, the context leading in when it can."""
    lead = context if context and context.startswith(_LEAD_INS) else None
    words = lay.text(text)
    closing = "”" if markup.plain(text).rstrip().endswith(_ENDS_SENTENCE) else "”."
    out: list[Inline] = [Text(f"{lead.rstrip(' ,.')}, " if lead else "")]
    said = lay.labels.format("said", speaker=speaker(lay, person))
    out += [Text(f"{said} “"), *words, Text(closing), *lay.cite.refs(sources)]
    if context and not lead:
        out.append(
            Text(
                f" {context.rstrip()}{'' if context.rstrip().endswith(_ENDS_SENTENCE) else '.'}", italic=True
            )
        )
    return Para(tuple(i for i in out if not isinstance(i, Text) or i.text))


def block_quote(
    lay: Layout, text: str, person: Person, sources: Iterable[str], context: str | None
) -> BlockQuote:
    """A quotation set apart, its attribution below: speaker, role, citations, context."""
    attribution: list[Inline] = [Text(person.name, bold=True)]
    role = role_line(person)
    if role:
        attribution.append(Text(f", {role}"))
    lay.introduced.add(person.id)
    attribution.extend(lay.cite.refs(sources))
    if context:
        attribution.append(Text(f" · {context}", italic=True))
    return BlockQuote(lay.text(text), tuple(attribution))
