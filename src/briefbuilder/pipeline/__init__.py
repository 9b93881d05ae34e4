"""The one pipeline: loaded brief → audience → layout → writers → artifacts → published files.

``items`` builds one brief for one audience in memory (What's new and page budgets included);
``batch`` runs many of them, in worker processes when asked, and publishes all-or-nothing.
"""

from __future__ import annotations

from briefbuilder.pipeline.items import (
    Artifact,
    Built,
    build_brief,
    build_item,
    document_for,
    file_name,
    pdf_page_count,
)

__all__ = ["Artifact", "Built", "build_brief", "build_item", "document_for", "file_name", "pdf_page_count"]
