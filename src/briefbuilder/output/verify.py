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

Any file may be damaged or hostile (a folder of downloads, a truncated copy, a zip bomb): each
is read under size limits (the file, the number of zip members, each member's and all members'
uncompressed size), XML without entities, DTDs or network, and every error of zipfile, lxml or
pypdf is reported as ``cannot read NAME: reason`` for its pair, never raised.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from briefbuilder.fonts.bidi import has_rtl, rtl_segments
from briefbuilder.output.verify_read import (
    _LABEL,
    _PAGE,
    MAX_COMPARE_WORK,
    MAX_FILE_BYTES,
    DocxContent,
    PairReport,
    PdfContent,
    Unreadable,
    _short,
    docx_content,
    normalise,
    pdf_content,
)


class _Budget:
    """Counts of keys in texts, cached, and the characters scanned for them: comparing is
    quadratic (every item against a whole text), so a hostile pair stops at MAX_COMPARE_WORK."""

    def __init__(self) -> None:
        self.work = 0
        self._cache: dict[tuple[int, str], int] = {}

    def count(self, text: str, key: str) -> int:
        cached = self._cache.get((id(text), key))
        if cached is None:
            self.work += len(text)
            if self.work > MAX_COMPARE_WORK:
                raise _TooLarge
            cached = self._cache[(id(text), key)] = text.count(key)
        return cached


class _TooLarge(Exception):
    pass


def _key(text: str) -> str:
    """The form an item is looked for in: normalised, and without "Page N of M" (which the PDF
    loses with its running footer, so a brief's own "Page 2 of 3" must go on both sides)."""
    return _PAGE.sub("", normalise(text))


_EDGES = " \t\n.,;:!?()[]\"'“”‘’«»-–—0123456789"


def _ltr_keys(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """The left-to-right stretches of a text that holds right-to-left script, as keys, each with
    the keys of its words: the PDF draws the right-to-left phrases in visual order, and the
    punctuation and numbers next to them move with them (UAX #9), so those edges are left out;
    in a paragraph that runs right to left, a stretch broken over two lines is found word by
    word."""
    out = []
    for stretch, rtl in rtl_segments(text):
        key = _key(stretch.strip(_EDGES)) if not rtl else ""
        if key:
            out.append((key, tuple(k for k in (_key(w.strip(_EDGES)) for w in stretch.split()) if k)))
    return out


def _found_ltr(budget: _Budget, pdf_text: str, text: str) -> bool:
    return all(
        budget.count(pdf_text, key) or all(budget.count(pdf_text, w) for w in words)
        for key, words in _ltr_keys(text)
    )


def _is_label(key: str) -> bool:
    """Too short to tell, or only a number: list numbers ("12."), note marks ("[3]"), pages."""
    return len(key) < 4 or _LABEL.fullmatch(key) is not None


def compare(docx: DocxContent, pdf: PdfContent) -> tuple[list[str], Counter[str]]:
    """What one has and the other lacks, as readable lines; and how many items were checked."""
    problems: list[str] = []
    checked = Counter[str]()
    try:
        _compare(docx, pdf, problems, checked, _Budget())
    except _TooLarge:
        problems.append(
            f"the files are too large to compare in full (the limit is {MAX_COMPARE_WORK:,} "
            "characters scanned); compared up to here"
        )
    return problems, checked


def _compare(
    docx: DocxContent, pdf: PdfContent, problems: list[str], checked: Counter[str], budget: _Budget
) -> None:
    docx_sections = [(level, normalise(text)) for level, text in docx.sections]
    pdf_sections = [(level, normalise(text)) for level, text in pdf.sections]
    names = {normalise(t): t for _, t in (*docx.sections, *pdf.sections)}
    in_docx, in_pdf = set(docx_sections), set(pdf_sections)
    for level, key in docx_sections:
        if (level, key) not in in_pdf:
            problems.append(
                f"section {_short(names[key], 80)!r} (level {level}) is in the DOCX but not in the "
                "PDF's outline"
            )
    for level, key in pdf_sections:
        if (level, key) not in in_docx:
            problems.append(
                f"section {_short(names[key], 80)!r} (level {level}) is in the PDF's outline but not "
                "in the DOCX"
            )
    if not problems and docx_sections != pdf_sections:
        problems.append("the sections are in a different order in the DOCX and in the PDF")
    checked["section"] = len(docx_sections)
    # content is counted, not only found: a quote dropped from one file is still missed when
    # its words also appear inside a fact ("good, but not great")
    items = [i for i in docx.items if i.kind != "section"]
    # footnotes repeat the Sources list in the DOCX; the PDF prints each note once
    docx_body = "".join(_key(i.text) for i in items if i.kind != "footnote")
    corpus = _PAGE.sub("", docx.corpus)
    reported: set[str] = set()
    for item in items:
        checked[item.kind] += 1
        key = _key(item.text)
        if not key or key in reported:  # "..." or "-" alone: nothing a reader could miss
            continue
        if has_rtl(item.text):  # on the page in visual order: each left-to-right stretch is found
            wanted, found = 1, int(_found_ltr(budget, pdf.text, item.text))
        else:
            wanted = 1 if item.kind == "footnote" else budget.count(docx_body, key)
            found = budget.count(pdf.text, key)
        if found < wanted:
            reported.add(key)
            times = f" ({wanted} times in the DOCX, {found} in the PDF)" if found else ""
            problems.append(f"{item.kind} missing from the PDF: {_short(item.text)!r}{times}")
    reading = "".join(_key(line) for line in pdf.reading_lines)
    for line in pdf.reading_lines:
        key = _key(line)
        if _is_label(key) or key in reported:
            continue
        wanted, found = budget.count(reading, key), budget.count(corpus, key)
        if found < wanted:
            reported.add(key)
            times = f" ({wanted} times in the PDF, {found} in the DOCX)" if found else ""
            problems.append(f"text missing from the DOCX: {_short(line)!r}{times}")


def verify_pair(name: str, docx_data: bytes, pdf_data: bytes) -> PairReport:
    """Compare one pair; a file that cannot be read is reported instead (each of the two)."""
    unreadable: list[str] = []
    docx: DocxContent | None = None
    pdf: PdfContent | None = None
    try:
        docx = docx_content(docx_data, f"{name}.docx")
    except Unreadable as exc:
        unreadable.append(str(exc))
    try:
        pdf = pdf_content(
            pdf_data,
            docx.chrome if docx is not None else (),
            f"{name}.pdf",
            docx.footnotes if docx is not None else (),
        )
    except Unreadable as exc:
        unreadable.append(str(exc))
    if docx is None or pdf is None:
        return PairReport(name, tuple(unreadable), Counter(), unreadable=True)
    problems, checked = compare(docx, pdf)
    return PairReport(name, tuple(problems), checked)


def _read(path: Path) -> bytes:
    """A file's bytes, at most MAX_FILE_BYTES; Unreadable otherwise."""
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise Unreadable(_printable(path.name), exc.strerror or type(exc).__name__) from None
    if len(data) > MAX_FILE_BYTES:
        raise Unreadable(
            _printable(path.name), f"it is over {MAX_FILE_BYTES:,} bytes, far more than a brief's file"
        )
    return data


def verify_folder(folder: Path) -> list[PairReport]:
    """Check every ``<name>.docx`` / ``<name>.pdf`` pair in ``folder``; a file without its
    partner is reported too. Raises FileNotFoundError if the folder holds neither."""
    docx = {_printable(p.stem): p for p in folder.glob("*.docx") if p.is_file()}
    pdf = {_printable(p.stem): p for p in folder.glob("*.pdf") if p.is_file()}
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
            try:
                docx_data, pdf_data = _read(docx[name]), _read(pdf[name])
            except Unreadable as exc:
                reports.append(PairReport(name, (str(exc),), Counter(), unreadable=True))
                continue
            reports.append(verify_pair(name, docx_data, pdf_data))
    return reports


def _printable(name: str) -> str:
    """A file name fit to print: a control character (a terminal escape) is shown escaped."""
    return name if name.isprintable() else repr(name)[1:-1]
