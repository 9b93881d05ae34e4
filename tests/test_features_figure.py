"""The timeline figure: one description, drawn as vectors in the PDF and as a PNG in the DOCX."""

from __future__ import annotations

import dataclasses
import io
import itertools
import zipfile

import docx
import pytest
from PIL import Image as PILImage
from pypdf import PdfReader

from briefbuilder.layout.document import Figure, Image, Look, TimelineChart, TimelineEvent
from briefbuilder.layout.figures import make_figure, short_label
from briefbuilder.layout.measure import text_width
from briefbuilder.layout.page import text_block_width
from briefbuilder.layout.scene import Box, Dot, Stroke, Words
from briefbuilder.layout.timeline_figure import timeline_scene
from briefbuilder.writers.docx import write_docx
from briefbuilder.writers.pdf import write_pdf
from briefbuilder.writers.raster import render_png
from conftest import make_sample_document

ANALYST = "us-belarus-normalization-analyst"
WIDTH = 481.9  # A4 text width in points


def events(n: int) -> tuple[TimelineEvent, ...]:
    """n events over a few years, a third known to the day, a third to the month, a third to the year."""
    out = []
    for i in range(n):
        year, month = 2018 + i * 7 // max(n, 1), (i * 5) % 12 + 1
        kind = i % 3
        out.append(
            TimelineEvent(
                year,
                month if kind < 2 else None,
                (i % 27) + 1 if kind == 0 else None,
                f"{month}/{year}",
                f"Event {i}: a short label of a few words",
            )
        )
    return tuple(sorted(out, key=lambda e: (e.year, e.month or 0, e.day or 0)))


def shipped_figure(shipped_doc) -> Figure:
    return next(b for b in shipped_doc.blocks if isinstance(b, Figure))


@pytest.fixture(scope="module")
def analyst_document():
    from briefbuilder.audience.templates import TemplateSet
    from briefbuilder.brief.loading import load_brief
    from briefbuilder.layout.engine import lay_out
    from helpers import BRIEF

    return lay_out(load_brief(BRIEF).brief, TemplateSet.default().resolve("analyst"))


# --- the block --------------------------------------------------------------------------------------
def test_figure_and_image_refuse_to_exist_without_alt_text() -> None:
    chart = TimelineChart(events(3))
    with pytest.raises(ValueError, match="alt text"):
        make_figure(chart, Look(), alt="  ", caption="Figure 1.")
    with pytest.raises(ValueError, match="alt text"):
        Image(b"\x89PNG", "png", 10, 10, alt="")


def test_layout_draws_every_timeline_entry_and_describes_the_figure(analyst_document) -> None:
    figure = shipped_figure(analyst_document)
    assert len(figure.chart.events) == 10
    alt = figure.alt.replace("\u00a0", " ")  # a day and its month are kept on one line
    assert alt.startswith("Timeline chart of 10 events from 2020 to 11 September 2025")
    assert figure.caption.startswith("Figure 1.")
    labels = [e.label for e in figure.chart.events]
    assert "Keith Kellogg visits Minsk." in labels
    assert not any(label.endswith("…") for label in labels)  # wrapped, never cut


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Keith Kellogg visits Minsk. As Reuters reported, the visit ...", "Keith Kellogg visits Minsk."),
        (
            "Following a meeting with Lukashenko, John Cole states that the United States intends to open an "
            "embassy in Minsk and fully normalize relations with Belarus. According to BelTA, ...",
            "Following a meeting with Lukashenko, John Cole states that the United States intends to open an "
            "embassy in Minsk and fully normalize relations with Belarus.",
        ),
    ],
)
def test_figure_labels_are_whole_first_sentences(text: str, label: str) -> None:
    assert short_label(text) == label


def test_the_time_axis_is_linear() -> None:
    from briefbuilder.layout.document import TimelineEvent

    dates = ((2020, None), (2025, 3), (2025, 9))
    chart = TimelineChart(tuple(TimelineEvent(y, m, None, f"{y}", f"Event {y}") for y, m in dates))
    scene = timeline_scene(chart, WIDTH, Look())
    on_band = [s for s in scene.shapes if isinstance(s, Words) and s.text.isdigit() and s.anchor == "middle"]
    years = sorted((s.x, s.text) for s in on_band)
    gaps = [round(b[0] - a[0], 3) for a, b in itertools.pairwise(years)]
    assert [t for _, t in years] == [str(y) for y in range(2020, 2026)]
    assert max(gaps) - min(gaps) < 0.01  # every year as wide as the next


# --- the scene ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("n", [1, 10, 14, 40])
def test_scene_keeps_every_word_inside_the_figure_and_labels_apart(n: int) -> None:
    look = Look()
    scene = timeline_scene(TimelineChart(events(n)), WIDTH, look)
    boxes = []
    for shape in scene.shapes:
        if isinstance(shape, Words):
            w = text_width(look.heading_font, shape.text, shape.size, shape.bold)
            left = {"start": shape.x, "middle": shape.x - w / 2, "end": shape.x - w}[shape.anchor]
            assert left >= -0.5 and left + w <= WIDTH + 0.5, shape.text
            assert 0 <= shape.y <= scene.height
            boxes.append((left, left + w, shape.y, shape.y + shape.size))
        elif isinstance(shape, Box | Dot | Stroke):
            pass
    overlaps = [
        (a, b)
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a[0] < b[1] - 0.5 and b[0] < a[1] - 0.5 and a[2] < b[3] - 0.5 and b[2] < a[3] - 0.5
    ]
    assert overlaps == []


def test_many_events_switch_to_lettered_marks_and_a_key() -> None:
    scene = timeline_scene(TimelineChart(events(40)), WIDTH, Look())
    words = [s.text for s in scene.shapes if isinstance(s, Words)]
    assert "A" in words and "AN" in words  # the 40th mark
    assert any(w.startswith("12/2024: Event") or ": Event" in w for w in words)


def test_layout_draws_the_scene_for_the_text_block_no_taller_than_a_page(analyst_document) -> None:
    figure = shipped_figure(analyst_document)
    look = analyst_document.look
    assert figure.scene.width == text_block_width(look) == pytest.approx(WIDTH, abs=0.05)
    assert figure.scene == timeline_scene(figure.chart, text_block_width(look), look)
    letter = make_figure(figure.chart, Look(page_size="Letter"), alt=figure.alt, caption=figure.caption)
    assert letter.scene.width == pytest.approx(612 - 2 * 20 * 72 / 25.4)


def test_writers_only_draw_the_scene_they_are_given(analyst_document, monkeypatch) -> None:
    """No writer lays a chart out: both draw the Figure's scene, whatever its chart says."""
    from briefbuilder.layout import timeline_figure

    figure = shipped_figure(analyst_document)
    look = analyst_document.look
    other = timeline_scene(TimelineChart(events(3)), 200.0, look)
    doc = dataclasses.replace(make_sample_document(look), blocks=(dataclasses.replace(figure, scene=other),))

    def refuse(*args, **kwargs):
        raise AssertionError("a writer laid out a figure")

    monkeypatch.setattr(timeline_figure, "timeline_scene", refuse)
    monkeypatch.setattr(timeline_figure, "_timeline", refuse)
    text = PdfReader(io.BytesIO(write_pdf(doc))).pages[0].extract_text()
    assert "Event 2: a short label" in text and "Keith Kellogg" not in text
    data = write_docx(doc)
    assert len(docx.Document(io.BytesIO(data)).inline_shapes) == 1
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        (png,) = [z.read(n) for n in z.namelist() if n.startswith("word/media/")]
    assert png == render_png(other, dpi=240)


def test_png_is_crisp_reproducible_and_as_wide_as_the_text(analyst_document) -> None:
    scene = shipped_figure(analyst_document).scene
    png = render_png(scene, dpi=240)
    assert png == render_png(scene, dpi=240)
    with PILImage.open(io.BytesIO(png)) as img:
        assert img.format == "PNG"
        assert img.size == (round(WIDTH / 72 * 240), round(scene.height / 72 * 240))
        assert round(img.info["dpi"][0]) == 240


# --- in the files ---------------------------------------------------------------------------------
def test_pdf_draws_the_figure_as_vectors_with_real_text_and_a_caption(shipped) -> None:
    reader = PdfReader(io.BytesIO(shipped[f"{ANALYST}.pdf"]))
    page = next(p for p in reader.pages if "Figure 1. The timeline at a glance" in p.extract_text())
    text = " ".join(page.extract_text().split())  # a wrapped label's lines read as one
    for label in ("Keith Kellogg visits Minsk.", "Mid-June 2025", "2024", "month known"):
        assert label in text
    xobjects = page["/Resources"].get("/XObject", {})
    assert not [x for x in xobjects.values() if x.get_object()["/Subtype"] == "/Image"]  # no bitmap


def test_docx_embeds_the_figure_as_a_png_with_alt_text_and_a_caption(shipped, analyst_document) -> None:
    data = shipped[f"{ANALYST}.docx"]
    opened = docx.Document(io.BytesIO(data))
    (figure,) = [p for p in opened.paragraphs if p.style.name == "Captioned Figure"]  # pandoc's name
    figure_alt = shipped_figure(analyst_document).alt
    assert figure._p.xpath(".//wp:docPr/@descr") == [figure_alt]
    assert figure.paragraph_format.keep_with_next is None  # from the style, which keeps it
    assert opened.styles["Captioned Figure"].paragraph_format.keep_with_next is True
    # the picture is the line: exactly its height, so the page breaks as the PDF's
    inline = next(s for s in opened.inline_shapes if s._inline.docPr.get("descr") == figure_alt)
    assert abs(figure.paragraph_format.line_spacing - inline.height) < 127
    assert all(figure._p.xpath(f".//wp:inline/@{d}") == ["0"] for d in ("distT", "distB", "distL", "distR"))
    caption = figure._p.getnext()
    assert caption.xpath("string(.)").startswith("Figure 1. The timeline at a glance")
    inline = next(s for s in opened.inline_shapes if s._inline.docPr.get("descr") == figure_alt)
    section = opened.sections[0]
    assert abs(inline.width - (section.page_width - section.left_margin - section.right_margin)) < 12700
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
        pngs = [z.read(n) for n in media if n.endswith(".png")]
    sizes = sorted(PILImage.open(io.BytesIO(p)).size[0] for p in pngs)
    assert sizes[-1] >= 1500  # the figure, at 240 dpi over 17 cm; the other is the logo


def test_every_picture_in_every_docx_has_alt_text(shipped) -> None:
    for name, data in shipped.items():
        if name.endswith(".docx"):
            opened = docx.Document(io.BytesIO(data))
            descr = opened.element.body.xpath(".//wp:docPr/@descr")
            assert len(descr) == len(opened.inline_shapes) >= 1
            assert all(d.strip() for d in descr), name


def test_a_figure_fits_a_letter_page_too(analyst_document) -> None:
    figure = shipped_figure(analyst_document)
    letter = Look(page_size="Letter")
    figure = make_figure(figure.chart, letter, alt=figure.alt, caption=figure.caption)
    doc = dataclasses.replace(make_sample_document(letter), blocks=(figure,))
    reader = PdfReader(io.BytesIO(write_pdf(doc)))
    assert round(float(reader.pages[0].mediabox.width)) == 612
    opened = docx.Document(io.BytesIO(write_docx(doc)))
    (inline,) = opened.inline_shapes
    section = opened.sections[0]
    assert abs(inline.width - (section.page_width - section.left_margin - section.right_margin)) < 12700
