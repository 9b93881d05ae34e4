"""The DOCX written on a second core while the PDF is laid out: a rebuild in half the time.

The DOCX of a document with a table of contents (or a page budget) needs the PDF's layout
first: the contents' page numbers and the page count come from it. So a build writes the two
one after the other. In a watch, the same audience was just built from a brief that differs by
an edit, and its headings almost always fall on the same pages as last time: the DOCX is then
written in a worker process from the pages of the last build *while* the PDF is laid out here,
and used only if the PDF's layout gives exactly the document it was written from (compared as a
whole). Otherwise it is written again here, as a build would. Either way the bytes are those of
``build``: the DOCX is a pure function of the Document.

Two kinds: ``DocxAhead`` here, a worker process that a watch keeps for its whole life; and
``pipeline.forked.ForkedPdf`` for a command-line build, a child forked as the build starts that
renders the PDF while the DOCX is written from the last paging in the build's own process.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from briefbuilder.layout.document import Document
    from briefbuilder.writers.rendered import RenderedPdf

_PRELOAD = ["briefbuilder.writers.docx"]  # imported once by the fork server, not by every worker


@dataclass(frozen=True, slots=True)
class Paging:
    """What the PDF's layout tells the DOCX: each heading's page (its contents' numbers), the
    page count (the DOCX's properties) and the headings that start a page."""

    heading_pages: dict[str, int] | None
    page_count: int | None
    page_starts: frozenset[str] = frozenset()

    def apply(self, document: Document) -> Document:
        from briefbuilder.layout.document import with_contents_pages

        if self.heading_pages is not None:
            document = with_contents_pages(document, self.heading_pages)
        if self.page_count is not None:
            meta = dataclasses.replace(document.meta, pages=self.page_count)
            document = dataclasses.replace(document, meta=meta)
        return dataclasses.replace(document, page_starts=self.page_starts)


class Guess(Protocol):
    """A DOCX being written from a guessed paging."""

    def result(self, document: Document) -> bytes | None:
        """The bytes, if ``document`` (the one the PDF's layout gives) is the one guessed;
        otherwise None, and the guess is abandoned."""
        ...


class PendingPdf(Protocol):
    """A PDF being rendered by another process."""

    def result(self) -> RenderedPdf | None:
        """The rendered PDF; None when the other process failed (it is rendered here then)."""
        ...


class Ahead(Protocol):
    """Where a build's work is shared with another process: ``pdf`` sends the document to be
    rendered elsewhere, ``guess`` starts a DOCX from the last paging, ``remember`` keeps the
    real one."""

    def pdf(self, document: Document) -> PendingPdf | None: ...
    def guess(self, key: str, document: Document) -> Guess | None: ...
    def remember(self, key: str, paging: Paging) -> None: ...


@dataclass(frozen=True, slots=True)
class PoolGuess:
    """A DOCX being written from last time's paging; ``result`` gives it if it is the right one."""

    document: Document
    future: Future[bytes]

    def result(self, document: Document) -> bytes | None:
        """The bytes, if ``document`` (the one the PDF's layout gives) is the one guessed."""
        if document != self.document:
            self.future.cancel()
            return None
        try:
            return self.future.result()
        except Exception:  # a worker that died, or a writer error: written here, as a build would
            return None


@dataclass
class DocxAhead:
    """One worker process for the DOCX, and the paging each audience had last time."""

    pool: ProcessPoolExecutor
    last: dict[str, Paging] = field(default_factory=dict)

    @classmethod
    def start(cls) -> DocxAhead:
        """A worker from a fork server that has already imported the DOCX writer (fork is not
        safe here: the watch runs threads), started now, so that no rebuild waits for it."""
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        method = "forkserver" if sys.platform.startswith("linux") else "spawn"
        context = multiprocessing.get_context(method)
        if method == "forkserver":
            context.set_forkserver_preload(_PRELOAD)
        pool = ProcessPoolExecutor(1, mp_context=context, initializer=_start_worker)
        pool.submit(_warm).result(timeout=60)
        return cls(pool)

    def pdf(self, document: Document) -> PendingPdf | None:
        """The PDF is rendered in the watch's own process: its fonts and caches are warm there."""
        return None

    def guess(self, key: str, document: Document) -> Guess | None:
        """Start writing ``document``'s DOCX with the paging ``key`` had last time, if any."""
        paging = self.last.get(key)
        if paging is None:
            return None
        guessed = paging.apply(document)
        try:
            return PoolGuess(guessed, self.pool.submit(_write_docx, guessed))
        except RuntimeError:  # the pool is broken or shut down: no guess
            return None

    def remember(self, key: str, paging: Paging) -> None:
        self.last[key] = paging

    def close(self) -> None:
        """Stop the worker now; a DOCX it is writing is not needed any more."""
        stop: Callable[[], None] | None = getattr(self.pool, "terminate_workers", None)  # Python 3.14
        if stop is not None:
            stop()
        else:
            for process in list(getattr(self.pool, "_processes", {}).values()):
                process.terminate()
        self.pool.shutdown(wait=False, cancel_futures=True)


def _write_docx(document: Document) -> bytes:
    from briefbuilder.writers import writer

    return writer("docx")(document)


def _start_worker() -> None:
    """Ctrl-C is the watch's to handle: the worker is stopped by it (``close``), and it ends with
    the fork server when the watch's process ends, however it ends."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _warm() -> None:
    """Imports the writer's modules in the worker before the first guess needs them."""
    from briefbuilder.writers import writer

    writer("docx")
