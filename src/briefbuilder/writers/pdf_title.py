"""The title block of the PDF, compact at the top of page 1 or a cover page: the organization
with its logo, a rule, the title, subtitle and labelled metadata lines, and the rule under them.
Each part is tagged: the organization a P (or, alone with no name, the logo a Figure), the title
and subtitle paragraphs, the metadata a Table with a header cell on each row."""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, HRFlowable, Spacer, TableStyle
from reportlab.platypus import Image as RLImage
from reportlab.platypus import Table as RLTable

from briefbuilder.layout.document import Image, TitleBlock
from briefbuilder.layout.metrics import Metrics
from briefbuilder.writers.pdf_bidi import ScriptParagraph as Paragraph  # fonts per character, scripts shaped
from briefbuilder.writers.pdf_styles import Faces
from briefbuilder.writers.pdf_tags import Artifact, StructTree, TableTags, Texts, Whole, table_elem, tag
from briefbuilder.writers.xmltext import escape

_NO_PADDING_KEYS = ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")


@dataclass(frozen=True, slots=True)
class TitleSetter:
    """What the title block is set with: the document's styles, structure tree, text width,
    body face and accent colour, and the measures the DOCX uses too (logo, gaps, label column)."""

    styles: dict[str, ParagraphStyle]
    tree: StructTree
    width: float
    body: Faces
    accent: colors.Color
    m: Metrics

    def flowables(self, block: TitleBlock) -> list[Flowable]:
        s = self.styles
        cover = block.style == "page"
        out: list[Flowable] = self._kicker(block, cover)
        if cover:
            out.append(
                HRFlowable(width="100%", thickness=0.8, color=self.accent, spaceBefore=2, spaceAfter=0)
            )
            out.append(Spacer(1, self.m.cover_gap))
        out.append(self._p(escape(block.title), s["cover_title" if cover else "title"]))
        if block.subtitle:
            out.append(self._p(escape(block.subtitle), s["cover_subtitle" if cover else "subtitle"]))
        if block.meta:
            out.append(self._meta(block, cover))
        out.append(HRFlowable(width="100%", thickness=1.6, color=self.accent, spaceBefore=9, spaceAfter=4))
        return out

    def _p(self, markup: str, style: ParagraphStyle) -> Flowable:
        return tag(Paragraph(markup, style), Texts(self.tree.block("P")))

    def _kicker(self, block: TitleBlock, cover: bool) -> list[Flowable]:
        """The organization's name, with its logo to the left when there is one."""
        if not (block.organization or block.logo):
            return []
        s = self.styles
        text = Paragraph(escape(block.organization or ""), s["cover_kicker" if cover else "kicker"])
        tag(text, Texts(self.tree.block("P") if block.organization else Artifact("Layout")))
        on_cover, with_logo, alone = self.m.kicker_after
        if block.logo is None:
            return [text, Spacer(1, on_cover if cover else alone)]
        logo = _image(block.logo, self.m.logo_cover if cover else self.m.logo_block)
        if not block.organization:  # the logo alone says whose brief it is; else it is decoration
            tag(logo, Whole(self.tree.block("Figure", alt=block.logo.alt)))
        row = RLTable([[logo, text]], colWidths=[logo.drawWidth + self.m.logo_gap, None], hAlign="LEFT")
        row.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), self.body.regular),  # else Helvetica is referenced
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    *((k, (0, 0), (-1, -1), 0) for k in _NO_PADDING_KEYS),
                ]
            )
        )
        return [row, Spacer(1, on_cover if cover else with_logo)]

    def _meta(self, block: TitleBlock, cover: bool) -> Flowable:
        """The labelled lines (Date, Version, Authors...): a table, labels as row headers."""
        s = self.styles
        label, value = (s["cover_label"], s["cover_value"]) if cover else (s["meta_label"], s["meta_value"])
        rows = [[Paragraph(escape(k), label), Paragraph(escape(v), value)] for k, v in block.meta]
        label_w = self.m.meta_label_cover if cover else self.m.meta_label_block
        _table, grid = table_elem(self.tree.container, None, len(rows), 2, row_headers=True)
        table = RLTable(
            rows, colWidths=[label_w, self.width - label_w], hAlign="LEFT", renderCB=TableTags(grid)
        )
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), self.body.regular),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 1),
                    ("TOPPADDING", (0, 0), (0, -1), 1.8),  # the smaller label sits on the baseline
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ]
            )
        )
        return table


def _image(image: Image, height: float) -> RLImage:
    width = height * image.width_px / image.height_px
    return RLImage(io.BytesIO(image.data), width=width, height=height, mask="auto")
