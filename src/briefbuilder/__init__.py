"""briefbuilder: YAML policy briefs to DOCX and PDF, per audience, delivered by e-mail.

The public API (names load lazily, so ``import briefbuilder`` stays light)::

    import briefbuilder
    problems = briefbuilder.check("brief.yaml")            # [] when the brief would build
    paths = briefbuilder.build("brief.yaml", audience="press", out_dir="out")
    files = briefbuilder.render("brief.yaml", formats=["pdf"])   # bytes in memory, nothing written

Every error raised on purpose is a ``BriefbuilderError``: ``InvalidInput`` (with ``.problems``,
each located as file:line:col), ``BuildError`` and ``OutputError``.
"""

from __future__ import annotations

from importlib import import_module

from briefbuilder.version import __version__

__all__ = [
    "Artifact",
    "Brief",
    "BriefbuilderError",
    "BuildError",
    "InvalidInput",
    "OutputError",
    "Problem",
    "__version__",
    "audiences",
    "build",
    "check",
    "load_brief",
    "render",
]

# public name -> module that defines it
_LAZY = {
    "Artifact": "briefbuilder.pipeline.items",
    "Brief": "briefbuilder.brief.model",
    "BriefbuilderError": "briefbuilder.errors",
    "BuildError": "briefbuilder.errors",
    "InvalidInput": "briefbuilder.errors",
    "OutputError": "briefbuilder.errors",
    "Problem": "briefbuilder.errors",
    "audiences": "briefbuilder.api",
    "build": "briefbuilder.api",
    "check": "briefbuilder.api",
    "load_brief": "briefbuilder.api",
    "render": "briefbuilder.api",
}

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start-up
if TYPE_CHECKING:
    from typing import Any

    from briefbuilder.api import audiences, build, check, load_brief, render
    from briefbuilder.brief.model import Brief
    from briefbuilder.errors import BriefbuilderError, BuildError, InvalidInput, OutputError, Problem
    from briefbuilder.pipeline.items import Artifact


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'briefbuilder' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
