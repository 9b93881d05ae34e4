"""The floor: a bare python-docx + reportlab script that builds the same content as briefbuilder.

No briefbuilder code: plain YAML loading, then the libraries called directly, written with care
(styles looked up once, table cells taken row by row, not through ``table.cell(i, j)``). It is
what a competent engineer would write by hand; briefbuilder's targets are ratios to it.

Usage: python bench/floor.py BRIEF.yaml OUTDIR
"""

from __future__ import annotations

import sys
from pathlib import Path
from xml.sax.saxutils import escape

import yaml
from docx import Document as DocxDocument
from docx.shared import Pt
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer, Table

FONT_DIR_SERIF = "fontpkg_pt_serif"
FONT_DIR_SANS = "fontpkg_pt_sans"


def _font(package: str, name: str) -> str:
    import importlib

    return str(Path(importlib.import_module(package).__file__).parent / "files" / name)


def content(brief: dict) -> list[tuple[str, object]]:
    """(kind, payload) pairs in reading order: the same sections briefbuilder's analyst shows."""
    out: list[tuple[str, object]] = [("title", brief["title"]), ("h1", "Bottom line up front"),
                                     ("p", brief["summary"])]
    out += [("h1", "Key judgments"), ("bullets", [j["text"] for j in brief.get("key_judgments", [])])]
    out += [("h1", "Key facts"), ("numbers", [f["text"] for f in brief.get("key_facts", [])])]
    out.append(("h1", "Context"))
    for sec in brief.get("context", []):
        out.append(("h2", sec["heading"]))
        out += [("p", p["text"]) for p in sec["paragraphs"]]
    out.append(("h1", "On the record"))
    out += [("quote", q["text"]) for q in brief.get("statements", [])]
    out.append(("h1", "Expert analysis"))
    for a in brief.get("analysis", []):
        out.append(("h2", a["expert"]))
        out += [("p", v["text"]) for v in a.get("views", [])]
        out += [("quote", q["text"]) for q in a.get("quotes", [])]
    rows = [(str(e.get("date_label") or e["date"]), e["event"]) for e in brief.get("timeline", [])]
    out += [("h1", "Timeline"), ("table", rows)]
    out += [("h1", "Outlook"), ("bullets", [o["text"] for o in brief.get("outlook", [])])]
    out += [("h1", "Caveats")] + [("p", c["text"]) for c in brief.get("caveats", [])]
    out += [("h1", "Sources"), ("numbers", [s["outlet"] for s in brief.get("sources", [])])]
    return out


def write_docx(items: list[tuple[str, object]], path: Path) -> None:
    doc = DocxDocument()
    styles = doc.styles
    normal, h1, h2 = styles["Normal"], styles["Heading 1"], styles["Heading 2"]
    title, quote = styles["Title"], styles["Quote"]
    bullet, number = styles["List Bullet"], styles["List Number"]
    normal.font.name, normal.font.size = "PT Serif", Pt(10.5)
    for kind, payload in items:
        if kind == "title":
            doc.add_paragraph(payload, title)
        elif kind in ("h1", "h2"):
            doc.add_paragraph(payload, h1 if kind == "h1" else h2)
        elif kind == "p":
            doc.add_paragraph(payload, normal)
        elif kind == "quote":
            doc.add_paragraph(payload, quote)
        elif kind in ("bullets", "numbers"):
            for text in payload:
                doc.add_paragraph(text, bullet if kind == "bullets" else number)
        elif kind == "table":
            table = doc.add_table(rows=1, cols=2)
            table.style = styles["Table Grid"]
            hdr = table.rows[0].cells
            hdr[0].text, hdr[1].text = "Date", "Event"
            for date, event in payload:
                cells = table.add_row().cells
                cells[0].text, cells[1].text = date, event
    section = doc.sections[0]
    section.footer.paragraphs[0].text = "Page"
    doc.save(str(path))


def write_pdf(items: list[tuple[str, object]], path: Path) -> None:
    for name, pkg, file in (("S", FONT_DIR_SERIF, "PT_Serif-Web-Regular.ttf"),
                            ("SB", FONT_DIR_SERIF, "PT_Serif-Web-Bold.ttf"),
                            ("SI", FONT_DIR_SERIF, "PT_Serif-Web-Italic.ttf"),
                            ("H", FONT_DIR_SANS, "PT_Sans-Web-Bold.ttf")):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, _font(pkg, file)))
    body = ParagraphStyle("body", fontName="S", fontSize=10.5, leading=14)
    h1 = ParagraphStyle("h1", fontName="H", fontSize=15, leading=19, spaceBefore=12, keepWithNext=1)
    h2 = ParagraphStyle("h2", parent=h1, fontSize=12, leading=15)
    title = ParagraphStyle("title", fontName="H", fontSize=24, leading=28)
    quote = ParagraphStyle("quote", parent=body, fontName="SI", leftIndent=18)
    flow: list = []
    for kind, payload in items:
        if kind == "title":
            flow.append(Paragraph(escape(payload), title))
        elif kind in ("h1", "h2"):
            flow.append(Paragraph(escape(payload), h1 if kind == "h1" else h2))
        elif kind == "p":
            flow.append(Paragraph(escape(payload), body))
        elif kind == "quote":
            flow.append(Paragraph(escape(payload), quote))
        elif kind in ("bullets", "numbers"):
            flow.append(ListFlowable([ListItem(Paragraph(escape(t), body)) for t in payload],
                                     bulletType="bullet" if kind == "bullets" else "1"))
        elif kind == "table":
            data = [["Date", "Event"]] + [[Paragraph(escape(d), body), Paragraph(escape(e), body)]
                                          for d, e in payload]
            flow.append(Table(data, colWidths=[35 * mm, 135 * mm], repeatRows=1))
        flow.append(Spacer(1, 2))

    def page(canvas, doc):
        canvas.setFont("S", 8)
        canvas.drawRightString(190 * mm, 10 * mm, f"Page {doc.page}")

    SimpleDocTemplate(str(path), pagesize=A4, title="brief", invariant=1).build(
        flow, onFirstPage=page, onLaterPages=page
    )


def main(brief_path: str, out_dir: str) -> None:
    with open(brief_path, encoding="utf-8") as fh:
        brief = yaml.load(fh, Loader=yaml.CSafeLoader)
    items = content(brief)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    write_docx(items, out / "floor.docx")
    write_pdf(items, out / "floor.pdf")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
