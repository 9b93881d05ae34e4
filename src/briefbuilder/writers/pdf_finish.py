"""The finishing pass over reportlab's PDF (pikepdf): what makes it tagged (PDF/UA-1) and archival
(PDF/A-2) beyond the marked content drawn into its pages.

- the structure tree (``pdf_tags.StructTree``) as StructElem objects (given to qpdf as
  placeholders and written beside it, ``pdf_elements``: qpdf holding them was the build's peak),
  its ParentTree (each page's MCIDs, each link annotation, back to their elements), an IDTree
  for the notes' /ID, and /StructParents and /Tabs /S on every page;
- every link annotation: /StructParent, a readable /Contents, and /F 4 (printable);
- the catalog: /MarkInfo, /Metadata (``pdf_xmp``), an sRGB /OutputIntents;
- fonts: each embedded subset gets a tag of its own, from a hash of its bytes (reportlab names
  the first subset of every font AAAAAA+); a font that is not embedded is an error, never a
  silent PDF/A claim;
- the Info dictionary: empty entries and /Trapped dropped, so that XMP can say the same.

Saved with a /ID derived from the content: the same document gives the same bytes.
"""

from __future__ import annotations

import ctypes
import functools
import hashlib
import io
import sys
import zlib
from collections.abc import Callable
from typing import Any, cast

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from briefbuilder.layout.document import Meta
from briefbuilder.writers.pdf_elements import KEEP_EMPTY, own_page, referents, splice
from briefbuilder.writers.pdf_tags import Elem, Mcr, Objr, StructTree
from briefbuilder.writers.pdf_xmp import srgb_profile, xmp_packet


class PdfFinishError(RuntimeError):
    """The PDF cannot be made what it claims to be (a bug in the writer, never the brief's)."""


def finish(data: bytes, tree: StructTree, meta: Meta) -> bytes:
    """``data`` (reportlab's PDF, its content marked for ``tree``) tagged, with PDF/A-2 metadata.

    The structure elements are spliced into qpdf's file (``pdf_elements``), which knows the
    layout of the file qpdf writes; should another qpdf write it otherwise (the splice refuses
    what it does not recognise), qpdf writes them itself, as dictionaries: the same file, at the
    cost of the memory the splice saves."""
    saved, kept, info = _finished(data, tree, meta, placeholders=True)  # qpdf's objects go with its Pdf
    try:
        out = splice(saved, tree.root, kept, info)
    except ValueError:
        del saved
        give_back_memory()
        out = _finished(data, tree, meta, placeholders=False)[0]
    else:
        del saved
    give_back_memory()
    return out


def _finished(
    data: bytes, tree: StructTree, meta: Meta, *, placeholders: bool
) -> tuple[bytes, set[int], list[bytes]]:
    """qpdf's file, its structure elements as placeholders (``pdf_elements``) or as the
    dictionaries themselves; the ids of the elements kept; the Info dictionary's strings in
    key order (they seed the /ID)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        kept = _Structure(pdf, tree, placeholders).write()
        _fonts(pdf)
        _metadata(pdf, meta)
        info = pdf.trailer.get("/Info", Dictionary())
        strings = [bytes(v) for k in sorted(str(k) for k in info.keys()) if isinstance(v := info[k], String)]  # noqa: SIM118
        out = io.BytesIO()
        pdf.save(
            out,
            deterministic_id=True,
            min_version="1.7",
            fix_metadata_version=False,  # the XMP packet as written, not reserialized
            # reportlab's streams as they are, and the XMP plain, as PDF/A wants (letting qpdf
            # compress streams makes it read every one again: two thirds of the saving's time)
            stream_decode_level=pikepdf.StreamDecodeLevel.none,
            compress_streams=False,
        )
    return out.getvalue(), kept, strings


def give_back_memory() -> None:
    """Return the heap pages qpdf's objects freed to the system (glibc's ``malloc_trim``).

    qpdf holds every object of the file at once, the PDF's peak; freed, that memory stays in
    the C heap, where Python's own allocator (its arenas are mapped apart) cannot reuse it: the
    DOCX written next in the same process would grow the process by its whole size again.
    Elsewhere than glibc there is nothing to do."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None)
        trim = libc.malloc_trim
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return cast(Callable[[int], int], trim)


class _Structure:
    def __init__(self, pdf: pikepdf.Pdf, tree: StructTree, placeholders: bool = True) -> None:
        self.pdf, self.tree = pdf, tree
        self.pages = [page.obj for page in pdf.pages]
        self._element = self._placeholder if placeholders else self._dictionary
        self.objects: dict[int, pikepdf.Object] = {}  # id(Elem) -> its StructElem or placeholder
        self.annots: dict[Objr, pikepdf.Object] = {}

    def write(self) -> set[int]:
        """The structure tree written, its elements as placeholders: the ids of those kept."""
        pdf, tree = self.pdf, self.tree
        if tree.untagged_text:
            raise PdfFinishError(f"{tree.untagged_text} text object(s) drawn as neither content nor artifact")
        for number, page in enumerate(self.pages, 1):
            annots = list(page.get("/Annots", Array()))
            links = tree.page_links.get(number, [])
            if len(annots) != len(links):
                raise PdfFinishError(f"page {number}: {len(annots)} annotations, {len(links)} links recorded")
            for index, annot in enumerate(annots):
                self.annots[Objr(number, index)] = annot
        root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
        document = self._element(tree.root, root)
        nums: list[Any] = []
        for number, page in enumerate(self.pages, 1):
            page.StructParents = number - 1
            page.Tabs = Name.S
            owners = tree.page_mcids.get(number, [])
            nums += [number - 1, pdf.make_indirect(Array([self.objects[id(e)] for e in owners]))]
        key = len(self.pages)
        for number in range(1, len(self.pages) + 1):
            links = tree.page_links.get(number, [])
            texts = tree.link_contents.get(number, [])
            for index, (link, text) in enumerate(zip(links, texts, strict=True)):
                annot = self.annots[Objr(number, index)]
                annot.StructParent = key
                annot.Contents = String(text)
                annot.F = 4
                nums += [key, self.objects[id(link)]]
                key += 1
        root.K = document
        root.ParentTree = pdf.make_indirect(Dictionary(Nums=Array(nums)))
        root.ParentTreeNextKey = key
        ids = sorted(self._with_ids())
        if ids:
            root.IDTree = pdf.make_indirect(
                Dictionary(Names=Array([x for i, o in ids for x in (String(i), o)]))
            )
        pdf.Root.StructTreeRoot = root
        pdf.Root.MarkInfo = Dictionary(Marked=True)
        return set(self.objects)

    def _placeholder(self, elem: Elem, parent: pikepdf.Object) -> pikepdf.Object | None:
        """``elem``'s placeholder under ``parent``, for ``pdf_elements.splice`` to write as a
        StructElem; None for an element that nothing was drawn for (it would read as an empty
        heading or paragraph)."""
        obj = self.pdf.make_indirect(Array())
        kept = [self._placeholder(kid, obj) is not None for kid in elem.kids if isinstance(kid, Elem)]
        if not any(kept) and len(kept) == len(elem.kids) and elem.role not in KEEP_EMPTY:
            return None
        items: list[pikepdf.Object] = []
        for ref in referents(elem, kept):
            if isinstance(ref, Elem):
                items.append(self.objects[id(ref)])
            elif isinstance(ref, Objr):
                items.append(self.annots[ref])
            else:
                items.append(parent if ref[0] == "P" else self.pages[ref[1] - 1])
        obj.extend(items)
        self.objects[id(elem)] = obj
        return obj

    def _dictionary(self, elem: Elem, parent: pikepdf.Object) -> pikepdf.Object | None:
        """``elem`` as qpdf's own StructElem dictionary under ``parent`` (what the splice writes,
        when it cannot be used); None as for a placeholder. A single kid is written bare: some
        readers (pdfua 0.1.3) fail on a one-item /K array."""
        obj = self.pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + elem.role), P=parent))
        page = own_page(elem)
        if page is not None:
            obj.Pg = self.pages[page - 1]
        kids: list[Any] = []
        for kid in elem.kids:
            if isinstance(kid, Elem):
                if (child := self._dictionary(kid, obj)) is not None:
                    kids.append(child)
            elif isinstance(kid, Mcr):
                page_obj = self.pages[kid.page - 1]
                kids.append(
                    kid.mcid if kid.page == page else Dictionary(Type=Name.MCR, Pg=page_obj, MCID=kid.mcid)
                )
            else:
                kids.append(Dictionary(Type=Name.OBJR, Obj=self.annots[kid], Pg=self.pages[kid.page - 1]))
        if not kids and elem.role not in KEEP_EMPTY:
            return None
        if kids:
            obj.K = kids[0] if len(kids) == 1 else Array(kids)
        if elem.alt is not None:
            obj.Alt = String(elem.alt)
        if elem.attrs:
            obj.A = Dictionary({"/" + k: Name("/" + v) for k, v in elem.attrs.items()})
        if elem.ident is not None:
            obj.ID = String(elem.ident)
        if elem.actual_text is not None:
            obj.ActualText = String(elem.actual_text)
        self.objects[id(elem)] = obj
        return obj

    def _with_ids(self) -> list[tuple[str, pikepdf.Object]]:
        """Each kept element's /ID, with its object."""
        out = []
        stack = [self.tree.root]
        while stack:
            elem = stack.pop()
            if elem.ident is not None and id(elem) in self.objects:
                out.append((elem.ident, self.objects[id(elem)]))
            stack.extend(k for k in elem.kids if isinstance(k, Elem))
        return out


def _fonts(pdf: pikepdf.Pdf) -> None:
    """Every font embedded, each subset with a tag of its own (from its bytes: reproducible)."""
    seen: set[str] = set()
    fonts: dict[tuple[int, int], pikepdf.Object] = {}
    for page in pdf.pages:
        resources = page.obj.get("/Resources", Dictionary())
        for font in resources.get("/Font", Dictionary()).values():
            fonts.setdefault(font.objgen, font)
    for font in fonts.values():
        name = str(font.get("/BaseFont", ""))
        descriptor = font.get("/FontDescriptor")
        keys = ("/FontFile2", "/FontFile", "/FontFile3")
        programs = [descriptor[k] for k in keys if k in descriptor] if descriptor is not None else []
        if descriptor is None or not programs:
            raise PdfFinishError(f"font {name} is not embedded")
        if "+" not in name:
            continue
        program = programs[0]
        digest = hashlib.sha256(name.encode() + program.read_raw_bytes()).digest()
        tag = "".join(chr(65 + b % 26) for b in digest[:6])
        while tag in seen:  # astronomically unlikely; still, never two alike
            digest = hashlib.sha256(digest).digest()
            tag = "".join(chr(65 + b % 26) for b in digest[:6])
        seen.add(tag)
        renamed = Name("/" + tag + "+" + name.split("+", 1)[1])
        font.BaseFont = renamed
        descriptor.FontName = renamed


def _metadata(pdf: pikepdf.Pdf, meta: Meta) -> None:
    """Info cleaned, the XMP packet that says the same, and the sRGB output intent."""
    info = pdf.docinfo
    for key in [str(k) for k in info.keys()]:  # noqa: SIM118 (a pikepdf Dictionary)
        if key == "/Trapped" or not str(info[key]):
            del info[key]
    text = {str(k): str(info[str(k)]) for k in info.keys()}  # noqa: SIM118
    pdf.Root.Metadata = pdf.make_stream(xmp_packet(text, meta.language), Type=Name.Metadata, Subtype=Name.XML)
    profile = pdf.make_stream(b"", N=3)
    profile.write(zlib.compress(srgb_profile(), 9), filter=Name.FlateDecode)
    pdf.Root.OutputIntents = Array(
        [
            Dictionary(
                Type=Name.OutputIntent,
                S=Name.GTS_PDFA1,
                OutputConditionIdentifier=String("sRGB IEC61966-2.1"),
                Info=String("sRGB IEC61966-2.1"),
                DestOutputProfile=profile,
            )
        ]
    )
