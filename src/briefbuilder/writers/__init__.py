"""The writers, one line each: format name -> (module, function). Each is Document -> bytes.

Imported lazily so that `check`, `schema` and `--help` never pay for python-docx or reportlab.
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
