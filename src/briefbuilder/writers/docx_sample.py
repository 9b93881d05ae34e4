"""A short document in every style the DOCX writer uses: the built-in reference .docx.

Open it in Word or LibreOffice, change the styles (not the text), save it, and pass it as
``--reference-doc`` or ``look.reference_docx``: every brief then takes those styles.
"""

from __future__ import annotations

import datetime as dt

from briefbuilder.audience.look import Look
from briefbuilder.layout.document import (
    BlockQuote,
    Document,
    Heading,
    ListBlock,
    Meta,
    Note,
    NoteRef,
    Notes,
    Para,
    Table,
    Text,
    TitleBlock,
)


def sample_document(look: Look) -> Document:
    """One paragraph or more in each style: title block, headings, lead, body, lists, table,
    quotation, notes and a footnote."""
    meta = Meta(
        title="Reference document",
        author="briefbuilder",
        subject="The styles of a briefbuilder DOCX",
        keywords=("reference",),
        language="en",
        created=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
        marking="MARKING",
        short_title="Reference document",
        date_label="1 January 2025",
        reference="reference, version 1",
    )
    blocks = (
        TitleBlock(
            title="Title",
            subtitle="Subtitle",
            meta=(("Date", "1 January 2025"), ("Brief", "Brief Meta: a label, a tab and its value")),
            organization="Brief Organization",
        ),
        Heading(1, "Heading 1", "sec_heading_1"),
        Para((Text("Brief Lead: the bottom line up front, in a tinted box with a bar."),), "lead"),
        Heading(2, "Heading 2", "sec_heading_2"),
        Para(
            (
                Text("First Paragraph, after a heading, with "),
                Text("bold", bold=True),
                Text(" and "),
                Text("italic", italic=True),
                Text(" text, a "),
                Text("Hyperlink", href="https://example.org"),
                Text(" and a footnote."),
                NoteRef(1, footnote=True),
            )
        ),
        Para((Text("Body Text: every other paragraph of the brief, with a citation."), NoteRef(2))),
        ListBlock(((Text("List Bullet"),), (Text("List Bullet"),)), ordered=False),
        ListBlock(((Text("List Number"),), (Text("List Number"),)), ordered=True),
        Table(
            header=("Table Heading", "Table Heading"),
            rows=(
                ((Text("Table Text"),), (Text("Table Text"),)),
                ((Text("Table Text"),), (Text("Table Text"),)),
            ),
            widths=(0.3, 0.7),
            caption="Caption: above a table",
        ),
        BlockQuote((Text("Quote: what someone said, word for word."),), (Text("Quote Attribution"),)),
        Para((Text("Brief Note: an introduction or a caveat."),), "note"),
        Para((Text("Brief Small: sources on request."),), "small"),
        Heading(1, "Sources", "sec_sources"),
        Notes((Note(1, (Text("Note Text: a numbered source."),)), Note(2, (Text("Note Text"),)))),
    )
    footnotes = (Note(1, (Text("footnote text"),)),)
    return Document(meta=meta, look=look, blocks=blocks, footnotes=footnotes)
