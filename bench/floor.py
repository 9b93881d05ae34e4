"""The floor: a bare python-docx + reportlab script that builds the analyst brief's content.

No briefbuilder code: the YAML is read with PyYAML's C loader and the libraries are called
directly, the way a competent engineer would write a one-off script for this one document. It
builds what the analyst audience shows (see bench/README.md, "What the floor builds"): a first
page with the logo, the title block and a table of contents with page numbers, every section
with numbered citations, quotations with attributions, the timeline as a figure (vectors in the
PDF, a PNG in the DOCX) and a table, numbered source notes and, in the DOCX, footnotes; running
headers and footers with the marking and "Page X of Y"; embedded TrueType fonts.

It is written with care, around python-docx's two known hot spots: a paragraph's style is set
by its id (python-docx's ``paragraph.style = ...`` scans every style of the document to find
the default one, even when given a style object), and table rows are filled row by row (never
``table.cell(i, j)``, which rebuilds the list of cells on every call). The PDF's table of
contents is reportlab's own, ``TableOfContents`` filled by ``multiBuild``, which lays the
document out twice: the way reportlab documents it.

Usage: python bench/floor.py BRIEF.yaml OUTDIR [--one-pass | --bare]
``--one-pass``: one layout pass; the contents list the headings without page numbers.
``--bare``: the text only: no cover, contents, figure, footnotes or running header.
"""

from __future__ import annotations

import calendar
import datetime as dt
import importlib
import io
import sys
from pathlib import Path
from xml.sax.saxutils import escape

import yaml
from docx import Document as DocxDocument
from docx.enum.text import WD_BREAK, WD_TAB_ALIGNMENT
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

ROOT = Path(__file__).resolve().parents[1]
LOGO = ROOT / "templates" / "logo.png"
ACCENT = "#1F3A5F"
MONTHS = tuple(calendar.month_name)[1:]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


# --- content: what the analyst audience shows, in reading order -------------------------------------
def human(date: object) -> str:
    """'11 September 2025', 'June 2025' or '2025'."""
    parts = [int(p) for p in str(date).split("-")]
    if len(parts) == 3:
        return f"{parts[2]} {MONTHS[parts[1] - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[parts[1] - 1]} {parts[0]}"
    return str(parts[0])


class Content:
    """The brief as blocks: (kind, payload) in reading order, citations numbered by first use."""

    def __init__(self, brief: dict) -> None:
        self.brief = brief
        self.sources = {s["id"]: s for s in brief["sources"]}
        self.people = {p["id"]: p for p in brief.get("people", [])}
        self.numbers: dict[str, int] = {}
        self.blocks: list[tuple[str, object]] = []
        self.build()

    def cite(self, text: str, ids: list[str]) -> tuple[str, list[tuple[int, bool]]]:
        """The text and its citations: (number, first use of that source)."""
        refs = []
        for sid in ids:
            first = sid not in self.numbers
            if first:
                self.numbers[sid] = len(self.numbers) + 1
            refs.append((self.numbers[sid], first))
        return " ".join(str(text).split()), refs

    def role(self, person: dict) -> str:
        return ", ".join(p for p in (person.get("role"), person.get("affiliation")) if p)

    def quote(self, q: dict, person: dict) -> tuple[str, object]:
        text = " ".join(q["text"].split())
        who, refs = self.cite(f"{person['name']}, {self.role(person)}", q.get("sources", []))
        context = f" · {q['context']}" if q.get("context") else ""
        return "quote", (text, who, refs, context)

    def build(self) -> None:
        b, add = self.brief, self.blocks.append
        add(("h1", "Bottom line up front"))
        add(("lead", self.cite(b["summary"], [])))
        add(("h1", "Key judgments"))
        items = []
        for j in b.get("key_judgments", []):
            text, refs = self.cite(j["text"], j["sources"])
            confidence = f" ({j['confidence'].capitalize()} confidence.)" if j.get("confidence") else ""
            items.append((text, refs, confidence))
        add(("bullets", items))
        add(("h1", "Key facts"))
        add(("numbers", [(*self.cite(f["text"], f["sources"]), "") for f in b.get("key_facts", [])]))
        add(("h1", "Context"))
        for sec in b.get("context", []):
            add(("h2", sec["heading"]))
            for p in sec["paragraphs"]:
                add(("p", self.cite(p["text"], p.get("sources", []))))
        add(("h1", "On the record"))
        for q in b.get("statements", []):
            add(self.quote(q, self.people[q["speaker"]]))
        add(("h1", "Expert analysis"))
        for a in b.get("analysis", []):
            person = self.people[a["expert"]]
            add(("h2", f"{person['name']}, {self.role(person)}"))
            for v in a.get("views", []):
                add(("p", self.cite(v["text"], v.get("sources", []))))
            for q in a.get("quotes", []):
                add(self.quote(q, person))
        add(("h1", "Timeline"))
        timeline = sorted(b.get("timeline", []), key=lambda e: [int(x) for x in str(e["date"]).split("-")])
        add(
            (
                "figure",
                [(str(e["date"]), e.get("date_label") or human(e["date"]), e["event"]) for e in timeline],
            )
        )
        add(("caption", "Figure 1. The timeline at a glance. Dates are as precise as the sources give them."))
        rows = [
            (e.get("date_label") or human(e["date"]), *self.cite(e["event"], e["sources"])) for e in timeline
        ]
        add(("table", rows))
        add(("h1", "Outlook: what to watch"))
        add(("bullets", [(*self.cite(o["text"], o.get("sources", [])), "") for o in b.get("outlook", [])]))
        add(("h1", "Source notes and caveats"))
        for c in b.get("caveats", []):
            add(("note", self.cite(c["text"], c.get("sources", []))))
        add(("h1", "Sources"))
        add(("sources", [(n, self.source_note(self.sources[sid])) for sid, n in self.numbers.items()]))

    def source_note(self, s: dict) -> str:
        text = s["outlet"] + (f", “{s['title']}”" if s.get("title") else "")
        text += (f", {human(s['date'])}" if s.get("date") else "") + "."
        if s.get("via"):
            text += f" As reported in: {self.sources[s['via']]['outlet']}."
        return " ".join((text + (" " + s["note"] if s.get("note") else "")).split())

    def cover(self) -> list[tuple[str, str]]:
        b = self.brief
        contact = b.get("contact") or {}
        return [
            ("Date", human(b["date"])),
            ("Brief", f"{b['id']}, version {b.get('version', '1')}"),
            ("Authors", "; ".join(a["name"] for a in b.get("authors", []))),
            ("Contact", ", ".join(v for v in (contact.get("name"), contact.get("email")) if v)),
            ("Prepared for", "Analysts"),
        ]


# --- the timeline figure: one band of years, a dot and a label per event ----------------------------
def figure_shapes(events: list[tuple[str, str, str]], width: float) -> tuple[float, list[tuple]]:
    """(height, shapes) in points, origin bottom-left: the same figure for both formats."""
    years = [int(d.split("-")[0]) for d, _, _ in events]
    first, last = min(years), max(years)
    span = max(last - first + 1, 1)
    height = 150.0
    band_y = 70.0
    shapes: list[tuple] = [("rect", 0, band_y, width, 12, "#DDE3EA")]
    for y in range(first, last + 1):
        x = (y - first) * width / span
        shapes.append(("text", x + width / span / 2, band_y + 3, str(y), 7.5, True, "middle"))
    for i, (date, label, event) in enumerate(events):
        parts = [int(p) for p in date.split("-")]
        frac = ((parts[1] - 1) / 12 if len(parts) > 1 else 0.5) + (parts[2] / 365 if len(parts) > 2 else 0)
        x = (parts[0] - first + frac) * width / span
        up = i % 2 == 0
        y = band_y + 12 if up else band_y
        tip = y + 24 + 16 * (i % 3) if up else y - 24 - 16 * (i % 3)
        shapes.append(("line", x, y, x, tip, "#8C96A4"))
        shapes.append(("dot", x, y, 2.6, ACCENT))
        short = event.split(".")[0][:40] + ("…" if len(event) > 40 else "")
        shapes.append(
            (
                "text",
                min(max(x, 40), width - 40),
                tip + (3 if up else -9),
                f"{label}: {short}",
                6.5,
                False,
                "middle",
            )
        )
    return height, shapes


class FigureFlowable(Flowable):
    def __init__(self, events: list[tuple[str, str, str]], width: float, fonts: dict[str, str]) -> None:
        super().__init__()
        self.width = width
        self.height, self.shapes = figure_shapes(events, width)
        self.fonts = fonts

    def draw(self) -> None:
        c = self.canv
        for shape in self.shapes:
            kind = shape[0]
            if kind == "rect":
                c.setFillColor(colors.HexColor(shape[5]))
                c.rect(*shape[1:5], stroke=0, fill=1)
            elif kind == "line":
                c.setStrokeColor(colors.HexColor(shape[5]))
                c.setLineWidth(0.6)
                c.line(*shape[1:5])
            elif kind == "dot":
                c.setFillColor(colors.HexColor(shape[4]))
                c.circle(shape[1], shape[2], shape[3], stroke=0, fill=1)
            else:
                _, x, y, text, size, bold, _anchor = shape
                c.setFillColor(colors.HexColor("#1A1A1A"))
                c.setFont(self.fonts["HB" if bold else "H"], size)
                c.drawCentredString(x, y, text)


def figure_png(
    events: list[tuple[str, str, str]], width: float, fonts: dict[str, Path], dpi: int = 240
) -> bytes:
    from PIL import Image as PILImage
    from PIL import ImageDraw, ImageFont

    height, shapes = figure_shapes(events, width)
    scale = dpi / 72
    img = PILImage.new("RGB", (round(width * scale), round(height * scale)), "white")
    draw = ImageDraw.Draw(img)
    faces = {b: ImageFont.truetype(str(fonts["HB" if b else "H"]), round(6.5 * scale)) for b in (False, True)}

    def pt(x: float, y: float) -> tuple[float, float]:
        return x * scale, (height - y) * scale

    for shape in shapes:
        kind = shape[0]
        if kind == "rect":
            (x0, y1), (x1, y0) = pt(shape[1], shape[2]), pt(shape[1] + shape[3], shape[2] + shape[4])
            draw.rectangle((x0, y0, x1, y1), fill=shape[5])
        elif kind == "line":
            draw.line((*pt(shape[1], shape[2]), *pt(shape[3], shape[4])), fill=shape[5], width=2)
        elif kind == "dot":
            (cx, cy), r = pt(shape[1], shape[2]), shape[3] * scale
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=shape[4])
        else:
            draw.text(pt(shape[1], shape[2]), shape[3], font=faces[shape[5]], fill="#1A1A1A", anchor="ms")
    out = io.BytesIO()
    img.save(out, format="PNG", dpi=(dpi, dpi))
    return out.getvalue()


# --- PDF ----------------------------------------------------------------------------------------
def font_files() -> dict[str, Path]:
    serif = Path(importlib.import_module("fontpkg_pt_serif").__file__).parent / "files"
    sans = Path(importlib.import_module("fontpkg_pt_sans").__file__).parent / "files"
    return {
        "S": serif / "PT_Serif-Web-Regular.ttf",
        "SB": serif / "PT_Serif-Web-Bold.ttf",
        "SI": serif / "PT_Serif-Web-Italic.ttf",
        "SBI": serif / "PT_Serif-Web-BoldItalic.ttf",
        "H": sans / "PT_Sans-Web-Regular.ttf",
        "HB": sans / "PT_Sans-Web-Bold.ttf",
    }


class NumberedCanvas(Canvas):
    """reportlab's usual recipe for 'Page X of Y': keep the pages, draw the footer at the end."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.pages: list[dict] = []

    def showPage(self) -> None:
        self.pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self.pages)
        for state in self.pages:
            self.__dict__.update(state)
            self.setFont("H", 8)
            self.setFillColor(colors.HexColor("#5A5F66"))
            self.drawString(18 * mm, 12 * mm, self.reference)
            self.drawRightString(192 * mm, 12 * mm, f"Page {self._pageNumber} of {total}")
            self.drawString(18 * mm, 285 * mm, self.short_title)
            self.setFont("HB", 8.5)
            self.setFillColor(colors.HexColor("#B00020"))
            self.drawCentredString(105 * mm, 290 * mm, self.marking)
            self.drawCentredString(105 * mm, 6 * mm, self.marking)
            super().showPage()
        super().save()


class BriefTemplate(BaseDocTemplate):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        frame = Frame(18 * mm, 20 * mm, 174 * mm, 257 * mm, id="body")
        self.addPageTemplates([PageTemplate("page", [frame])])
        self.heading_pages: dict[str, int] = {}

    def afterFlowable(self, flowable: Flowable) -> None:
        """Headings feed the table of contents, the outline and the DOCX's contents."""
        level = getattr(flowable, "toc_level", None)
        if level is None:
            return
        text, key = flowable.getPlainText(), flowable.key
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(text, key, level=level, closed=False)
        self.notify("TOCEntry", (level, text, self.page, key))
        self.heading_pages[text] = self.page


def markup(text: str, refs: list[tuple[int, bool]]) -> str:
    sup = ",".join(f'<a href="#note{n}" color="{ACCENT}">{n}</a>' for n, _ in refs)
    return escape(text) + (f"<super>{sup}</super>" if sup else "")


def write_pdf(content: Content, path: Path, bare: bool, one_pass: bool) -> dict[str, int]:
    fonts = font_files()
    for name, file in fonts.items():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(file)))
    pdfmetrics.registerFontFamily("S", normal="S", bold="SB", italic="SI", boldItalic="SBI")
    accent = colors.HexColor(ACCENT)
    body = ParagraphStyle("body", fontName="S", fontSize=10.5, leading=14.2, spaceAfter=6, allowWidows=0)
    h1 = ParagraphStyle(
        "h1",
        fontName="HB",
        fontSize=14.3,
        leading=19,
        spaceBefore=15,
        spaceAfter=9,
        textColor=accent,
        keepWithNext=1,
    )
    h2 = ParagraphStyle("h2", parent=h1, fontSize=11.8, leading=16, spaceBefore=9, spaceAfter=4)
    title = ParagraphStyle("title", fontName="HB", fontSize=27, leading=32, textColor=accent, spaceAfter=8)
    lead = ParagraphStyle(
        "lead",
        parent=body,
        fontSize=11.3,
        backColor=colors.HexColor("#EDF0F3"),
        borderPadding=(7, 9, 7, 11),
        leftIndent=11,
        rightIndent=9,
        spaceAfter=16,
    )
    item = ParagraphStyle("item", parent=body, leftIndent=16, bulletIndent=3, spaceAfter=3)
    quote = ParagraphStyle("quote", parent=body, fontName="SI", leftIndent=20, rightIndent=20, keepWithNext=1)
    small = ParagraphStyle("small", parent=body, fontSize=8.8, leading=11.5)
    who = ParagraphStyle(
        "who", parent=small, fontName="H", leftIndent=20, textColor=colors.HexColor("#5A5F66")
    )
    cell = ParagraphStyle("cell", parent=small, spaceAfter=0)
    flow: list[Flowable] = []
    counter = iter(range(1, 10_000))

    def heading(text: str, style: ParagraphStyle, level: int) -> Paragraph:
        p = Paragraph(escape(text), style)
        p.toc_level, p.key = level, f"h{next(counter)}"
        return p

    if not bare:
        flow.append(Image(str(LOGO), width=15 * mm, height=15 * mm, hAlign="LEFT"))
        flow.append(Paragraph(escape(content.brief.get("organization", "")), h2))
        flow.append(Spacer(1, 22 * mm))
        flow.append(Paragraph(escape(content.brief["title"]), title))
        flow.append(Paragraph(escape(content.brief.get("subtitle", "")), h2))
        meta = [[Paragraph(escape(k), who), Paragraph(escape(v), small)] for k, v in content.cover()]
        flow.append(Table(meta, colWidths=[30 * mm, 144 * mm], hAlign="LEFT"))
        levels = [
            ParagraphStyle("toc1", fontName="HB", fontSize=10.3, leading=14, leftIndent=0),
            ParagraphStyle("toc2", fontName="H", fontSize=9.5, leading=13, leftIndent=12),
        ]
        flow.append(Paragraph("Contents", h1))
        if one_pass:
            flow += [
                Paragraph(escape(text), levels[kind == "h2"])
                for kind, text in content.blocks
                if kind in ("h1", "h2")
            ]
        else:
            toc = TableOfContents(dotsMinLevel=0)
            toc.levelStyles = levels
            flow.append(toc)
        flow.append(PageBreak())
    else:
        flow.append(Paragraph(escape(content.brief["title"]), title))
    for kind, payload in content.blocks:
        if kind in ("h1", "h2"):
            flow.append(heading(payload, h1 if kind == "h1" else h2, 0 if kind == "h1" else 1))
        elif kind in ("p", "lead", "note"):
            flow.append(Paragraph(markup(*payload), {"p": body, "lead": lead, "note": small}[kind]))
        elif kind in ("bullets", "numbers"):
            for i, (text, refs, tail) in enumerate(payload, 1):
                bullet = "\u2022" if kind == "bullets" else f"{i}."
                flow.append(Paragraph(markup(text, refs) + escape(tail), item, bulletText=bullet))
        elif kind == "quote":
            text, attribution, refs, context = payload
            flow.append(Paragraph(escape(text), quote))
            flow.append(Paragraph("\u2014 " + markup(attribution, refs) + escape(context), who))
        elif kind == "figure" and not bare:
            flow.append(FigureFlowable(payload, 174 * mm, {"H": "H", "HB": "HB"}))
        elif kind == "caption" and not bare:
            flow.append(Paragraph(escape(payload), who))
        elif kind == "table":
            data = [["Date", "Event"]] + [
                [Paragraph(escape(d), cell), Paragraph(markup(t, r), cell)] for d, t, r in payload
            ]
            table = Table(data, colWidths=[38 * mm, 136 * mm], repeatRows=1, hAlign="LEFT")
            table.setStyle(
                TableStyle(
                    [
                        ("BACKGROUND", (0, 0), (-1, 0), accent),
                        ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
                        ("FONTNAME", (0, 0), (-1, -1), "HB"),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LINEBELOW", (0, 1), (-1, -1), 0.4, colors.HexColor("#C4C9D0")),
                    ]
                )
            )
            flow.append(table)
        elif kind == "sources":
            for n, note in payload:
                flow.append(Paragraph(f'<a name="note{n}"/>{escape(note)}', small, bulletText=f"{n}."))
    b = content.brief
    doc = BriefTemplate(
        str(path),
        pagesize=A4,
        title=b["title"],
        author="; ".join(a["name"] for a in b["authors"]),
        lang=b.get("language", "en"),
        invariant=1,
    )

    def canvas(*args: object, **kwargs: object) -> NumberedCanvas:
        c = NumberedCanvas(*args, **kwargs)
        c.reference, c.short_title = f"{b['id']}, version {b.get('version', '1')}", b["title"][:60]
        c.marking = "" if bare else b.get("marking", "")
        return c

    if bare or one_pass:
        doc.build(flow, canvasmaker=canvas)
    else:
        doc.multiBuild(flow, canvasmaker=canvas)
    return doc.heading_pages


# --- DOCX ---------------------------------------------------------------------------------------
def field(paragraph: object, instruction: str, cached: str) -> None:
    """A complex field (PAGE, NUMPAGES, TOC...) with its cached result."""
    runs = []
    for kind in ("begin", None, "separate", "text", "end"):
        r = OxmlElement("w:r")
        if kind is None:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {instruction} "
        elif kind == "text":
            el = OxmlElement("w:t")
            el.text = cached
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        r.append(el)
        runs.append(r)
    for r in runs:
        paragraph._p.append(r)


class Footnotes:
    """python-docx has no footnotes: a footnotes part with the two separators Word expects."""

    def __init__(self, document: object) -> None:
        self.part_xml = parse_xml(
            f'<w:footnotes xmlns:w="{W}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/>'
            '</w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
            "<w:continuationSeparator/></w:r></w:p></w:footnote></w:footnotes>"
        )
        part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, self.part_xml, document.part.package)
        document.part.relate_to(part, RT.FOOTNOTES)
        self.count = 0

    def add(self, paragraph: object, number: int, text: str) -> None:
        self.count += 1
        note = parse_xml(
            f'<w:footnote xmlns:w="{W}" w:id="{self.count}"><w:p><w:r><w:rPr>'
            f'<w:vertAlign w:val="superscript"/></w:rPr><w:t>{number}</w:t></w:r><w:r>'
            f'<w:t xml:space="preserve"> {escape(text)}</w:t></w:r></w:p></w:footnote>'
        )
        self.part_xml.append(note)
        ref = parse_xml(
            f'<w:r xmlns:w="{W}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:footnoteReference w:customMarkFollows="1" w:id="{self.count}"/><w:t>{number}</w:t></w:r>'
        )
        paragraph._p.append(ref)


def write_docx(content: Content, path: Path, pages: dict[str, int], bare: bool) -> None:
    doc = DocxDocument()
    styles = doc.styles
    st = {
        name: styles[name]
        for name in (
            "Normal",
            "Title",
            "Subtitle",
            "Heading 1",
            "Heading 2",
            "Quote",
            "List Bullet",
            "List Number",
            "Caption",
            "Table Grid",
        )
    }
    ids = {name: style.style_id for name, style in st.items()}
    ids["Normal"] = None  # the default style is implied

    def para(style: str, text: str = "") -> object:
        """A paragraph in a style set by id: python-docx's style setter scans every style."""
        p = doc.add_paragraph(text)
        if ids[style]:
            p._p.style = ids[style]
        return p

    st["Normal"].font.name, st["Normal"].font.size = "PT Serif", Pt(10.5)
    for name in ("Title", "Heading 1", "Heading 2"):
        st[name].font.name, st[name].font.color.rgb = "PT Sans", RGBColor.from_string(ACCENT[1:])
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(18)
    notes_text: dict[int, str] = {}
    for kind, payload in content.blocks:
        if kind == "sources":
            notes_text = dict(payload)
    footnotes = None if bare else Footnotes(doc)
    b = content.brief

    def cited(paragraph: object, text: str, refs: list[tuple[int, bool]], tail: str = "") -> None:
        paragraph.add_run(text)
        for n, first in refs:
            if footnotes is not None and first:
                footnotes.add(paragraph, n, notes_text[n])
            else:
                paragraph.add_run(str(n)).font.superscript = True
        if tail:
            paragraph.add_run(tail).italic = True

    if not bare:
        header, footer = section.header.paragraphs[0], section.footer.paragraphs[0]
        header.add_run(b.get("marking", "")).bold = True
        section.header.add_paragraph(f"{b['title'][:60]}\t{human(b['date'])}")
        footer.add_run(f"{b['id']}, version {b.get('version', '1')}\tPage ")
        field(footer, "PAGE", "1")
        footer.add_run(" of ")
        field(footer, "NUMPAGES", "1")
        logo = doc.add_paragraph()
        logo.add_run().add_picture(str(LOGO), height=Mm(15))
        logo.add_run("   " + b.get("organization", "")).bold = True
    para("Title", b["title"])
    if not bare:
        para("Subtitle", b.get("subtitle", ""))
        for label, value in content.cover():
            p = para("Normal")
            p.add_run(label).bold = True
            p.add_run(f"\t{value}")
        para("Heading 1", "Contents")
        for i, (kind, payload) in enumerate(k for k in content.blocks if k[0] in ("h1", "h2")):
            p = para("Normal")
            p.paragraph_format.tab_stops.add_tab_stop(Mm(174), WD_TAB_ALIGNMENT.RIGHT)
            if i == 0:
                field(p, 'TOC \\o "1-2" \\h \\z \\u', "")
            p.add_run(("" if kind == "h1" else "    ") + payload + f"\t{pages.get(payload, '')}")
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    for kind, payload in content.blocks:
        if kind in ("h1", "h2"):
            para("Heading 1" if kind == "h1" else "Heading 2", payload)
        elif kind in ("p", "lead", "note"):
            cited(para("Normal"), *payload)
        elif kind in ("bullets", "numbers"):
            style = "List Bullet" if kind == "bullets" else "List Number"
            for text, refs, tail in payload:
                cited(para(style), text, refs, tail)
        elif kind == "quote":
            text, attribution, refs, context = payload
            para("Quote", text)
            cited(para("Normal", "— "), attribution, refs, context)
        elif kind == "figure" and not bare:
            png = figure_png(payload, 174 / 25.4 * 72, font_files())
            doc.add_paragraph().add_run().add_picture(io.BytesIO(png), width=Mm(174))
        elif kind == "caption" and not bare:
            para("Caption", payload)
        elif kind == "table":
            table = doc.add_table(rows=1, cols=2)
            table.style = st["Table Grid"]
            head = table.rows[0].cells
            head[0].text, head[1].text = "Date", "Event"
            for date, text, refs in payload:
                cells = table.add_row().cells
                cells[0].text = date
                cited(cells[1].paragraphs[0], text, refs)
        elif kind == "sources":
            for n, note in payload:
                para("Normal", f"{n}. {note}")
    props = doc.core_properties
    props.title, props.author, props.language = b["title"], b["authors"][0]["name"], b.get("language", "en")
    props.created = dt.datetime(2025, 9, 11)
    doc.save(str(path))


def main(brief_path: str, out_dir: str, bare: bool = False, one_pass: bool = False) -> None:
    with open(brief_path, encoding="utf-8") as fh:
        brief = yaml.load(fh, Loader=yaml.CSafeLoader)
    content = Content(brief)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    pages = write_pdf(content, out / "floor.pdf", bare, one_pass)  # first: the DOCX's contents take its pages
    write_docx(content, out / "floor.docx", pages, bare)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], bare="--bare" in sys.argv[3:], one_pass="--one-pass" in sys.argv[3:])
