"""``--watch`` for ``build`` and ``preview``: one warm process that republishes on every save.

A cold ``build`` pays for the interpreter, the imports, the fonts and the templates every time;
a watching one pays for them once and then only for the brief's own work, so the DOCX and PDF
of an audience are published a fraction of a second after the brief is saved. Each audience is
published as soon as it is built (all or nothing for its files), so the first one to look at
is there before the others are done. A save that stops validating prints the same problems as
``build`` and publishes nothing: the last good files stay where they are.
"""

from __future__ import annotations

import gc
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from briefbuilder.authoring.watch import Inputs, files_in, watch
from briefbuilder.commands.common import report
from briefbuilder.errors import BriefbuilderError, InvalidInput, bug_report
from briefbuilder.pipeline.ahead import DocxAhead
from briefbuilder.pipeline.batch import cpu_count

if TYPE_CHECKING:
    from briefbuilder.api import Plan
    from briefbuilder.audience.templates import Audience
    from briefbuilder.brief.model import Brief
    from briefbuilder.layout.engine import LayoutOptions
    from briefbuilder.pipeline.items import Built

EXIT_STOPPED = 130  # Ctrl-C ends a watch: the shell's code for SIGINT, as for any interrupted command

# what to do with one audience's build after its DOCX and PDF are published: e.g. the preview's
# page images; the text it returns is added to the audience's line
AfterPublish = Callable[["Brief", "Audience", "Built"], str]
# builds one audience's files: build_item, or the preview's, which shows pages over the budget
Builder = Callable[["Brief", "Audience", Sequence[str], "LayoutOptions", "Brief | None"], "Built"]


@dataclass
class Request:
    """What the user asked to build, as on the command line (resolved again on every save)."""

    brief: Path
    audience: str | Sequence[str] | None = None
    formats: Sequence[str] | None = None
    out: Path | None = None
    templates: Path | None = None
    previous: Path | None = None
    prepared_for: str | None = None
    reference_doc: Path | None = None


@dataclass
class Session:
    """One watched brief: rebuilds it, says what happened, and knows which files it read."""

    request: Request
    emit: Callable[[str], None] = field(default=lambda line: print(line, flush=True))
    after_publish: AfterPublish | None = None
    builder: Builder | None = None
    ahead: DocxAhead | None = None  # the DOCX worker of a watch on more than one core
    builds: int = 0
    last_inputs: Inputs = field(default_factory=Inputs)

    def rebuild(self) -> Inputs:
        """Build every audience and publish each one's files; the inputs read, for the watch.
        The collector waits until the files are out: it then runs while the author reads them."""
        gc.disable()
        try:
            return self._rebuild()
        finally:
            gc.enable()
            gc.collect()

    def _rebuild(self) -> Inputs:
        from briefbuilder import api
        from briefbuilder.layout.engine import LayoutOptions
        from briefbuilder.output.publish import publish
        from briefbuilder.pipeline.items import build_item
        from briefbuilder.pipeline.settings import project_for, source_date_epoch

        started = time.perf_counter()
        self.builds += 1
        req = self.request
        try:
            project = project_for(req.brief)
            run = api.plan(
                [req.brief],
                audience=req.audience,
                formats=req.formats,
                out_dir=req.out,
                templates=req.templates,
                previous=req.previous,
                prepared_for=req.prepared_for,
                project=project,
                reference_doc=req.reference_doc,
            )
        except InvalidInput as exc:
            report(exc.problems)  # the very lines `build` prints
            self.emit("the last good files are kept; watching for the next save")
            return self.last_inputs | self.initial_inputs()
        for note in run.warnings:
            self.emit(note)
        options = LayoutOptions(source_date_epoch=source_date_epoch(), prepared_for=run.prepared_for)
        for audience in run.audiences:
            begun = time.perf_counter()
            try:
                if self.builder is not None:
                    built = self.builder(run.briefs[0], audience, run.formats, options, run.previous)
                else:
                    built = build_item(
                        run.briefs[0], audience, run.formats, options, run.previous, self.ahead
                    )
                written = publish({a.name: a.data for a in built.artifacts}, run.out_dir)
                extra = self.after_publish(run.briefs[0], audience, built) if self.after_publish else ""
            except BriefbuilderError as exc:
                self.emit(f"{audience.name}: {exc}; its last good files are kept")
                continue
            except Exception as exc:  # a bug: reported as build reports it, and the watch goes on
                self.emit(f"{audience.name}: {bug_report(exc)}; its last good files are kept")
                continue
            for note in built.notes:
                self.emit(note)
            names = ", ".join(str(p) for p in written)
            self.emit(f"{audience.name}: {names}{extra} ({time.perf_counter() - begun:.2f} s)")
        if len(run.audiences) > 1:
            self.emit(f"built in {time.perf_counter() - started:.2f} s")
        self.last_inputs = self._inputs(run, project.file)
        return self.last_inputs

    def initial_inputs(self) -> Inputs:
        """What to watch before the first build has said what the brief reads."""
        from briefbuilder.pipeline.settings import find_project

        return self._fixed_inputs(find_project(self.request.brief))

    def _fixed_inputs(self, project_file: Path | None) -> Inputs:
        """What is watched whatever the brief says: the brief, the options' files, the templates."""
        from briefbuilder.audience.paths import templates_dir

        req = self.request
        try:
            builtin: Path | None = templates_dir()
        except InvalidInput:  # pragma: no cover - an installation without its templates
            builtin = None
        return Inputs.of(
            [req.brief, req.previous, req.reference_doc, project_file],
            [builtin, req.templates],
        )

    def _inputs(self, run: Plan, project_file: Path | None) -> Inputs:
        base = self.request.brief.parent
        brief_files = files_in(run.briefs[0], base)
        audience_files = {p for a in run.audiences for p in files_in(a, base, frozenset())}
        folders = {p.parent for a in run.audiences if a.file is not None for p in [a.file]}
        return self._fixed_inputs(project_file) | Inputs.of(brief_files | audience_files, folders)


def run_watch(
    session: Session, *, say: Callable[[str], None] | None = None, stop: threading.Event | None = None
) -> int:
    """Watch until Ctrl-C (exit 130, no traceback). The first build warms everything; its
    objects are then moved out of the collector's sight (``gc.freeze``), so the rebuilds do
    not scan the libraries' and fonts' millions of objects again."""
    say = say or session.emit
    first = True

    def watching(inputs: Inputs) -> None:
        nonlocal first
        if first:
            gc.collect()
            gc.freeze()
            first = False
            say(f"watching {session.request.brief} and the files it uses; Ctrl-C stops")

    try:
        if session.builder is None and session.ahead is None and cpu_count() > 1:
            session.ahead = DocxAhead.start()  # before the watch's own threads: see pipeline.ahead
        watch(session.rebuild, session.initial_inputs(), on_watch=watching, stop=stop)
    except KeyboardInterrupt:
        say("stopped watching")
        sys.stdout.flush()
        return EXIT_STOPPED
    finally:
        if session.ahead is not None:
            session.ahead.close()
            session.ahead = None
        gc.unfreeze()
    return 0
