"""Closed sets of kinds, one handler each: blocks in every writer, shapes in every drawing.

Adding a block kind to ``layout.document.Block`` without a handler in every writer fails here;
a writer that meets a kind it does not know raises an error naming the writer and the kind.
"""

from __future__ import annotations

import dataclasses
from importlib import import_module
from typing import get_args

import pytest

from briefbuilder.layout.document import (
    Block,
    Contents,
    DataTable,
    Document,
    Image,
    PageBreak,
    Para,
    Picture,
    Text,
    TimelineChart,
    TimelineEvent,
    TocEntry,
    dump,
)
from briefbuilder.layout.figures import make_figure
from briefbuilder.layout.scene import Box, Dot, Scene, Shape, Stroke, Words
from briefbuilder.writers import WRITERS, UnhandledKind, writer
from conftest import make_sample_document

FORMATS = sorted(WRITERS)


@dataclasses.dataclass(frozen=True)
class Sidebar:
    """A block kind no writer knows."""

    text: str


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_block_kind_has_a_handler_in_every_writer(fmt: str) -> None:
    handlers = import_module(WRITERS[fmt][0]).HANDLERS
    missing = [kind.__name__ for kind in get_args(Block) if kind not in handlers]
    assert missing == [], f"the {fmt} writer has no handler for {missing}"
    assert set(handlers) == set(get_args(Block))  # and none for a kind layout never makes


def _png() -> bytes:
    import io

    from PIL import Image as PILImage

    out = io.BytesIO()
    PILImage.new("RGB", (40, 20), "#1F3A5F").save(out, "PNG")
    return out.getvalue()


def every_block_kind() -> Document:
    """The sample document with the kinds it lacks added: one of every kind of Block."""
    doc = make_sample_document()
    chart = TimelineChart((TimelineEvent(2024, 5, None, "May 2024", "A visit"),))
    extra = (
        Contents("Contents", (TocEntry(1, "Bottom line", "sec_summary"),)),
        PageBreak(),
        make_figure(chart, doc.look, alt="A timeline of one event", caption="Figure 1. One event."),
        DataTable(
            (Text("Fares by route"),),
            (("Route", "Fare"),),
            (("Harbour, Old Town", "3.20"), ("Island loop", "5.50")),
            ("left", "right"),
            (0.7, 0.3),
            summary="Two routes and their fares.",
        ),
        Picture(Image(_png(), "png", 40, 20, alt="A blue rectangle"), 0.5, (Text("Figure 2. A picture."),)),
    )
    doc = dataclasses.replace(doc, blocks=(doc.blocks[0], *extra, *doc.blocks[1:]))
    assert {type(b) for b in doc.blocks} == set(get_args(Block))
    return doc


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_writer_translates_a_document_of_every_block_kind(fmt: str) -> None:
    data = writer(fmt)(every_block_kind())
    assert isinstance(data, bytes) and data


def test_the_text_dump_shows_every_block_kind() -> None:
    text = dump(every_block_kind())
    for line in (
        "CONTENTS Contents",
        "PAGE BREAK",
        "FIGURE Figure 1. One event.",
        "TITLE[block]",
        "DATA TABLE Fares by route",
        "PICTURE png 40x20 at 0.50 Figure 2. A picture.",
    ):
        assert line in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_writer_meeting_an_unknown_block_names_itself_and_the_kind(fmt: str) -> None:
    doc = make_sample_document()
    doc = dataclasses.replace(doc, blocks=(*doc.blocks, Sidebar("aside")))  # type: ignore[arg-type]
    with pytest.raises(UnhandledKind, match=rf"{fmt.upper()} writer .* block kind 'Sidebar'"):
        writer(fmt)(doc)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_writer_meeting_an_unknown_inline_names_itself_and_the_kind(fmt: str) -> None:
    para = Para((Text("Before "), Sidebar("inline")))  # type: ignore[arg-type]
    doc = dataclasses.replace(make_sample_document(), blocks=(para,))
    with pytest.raises(UnhandledKind, match=rf"{fmt.upper()} writer .* inline kind 'Sidebar'"):
        writer(fmt)(doc)


def one_of_each_shape() -> Scene:
    shapes = (
        Stroke(0, 0, 100, 20, 1.0, "#1F3A5F"),
        Box(10, 10, 30, 8, "#C0C8D0", 1.2),
        Dot(60, 14, 3, "#1F3A5F", "#FFFFFF", 0.8),
        Words(5, 30, "Label", 7.2, True, "#1A1A1A"),
    )
    assert {type(s) for s in shapes} == set(get_args(Shape))
    return Scene(120, 40, "PT Sans", shapes)


def test_every_shape_kind_is_drawn_as_vectors_and_as_a_png() -> None:
    from briefbuilder.writers.pdf_flowables import scene_drawing
    from briefbuilder.writers.raster import render_png

    scene = one_of_each_shape()
    assert len(scene_drawing(scene).contents) == len(scene.shapes)
    assert render_png(scene, dpi=72).startswith(b"\x89PNG")
    strange = dataclasses.replace(scene, shapes=(*scene.shapes, Sidebar("shape")))  # type: ignore[arg-type]
    with pytest.raises(UnhandledKind, match=r"PDF writer .* shape kind 'Sidebar'"):
        scene_drawing(strange)
    with pytest.raises(UnhandledKind, match=r"PNG writer .* shape kind 'Sidebar'"):
        render_png(strange, dpi=72)
