"""Where the shipped audience templates live (the checkout's ``templates/`` folder)."""

from __future__ import annotations

from pathlib import Path


def templates_dir() -> Path:
    """The repository's ``templates/``: the package is used from its checkout (editable)."""
    return Path(__file__).resolve().parents[2] / "templates"
