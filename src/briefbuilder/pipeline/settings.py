"""Run settings that come from outside the brief: the environment and the project file.

A team keeps its briefs in one repository; ``briefbuilder.yaml`` at its top (or in any folder
above a brief) says where its templates, outputs and distribution list are, so that nobody types
long command lines. It is found by searching upward from the brief, read with positions like
every other settings file, and its paths are relative to its own folder. Command-line flags and
API arguments override it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from briefbuilder.brief.fields import doc
from briefbuilder.errors import InvalidInput, Problem

PROJECT_FILE = "briefbuilder.yaml"
_LATEST_EPOCH = 4102444799  # 2099-12-31T23:59:59Z: zip and PDF dates stop being representable soon after


@dataclass(frozen=True, slots=True)
class ProjectSpec:
    """The project file's fields, as written (paths relative to the file's folder)."""

    templates: str | None = field(default=None, metadata=doc("Folder of the team's own audience templates."))
    out: str | None = field(default=None, metadata=doc("Output folder for built documents (default out/)."))
    formats: tuple[str, ...] | None = field(default=None, metadata=doc("Formats to build, e.g. [docx, pdf]."))
    audience: str | None = field(
        default=None, metadata=doc("Audience name(s), comma-separated, or 'all' (the default).")
    )
    distribution: str | None = field(default=None, metadata=doc("Distribution list for `email` (--list)."))
    delivery: str | None = field(default=None, metadata=doc("Delivery settings file for `email` (--config)."))
    journal_dir: str | None = field(default=None, metadata=doc("Folder of send journals for `email`."))


@dataclass(frozen=True, slots=True)
class Project:
    """The project file's settings with paths resolved; all None when there is no file."""

    file: Path | None = None
    templates: Path | None = None
    out: Path | None = None
    formats: tuple[str, ...] | None = None
    audience: str | None = None
    distribution: Path | None = None
    delivery: Path | None = None
    journal_dir: Path | None = None


def find_project(start: str | Path) -> Path | None:
    """The nearest ``briefbuilder.yaml`` in ``start``'s folder or any folder above it."""
    here = Path(start).resolve()
    folder = here if here.is_dir() else here.parent
    for candidate in (folder, *folder.parents):
        path = candidate / PROJECT_FILE
        if path.is_file() or (path.exists() and not path.is_dir()):
            return path
    return None


def load_project(path: Path | None) -> Project:
    """The settings of one project file (InvalidInput with positions), or none."""
    if path is None:
        return Project()
    from briefbuilder.brief.typed import read_typed

    spec, _ = read_typed(path, ProjectSpec)
    base = path.parent

    def resolve(value: str | None) -> Path | None:
        return None if value is None else base / value

    return Project(
        file=path,
        templates=resolve(spec.templates),
        out=resolve(spec.out),
        formats=spec.formats,
        audience=spec.audience,
        distribution=resolve(spec.distribution),
        delivery=resolve(spec.delivery),
        journal_dir=resolve(spec.journal_dir),
    )


def project_for(brief: str | Path) -> Project:
    """The project settings that apply to a brief (searching upward from it)."""
    return load_project(find_project(brief))


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH as an int, or None; a malformed value is invalid input."""
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if raw is None or raw == "":
        return None
    try:
        value = int(raw)
    except ValueError:
        value = -1
    if not 0 <= value <= _LATEST_EPOCH:
        message = f"expected whole seconds since 1970, up to the end of 2099, got {raw[:40]!r}"
        raise InvalidInput([Problem("SOURCE_DATE_EPOCH", None, None, "", message)])
    return value
