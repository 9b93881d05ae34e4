"""The PDF's logical structure (tagged PDF, PDF/UA-1): the tree of structure elements, built by the
writer from the Document's own blocks, in their order, before anything is drawn.

Each flowable is told which element its text belongs to (``tag``); while it is drawn, the canvas
(``pdf_marks``) wraps each of its text objects in a marked-content sequence with a new MCID and
records the MCID on the element (``StructTree.mark``). Everything else a flowable draws (rules,
backgrounds, bars, leaders, link underlines) is left to the canvas's default Layout artifact. A
figure is tagged whole (``Whole``): shapes and words in one sequence, described by its /Alt.

Link annotations are recorded too (``StructTree.link``): each becomes a Link element holding the
annotation (an OBJR), under the element whose text it covers; a citation's link is wrapped in a
Reference. The citation that carries a footnote is followed by the footnote's Note, whose Lbl and
P are drawn at the foot of the page (``pdf_footnotes``). ``pdf_finish`` turns the tree into PDF
objects once the pages are laid out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from reportlab.platypus import Flowable


@dataclass(frozen=True, slots=True)
class Mcr:
    """A marked-content sequence: MCID ``mcid`` on page ``page`` (1-based)."""

    page: int
    mcid: int


@dataclass(frozen=True, slots=True)
class Objr:
    """An annotation: the ``index``-th entry of page ``page``'s /Annots."""

    page: int
    index: int


@dataclass(eq=False, slots=True)
class Elem:
    """A structure element: its standard type, its kids in reading order, and its keys."""

    role: str
    kids: list[Elem | Mcr | Objr] = field(default_factory=list)
    alt: str | None = None  # /Alt: what a figure shows, where a link leads
    attrs: dict[str, str] | None = None  # /A, e.g. {"O": "Table", "Scope": "Column"}
    ident: str | None = None  # /ID (a Note's), unique in the document
    actual_text: str | None = None  # /ActualText: the letters a shaped word's glyphs stand for

    def add(self, role: str, **keys: Any) -> Elem:
        kid = Elem(role, **keys)
        self.kids.append(kid)
        return kid


@dataclass(frozen=True, slots=True)
class Artifact:
    """Text that is not content: a table's header row repeated on a later page."""

    kind: str = "Pagination"


REPEATED = Artifact()


@dataclass(frozen=True, slots=True)
class Texts:
    """A flowable's text objects belong to ``body``; its bullet, when drawn, to ``label``."""

    body: Elem | Artifact | None
    label: Elem | None = None


@dataclass(frozen=True, slots=True)
class Whole:
    """Everything a flowable draws belongs to ``elem`` (a figure, a logo that says who wrote it)."""

    elem: Elem


Tags = Texts | Whole


class StructTree:
    """The document's structure, the MCIDs drawn for it page by page, and its links.

    A level-1 heading opens a Sect that holds everything up to the next one; a heading is never
    more than one level below the one before it (H1 then H3 would skip a level)."""

    def __init__(
        self, link_targets: dict[str, tuple[str, bool]], footnotes: dict[str, str] | None = None
    ) -> None:
        self.root = Elem("Document")
        self.container = self.root
        self.level = 0
        # destination name -> (what a link there says, wrapped in a Reference?)
        self.link_targets = link_targets
        self.footnote_ids = footnotes or {}  # a footnote's destination name -> its Note's /ID
        self._footnotes: dict[str, Elem] = {}  # ... -> its Note, once its citation is drawn
        self.page_mcids: dict[int, list[Elem]] = {}  # page -> the element of each MCID
        self.page_links: dict[int, list[Elem]] = {}  # page -> the Link of each annotation
        self.link_contents: dict[int, list[str]] = {}  # page -> each annotation's /Contents
        self.untagged_text = 0  # text objects drawn as neither content nor artifact (a bug)
        # id(element) -> where in its kids the links made before its text is drawn begin
        self._links_before_text: dict[int, int] = {}

    def block(self, role: str, **keys: Any) -> Elem:
        """A new element at the current place: in the open section, else in the document."""
        return self.container.add(role, **keys)

    def heading(self, level: int) -> Elem:
        level = max(1, min(level, self.level + 1))
        self.level = level
        if level == 1:
            self.container = self.root.add("Sect")
        return self.container.add(f"H{level}")

    def mark(self, page: int, elem: Elem) -> int:
        """A new MCID on ``page`` for content of ``elem``."""
        mcids = self.page_mcids.setdefault(page, [])
        # a paragraph's links are made while its text object is built, before it is drawn;
        # they read after the text that holds them
        at = self._links_before_text.pop(id(elem), len(elem.kids))
        elem.kids.insert(at, Mcr(page, len(mcids)))
        mcids.append(elem)
        return len(mcids) - 1

    def link(self, page: int, index: int, owner: Elem, target: str, url: bool) -> None:
        """Annotation ``index`` of ``page`` links ``owner``'s text to ``target`` (a destination
        name, or a URL when ``url``). A Link element owning text of its own (a contents entry)
        takes the annotation itself; anything else gets a new Link, under a Reference for a
        citation."""
        text, reference = (target, False) if url else self.link_targets.get(target, (target, False))
        self._links_before_text.setdefault(id(owner), len(owner.kids))
        if owner.role == "Link":
            link = owner
        else:
            parent = owner.add("Reference") if reference else owner
            link = parent.add("Link", alt=text)
            if target in self.footnote_ids and target not in self._footnotes:  # its footnote's
                self._footnotes[target] = owner.add("Note", ident=self.footnote_ids[target])  # citation
        link.kids.append(Objr(page, index))
        self.page_links.setdefault(page, []).append(link)
        self.link_contents.setdefault(page, []).append(text)

    def footnote(self, target: str) -> Elem:
        """The Note of the footnote at destination ``target``: right after the Reference of the
        citation that carries it, or at the end of the document if that was drawn unlinked."""
        note = self._footnotes.get(target)
        if note is None:
            note = self._footnotes[target] = self.root.add("Note", ident=self.footnote_ids.get(target))
        return note


# --- flowables -----------------------------------------------------------------------------------
_TAGGED: dict[type, type] = {}


def tag(flowable: Flowable, tags: Tags) -> Flowable:
    """``flowable`` drawn as content of ``tags``: its class becomes a subclass whose drawOn tells
    the canvas, and whose split parts (a paragraph continued on the next page) share the tags."""
    cls = type(flowable)
    tagged = _TAGGED.get(cls)
    if tagged is None:
        tagged = _TAGGED[cls] = type(cls.__name__, (_Tagged, cls), {})
    flowable.__class__ = tagged
    flowable._tags = tags
    return flowable


class _Tagged(Flowable):
    _tags: Tags

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        tags = self._tags
        if isinstance(tags, Texts) and tags.label is not None and not getattr(self, "bulletText", None):
            tags = Texts(tags.body)  # a continued list item: its bullet was drawn before
        canvas.push_tags(tags)
        try:
            super().drawOn(canvas, x, y, _sW)
        finally:
            canvas.pop_tags()

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts = super().split(availWidth, availHeight)
        for part in parts:
            if isinstance(part, _Tagged):
                part._tags = self._tags
        return parts


class TableTags:
    """A reportlab Table's render callback: each cell's text belongs to its element in ``grid``
    (rows as the Document has them). A header row repeated on a later page is an artifact."""

    def __init__(self, grid: Sequence[Sequence[Elem | None]], repeat_rows: int = 0) -> None:
        self.grid, self.repeat_rows = grid, repeat_rows
        self.parts = 0  # parts of the table drawn so far (one a page)
        self.next_row = 0  # the next of grid's rows to be drawn
        self.row: Sequence[Elem | None] | None = None

    def __call__(self, table: Any, cmd: str, *args: Any) -> None:
        if cmd == "startTable":
            self.parts += 1
        elif cmd == "startRow":
            if self.parts > 1 and args[0] < self.repeat_rows:
                self.row = None
            else:
                self.row = self.grid[self.next_row]
                self.next_row += 1
        elif cmd == "startCell":
            owner = REPEATED if self.row is None else self.row[args[1]]
            table.canv.push_tags(Texts(owner))
        elif cmd == "endCell":
            table.canv.pop_tags()


def table_elem(
    parent: Elem, header: Sequence[str] | None, rows: int, cols: int, row_headers: bool = False
) -> tuple[Elem, list[list[Elem | None]]]:
    """A Table element under ``parent`` with a header row (TH, /Scope /Column) when ``header``,
    then ``rows`` rows of TD, or of TH (/Scope /Row) then TD when ``row_headers``; and the grid
    of cells for ``TableTags``."""
    table = parent.add("Table")
    grid: list[list[Elem | None]] = []
    if header is not None:
        tr = table.add("TR")
        grid.append([tr.add("TH", attrs={"O": "Table", "Scope": "Column"}) for _ in range(cols)])
    for _ in range(rows):
        tr = table.add("TR")
        cells: list[Elem | None] = []
        for c in range(cols):
            if row_headers and c == 0:
                cells.append(tr.add("TH", attrs={"O": "Table", "Scope": "Row"}))
            else:
                cells.append(tr.add("TD"))
        grid.append(cells)
    return table, grid
