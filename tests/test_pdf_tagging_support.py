"""Reading a tagged PDF back (pikepdf): its structure tree, each page's marked content, and the
Documents the PDFs were built from. Shared by the other tests/test_pdf_tagging*.py (no tests here)."""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf

import briefbuilder
from briefbuilder.audience.templates import TemplateSet
from briefbuilder.layout.document import Document
from briefbuilder.layout.engine import LayoutOptions
from briefbuilder.pipeline.items import document_for
from briefbuilder.pipeline.settings import source_date_epoch

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "data" / "us-belarus-normalization.yaml"
HARBOUR = ROOT / "tests" / "fixtures" / "briefs" / "harbour-flood-barrier.yaml"
AUDIENCES = ("analyst", "executive", "press")
CASES = [(brief, audience) for brief in (SHIPPED, HARBOUR) for audience in AUDIENCES]
CASE_IDS = [f"{brief.stem.split('-')[0]}-{audience}" for brief, audience in CASES]
TEXT_OPS = {"Tj", "TJ", "'", '"'}


@dataclass(frozen=True)
class Built:
    pdf: bytes
    document: Document


@functools.cache
def build(brief: Path, audience: str) -> Built:
    """The PDF as the public API renders it, and the Document it was laid out from."""
    (artifact,) = briefbuilder.render(brief, audience=audience, formats=["pdf"])
    loaded = briefbuilder.load_brief(brief)
    options = LayoutOptions(source_date_epoch=source_date_epoch())
    document = document_for(loaded, TemplateSet.default().resolve(audience), options)
    return Built(artifact.data, document)


@dataclass
class Node:
    """A structure element read back: its type, attributes, kids, and the (page, MCID) pairs
    and annotations it holds directly."""

    obj: pikepdf.Dictionary
    role: str
    kids: list[Node] = field(default_factory=list)
    mcids: list[tuple[int, int]] = field(default_factory=list)  # (page index, MCID)
    annots: list[pikepdf.Object] = field(default_factory=list)
    text: str = ""  # its own text and its descendants', in order

    def walk(self) -> list[Node]:
        return [self, *(n for kid in self.kids for n in kid.walk())]


class Tagged:
    """A tagged PDF opened for reading: the tree and each page's marked content."""

    def __init__(self, data: bytes) -> None:
        self.pdf = pikepdf.open(io.BytesIO(data))
        self.pages = [p.obj for p in self.pdf.pages]
        self.page_index = {p.objgen: i for i, p in enumerate(self.pages)}
        # page index -> MCID -> text drawn in it; artifacts: (properties, text) per page
        self.content: list[dict[int, str]] = []
        self.artifacts: list[list[tuple[dict[str, str], str]]] = []
        self.nesting_errors: list[str] = []
        for index, page in enumerate(self.pdf.pages):
            self._read_page(index, page)
        root = self.pdf.Root.StructTreeRoot
        self.root = self._node(root.K, None)

    def _read_page(self, index: int, page: pikepdf.Page) -> None:
        mcids: dict[int, str] = {}
        artifacts: list[tuple[dict[str, str], str]] = []
        stack: list[tuple[str, object]] = []  # ("mcid", n) | ("artifact", props)
        for operands, op in pikepdf.parse_content_stream(page):
            name = str(op)
            if name in ("BDC", "BMC"):
                if stack:
                    self.nesting_errors.append(f"page {index + 1}: {operands} inside {stack[-1]}")
                tag = str(operands[0])
                props = operands[1] if name == "BDC" else pikepdf.Dictionary()
                if tag == "/Artifact":
                    stack.append(("artifact", {str(k): str(v) for k, v in props.items()}))
                    artifacts.append((stack[-1][1], ""))  # type: ignore[arg-type]
                else:
                    mcid = int(props.MCID)
                    stack.append(("mcid", mcid))
                    mcids.setdefault(mcid, "")
            elif name == "EMC":
                stack.pop()
            elif name in TEXT_OPS:
                text = _shown(operands)
                if not stack:
                    self.nesting_errors.append(f"page {index + 1}: text outside marked content")
                elif stack[-1][0] == "mcid":
                    mcid = stack[-1][1]
                    mcids[mcid] += text  # type: ignore[index]
                else:
                    props, before = artifacts[-1]
                    artifacts[-1] = (props, before + text)
        if stack:
            self.nesting_errors.append(f"page {index + 1}: marked content left open")
        self.content.append(mcids)
        self.artifacts.append(artifacts)

    def _node(self, obj: pikepdf.Dictionary, page: int | None) -> Node:
        node = Node(obj, str(obj.S))
        if "/Pg" in obj:
            page = self.page_index[obj.Pg.objgen]
        kids = obj.get("/K")
        items = list(kids) if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]
        for kid in items:
            if isinstance(kid, int) or (not isinstance(kid, pikepdf.Dictionary) and int(kid) == kid):
                assert page is not None, f"{node.role}: MCID without a page"
                node.mcids.append((page, int(kid)))
                node.text += self.content[page].get(int(kid), "")
            elif kid.get("/Type") == "/MCR":
                mcr_page = self.page_index[kid.Pg.objgen] if "/Pg" in kid else page
                assert mcr_page is not None
                node.mcids.append((mcr_page, int(kid.MCID)))
                node.text += self.content[mcr_page].get(int(kid.MCID), "")
            elif kid.get("/Type") == "/OBJR":
                node.annots.append(kid.Obj)
            else:
                child = self._node(kid, page)
                node.kids.append(child)
                node.text += child.text
        return node

    def elements(self, role: str) -> list[Node]:
        return [n for n in self.root.walk() if n.role == role]


def _shown(operands: list[object]) -> str:
    """The bytes a text-showing operator shows, as latin-1 (enough to tell text from none)."""
    out = []
    for operand in operands:
        if isinstance(operand, pikepdf.String):
            out.append(bytes(operand).decode("latin-1"))
        elif isinstance(operand, pikepdf.Array):
            out.extend(bytes(x).decode("latin-1") for x in operand if isinstance(x, pikepdf.String))
    return "".join(out)
