"""Render check: LibreOffice lays out each DOCX; its pages must be the PDF's.

For every ``<name>.docx`` / ``<name>.pdf`` pair, LibreOffice (``soffice --headless``) converts
the DOCX to PDF, all files in one call (a start of LibreOffice costs seconds), with a private
user profile so no setting of the user's changes the layout. Then the converted file must have
the PDF's page count, and each heading of levels 1 and 2 (the PDF outline's entries, which
LibreOffice writes from the headings) must start on the same page in both.

LibreOffice exits 0 even when it cannot load a file, so a missing output is reported as such.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["RenderReport", "render_check", "soffice"]


@dataclass(frozen=True, slots=True)
class RenderReport:
    """The verdict on one pair: pages in each, and what differs (nothing: they agree)."""

    name: str
    pdf_pages: int
    docx_pages: int
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def soffice() -> str | None:
    """The LibreOffice command, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _sections(data: bytes) -> tuple[int, list[tuple[str, int]]]:
    """Page count and (title, page) of each outline entry (levels 1 and 2), in order."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    entries: list[tuple[str, int]] = []
    for e in reader.outline:
        for entry in e if isinstance(e, list) else [e]:  # a level-2 list follows its level 1
            if not isinstance(entry, list):
                title = " ".join(str(entry.title).split())
                entries.append((title, (reader.get_destination_page_number(entry) or 0) + 1))
    return len(reader.pages), entries


def convert(docx_files: Iterable[Path], out_dir: Path, timeout: float = 300) -> None:
    """Convert DOCX files to PDF into ``out_dir`` with one LibreOffice run."""
    command = soffice()
    if command is None:
        raise FileNotFoundError("LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory(prefix="briefbuilder-lo-") as profile:
        subprocess.run(
            [
                command,
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out_dir),
                *map(str, docx_files),
            ],
            check=False,
            capture_output=True,
            timeout=timeout,
        )


def compare(name: str, pdf: bytes, rendered: bytes) -> RenderReport:
    """Page counts and heading pages of the PDF and of LibreOffice's rendering; a title that
    recurs is matched in order."""
    pdf_pages, pdf_sections = _sections(pdf)
    docx_pages, docx_sections = _sections(rendered)
    problems: list[str] = []
    if pdf_pages != docx_pages:
        problems.append(f"LibreOffice lays the DOCX out on {docx_pages} pages, the PDF has {pdf_pages}")
    docx_pages_of: dict[str, list[int]] = {}
    for title, page in docx_sections:
        docx_pages_of.setdefault(title, []).append(page)
    for title, page in pdf_sections:
        pages = docx_pages_of.get(title)
        got = pages.pop(0) if pages else None
        if got is None:
            problems.append(f"heading {title!r} is not among the DOCX's headings")
        elif got != page:
            problems.append(f"heading {title!r} starts on page {got} of the DOCX, page {page} of the PDF")
    return RenderReport(name, pdf_pages, docx_pages, tuple(problems))


def render_check(folder: Path) -> list[RenderReport]:
    """Check every DOCX/PDF pair in ``folder``. FileNotFoundError when LibreOffice is missing
    or the folder has no pair."""
    pairs = sorted(p.stem for p in folder.glob("*.docx") if (folder / f"{p.stem}.pdf").is_file())
    if not pairs:
        raise FileNotFoundError(f"no pair of <name>.docx and <name>.pdf in {folder}")
    with tempfile.TemporaryDirectory(prefix="briefbuilder-render-") as tmp:
        out = Path(tmp)
        convert((folder / f"{name}.docx" for name in pairs), out)
        reports = []
        for name in pairs:
            rendered = out / f"{name}.pdf"
            pdf = (folder / f"{name}.pdf").read_bytes()
            if not rendered.is_file():
                reports.append(RenderReport(name, 0, 0, ("LibreOffice could not convert the DOCX",)))
                continue
            reports.append(compare(name, pdf, rendered.read_bytes()))
    return reports
