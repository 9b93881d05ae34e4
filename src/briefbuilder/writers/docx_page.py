"""The DOCX's one section: page size and margins, and the running head and foot the PDF prints.

The head and foot stand on the PDF's baselines (``metrics.Chrome``), with the marking above and
below them when the brief has one, and PAGE / NUMPAGES fields in the foot; a cover page
(``titlePg``) carries the marking only.
"""

from __future__ import annotations

from typing import Any

from docx.enum.section import WD_ORIENT
from docx.shared import Emu

from briefbuilder.audience.look import Look
from briefbuilder.layout.document import Meta
from briefbuilder.layout.metrics import Chrome, on_grid, twips
from briefbuilder.layout.page import margins, page_size
from briefbuilder.writers import ooxml, ooxml_fields
from briefbuilder.writers.docx_styles import hex_colour

EMU_PER_PT = 12700
_FIELDS = {"page": "PAGE", "pages": "NUMPAGES"}


def _page_label_parts(label: str) -> list[tuple[str, str | None]]:
    """The footer's page label as (text, field) pairs: its words, and PAGE / NUMPAGES fields
    where it says {page} and {pages}."""
    import string

    return [(text, name if name in _FIELDS else None) for text, name, _, _ in string.Formatter().parse(label)]


def emu(points: float) -> int:
    """``points`` in English Metric Units, DrawingML's unit."""
    return round(points * EMU_PER_PT)


def set_up_page(
    doc: Any, look: Look, meta: Meta, chrome: Chrome, ids: dict[str, str], *, cover: bool
) -> None:
    """Size and margins of the python-docx document ``doc``'s section, its head and foot."""
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    width, height = page_size(look)
    section.page_width, section.page_height = Emu(emu(width)), Emu(emu(height))
    top, right, bottom, left = (Emu(emu(on_grid(v))) for v in margins(look))
    section.top_margin, section.right_margin, section.bottom_margin, section.left_margin = (
        top,
        right,
        bottom,
        left,
    )
    # the PDF's baselines (``metrics.Chrome``), reached with exact lines of 9 pt whose
    # baseline sits ~2.2 pt above their foot
    line, descent = 9.0, 2.2
    marking = meta.marking is not None
    head_top = (chrome.marking_top if marking else chrome.header_baseline) - line + descent
    section.header_distance = Emu(emu(on_grid(max(head_top, 4))))
    foot_last = chrome.marking_bottom if marking else chrome.footer_baseline
    section.footer_distance = Emu(emu(on_grid(max(foot_last - descent, 4))))
    if cover:  # the cover page carries the marking only, no running head or page number
        section.different_first_page_header_footer = True
        for story in (section.first_page_header, section.first_page_footer):
            p = story.paragraphs[0]._p
            if marking:
                ooxml.set_style(p, ids["Brief Marking"])
                ooxml.append_run(p, meta.marking or "")
    header = section.header.paragraphs[0]._p
    ooxml.set_style(header, ids["Header"])
    head_line = header
    if marking:
        ooxml.set_style(header, ids["Brief Marking"])
        ooxml.append_run(header, meta.marking or "")
        head_line = ooxml.new_paragraph(ids["Header"])
        header.addnext(head_line)
        gap = chrome.header_baseline - chrome.marking_top - line
        ooxml.set_spacing(head_line, before=twips(max(gap, 0)))
    ooxml.append_run(head_line, look.header_text or meta.short_title)
    if meta.date_label:
        ooxml.append_run(head_line, f"\t{meta.date_label}")
    below = chrome.header_rule - chrome.header_baseline - descent
    ooxml.set_paragraph_borders(head_line, bottom=(4, hex_colour("#C4C9D0"), int(max(below, 0))))

    footer = section.footer.paragraphs[0]._p
    ooxml.set_style(footer, ids["Footer"])
    ooxml.append_run(footer, f"{look.footer_text or meta.reference or meta.short_title}\t")
    for text, name in _page_label_parts(meta.page_label):  # "Page {page} of {pages}", translated
        if text:
            ooxml.append_run(footer, text)
        if name is not None:
            ooxml_fields.append_field(footer, _FIELDS[name], "1")
    above = chrome.footer_rule - chrome.footer_baseline - (line - descent)
    ooxml.set_paragraph_borders(footer, top=(4, hex_colour("#C4C9D0"), int(max(above, 0))))
    if marking:
        mark = ooxml.new_paragraph(ids["Brief Marking"])
        footer.addnext(mark)
        ooxml.append_run(mark, meta.marking or "")
        gap = chrome.footer_baseline - chrome.marking_bottom - line
        ooxml.set_spacing(footer, after=twips(max(gap, 0)))
