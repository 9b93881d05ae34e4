"""The physical floor: the least any Python process that writes a DOCX and a PDF with these
libraries can take, whatever the document.

python-docx and reportlab are imported as a build needs them (the DOCX package and its oxml,
reportlab's platypus, pdfmetrics and TrueType support), then a one-paragraph DOCX and a one-page
PDF with one embedded TrueType face (PT Serif, as briefbuilder embeds) are written and the
process ends the ordinary way. Nothing of the brief is read. Issue #18 states its targets as a
multiple of this: the analyst DOCX + PDF build at most 1.8 x (aim 1.5 x), measured in the same
run, paired and alternated (bench/run.py does).

Usage: python bench/physical.py OUTDIR
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from docx import Document
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate

TEXT = "Why the US decided to normalize relations with Belarus."


def main(out_dir: str) -> None:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    doc = Document()
    doc.add_paragraph(TEXT)
    doc.save(str(out / "physical.docx"))
    serif = Path(importlib.import_module("fontpkg_pt_serif").__file__).parent / "files"
    pdfmetrics.registerFont(TTFont("PTSerif", str(serif / "PT_Serif-Web-Regular.ttf")))
    style = ParagraphStyle("body", fontName="PTSerif", fontSize=11, leading=14)
    SimpleDocTemplate(str(out / "physical.pdf"), pagesize=A4).build([Paragraph(TEXT, style)])


if __name__ == "__main__":
    main(sys.argv[1])
