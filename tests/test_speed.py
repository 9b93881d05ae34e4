"""What keeps builds fast and bounded (bench/README.md): one PDF layout pass, light commands
that import no heavy library, a glyph check without fontTools, and a figure that fits its page
however many events the timeline has."""

from __future__ import annotations

import dataclasses
import io
import os
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from briefbuilder.fonts import coverage
from briefbuilder.fonts.families import font_family, known_families
from briefbuilder.layout.document import Look, TimelineChart, TimelineEvent
from briefbuilder.layout.figures import make_figure
from briefbuilder.layout.page import max_figure_height
from briefbuilder.layout.scene import Words
from briefbuilder.layout.timeline_figure import timeline_scene
from briefbuilder.writers.raster import render_png
from conftest import make_sample_document
from helpers import BRIEF


def test_the_glyph_check_reads_the_same_characters_as_fonttools() -> None:
    from fontTools.ttLib import TTFont

    for family in known_families():
        files = font_family(family)
        for path in (files.regular, files.bold, files.italic, files.bolditalic):
            with TTFont(path, lazy=True) as font:
                best = font.getBestCmap()
            expected = {code for code, glyph in best.items() if glyph != ".notdef"}
            assert coverage.font_cmap(path) == expected, path.name


def test_light_commands_import_no_heavy_library(tmp_path: Path) -> None:
    code = (
        "import contextlib, io, sys\n"
        "from briefbuilder.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(sys.argv[1:])\n"
        "heavy = ('docx', 'reportlab', 'PIL', 'fontTools', 'lxml', 'babel')\n"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    env.pop("BRIEFBUILDER_NO_CACHE", None)
    # audiences checks the templates' logos: with Pillow the first time, from the cache after
    runs = ((["audiences"], ["PIL"]), (["--help"], []), (["check", str(BRIEF)], []), (["audiences"], []))
    for args, allowed in runs:
        proc = subprocess.run(
            [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True, env=env
        )
        imported = eval(proc.stdout.strip().splitlines()[-1])  # a list literal printed just above
        assert imported == allowed, (args, imported)


def test_a_pdf_with_contents_is_laid_out_once(layout_passes: list[int]) -> None:
    from briefbuilder.layout.document import Contents, Heading, TocEntry
    from briefbuilder.writers.pdf import render_pdf

    doc = make_sample_document()
    entries = tuple(TocEntry(b.level, b.text, b.anchor) for b in doc.blocks if isinstance(b, Heading))
    doc = dataclasses.replace(doc, blocks=(doc.blocks[0], Contents("Contents", entries), *doc.blocks[1:]))
    rendered = render_pdf(doc)
    assert len(layout_passes) == 1
    first = PdfReader(io.BytesIO(rendered.data)).pages[0].extract_text()
    for entry in entries:  # each entry, then its page: in reading order, though drawn at the end
        assert f"{entry.text}\n{rendered.heading_pages[entry.anchor]}" in first


def _events(n: int) -> tuple[TimelineEvent, ...]:
    return tuple(
        TimelineEvent(2000 + i // 12, i % 12 + 1, None, f"{i % 12 + 1}/{2000 + i // 12}", f"Event number {i}")
        for i in range(n)
    )


def test_a_timeline_too_long_for_a_page_shows_its_latest_events_and_says_so() -> None:
    look = Look()
    limit = max_figure_height(look)
    scene = timeline_scene(TimelineChart(_events(400)), 480.0, look, limit)
    assert scene.height <= limit
    words = [s.text for s in scene.shapes if isinstance(s, Words)]
    note = next(w for w in words if "most recent of 400 events" in w)
    shown = int(note.split()[1])
    assert 20 < shown < 400
    assert any("Event number 399" in w for w in words)  # the latest is there, the first is not
    assert not any("Event number 0" in w.split(": ")[-1:] for w in words)
    short = timeline_scene(TimelineChart(_events(8)), 480.0, look, limit)
    assert not any("most recent" in s.text for s in short.shapes if isinstance(s, Words))


def test_a_page_tall_figure_builds_in_both_formats_within_one_page() -> None:
    from docx import Document as Opened

    from briefbuilder.writers.docx import write_docx
    from briefbuilder.writers.pdf import write_pdf

    base = make_sample_document()
    figure = make_figure(
        TimelineChart(_events(400)), base.look, alt="A long timeline", caption="Figure 1. Many events."
    )
    doc = dataclasses.replace(base, blocks=(*base.blocks, figure))
    pdf = PdfReader(io.BytesIO(write_pdf(doc)))
    assert any("most recent of 400 events" in p.extract_text() for p in pdf.pages)
    opened = Opened(io.BytesIO(write_docx(doc)))
    (shape,) = opened.inline_shapes
    assert shape.height.pt <= max_figure_height(doc.look) + 1


def test_the_png_of_a_tall_figure_is_drawn_in_strips_that_join_exactly() -> None:
    from PIL import Image, ImageChops

    from briefbuilder.writers import raster

    scene = timeline_scene(TimelineChart(_events(60)), 480.0, Look())
    strips = render_png(scene, dpi=120)
    original = raster._STRIP_PX
    try:
        raster._STRIP_PX = 10_000  # one piece
        whole = render_png(scene, dpi=120)
    finally:
        raster._STRIP_PX = original
    with Image.open(io.BytesIO(strips)) as a, Image.open(io.BytesIO(whole)) as b:
        assert a.size == b.size and a.size[1] > 2 * original
        assert ImageChops.difference(a.convert("RGB"), b.convert("RGB")).getbbox() is None


def test_a_docx_build_with_a_warm_cache_imports_neither_fonttools_nor_importlib_metadata(tmp_path) -> None:
    """The font table's facts (PANOSE, pitch, signature) come from the user's cache once read,
    and app.xml's version from briefbuilder.version: ~30 ms of imports a cold build skips."""
    code = (
        "import sys, briefbuilder;"
        f"briefbuilder.render({str(BRIEF)!r}, audience='analyst', formats=['docx']);"
        "print(sorted(m for m in ('fontTools', 'importlib.metadata') if m in sys.modules))"
    )
    env = {"XDG_CACHE_HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    runs = [
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
        for _ in range(2)
    ]
    assert "fontTools" in runs[0].stdout  # cold: the facts are read from the fonts
    assert runs[1].stdout.strip() == "[]"  # warm: from the cache
    assert list((tmp_path / "briefbuilder" / "fonts").glob("facts-*.json"))
