"""The writers, one line each: format name -> (module, function). Each is Document -> bytes.

Imported lazily so that `check`, `schema` and `--help` never pay for python-docx or reportlab.
Each writer module also has ``HANDLERS``: block kind -> the method that translates it, one per
kind of ``layout.document.Block`` (a test checks that none is missing). A kind a writer has no
handler for is an ``UnhandledKind`` error naming both, never a silent gap in the output.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from briefbuilder.layout.document import Document

WRITERS: dict[str, tuple[str, str]] = {
    "docx": ("briefbuilder.writers.docx", "write_docx"),
    "pdf": ("briefbuilder.writers.pdf", "write_pdf"),
}


def writer(fmt: str) -> Callable[[Document], bytes]:
    """The writer for ``fmt``; ValueError lists the known formats."""
    try:
        module, func = WRITERS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; known: {', '.join(WRITERS)}") from None
    return getattr(import_module(module), func)


class UnhandledKind(TypeError):
    """A writer met a block, inline or shape kind it has no handler for."""

    def __init__(self, writer: str, what: str, item: object) -> None:
        self.writer, self.what, self.kind = writer, what, type(item).__name__
        super().__init__(f"{writer} writer has no handler for {what} kind {self.kind!r}")
