"""The one pipeline: loaded brief → audience → layout → writers → artifacts → published files.

``items`` builds one brief for one audience in memory (What's new and page budgets included);
``batch`` runs many of them, in worker processes when asked, and publishes all-or-nothing;
``settings`` reads the project file and the environment. Names load lazily, so that reading
the settings (every command does) does not import the layout and the writers.
"""

from __future__ import annotations

from importlib import import_module

__all__ = ["Artifact", "Built", "build_brief", "build_item", "document_for", "file_name", "pdf_page_count"]

TYPE_CHECKING = False
if TYPE_CHECKING:
    from briefbuilder.pipeline.items import (
        Artifact,
        Built,
        build_brief,
        build_item,
        document_for,
        file_name,
        pdf_page_count,
    )


def __getattr__(name: str) -> object:
    if name not in __all__:
        raise AttributeError(f"module 'briefbuilder.pipeline' has no attribute {name!r}")
    return getattr(import_module("briefbuilder.pipeline.items"), name)
