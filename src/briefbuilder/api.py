"""The Python API: what the command line does, as functions a service or notebook can call.

Paths may be ``str`` or ``Path``. Nothing prints; problems come back as values (``check``) or as
exceptions of one tree (``BriefbuilderError``: ``InvalidInput`` with every located problem,
``BuildError``, ``OutputError``). Arguments left as ``None`` take the project file's settings
(``briefbuilder.yaml`` above the brief), then the command line's defaults.

A reference .docx (``reference_doc=``, or ``look.reference_docx`` in a template) that lacks a
style the DOCX writer needs is not an error: the built-in style is used. ``plan`` returns such
notes in ``Plan.warnings``; ``render`` and ``build`` issue them as ``ReferenceDocWarning``
through the ``warnings`` module (nothing is printed; the command line prints them).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from briefbuilder.errors import InvalidInput, Problem

if TYPE_CHECKING:
    from briefbuilder.audience.templates import Audience, TemplateSet
    from briefbuilder.brief.model import Brief
    from briefbuilder.brief.typed import PendingGlyphs
    from briefbuilder.layout.engine import LayoutOptions
    from briefbuilder.pipeline.ahead import Ahead
    from briefbuilder.pipeline.batch import Publisher, Reporter
    from briefbuilder.pipeline.items import Artifact
    from briefbuilder.pipeline.settings import Project

PathLike: TypeAlias = "str | os.PathLike[str]"
BriefLike: TypeAlias = "Brief | str | os.PathLike[str]"
DEFAULT_FORMATS = ("docx", "pdf")


class ReferenceDocWarning(UserWarning):
    """A reference .docx lacks styles the DOCX writer needs; the built-in ones are used."""


DEFAULT_OUT = Path("out")


def load_brief(path: PathLike) -> Brief:
    """Read and validate one brief; InvalidInput lists every problem with file:line:col. A
    character no built-in font has must be drawn by the audiences a build of it would choose
    (as ``check`` asks): the ``Brief`` returned no longer knows where its text came from."""
    from briefbuilder.brief.loading import load_brief as load

    loaded = load(Path(path))
    problems = drawable(path, loaded.glyphs)
    if problems:
        raise InvalidInput(problems)
    return loaded.brief


def check(path: PathLike) -> list[Problem]:
    """The problems that would stop a build of this brief; empty when all is well.
    (Warnings, such as a source nobody cites, are ``lint``'s business.) A character no built-in
    font has is checked against the audiences a build would choose (``drawable``)."""
    from briefbuilder.brief.loading import load_brief as load

    try:
        return drawable(path, load(Path(path)).glyphs)
    except InvalidInput as exc:
        return [p for p in exc.problems if p.severity == "error"]


def drawable(path: PathLike, pending: Sequence[PendingGlyphs]) -> list[Problem]:
    """Which of a brief's characters that no built-in font has (``Loaded.glyphs``) the fonts of
    the audiences a build of it would choose (its project's templates and audience, else every
    template) cannot draw; InvalidInput if those templates are themselves invalid."""
    if not pending:
        return []  # the usual case: no template is read
    project = _project(Path(path))
    names = _audience_names(project.audience, project.templates)
    return _undrawn(pending, [_templates(project.templates).resolve(n) for n in names])


def audiences(templates: PathLike | None = None) -> list[str]:
    """The names of the audiences available: the built-in ones and those in ``templates``."""
    return _templates(Path(templates) if templates is not None else None).names()


@dataclass(frozen=True, slots=True)
class Plan:
    """A resolved request: the briefs, audiences, formats and options of one run."""

    briefs: tuple[Brief, ...]
    audiences: tuple[Audience, ...]
    formats: tuple[str, ...]
    out_dir: Path
    previous: Brief | None
    prepared_for: str | None
    warnings: tuple[str, ...] = ()  # e.g. styles a reference .docx lacks


def plan(
    briefs: Sequence[BriefLike],
    *,
    audience: str | Sequence[str] | None = None,
    formats: Sequence[str] | None = None,
    out_dir: PathLike | None = None,
    templates: PathLike | None = None,
    previous: BriefLike | None = None,
    prepared_for: str | None = None,
    project: Project | None = None,
    reference_doc: PathLike | None = None,
) -> Plan:
    """Load and check everything a run needs, before anything is built: InvalidInput lists
    every problem (bad arguments, unknown audiences or formats, invalid briefs) at once."""
    from briefbuilder.brief.typed import text_problem
    from briefbuilder.writers import WRITERS

    if project is None:
        project = _project(briefs[0] if briefs else None)
    problems: list[Problem] = []
    chosen = tuple(formats) if formats is not None else (project.formats or DEFAULT_FORMATS)
    unknown = [f for f in chosen if f not in WRITERS]
    if unknown or not chosen:
        message = f"unknown format {', '.join(unknown) or '(none)'}; known: {', '.join(WRITERS)}"
        problems.append(Problem("--format", None, None, "", message))
    if prepared_for is not None:
        if not prepared_for.strip():
            problems.append(Problem("--prepared-for", None, None, "", "must not be empty"))
        elif found := text_problem(prepared_for):
            problems.append(Problem("--prepared-for", None, None, "", found[0]))
    folder = Path(templates) if templates is not None else project.templates
    try:
        names = _audience_names(audience if audience is not None else project.audience, folder)
        resolved = tuple(_templates(folder).resolve(n) for n in names)
    except InvalidInput as exc:
        problems.extend(exc.problems)
        resolved = ()
    loaded: list[Brief] = []
    for item in briefs:
        try:
            brief, pending = _brief_glyphs(item)
        except InvalidInput as exc:
            problems.extend(exc.problems)
            continue
        loaded.append(brief)
        problems.extend(_undrawn(pending, resolved))
    old = None
    if previous is not None:
        try:
            old, old_pending = _brief_glyphs(previous)
            problems.extend(_undrawn(old_pending, resolved))
        except InvalidInput as exc:
            problems.extend(exc.problems)
    from briefbuilder.pipeline.reference import with_reference_doc

    resolved, notes = with_reference_doc(resolved, reference_doc, problems)
    if problems:
        raise InvalidInput(problems)
    out = Path(out_dir) if out_dir is not None else (project.out or DEFAULT_OUT)
    return Plan(tuple(loaded), resolved, chosen, out, old, prepared_for, notes)


def render(
    brief: BriefLike,
    *,
    audience: str | Sequence[str] | None = None,
    formats: Sequence[str] | None = None,
    templates: PathLike | None = None,
    previous: BriefLike | None = None,
    prepared_for: str | None = None,
    reference_doc: PathLike | None = None,
) -> list[Artifact]:
    """The documents in memory (``Artifact``: name, fmt, audience, data); writes nothing.
    ``reference_doc``: a .docx whose styles and theme fonts restyle the DOCX."""
    run = plan(
        [brief],
        audience=audience,
        formats=formats,
        templates=templates,
        previous=previous,
        prepared_for=prepared_for,
        reference_doc=reference_doc,
    )
    return _artifacts(run)


def build(
    brief: BriefLike,
    *,
    audience: str | Sequence[str] | None = None,
    formats: Sequence[str] | None = None,
    out_dir: PathLike | None = None,
    templates: PathLike | None = None,
    previous: BriefLike | None = None,
    prepared_for: str | None = None,
    reference_doc: PathLike | None = None,
) -> list[Path]:
    """Build the brief's documents and publish them together (all or nothing) into ``out_dir``,
    created when missing; the paths written, in the order of the audiences and formats."""
    from briefbuilder.output.publish import check_writable, publish

    run = plan(
        [brief],
        audience=audience,
        formats=formats,
        out_dir=out_dir,
        templates=templates,
        previous=previous,
        prepared_for=prepared_for,
        reference_doc=reference_doc,
    )
    check_writable(run.out_dir)  # before the work, not after it
    return publish({a.name: a.data for a in _artifacts(run)}, run.out_dir)


def build_batch(
    run: Plan,
    *,
    jobs: int = 1,
    reporter: Reporter | None = None,
    debug: bool = False,
    ahead: Ahead | None = None,
) -> Publisher:
    """Build a planned run of many briefs, ``jobs`` items at a time; a failed item is reported
    to ``reporter`` and its brief publishes nothing, while the others go on. ``ahead``: where
    the DOCX may be written while the PDF is (``pipeline.ahead``; the command line forks for
    it), for the items built in this process."""
    from briefbuilder.pipeline.batch import Workers, build_all

    items = len(run.briefs) * len(run.audiences)
    jobs = 1 if debug else max(1, min(jobs, items))  # a traceback needs the item built here
    args = (run.briefs, run.audiences, run.formats, _options(run), run.out_dir)
    if jobs == 1:
        return build_all(*args, previous=run.previous, reporter=reporter, debug=debug, ahead=ahead)
    with Workers(jobs) as workers:
        return build_all(*args, previous=run.previous, workers=workers, reporter=reporter)


# --- helpers ------------------------------------------------------------------------------------
def _artifacts(run: Plan) -> list[Artifact]:
    """A one-brief run's documents in memory, its warnings issued to the caller."""
    from briefbuilder.pipeline.items import build_brief

    _warn(run)
    return build_brief(run.briefs[0], list(run.audiences), list(run.formats), _options(run), run.previous)


def _warn(run: Plan) -> None:
    import warnings

    for note in run.warnings:
        warnings.warn(note, ReferenceDocWarning, stacklevel=4)


def _brief_glyphs(item: BriefLike) -> tuple[Brief, tuple[PendingGlyphs, ...]]:
    """The brief, and the characters its audiences' fonts must draw (none for one in memory:
    it was made, or loaded, by the caller, who checked it)."""
    from briefbuilder.brief.loading import load_brief as load
    from briefbuilder.brief.model import Brief

    if isinstance(item, Brief):
        return item, ()
    loaded = load(Path(item))
    return loaded.brief, loaded.glyphs


def _undrawn(pending: Sequence[PendingGlyphs], audiences: Sequence[Audience]) -> list[Problem]:
    if not pending:
        return []
    from briefbuilder.audience.glyphs import undrawn

    return undrawn(pending, audiences)


def _project(item: BriefLike | None) -> Project:
    from briefbuilder.brief.model import Brief
    from briefbuilder.pipeline.settings import Project, project_for

    if item is None or isinstance(item, Brief):
        return Project()  # a Brief in memory has no folder: arguments and defaults only
    return project_for(Path(item))


def _templates(folder: Path | None) -> TemplateSet:
    from briefbuilder.audience.templates import TemplateSet

    return TemplateSet.default(folder)


def _audience_names(audience: str | Sequence[str] | None, folder: Path | None) -> list[str]:
    names = [a.strip() for a in audience.split(",")] if isinstance(audience, str) else list(audience or ())
    names = [n for n in names if n]
    if audience is None or names == ["all"]:
        return _templates(folder).names()
    if not names:
        raise InvalidInput([Problem("--audience", None, None, "", "name at least one audience, or 'all'")])
    return names


def _options(run: Plan) -> LayoutOptions:
    from briefbuilder.layout.engine import LayoutOptions
    from briefbuilder.pipeline.settings import source_date_epoch

    return LayoutOptions(source_date_epoch=source_date_epoch(), prepared_for=run.prepared_for)
