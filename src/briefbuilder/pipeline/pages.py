"""How many pages an audience's PDF has, without writing it when it was counted before.

``lint``'s length rule must know whether each budgeted audience fits its page budget, and only
laying the PDF out can tell: importing reportlab and pikepdf and writing the PDF made ``lint``
three times slower than ``check``. The count depends only on the laid-out Document (the brief,
the audience and its look are all in it) and on the PDF writer's code, fonts and libraries, so
it is kept under a hash of those in the user's cache folder: a brief linted again after an edit
that does not change the document's text (or the second lint of the day) costs a layout, not a
PDF. A cache that cannot be read or written is only slower; ``BRIEFBUILDER_NO_CACHE`` turns it
off.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefbuilder.audience.templates import Audience
    from briefbuilder.brief.model import Brief
    from briefbuilder.layout.document import Document
    from briefbuilder.layout.engine import LayoutOptions

_VERSION = "1"


def check_page_budget(brief: Brief, audience: Audience, options: LayoutOptions | None = None) -> None:
    """BuildError, with ``build``'s message, when the audience's PDF runs over its page budget."""
    from briefbuilder.pipeline.items import _check_budget, document_for

    if audience.page_budget is None:
        return
    document = document_for(brief, audience, options)
    _check_budget(document, audience, page_count(document))


def page_count(document: Document) -> int:
    """The pages of ``document``'s PDF: from the cache, else by writing the PDF (and kept)."""
    try:
        fonts = _font_stamp(document.look.body_font, document.look.heading_font)
        facts = (_VERSION, _writer_stamp(), fonts, document)
        key: str | None = hashlib.sha256(pickle.dumps(facts, protocol=5)).hexdigest()
    except (pickle.PicklingError, TypeError, AttributeError):  # pragma: no cover - will not pickle
        key = None
    folder = _folder()
    file = folder / f"{key[:32]}.pages" if key is not None and folder is not None else None
    if file is not None:
        try:
            return int(file.read_text("ascii"))
        except (OSError, ValueError):
            pass
    from briefbuilder.writers.pdf import render_pdf

    count = render_pdf(document).page_count
    if file is not None:
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
            tmp = file.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(str(count), "ascii")
            os.replace(tmp, file)
        except OSError:
            pass
    return count


@functools.cache
def _writer_stamp() -> tuple[object, ...]:
    """What the PDF writer's pagination depends on besides the document and its fonts: its code
    (every module of ``briefbuilder.writers`` and ``fonts``, by size and time, as bytecode
    caches judge them) and reportlab's version."""
    import importlib.util

    here = Path(__file__).resolve().parents[1]
    files = sorted([*(here / "writers").glob("*.py"), *(here / "fonts").glob("*.py")])
    stamp: list[object] = [(f.name, f.stat().st_size, f.stat().st_mtime_ns) for f in files]
    spec = importlib.util.find_spec("reportlab")
    if spec is not None and spec.origin is not None:
        stamp.append(Path(spec.origin).read_text("utf-8", errors="replace")[:4000])  # holds its Version
    return tuple(stamp)


@functools.cache
def _font_stamp(*names: str) -> tuple[object, ...]:
    from briefbuilder.fonts.families import font_family

    stamp: list[object] = []
    for name in names:
        try:
            family = font_family(name)
            files = (family.regular, family.bold, family.italic, family.bolditalic)
            stamp.append(tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files))
        except (KeyError, OSError, AttributeError):
            stamp.append(name)
    return tuple(stamp)


def _folder() -> Path | None:
    from briefbuilder.cachedir import cache_folder

    return cache_folder("pages")
