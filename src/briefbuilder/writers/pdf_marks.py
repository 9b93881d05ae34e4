"""Marked content while drawing: every byte of a page's content is either real content, in a
marked-content sequence with an MCID that the structure tree points to, or an artifact.

The rule the canvas follows: a text object drawn while a flowable's tags are pushed (``pdf_tags``)
is wrapped in its own sequence for the element its text belongs to; anything else falls into the
default artifact, ``/Artifact <</Type /Layout>>``, which is open whenever nothing else is (rules,
backgrounds, bars, dot leaders, table grids, a decorative logo). Running headers and footers are
drawn inside ``artifact("Header")`` / ``artifact("Footer")``. A figure pushed ``Whole`` is one
sequence from start to end. Sequences never nest, and an empty default artifact is dropped.

Links are recorded as they are made (``linkRect``, ``linkURL``): each annotation belongs to the
element whose text is being drawn, and the structure tree says where it leads.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

from briefbuilder.writers.pdf_tags import Artifact, Elem, Mcr, StructTree, Tags, Texts, Whole

_CONTROLS = dict.fromkeys(range(32), " ")
_LAYOUT = "/Artifact <</Type /Layout>> BDC"  # the default artifact, opened by _open_default
_EMC = "EMC"


class MarkedCanvas(Canvas):
    """A canvas that marks what it draws as content of the structure tree, or as an artifact."""

    def __init__(self, *args: Any, tree: StructTree, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tree = tree
        self._tags: list[Tags] = []  # pushed by the flowables being drawn, innermost last
        self._labels_drawn: list[bool] = []  # whether each one's bullet has been drawn
        self._open: Elem | Artifact | None = None  # the sequence open, if not the default
        self._default_open = False
        self._link: tuple[str, bool] = ("", False)  # (target, is a URL) of the link being made
        self._open_default()

    # the default artifact
    def _open_default(self) -> None:
        if not self._default_open:
            self._code.append(_LAYOUT)
            self._default_open = True

    def _close_default(self) -> None:
        if self._default_open:
            if self._code and self._code[-1] is _LAYOUT:
                self._code.pop()  # nothing was drawn in it
            else:
                self._code.append(_EMC)
            self._default_open = False

    def _begin(self, owner: Elem | Artifact) -> None:
        self._close_default()
        if isinstance(owner, Artifact):
            self._code.append(f"/Artifact <</Type /{owner.kind}>> BDC")
        else:
            mcid = self.tree.mark(self._pageNumber, owner)
            self._code.append(f"/{owner.role} <</MCID {mcid}>> BDC")
        self._open = owner

    def _end(self) -> None:
        self._code.append(_EMC)
        self._open = None
        self._open_default()

    # what flowables say about what they draw
    def push_tags(self, tags: Tags) -> None:
        self._tags.append(tags)
        self._labels_drawn.append(False)
        if isinstance(tags, Whole):
            self._begin(tags.elem)

    def pop_tags(self) -> None:
        tags = self._tags.pop()
        self._labels_drawn.pop()
        if isinstance(tags, Whole) and self._open is tags.elem:
            self._end()

    def _owner(self) -> Elem | Artifact | None:
        """Whom the next text object belongs to: the innermost flowable's bullet label (once),
        else its body."""
        if not self._tags:
            return None
        tags = self._tags[-1]
        if isinstance(tags, Whole):
            return tags.elem
        if tags.label is not None and not self._labels_drawn[-1]:
            return tags.label
        return tags.body

    def beginText(self, x: float = 0, y: float = 0, direction: Any = None) -> PDFTextObject:
        return _SpacedText(self, x, y, direction=direction)

    def drawText(self, aTextObject: Any) -> None:
        if self._open is not None:  # inside a figure or an explicit artifact
            super().drawText(aTextObject)
            return
        owner = self._owner()
        if owner is None:
            self.tree.untagged_text += 1
            super().drawText(aTextObject)
            return
        if isinstance(self._tags[-1], Texts) and owner is self._tags[-1].label:
            self._labels_drawn[-1] = True
        if isinstance(owner, Elem) and any(isinstance(c, ActualText) for c in aTextObject._code):
            self._draw_spanned(aTextObject, owner)
            return
        self._begin(owner)
        super().drawText(aTextObject)
        self._end()

    def _draw_spanned(self, text: Any, owner: Elem) -> None:
        """A text object with ActualText spans (shaped right-to-left words): each span is a
        Span element of its own with its own MCID, between sequences of the owner's, all inside
        the text object. Nested marked content without an MCID would do for the spec, but
        poppler's structure reader stops reading the owner's text at the first nested EMC."""
        self._close_default()
        if text._last is not None:  # the last line's space, found by index: before moving any
            text._code[text._last], text._last = "T*", None
        page = self._pageNumber
        mcid = self.tree.mark(page, owner)
        at = owner.kids.index(Mcr(page, mcid)) + 1  # where the next kid of this text goes
        out = [text._code[0], f"/{owner.role} <</MCID {mcid}>> BDC"]
        for item in text._code[1:]:
            if not isinstance(item, ActualText):
                out.append(item)
                continue
            if item.opens:
                span = Elem("Span", actual_text=item.text)
                owner.kids.insert(at, span)
                out += [
                    _EMC,
                    f"/Span <</MCID {self.tree.mark(page, span)} /ActualText <FEFF{item.hex}>>> BDC",
                ]
            else:
                mcid = self.tree.mark(page, owner)  # put after the span, before later links
                owner.kids.insert(at, owner.kids.pop(owner.kids.index(Mcr(page, mcid))))
                out += [_EMC, f"/{owner.role} <</MCID {mcid}>> BDC"]
            at += 1
        text._code = [*out, _EMC]
        self._open = owner
        super().drawText(text)
        self._open = None
        self._open_default()

    @contextmanager
    def artifact(self, subtype: str) -> Iterator[None]:
        """Draw a running header or footer: a pagination artifact of this subtype."""
        self._close_default()
        self._code.append(f"/Artifact <</Type /Pagination /Subtype /{subtype}>> BDC")
        self._open = Artifact()
        try:
            yield
        finally:
            self._code.append(_EMC)
            self._open = None
            self._open_default()

    def close_page_marks(self) -> None:
        """Close the default artifact before the page ends (a page's marks balance)."""
        self._close_default()

    # links
    def linkRect(self, contents: str, destinationname: str, *args: Any, **kwargs: Any) -> Any:
        self._link = (destinationname, False)
        return super().linkRect(contents, destinationname, *args, **kwargs)

    def linkURL(self, url: str, *args: Any, **kwargs: Any) -> Any:
        self._link = (url, True)
        return super().linkURL(url, *args, **kwargs)

    def _addAnnotation(self, annotation: Any, name: str | None = None, addtopage: int = 1) -> Any:
        if addtopage:
            owner = self._owner()
            if not isinstance(owner, Elem):
                owner = self.tree.root  # not expected: a link outside any content
            target, url = self._link
            self.tree.link(self._pageNumber, len(self._annotationrefs), owner, target, url)
        self._link = ("", False)
        return super()._addAnnotation(annotation, name, addtopage)


class ActualText(str):
    """Where in a text object an ActualText span opens (``text``: what it stands for) or
    closes (None). As it stands it is nested marked content (in an artifact, that is all);
    in content, ``MarkedCanvas.drawText`` makes each span a Span element of its own."""

    opens: bool
    hex: str
    text: str

    def __new__(cls, text: str | None, visual: str | None = None) -> ActualText:
        """``visual``: the letters in the order they sit, for the marked content, when that
        is not ``text``'s."""
        hexed = (visual if visual is not None else text or "").encode("utf-16-be").hex().upper()
        mark = super().__new__(cls, f"/Span <</ActualText <FEFF{hexed}>>> BDC" if text is not None else _EMC)
        mark.opens, mark.hex, mark.text = text is not None, hexed, text or ""
        return mark


class _SpacedText(PDFTextObject):
    """A text object whose lines end with a space where a paragraph breaks them, as the words in
    them do: reportlab emits none, so text extraction and screen readers would run the last word
    of a line into the first of the next ("won" + "the" = "wonthe"). The space draws nothing at
    the end of a line; the last line of all keeps none."""

    _last: int | None = None  # where in _code the last line's space is

    def _formatText(self, text: str) -> Any:
        # a control character (a tab in a running header) has no glyph and maps to no Unicode
        # character (PDF/A-2U): it is drawn as the space it stands for
        if type(text) is str and not text.isprintable():
            text = text.translate(_CONTROLS)
        return super()._formatText(text)

    def setRise(self, rise: float) -> None:
        """reportlab 5.1's setRise reads ``_code[-1]``, but ``_formatText`` starts each shaped
        word on an empty ``_code``: a word whose first glyph is raised (Noto Sans Arabic's dots
        are marks, as in روز) raised IndexError. Same output, and ``_rise`` always kept."""
        v = f"{fp_str(rise)} Ts"
        before = float(getattr(self, "_rise", 0.0))
        if self._code and self._code[-1].endswith(" Ts"):  # r0 Ts r1 Ts: keep only r1
            self._y += before
            self._code[-1] = v
        else:
            self._code.append(v)
        self._rise = rise
        self._y -= rise

    def _textOut(self, text: str, TStar: int = 0) -> None:
        if not TStar or text.endswith(" "):
            super()._textOut(text, TStar)
            return
        super()._textOut(text, 0)
        super()._textOut(" ", TStar)  # its own call: the font subset in use stays known
        self._last = len(self._code) - 1

    def getCode(self) -> str:
        if self._last is not None:
            self._code[self._last] = "T*"  # nothing follows the last line
            self._last = None
        return str(super().getCode())
