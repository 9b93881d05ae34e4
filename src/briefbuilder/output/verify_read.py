"""Reading a DOCX and a PDF back, under size limits, as ``verify`` compares them.

Every error of zipfile, lxml or pypdf becomes ``Unreadable``; nothing here compares."""

from __future__ import annotations

import contextlib
import io
import logging
import re
import unicodedata
import warnings
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree

MAX_FILE_BYTES = 200 * 1024 * 1024  # a DOCX or PDF read at most (briefs' files are ~100 KB)
MAX_MEMBERS = 2_000  # zip members of a DOCX (python-docx writes ~15; each image adds one)
MAX_MEMBER_BYTES = 100 * 1024 * 1024  # uncompressed, one XML part read
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # uncompressed, all XML parts read together
MAX_PAGES = 10_000  # PDF pages read (the benchmark's brief a hundred times as long: ~600)
# characters scanned while comparing (each item is looked for in a whole text): the benchmark's
# brief a hundred times as long needs 3.7e9 (3 s); a hostile pair stops here (about 40 s)
MAX_COMPARE_WORK = 50_000_000_000
_XML = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
_LABEL = re.compile(r"[\d.,:;()\[\]]+")

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


def _page_pattern() -> re.Pattern[str]:
    """ "Page X of Y" in every shipped language, as ``normalise`` leaves it ("Page3sur9")."""
    from briefbuilder.language.labels import every_translation

    def one(label: str) -> str:
        parts = re.split(r"\{pages?\}", normalise(label))
        return r"\d+".join(re.escape(p) for p in parts)

    # a right-to-left label is all left out by ``normalise``: its pattern would be bare digits
    # and strip every number; its pages are read with poppler in the tests instead
    labels = [label for label in every_translation("page") if re.sub(r"\{pages?\}", "", normalise(label))]
    return re.compile("|".join(one(label) for label in labels))


_PLAIN = str.maketrans(
    {"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "\u00ad": None, "…": None}
    # the PDF writes the numbers it prints in the language's digits (Persian for fa), the DOCX
    # in Latin ones (its fields and numbering): the same numbers
    | {chr(zero + d): str(d) for zero in (0x0660, 0x06F0) for d in range(10)}
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


# Right-to-left letters, their presentation forms, joiners and private-use glyph codes: the PDF
# draws shaped right-to-left words in visual order and gives their letters only as /ActualText,
# which pypdf does not read; they are left out of the comparison on both sides (the tests check
# that text layer with poppler), the words around them are still compared.
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\ue000-\uf8ff\u200c\u200d]")


def normalise(text: str) -> str:
    """The form texts are compared in: NFKC, plain quotes, Latin digits, no whitespace, hyphens
    or ellipses, no right-to-left letters."""
    text = unicodedata.normalize("NFKC", text.translate(_PLAIN))
    if not text.isascii():
        text = _RTL.sub("", text)
    return "".join(text.replace("...", "").split()).replace("-", "")


_PAGE = _page_pattern()  # "Page X of Y" in every shipped language, normalised


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
    # normalised footnotes as the PDF sets them at the foot of a page: number, then text
    footnotes: tuple[str, ...] = ()


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
    unreadable: bool = False  # the problems say which file cannot be read, and why

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


class Unreadable(Exception):
    """A file that cannot be read as what its name says: damaged, not a DOCX/PDF, over a limit."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"cannot read {name}: {_short(reason, 160)}")


def _docx_parts(data: bytes, name: str) -> dict[str, etree._Element]:
    """The XML parts ``word/*.xml`` of a DOCX, parsed; Unreadable for anything amiss."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            if len(infos) > MAX_MEMBERS:
                raise Unreadable(
                    name, f"it holds {len(infos):,} files; a DOCX has far fewer (limit {MAX_MEMBERS:,})"
                )
            wanted = [i for i in infos if re.fullmatch(r"word/[^/]+\.xml", i.filename)]
            if not any(i.filename == "word/document.xml" for i in wanted):
                raise Unreadable(name, "not a DOCX (it has no word/document.xml)")
            total = 0
            parts: dict[str, etree._Element] = {}
            for info in wanted:
                if info.file_size > MAX_MEMBER_BYTES:
                    raise Unreadable(
                        name,
                        f"{_short(info.filename, 60)} unpacks to {info.file_size:,} bytes; "
                        f"the limit is {MAX_MEMBER_BYTES:,} (a zip bomb?)",
                    )
                total += info.file_size
                if total > MAX_UNZIPPED_BYTES:
                    raise Unreadable(
                        name, f"its parts unpack to over {MAX_UNZIPPED_BYTES:,} bytes together (a zip bomb?)"
                    )
                with z.open(info) as member:  # reads at most the declared size, then checks the CRC
                    xml = member.read(MAX_MEMBER_BYTES + 1)
                if len(xml) > MAX_MEMBER_BYTES:
                    raise Unreadable(name, f"{_short(info.filename, 60)} unpacks to more than it declares")
                parts[info.filename] = etree.fromstring(xml, _XML)
    except Unreadable:
        raise
    except etree.XMLSyntaxError as exc:
        raise Unreadable(name, f"damaged XML inside ({exc})") from None
    except zipfile.BadZipFile as exc:
        raise Unreadable(name, f"not a DOCX, or a damaged one ({exc})") from None
    except Exception as exc:  # zipfile, zlib, lxml raise many types on odd input; all mean "damaged"
        raise Unreadable(name, f"damaged ({type(exc).__name__}: {exc})") from None
    return parts


def docx_content(data: bytes, name: str = "the DOCX") -> DocxContent:
    """Sections, items and the whole text of a DOCX; Unreadable if it cannot be read."""
    parts = _docx_parts(data, name)
    styles_part = parts.get("word/styles.xml")
    styles = {
        s.get(f"{_W}styleId"): s.find(f"{_W}name").get(f"{_W}val")
        for s in (styles_part.iter(f"{_W}style") if styles_part is not None else ())
        if s.find(f"{_W}name") is not None
    }
    normal = next((n for n in styles.values() if n == "Normal"), "Normal")
    sections: list[tuple[int, str]] = []
    items: list[Item] = []
    corpus: list[str] = []
    chrome: list[str] = []
    footnotes: list[str] = []
    marks = _footnote_marks(parts.get("word/document.xml"))
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
                note_id = p.getparent().get(f"{_W}id", "") if p.getparent() is not None else ""
                footnotes.append(normalise((marks.get(note_id) or note_id) + text))
            if kind is not None:
                items.append(Item(kind, text))
        for pic in root.iter(f"{_WP}docPr"):
            corpus.append(pic.get("descr") or "")
    return DocxContent(
        tuple(sections), tuple(items), normalise(" ".join(corpus)), tuple(chrome), tuple(footnotes)
    )


def _footnote_marks(document: etree._Element | None) -> dict[str, str]:
    """Footnote id -> the mark its citation shows (a custom mark's text), as the PDF numbers it."""
    marks: dict[str, str] = {}
    for ref in document.iter(f"{_W}footnoteReference") if document is not None else ():
        run = ref.getparent()
        text = "".join(t.text or "" for t in run.iter(f"{_W}t")) if run is not None else ""
        marks[ref.get(f"{_W}id", "")] = text.strip()
    return marks


# --- PDF ----------------------------------------------------------------------------------------
def _family(base_font: str) -> str:
    return base_font.lstrip("/").split("+", 1)[-1].split("-", 1)[0]


@contextlib.contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf logs and warns about damaged files on stderr; its errors are reported instead."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def pdf_content(
    data: bytes, chrome: tuple[str, ...] = (), name: str = "the PDF", footnotes: tuple[str, ...] = ()
) -> PdfContent:
    """Sections (the outline), the text with each page's running header and footer removed
    (``chrome``: their normalised lines, from the DOCX), and the lines in the body font;
    Unreadable if the file cannot be read. ``footnotes`` (the DOCX's, as the PDF sets them: number
    and text) are moved from the foot of their page to the end of the text, so that a paragraph
    going on over a page with footnotes reads as one, as it does in the DOCX."""
    try:
        with _quiet_pypdf():
            return _pdf_content(data, chrome, footnotes)
    except Exception as exc:  # pypdf raises many types on damaged input, RecursionError too
        reason = str(exc) or type(exc).__name__
        raise Unreadable(name, f"not a PDF, or a damaged one ({reason})") from None


def _pdf_content(data: bytes, chrome: tuple[str, ...], footnotes: tuple[str, ...]) -> PdfContent:
    from pypdf import PdfReader

    if not data.lstrip(b"\x00\t\n\f\r ")[:1024].count(b"%PDF-"):
        raise ValueError("no %PDF- header")
    reader = PdfReader(io.BytesIO(data))
    sections: list[tuple[int, str]] = []
    stack: list[tuple[Iterator[Any], int]] = [(iter(reader.outline), 1)]
    while stack:  # the outline, depth first, without recursion (a damaged one may nest deeply)
        entries, level = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
        elif isinstance(entry, list):
            stack.append((iter(entry), level + 1))
        else:
            sections.append((level, " ".join(str(entry.title).split())))
    pages: list[str] = []
    lines: list[tuple[str, str]] = []  # (font family, text)

    def visit(text: str, _cm: object, _tm: object, font: dict[str, Any] | None, _size: float) -> None:
        if text.strip() and font is not None:
            lines.append((_family(str(font.get("/BaseFont", ""))), text))

    if len(reader.pages) > MAX_PAGES:
        raise ValueError(f"it has {len(reader.pages):,} pages; the limit is {MAX_PAGES:,}")
    notes: list[str] = []
    for page in reader.pages:
        text = _strip_chrome(normalise(page.extract_text(visitor_text=visit) or ""), chrome)
        pages.append(_strip_footnotes(text, footnotes, notes))
    pages.extend(reversed(notes))
    # the running header and footer are not reading text, however much of a page they fill (a
    # long marking at a large size can outweigh the body, which would then look like chrome)
    pieces = [piece for piece in (_PAGE.sub("", c) for c in chrome) if piece]
    lines = [(family, text) for family, text in lines if not _is_chrome(text, pieces)]
    weight = Counter[str]()
    for family, text in lines:
        weight[family] += len(text)
    body = weight.most_common(1)[0][0] if weight else ""
    reading = tuple(text for family, text in lines if family == body)
    return PdfContent(tuple(sections), "".join(pages), reading)


def _is_chrome(text: str, pieces: list[str]) -> bool:
    """Whether a line of the PDF is (part of) its running header or footer."""
    key = _PAGE.sub("", normalise(text))
    return not key or any(key in piece for piece in pieces)


def _strip_chrome(page: str, chrome: tuple[str, ...]) -> str:
    """Remove the running header and footer, which the PDF draws last on every page: each line
    of them at most as often as the DOCX has it, so a paragraph that ends a page with the same
    words as the marking keeps them."""
    left = Counter(piece for piece in (_PAGE.sub("", c) for c in chrome) if piece)  # "left<TAB>right"
    page = _PAGE.sub("", page)
    changed = True
    while changed:
        changed = False
        for piece in sorted(left, key=len, reverse=True):
            if left[piece] and page.endswith(piece):
                page, changed = page[: -len(piece)], True
                left[piece] -= 1
    return page


def _strip_footnotes(page: str, footnotes: tuple[str, ...], found: list[str]) -> str:
    """The page without the footnotes set at its foot (each removed once, into ``found``)."""
    changed = True
    while changed and footnotes:
        changed = False
        for note in sorted(footnotes, key=len, reverse=True):
            if note and page.endswith(note):
                page, changed = page[: -len(note)], True
                found.append(note)
                break
    return page


# --- comparing ----------------------------------------------------------------------------------


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
