"""How many pages an audience's PDF has, without writing it when it was counted before.

``lint``'s length rule must know whether each budgeted audience fits its page budget, and only
laying the PDF out can tell: importing reportlab and pikepdf and writing the PDF made ``lint``
three times slower than ``check``. The count depends only on the laid-out Document (the brief,
the audience and its look are all in it) and on the PDF writer's code, fonts and libraries, so
it is kept under a hash of those in the user's cache folder: a brief linted again after an edit
that does not change the document's text (or the second lint of the day) costs a layout, not a
PDF. A cache that cannot be read or written is only slower; ``BRIEFBUILDER_NO_CACHE`` turns it
off.

A step earlier, the verdict itself (within budget, or ``build``'s message) is kept under a hash of
what the layout is made from: the brief, the audience, the options, the code and catalogues of
the whole package, Babel's version and the PDF writer's stamp. A brief linted again unchanged
(a second look, or a folder of briefs of which one changed) then lays nothing out, and imports
neither the layout nor Babel: ~70 ms of ``lint``.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from briefbuilder.errors import BuildError

if TYPE_CHECKING:
    from briefbuilder.audience.templates import Audience
    from briefbuilder.brief.model import Brief
    from briefbuilder.layout.document import Document
    from briefbuilder.layout.engine import LayoutOptions

_VERSION = "1"


def check_page_budget(brief: Brief, audience: Audience, options: LayoutOptions | None = None) -> None:
    """BuildError, with ``build``'s message, when the audience's PDF runs over its page budget."""
    if audience.page_budget is None:
        return
    file = _verdict_file(brief, audience, options)
    if file is not None:
        try:
            verdict = file.read_text("utf-8")
        except (OSError, ValueError):
            verdict = None
        if verdict == _WITHIN:
            return
        if verdict is not None and verdict.startswith(_OVER):
            raise BuildError(verdict.removeprefix(_OVER))
    from briefbuilder.pipeline.items import _check_budget, document_for

    document = document_for(brief, audience, options)
    count = page_count(document)
    try:
        _check_budget(document, audience, count)
    except BuildError as exc:
        _keep(file, _OVER + str(exc))
        raise
    _keep(file, _WITHIN)


_WITHIN, _OVER = "within\n", "over\n"


def _verdict_file(brief: Brief, audience: Audience, options: LayoutOptions | None) -> Path | None:
    """Where the budget verdict for this brief, audience and options is kept (None: nowhere)."""
    folder = _folder()
    if folder is None:
        return None
    try:
        fonts = _font_stamp(audience.look.body_font, audience.look.heading_font)
        facts = (_VERSION, _package_stamp(), _writer_stamp(), fonts, brief, audience, options)
        key = hashlib.sha256(pickle.dumps(facts, protocol=5)).hexdigest()
    except (pickle.PicklingError, TypeError, AttributeError):  # pragma: no cover - will not pickle
        return None
    return folder / f"{key[:32]}.budget"


def _keep(file: Path | None, text: str) -> None:
    """``text`` written as ``file`` through a temporary file (a reader never sees half of it)."""
    if file is None:
        return
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        tmp = file.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(text, "utf-8")
        os.replace(tmp, file)
    except OSError:
        pass


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
    _keep(file, str(count))
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
def _package_stamp() -> tuple[object, ...]:
    """What a layout depends on besides its brief, audience and options: the interpreter, the
    code and the catalogues of the whole package (by size and time, as bytecode caches judge
    them), and Babel's version (CLDR's dates and digits). The look's fonts are stamped by ``_font_stamp``,
    reportlab and the writers by ``_writer_stamp``, as for the page count."""
    import importlib.util

    here = str(Path(__file__).resolve().parents[1])
    stamp: list[object] = [sys.version]  # Unicode's data (line breaks, bidi) is the interpreter's
    for folder, subfolders, names in os.walk(here):  # scandir underneath: ~1 ms, rglob took 5
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        inside = folder[len(here) :].lstrip(os.sep)
        for name in sorted(n for n in names if n.endswith((".py", ".mo"))):
            info = os.stat(os.path.join(folder, name))
            stamp.append((os.path.join(inside, name), info.st_size, info.st_mtime_ns))
    spec = importlib.util.find_spec("babel")
    if spec is not None and spec.origin is not None:
        stamp.append(Path(spec.origin).read_text("utf-8", errors="replace")[:4000])  # holds its __version__
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
