"""briefbuilder preview: real PNG images of every PDF page, a contact sheet, and a watch loop."""

from __future__ import annotations

import argparse
import io
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from briefbuilder.audience.templates import TemplateSet
from briefbuilder.authoring.preview import contact_sheet, write_preview
from briefbuilder.brief.loading import load_brief
from briefbuilder.commands import preview as preview_command
from briefbuilder.layout.engine import lay_out
from briefbuilder.writers import writer
from helpers import BRIEF, run_cli

EDITION = Path(__file__).parent / "fixtures" / "editions" / "edition-1.yaml"
TIGHT = Path(__file__).parent / "fixtures" / "lint" / "templates"


@pytest.fixture(scope="module")
def previews(tmp_path_factory) -> tuple[Path, str, dict[str, int]]:
    """The analyst preview written from a PDF built here (so its page count is known
    independently), the executive one through the command line."""
    out = tmp_path_factory.mktemp("preview")
    brief, templates = load_brief(BRIEF).brief, TemplateSet.default()
    pdfs = {name: writer("pdf")(lay_out(brief, templates.resolve(name))) for name in ("analyst", "executive")}
    write_preview(pdfs["analyst"], "us-belarus-normalization-analyst", out, brief.title)
    result = run_cli("preview", BRIEF, "--audience", "executive", "--out", out)
    assert result.code == 0, result.err
    return out, result.out, {name: len(PdfReader(io.BytesIO(pdf)).pages) for name, pdf in pdfs.items()}


def _ink(image: Image.Image) -> float:
    """The share of pixels that are not (nearly) white."""
    grey = image.convert("L")
    dark = sum(grey.histogram()[:230])
    return dark / (grey.width * grey.height)


@pytest.mark.parametrize("audience", ["analyst", "executive"])
def test_one_real_png_per_pdf_page(previews, audience: str) -> None:
    out, _, page_counts = previews
    stem = f"us-belarus-normalization-{audience}"
    pages = sorted(out.glob(f"{stem}-page-*.png"))
    assert len(pages) == page_counts[audience] >= 1
    assert [p.name for p in pages] == [f"{stem}-page-{n:02d}.png" for n in range(1, len(pages) + 1)]
    for page in pages:
        with Image.open(page) as img:
            assert img.format == "PNG" and img.mode == "RGB"
            assert abs(img.width - 827) <= 1 and abs(img.height - 1169) <= 1  # A4 at 100 dpi
            assert 0.01 < _ink(img) < 0.5, f"{page.name} looks blank or black"


def test_first_page_has_the_title_in_the_accent_colour(previews) -> None:
    out, _, _ = previews
    with Image.open(out / "us-belarus-normalization-analyst-page-01.png") as img:
        top = img.crop((0, 0, img.width, img.height // 6)).convert("RGB")
        colours = {c for _, c in top.getcolors(maxcolors=1 << 20)}
    accent = (0x1F, 0x3A, 0x5F)
    assert any(sum(abs(a - b) for a, b in zip(c, accent, strict=True)) < 30 for c in colours)


def test_contact_sheet_shows_every_page_in_a_grid(previews) -> None:
    out, printed, page_counts = previews
    assert f"executive: 1 page -> {out / 'us-belarus-normalization-executive-contact-sheet.png'}" in printed
    sheet_path = out / "us-belarus-normalization-analyst-contact-sheet.png"
    pages = page_counts["analyst"]
    columns = min(4, pages)
    rows = -(-pages // columns)
    with Image.open(sheet_path) as sheet:
        assert sheet.width == columns * 260 + (columns + 1) * 24
        assert sheet.height > rows * 368  # each thumbnail is 260 x 368 for A4
        # every thumbnail cell holds a page: a white area with text on it
        for n in range(pages):
            row, col = divmod(n, columns)
            x, y = 24 + col * (260 + 24), 44 + 24 + row * (368 + 26 + 24)
            cell = sheet.crop((x, y, x + 260, y + 368))
            assert 0.005 < _ink(cell) < 0.6, f"thumbnail {n + 1} is empty"


def test_contact_sheet_of_one_page_is_one_column() -> None:
    page = Image.new("RGB", (100, 141), "white")
    sheet = contact_sheet([page], title="A title")
    assert sheet.width == 260 + 2 * 24
    with pytest.raises(ValueError):
        contact_sheet([])


def test_stale_pages_of_a_longer_earlier_build_are_removed(tmp_path: Path) -> None:
    stale = tmp_path / "us-belarus-contacts-analyst-page-09.png"
    stale.write_bytes(b"old")
    other = tmp_path / "unrelated-page-09.png"
    other.write_bytes(b"keep")
    assert run_cli("preview", EDITION, "--out", tmp_path).code == 0
    assert not stale.exists() and other.exists()
    assert not list(tmp_path.glob(".*.part")), "no temporary file is left"


def test_over_budget_is_shown_not_refused(tmp_path: Path) -> None:
    result = run_cli("preview", EDITION, "--audience", "tight", "--templates", TIGHT, "--out", tmp_path)
    assert result.code == 0, result.err
    assert "OVER the page budget of 1" in result.out
    assert len(list(tmp_path.glob("*-page-*.png"))) > 1


def test_watch_starts_even_when_the_brief_is_broken(tmp_path: Path, capfd) -> None:
    brief = tmp_path / "b.yaml"
    brief.write_text("id: broken\n", "utf-8")
    sheet = tmp_path / "out" / "us-belarus-contacts-executive-contact-sheet.png"
    with _PreviewWatch(brief, tmp_path / "out") as w:
        shutil.copy(EDITION, brief)  # the author fixes it
        _until(sheet.is_file, "the fixed brief previewed")
    printed = capfd.readouterr()
    assert "missing required field 'title'" in printed.err
    assert any("last good files are kept" in line for line in w.lines)
    assert any(line.startswith("executive: ") and "1 page -> " in line for line in w.lines)
    for fmt in ("docx", "pdf"):  # the watch publishes both formats, not the PDF only
        assert (tmp_path / "out" / f"us-belarus-contacts-executive.{fmt}").is_file()


def test_bad_audience_or_brief_writes_nothing(tmp_path: Path) -> None:
    result = run_cli("preview", BRIEF, "--audience", "nobody", "--out", tmp_path / "o")
    assert result.code == 2 and "unknown audience 'nobody'" in result.err
    assert not (tmp_path / "o").exists()
    dpi = run_cli("preview", BRIEF, "--dpi", "5000", "--out", tmp_path / "o")
    assert dpi.code == 2 and "--dpi" in dpi.err
    watching = run_cli("preview", BRIEF, "--watch", "--audience", "nobody", "--out", tmp_path / "o")
    assert watching.code == 2, "a usage error stops even a watch"
    assert not (tmp_path / "o").exists()


# --- watching ---------------------------------------------------------------------------------
class _PreviewWatch:
    """``preview --watch`` in a thread of this process, stopped on leaving the block."""

    def __init__(self, brief: Path, out: Path) -> None:
        parser = argparse.ArgumentParser()
        preview_command.add_arguments(parser)
        self.args = parser.parse_args([str(brief), "--audience", "executive", "--out", str(out), "--watch"])
        self.lines: list[str] = []
        self.stop = threading.Event()
        self.code: int | None = None

    def _run(self) -> None:
        from unittest import mock

        from briefbuilder.commands import watching

        real = watching.run_watch

        def run_watch(session: watching.Session, **_: object) -> int:
            session.emit = self.lines.append
            return real(session, stop=self.stop)

        with mock.patch.object(watching, "run_watch", run_watch):
            self.code = preview_command.run(self.args)

    def __enter__(self) -> _PreviewWatch:
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        _until(lambda: any(line.startswith("watching ") for line in self.lines), "the watch to start")
        return self

    def __exit__(self, *_: object) -> None:
        self.stop.set()
        self.thread.join(30)
        assert not self.thread.is_alive()


def _until(condition: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def test_preview_watch_rebuilds_the_images_and_both_files_when_the_brief_is_saved(tmp_path: Path) -> None:
    brief = tmp_path / "b.yaml"
    shutil.copy(EDITION, brief)
    out = tmp_path / "out"
    sheet, docx = (
        out / "us-belarus-contacts-executive-contact-sheet.png",
        out / "us-belarus-contacts-executive.docx",
    )
    with _PreviewWatch(brief, out) as w:
        before = (sheet.read_bytes(), docx.stat().st_mtime_ns)
        brief.write_text(
            brief.read_text("utf-8").replace("Washington restarts", "Washington resumes"), "utf-8"
        )
        _until(lambda: docx.stat().st_mtime_ns != before[1] and sheet.read_bytes() != before[0], "a rebuild")
    assert w.code == 0
    assert w.lines[0].startswith("executive: ") and w.lines[1].startswith("watching ")
    assert w.lines[2].startswith("executive: ")
