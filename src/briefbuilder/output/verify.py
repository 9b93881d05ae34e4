"""Parity: read back a DOCX and a PDF built from one Document and check they say the same.

Both writers translate the same blocks, so their texts must agree; this reads the files as a
reader would get them, not the Document, so it also catches a writer that drops or garbles
something. Checked, per pair ``<id>-<audience>.docx`` / ``.pdf``:

- sections: the DOCX's headings (Heading 1 and 2) and the PDF's outline are the same list;
- content, DOCX to PDF: every paragraph, list item (fact), quotation, attribution, table cell,
  source note and footnote of the DOCX is in the PDF's text;
- content, PDF to DOCX: every line of the PDF's reading text (set in its body font, so not the
  running header, the contents or the figure's labels) is in the DOCX (body, footnotes, headers,
  footers, alt text).

Texts are compared normalised: Unicode NFKC, typographic quotes and dashes made plain, and all
whitespace, hyphens and ellipses removed, so that PDF line breaks and hyphenation do not count.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_PAGE = re.compile(r"Page\d+of\d+")
_PLAIN = str.maketrans(
    {"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "\u00ad": None, "…": None}
)
# DOCX paragraph style name -> what a reader would call the item; None: not compared one by one
_KINDS: dict[str, str | None] = {
    "heading 1": "section",
    "heading 2": "section",
    "List Number": "fact",
    "List Bullet": "list item",
    "Quote": "quote",
    "Quote Attribution": "attribution",
    "Note Text": "source note",
    "footnote text": "footnote",
    "Table Text": "table cell",
    "Title": "title",
    "Subtitle": "subtitle",
    "Brief Meta": "cover line",
    "Brief Organization": "organization",
    "Brief Lead": "paragraph",
    "Normal": "paragraph",
    "Brief Small": "paragraph",
    "caption": "caption",
    "toc 1": "contents entry",
    "toc 2": "contents entry",
    "TOC Heading": "contents entry",
    "header": None,
    "footer": None,
    "Brief Figure": None,
}


def normalise(text: str) -> str:
    """The form texts are compared in: NFKC, plain quotes, no whitespace, hyphens or ellipses."""
    text = unicodedata.normalize("NFKC", text.translate(_PLAIN))
    return "".join(text.replace("...", "").split()).replace("-", "")


@dataclass(frozen=True, slots=True)
class Item:
    """One piece of content: its kind (section, fact, quote, ...) and its text."""

    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class DocxContent:
    sections: tuple[tuple[int, str], ...]  # (level, text) in order
    items: tuple[Item, ...]
    corpus: str  # normalised text of everything: body, footnotes, headers, footers, alt texts
    chrome: tuple[str, ...]  # normalised header and footer lines (running title, marking, ...)


@dataclass(frozen=True, slots=True)
class PdfContent:
    sections: tuple[tuple[int, str], ...]
    text: str  # normalised text of every page, running header and footer removed
    reading_lines: tuple[str, ...]  # lines set in the body font


@dataclass(frozen=True, slots=True)
class PairReport:
    """The verdict on one ``<id>-<audience>`` pair; no problems means they agree."""

    name: str
    problems: tuple[str, ...]
    checked: Counter[str]

    @property
    def ok(self) -> bool:
        return not self.problems


# --- DOCX ---------------------------------------------------------------------------------------
def _paragraph_text(p: etree._Element, *, skip_style: str | None = None) -> str:
    """The text a reader sees: runs' text and tabs, field results (not instructions)."""
    out: list[str] = []
    for r in p.iter(f"{_W}r"):
        style = r.find(f"{_W}rPr/{_W}rStyle")
        if skip_style is not None and style is not None and style.get(f"{_W}val") == skip_style:
            continue  # a footnote's own mark, printed before the note in the PDF's list
        for child in r:
            if child.tag == f"{_W}t":
                out.append(child.text or "")
            elif child.tag in (f"{_W}tab", f"{_W}br"):
                out.append(" ")
    return "".join(out)


def docx_content(data: bytes) -> DocxContent:
    """Sections, items and the whole text of a DOCX."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = set(z.namelist())
        parts = {n: etree.fromstring(z.read(n)) for n in names if re.fullmatch(r"word/[^/]+\.xml", n)}
    styles = {
        s.get(f"{_W}styleId"): s.find(f"{_W}name").get(f"{_W}val")
        for s in parts["word/styles.xml"].iter(f"{_W}style")
        if s.find(f"{_W}name") is not None
    }
    normal = next((n for n in styles.values() if n == "Normal"), "Normal")
    sections: list[tuple[int, str]] = []
    items: list[Item] = []
    corpus: list[str] = []
    chrome: list[str] = []
    footnote_mark = next((sid for sid, name in styles.items() if name == "footnote reference"), None)
    for name, root in sorted(parts.items()):
        story = name.removeprefix("word/").removesuffix(".xml").rstrip("0123456789")
        if story not in ("document", "footnotes", "header", "footer"):
            continue
        for p in root.iter(f"{_W}p"):
            style_el = p.find(f"{_W}pPr/{_W}pStyle")
            style = styles.get(style_el.get(f"{_W}val"), normal) if style_el is not None else normal
            text = _paragraph_text(p, skip_style=footnote_mark if story == "footnotes" else None)
            corpus.append(text)
            if not text.strip():
                continue
            if story in ("header", "footer"):
                chrome.append(normalise(text))
                continue
            if story == "document" and style in ("heading 1", "heading 2"):
                sections.append((int(style[-1]), " ".join(text.split())))
            kind = _KINDS.get(style, "paragraph")
            if story == "footnotes":
                kind = "footnote"
            if kind is not None:
                items.append(Item(kind, text))
        for pic in root.iter(f"{_WP}docPr"):
            corpus.append(pic.get("descr") or "")
    return DocxContent(tuple(sections), tuple(items), normalise(" ".join(corpus)), tuple(chrome))


# --- PDF ----------------------------------------------------------------------------------------
def _family(base_font: str) -> str:
    return base_font.lstrip("/").split("+", 1)[-1].split("-", 1)[0]


def pdf_content(data: bytes, chrome: tuple[str, ...] = ()) -> PdfContent:
    """Sections (the outline), the text with each page's running header and footer removed
    (``chrome``: their normalised lines, from the DOCX), and the lines in the body font."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    sections: list[tuple[int, str]] = []

    def walk(entries: list[Any], level: int) -> None:
        for entry in entries:
            if isinstance(entry, list):
                walk(entry, level + 1)
            else:
                sections.append((level, " ".join(str(entry.title).split())))

    walk(reader.outline, 1)
    pages: list[str] = []
    lines: list[tuple[str, str]] = []  # (font family, text)

    def visit(text: str, _cm: object, _tm: object, font: dict[str, Any] | None, _size: float) -> None:
        if text.strip() and font is not None:
            lines.append((_family(str(font.get("/BaseFont", ""))), text))

    for page in reader.pages:
        pages.append(_strip_chrome(normalise(page.extract_text(visitor_text=visit) or ""), chrome))
    weight = Counter[str]()
    for family, text in lines:
        weight[family] += len(text)
    body = weight.most_common(1)[0][0] if weight else ""
    reading = tuple(text for family, text in lines if family == body)
    return PdfContent(tuple(sections), "".join(pages), reading)


def _strip_chrome(page: str, chrome: tuple[str, ...]) -> str:
    """Remove the running header and footer, which the PDF draws last on every page."""
    pieces = [_PAGE.sub("", c) for c in chrome]  # "left<TAB>right": the PDF's order too
    page = _PAGE.sub("", page)
    changed = True
    while changed:
        changed = False
        for piece in sorted(set(pieces), key=len, reverse=True):
            if piece and page.endswith(piece):
                page, changed = page[: -len(piece)], True
    return page


# --- comparing ----------------------------------------------------------------------------------
def compare(docx: DocxContent, pdf: PdfContent) -> tuple[list[str], Counter[str]]:
    """What one has and the other lacks, as readable lines; and how many items were checked."""
    problems: list[str] = []
    checked = Counter[str]()
    docx_sections = [(level, normalise(text)) for level, text in docx.sections]
    pdf_sections = [(level, normalise(text)) for level, text in pdf.sections]
    names = {normalise(t): t for _, t in (*docx.sections, *pdf.sections)}
    for level, key in docx_sections:
        if (level, key) not in pdf_sections:
            problems.append(
                f"section {names[key]!r} (level {level}) is in the DOCX but not in the PDF's outline"
            )
    for level, key in pdf_sections:
        if (level, key) not in docx_sections:
            problems.append(
                f"section {names[key]!r} (level {level}) is in the PDF's outline but not in the DOCX"
            )
    if not problems and docx_sections != pdf_sections:
        problems.append("the sections are in a different order in the DOCX and in the PDF")
    checked["section"] = len(docx_sections)
    # content is counted, not only found: a quote dropped from one file is still missed when
    # its words also appear inside a fact ("good, but not great")
    items = [i for i in docx.items if i.kind != "section"]
    # footnotes repeat the Sources list in the DOCX; the PDF prints each note once
    docx_body = "".join(normalise(i.text) for i in items if i.kind != "footnote")
    reported: set[str] = set()
    for item in items:
        checked[item.kind] += 1
        key = normalise(item.text)
        if key in reported:
            continue
        wanted, found = (1 if item.kind == "footnote" else docx_body.count(key)), pdf.text.count(key)
        if found < wanted:
            reported.add(key)
            times = f" ({wanted} times in the DOCX, {found} in the PDF)" if found else ""
            problems.append(f"{item.kind} missing from the PDF: {_short(item.text)!r}{times}")
    reading = "".join(normalise(line) for line in pdf.reading_lines)
    for line in pdf.reading_lines:
        key = normalise(line)
        if len(key) < 4 or key.isdigit() or key in reported:
            continue
        wanted, found = reading.count(key), docx.corpus.count(key)
        if found < wanted:
            reported.add(key)
            times = f" ({wanted} times in the PDF, {found} in the DOCX)" if found else ""
            problems.append(f"text missing from the DOCX: {_short(line)!r}{times}")
    return problems, checked


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def verify_pair(name: str, docx_data: bytes, pdf_data: bytes) -> PairReport:
    docx = docx_content(docx_data)
    problems, checked = compare(docx, pdf_content(pdf_data, docx.chrome))
    return PairReport(name, tuple(problems), checked)


def verify_folder(folder: Path) -> list[PairReport]:
    """Check every ``<name>.docx`` / ``<name>.pdf`` pair in ``folder``; a file without its
    partner is reported too. Raises FileNotFoundError if the folder holds neither."""
    docx = {p.stem: p for p in folder.glob("*.docx") if p.is_file()}
    pdf = {p.stem: p for p in folder.glob("*.pdf") if p.is_file()}
    if not docx and not pdf:
        raise FileNotFoundError(f"no .docx or .pdf files in {folder}")
    reports: list[PairReport] = []
    for name in sorted(docx.keys() | pdf.keys()):
        if name not in pdf:
            reports.append(
                PairReport(name, (f"{name}.pdf is missing: nothing to compare {name}.docx with",), Counter())
            )
        elif name not in docx:
            reports.append(
                PairReport(name, (f"{name}.docx is missing: nothing to compare {name}.pdf with",), Counter())
            )
        else:
            reports.append(verify_pair(name, docx[name].read_bytes(), pdf[name].read_bytes()))
    return reports
