"""The structure elements' own objects, written beside qpdf rather than through it.

qpdf holds every object of a file in memory at once, each dictionary, name, number and string
a node of its own: a 428-page brief's ~30,000 StructElem dictionaries (and their keys, kids and
MCR dictionaries) were ~60 MiB of it, the build's peak. So ``pdf_finish`` gives qpdf, for each
element, a *placeholder*: an array of the indirect objects the element refers to (kids, parent,
pages, annotations), in the order its dictionary names them (keys sorted, as qpdf writes them).
qpdf numbers objects in the order it first meets their references, so it numbers every object
exactly as it would have with the real dictionaries; ``splice`` then writes each element's
dictionary in place of its placeholder, in qpdf's own syntax (its strings, names and /A
dictionaries unparsed by qpdf itself), moves the cross-reference table's offsets, and computes
the deterministic /ID the way qpdf does (an MD5 of the file up to the /ID, then of that digest
with the Info strings). The bytes are those qpdf would have written with the dictionaries.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from typing import Any

from pikepdf import Dictionary, Name, String

from briefbuilder.writers.pdf_tags import Elem, Mcr, Objr

# an empty cell still holds its place in its table; an empty document is still a document
KEEP_EMPTY = {"TD", "TH", "TR", "Document"}

_REF = re.compile(rb"(\d+) 0 R")
_TRAILER_ID = b" /ID ["


def own_page(elem: Elem) -> int | None:
    """The page an element's /Pg names: that of its first marked content or annotation."""
    return next((k.page for k in elem.kids if isinstance(k, Mcr | Objr)), None)


def referents(elem: Elem, kept: Sequence[bool]) -> Iterator[Elem | Objr | tuple[str, int]]:
    """What ``elem``'s dictionary refers to, in the order qpdf meets it: kid elements (those
    ``kept``, one flag a kid element), the page of an MCR, an OBJR's annotation then its page;
    then its parent ("P", 0) and its own page ("Pg", page) when it has one."""
    page = own_page(elem)
    flags = iter(kept)
    for kid in elem.kids:
        if isinstance(kid, Elem):
            if next(flags):
                yield kid
        elif isinstance(kid, Mcr):
            if kid.page != page:
                yield ("Pg", kid.page)
        else:
            yield kid
            yield ("Pg", kid.page)
    yield ("P", 0)
    if page is not None:
        yield ("Pg", page)


def element_text(elem: Elem, refs: Sequence[bytes], kept: set[int]) -> tuple[bytes, list[tuple[int, Elem]]]:
    """``elem``'s StructElem dictionary as qpdf writes it, its references ``refs`` (the numbers
    qpdf gave its placeholder's items, in order); and its kid elements with their numbers."""
    refs_left = iter(refs)
    page = own_page(elem)
    items: list[bytes] = []
    kids: list[tuple[int, Elem]] = []
    for kid in elem.kids:
        if isinstance(kid, Elem):
            if id(kid) in kept:
                number = next(refs_left)
                items.append(number + b" 0 R")
                kids.append((int(number), kid))
        elif isinstance(kid, Mcr):
            if kid.page == page:
                items.append(b"%d" % kid.mcid)
            else:
                items.append(b"<< /MCID %d /Pg %s 0 R /Type /MCR >>" % (kid.mcid, next(refs_left)))
        else:
            annot, on = next(refs_left), next(refs_left)
            items.append(b"<< /Obj %s 0 R /Pg %s 0 R /Type /OBJR >>" % (annot, on))
    entries: list[bytes] = []
    if elem.attrs:
        attrs = Dictionary({"/" + k: Name("/" + v) for k, v in elem.attrs.items()})
        entries.append(b"/A " + attrs.unparse())
    for key, text in (("/ActualText", elem.actual_text), ("/Alt", elem.alt), ("/ID", elem.ident)):
        if text is not None:
            entries.append(key.encode() + b" " + String(text).unparse())
    if items:  # a single kid written bare, as pdf_finish has it
        entries.append(b"/K " + (items[0] if len(items) == 1 else b"[ " + b" ".join(items) + b" ]"))
    entries.append(b"/P " + next(refs_left) + b" 0 R")
    if page is not None:
        entries.append(b"/Pg " + next(refs_left) + b" 0 R")
    if next(refs_left, None) is not None:
        raise ValueError("a placeholder with more references than its element")
    entries.append(b"/S " + _name(elem.role) + b" /Type /StructElem")
    return b"<< " + b" ".join(entries) + b" >>", kids


_NAMES: dict[str, bytes] = {}


def _name(role: str) -> bytes:
    name = _NAMES.get(role)
    if name is None:
        name = _NAMES[role] = Name("/" + role).unparse()
    return name


def splice(data: bytes, root: Elem, kept: set[int], info: Sequence[bytes]) -> bytes:
    """qpdf's file ``data`` with every placeholder replaced by its element's dictionary (the
    elements ``kept``, from ``root``), its offsets and /ID made right; ``info``: the Info
    dictionary's strings in key order, as qpdf seeds the /ID with them."""
    view = memoryview(data)
    xref = int(data[data.rindex(b"startxref\n") + 10 :].split(b"\n", 1)[0])
    offsets = _offsets(data, xref)
    ends = [*offsets[1:], xref]

    def body(number: int) -> bytes:
        return bytes(view[offsets[number - 1] : ends[number - 1]])

    catalog = body(1)  # qpdf writes the catalog first
    tree_root = re.search(rb"/StructTreeRoot (\d+) 0 R", catalog)
    if tree_root is None:
        raise ValueError("no structure tree in the catalog")
    first = re.search(rb"/K (\d+) 0 R", body(int(tree_root.group(1))))
    if first is None:
        raise ValueError("no document element in the structure tree")
    replaced: dict[int, bytes] = {}
    stack = [(int(first.group(1)), root)]
    while stack:
        number, elem = stack.pop()
        head = b"%d 0 obj\n[ " % number
        text = body(number)
        if not text.startswith(head):
            raise ValueError(f"object {number} is not a placeholder")
        refs = _REF.findall(text, len(head))
        own, kids = element_text(elem, refs, kept)
        replaced[number] = b"%d 0 obj\n%s\nendobj\n" % (number, own)
        stack.extend(kids)
    pieces: list[Any] = [view[: offsets[0]]]
    at = offsets[0]
    moved: list[int] = []
    for number, (start, end) in enumerate(zip(offsets, ends, strict=True), 1):
        piece = replaced.get(number)
        moved.append(at)
        pieces.append(piece if piece is not None else view[start:end])
        at += len(pieces[-1])
    table, trailer_at = _table(data, xref, offsets, moved)
    id_at = data.index(_TRAILER_ID, trailer_at) + len(_TRAILER_ID)
    pieces += [table, view[trailer_at:id_at]]
    digest = hashlib.md5(usedforsecurity=False)
    for piece in pieces:
        digest.update(piece)
    seed = digest.hexdigest().encode() + b" QPDF " + b"".join(b" " + s for s in info)
    second = hashlib.md5(seed.split(b"\0", 1)[0], usedforsecurity=False).hexdigest().encode()
    first_id_end = data.index(b">", id_at) + 1  # the first word stays: the original file's
    rest = data[first_id_end:]
    tail = rest[: rest.index(b"startxref\n")]
    pieces += [view[id_at:first_id_end], b"<" + second + b">", tail.split(b">", 1)[1]]
    pieces.append(b"startxref\n%d\n%%%%EOF\n" % at)
    return b"".join(pieces)


def _offsets(data: bytes, xref: int) -> list[int]:
    """Each object's offset (objects 1..n), from qpdf's cross-reference table."""
    head_end = data.index(b"\n", data.index(b"\n", xref) + 1) + 1  # "xref\n0 N\n"
    count = int(data[xref:head_end].split()[2])
    start = head_end + 20  # past object 0's entry
    offsets = [int(data[start + 20 * i : start + 20 * i + 10]) for i in range(count - 1)]
    if offsets != sorted(offsets):
        raise ValueError("qpdf's objects are not in number order")
    return offsets


def _table(data: bytes, xref: int, offsets: list[int], moved: list[int]) -> tuple[bytes, int]:
    """The cross-reference table with the ``moved`` offsets, and where the trailer starts (the
    old table rebuilt from ``offsets`` must be qpdf's, byte for byte)."""
    head_end = data.index(b"\n", data.index(b"\n", xref) + 1) + 1
    head = data[xref:head_end] + data[head_end : head_end + 20]

    def table(at: list[int]) -> bytes:
        return head + b"".join(b"%010d 00000 n \n" % o for o in at)

    old = table(offsets)
    if data[xref : xref + len(old)] != old:
        raise ValueError("qpdf's cross-reference table is not as expected")
    return table(moved), xref + len(old)
