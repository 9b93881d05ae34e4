"""Shared fixtures: a hand-made Document that exercises every block kind and hostile text."""

from __future__ import annotations

import datetime as dt

import pytest

from briefbuilder.brief import yamlnodes
from briefbuilder.layout.document import (
    BlockQuote,
    Document,
    Heading,
    ListBlock,
    Look,
    Meta,
    Note,
    NoteRef,
    Notes,
    Para,
    Table,
    Text,
    TitleBlock,
)

YAML_LOADERS = [
    pytest.param(yamlnodes._StrictCLoader, id="libyaml"),
    pytest.param(yamlnodes._StrictPyLoader, id="pure-python"),
]


@pytest.fixture(params=YAML_LOADERS)
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> type:
    """Runs a test on libyaml's parser and on PyYAML's pure-Python one (used without libyaml)."""
    monkeypatch.setattr(yamlnodes, "_StrictLoader", request.param)
    return request.param


@pytest.fixture
def layout_passes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry per reportlab layout pass (BaseDocTemplate.build) made during the test."""
    from reportlab.platypus import BaseDocTemplate

    passes: list[int] = []
    real = BaseDocTemplate.build

    def counted(self, *args, **kwargs):
        passes.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(BaseDocTemplate, "build", counted)
    return passes


HOSTILE = "AT&T <b>not bold</b> a<b &amp; &bogus; <img src=x> Nausėda Лукашенко “quoted”"


def make_sample_document(look: Look | None = None) -> Document:
    meta = Meta(
        title="Sample brief: Минск & Vilnius",
        author="Ann Analyst; Bob Writer",
        subject="A sample for writer tests",
        keywords=("Belarus", "sanctions"),
        language="en",
        created=dt.datetime(2025, 9, 11, tzinfo=dt.UTC),
        marking="INTERNAL USE ONLY",
        short_title="Sample brief",
    )
    blocks = (
        TitleBlock(
            title="Sample brief: Минск & Vilnius",
            subtitle="A subtitle with <angle> brackets",
            meta=(("Date", "11 September 2025"), ("Version", "1.0"), ("Authors", "Ann Analyst")),
        ),
        Heading(1, "Bottom line", "sec_summary"),
        Para((Text("The lead paragraph "), Text("with strong", bold=True), NoteRef(1)), "lead"),
        Heading(1, "Key facts", "sec_key_facts"),
        ListBlock(
            (
                (Text("First fact, "), Text("emphasised", italic=True), NoteRef(1)),
                (Text(HOSTILE), NoteRef(2)),
            ),
            ordered=True,
        ),
        Heading(1, "Context", "sec_context"),
        Heading(2, "Background", "sec_context_1"),
        Para(
            (Text("A body paragraph with a "), Text("link", href="https://example.org/a?b=1&c=2"), Text(".")),
        ),
        Heading(1, "Timeline", "sec_timeline"),
        Table(
            header=("Date", "Event"),
            rows=(
                ((Text("2021"),), (Text("Sanctions imposed."), NoteRef(1))),
                ((Text("11 September 2025"),), (Text("Visit to Minsk."), NoteRef(2))),
            ),
            widths=(0.25, 0.75),
        ),
        Heading(1, "Expert analysis", "sec_analysis"),
        BlockQuote(
            (Text("Words exactly as said & <quoted>."),),
            (Text("Jane Expert", bold=True), Text(", Senior fellow, Institute"), NoteRef(2)),
        ),
        Heading(1, "Sources", "sec_sources"),
        Notes(
            (
                Note(1, (Text("BelTA, “Title”, 11 September 2025."),)),
                Note(2, (Text("Reuters, "), Text("https://example.org/r", href="https://example.org/r"))),
            )
        ),
    )
    return Document(meta=meta, look=look or Look(), blocks=blocks)


@pytest.fixture
def sample_document() -> Document:
    return make_sample_document()


AUDIENCES = ("analyst", "executive", "press")


def build_shipped(names: tuple[str, ...] = AUDIENCES, **options: object) -> dict[str, bytes]:
    """Shipped audiences (all by default) of the US-Belarus brief in both formats, by file name."""
    from briefbuilder.audience.templates import TemplateSet
    from briefbuilder.brief.loading import load_brief
    from briefbuilder.layout.engine import LayoutOptions
    from briefbuilder.pipeline import build_brief
    from helpers import BRIEF

    templates = TemplateSet.default()
    audiences = [templates.resolve(name) for name in names]
    artifacts = build_brief(load_brief(BRIEF).brief, audiences, ["docx", "pdf"], LayoutOptions(**options))  # type: ignore[arg-type]
    return {a.name: a.data for a in artifacts}


@pytest.fixture(scope="session")
def shipped() -> dict[str, bytes]:
    """The shipped brief built once per test run for every audience: what a user gets."""
    return build_shipped()


@pytest.fixture(scope="session")
def shipped_dir(shipped: dict[str, bytes], tmp_path_factory: pytest.TempPathFactory):
    """The same files written to a folder, as `briefbuilder build --out` leaves them."""
    folder = tmp_path_factory.mktemp("shipped")
    for name, data in shipped.items():
        (folder / name).write_bytes(data)
    return folder
