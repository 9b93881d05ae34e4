"""For one build on the command line: a child forked as the build starts renders the PDF.

A build's two halves need different libraries: reading the brief and laying it out need only
briefbuilder's own modules, the PDF needs reportlab (and pikepdf, HarfBuzz...). So the child is
forked before anything heavy is imported and imports the PDF writer, and sets up its fonts,
while this process reads the brief and lays it out; the document is then sent to it. While it
renders the PDF, this process imports python-docx and writes the DOCX from the pages this brief
and audience had last time (kept in the user's cache folder, ``pipeline.ahead.Paging``). The
DOCX is used only if the PDF's layout gives that very document; otherwise it is written again
with the PDF's paging, as a build without the child would. The PDF's bytes are those the
writer gives in any process: the child only moves the work to the second core.

Only where fork is safe (Linux, no other thread yet), with a core to spare (``_core_to_spare``:
on a machine busy with other work the child only competes for the same cores and the build
takes longer), and only in the console script's own process (``cli.entry``). A child that fails or dies is
stopped and the PDF rendered here, so an error is reported exactly as a build without the child
reports it.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from briefbuilder.pipeline.ahead import Paging

if TYPE_CHECKING:
    from briefbuilder.layout.document import Document
    from briefbuilder.pipeline.ahead import Guess
    from briefbuilder.writers.rendered import RenderedPdf

_HEADER = 8  # bytes of a message's length, then the message


@dataclass
class ForkedPdf:
    """The child, and the pagings: those read from the cache folder and those of this run."""

    folder: Path | None
    child: _Child | None
    last: dict[str, Paging] = field(default_factory=dict)

    @classmethod
    def here(cls) -> ForkedPdf | None:
        """The pagings, and the child forked now if this process may fork and there is a core to
        spare (without a child, the pagings of this run are still kept for the next)."""
        from briefbuilder.pipeline.batch import cpu_count

        if not sys.platform.startswith("linux"):
            return None
        spare = threading.active_count() == 1 and _core_to_spare(cpu_count())
        return cls(_cache_folder(), _Child.start() if spare else None)

    def pdf(self, document: Document) -> _ChildPdf | None:
        """Send ``document`` to the child to render; None when there is no child (render here)."""
        if self.child is None:
            return None
        if not self.child.send(document):
            self.close()
            return None
        return _ChildPdf(self)

    def guess(self, key: str, document: Document) -> Guess | None:
        """The DOCX, written here and now from the paging ``key`` had last time, while the child
        renders the PDF; None without a child (nothing to overlap) or a paging to go by."""
        if self.child is None:
            return None
        paging = self.last.get(key) or self._read(key)
        if paging is None:
            return None
        from briefbuilder.writers import writer

        guessed = paging.apply(document)
        try:
            data = writer("docx")(guessed)
        except Exception:  # written again with the right paging, which reports it as a build would
            return None
        return _Written(guessed, data)

    def remember(self, key: str, paging: Paging) -> None:
        import json

        if self.last.get(key) == paging:
            return
        self.last[key] = paging
        if self.folder is None or self._read(key) == paging:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            file = self._file(key)
            tmp = file.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(
                json.dumps([paging.heading_pages, paging.page_count, sorted(paging.page_starts)]), "utf-8"
            )
            os.replace(tmp, file)
        except OSError:
            pass

    def close(self) -> None:
        """Stop the child (a run that will not use it, a failure, the end of the run)."""
        if self.child is not None:
            self.child.stop()
            self.child = None

    def _file(self, key: str) -> Path:
        import hashlib

        assert self.folder is not None
        return self.folder / f"{hashlib.sha256(key.encode()).hexdigest()[:32]}.json"

    def _read(self, key: str) -> Paging | None:
        import json

        if self.folder is None:
            return None
        try:
            pages, count, starts = json.loads(self._file(key).read_text("utf-8"))
            if pages is not None and not all(isinstance(v, int) for v in pages.values()):
                return None
            if not all(isinstance(a, str) for a in starts):
                return None
            return Paging(pages, count if isinstance(count, int) else None, frozenset(starts))
        except (OSError, ValueError, TypeError, AttributeError):
            return None


@dataclass(frozen=True, slots=True)
class _Written:
    """A DOCX written from a guessed paging: good only for the document it was written from."""

    document: Document
    data: bytes

    def result(self, document: Document) -> bytes | None:
        return self.data if document == self.document else None


@dataclass
class _ChildPdf:
    owner: ForkedPdf

    def result(self) -> RenderedPdf | None:
        """The child's PDF; None (and the child stopped) when it failed or is gone."""
        from briefbuilder.writers.rendered import RenderedPdf

        child = self.owner.child
        message = child.receive() if child is not None else None
        try:
            data, pages, count, starts = pickle.loads(message) if message else (None, None, None, ())
        except (pickle.UnpicklingError, ValueError, TypeError, EOFError):
            data = None
        if not isinstance(data, bytes) or not isinstance(pages, dict) or not isinstance(count, int):
            self.owner.close()
            return None
        return RenderedPdf(data, pages, count, frozenset(starts))


@dataclass
class _Child:
    """The forked child: documents go in, a rendered PDF (or an empty message) comes out."""

    pid: int
    to_child: BinaryIO
    from_child: BinaryIO
    sender: threading.Thread | None = None

    @classmethod
    def start(cls) -> _Child | None:
        try:
            down_r, down_w = os.pipe()
            up_r, up_w = os.pipe()
            pid = os.fork()
        except OSError:
            return None
        if pid == 0:  # the child
            try:
                os.close(down_w)
                os.close(up_r)
                _serve(down_r, up_w)
            finally:
                os._exit(0)
        os.close(down_r)
        os.close(up_w)
        return cls(pid, os.fdopen(down_w, "wb"), os.fdopen(up_r, "rb"))

    def send(self, document: Document) -> bool:
        """Hand the document over without waiting: the child may still be importing, and a
        long document's pickle is larger than a pipe holds."""
        try:
            data = pickle.dumps(document, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            return False
        if self.sender is not None:  # the last document's, long since read
            self.sender.join()

        def write() -> None:
            try:
                self.to_child.write(len(data).to_bytes(_HEADER, "big") + data)
                self.to_child.flush()
            except (OSError, ValueError):
                pass

        self.sender = threading.Thread(target=write, name="briefbuilder-pdf-send", daemon=True)
        self.sender.start()
        return True

    def receive(self) -> bytes | None:
        """The message; b"" when the child's writer failed; None when the child is gone."""
        try:
            head = self.from_child.read(_HEADER)
            if len(head) < _HEADER:
                return None
            size = int.from_bytes(head, "big")
            data = self.from_child.read(size)
            return data if len(data) == size else None
        except (OSError, ValueError):
            return None

    def stop(self) -> None:
        import signal

        for stream in (self.to_child, self.from_child):
            with contextlib.suppress(OSError):
                stream.close()
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        if self.sender is not None:
            self.sender.join(1.0)


def _serve(down: int, up: int) -> None:
    """The child's life: import the PDF writer and set up its fonts, then a PDF for each document
    until the pipe ends."""
    import gc

    _child_signals()
    from briefbuilder.writers.pdf import render_pdf
    from briefbuilder.writers.pdf_warm import warm_up

    warm_up()
    gc.freeze()  # what the imports made is there for good; collections look only at the work
    gc.enable()
    with os.fdopen(down, "rb") as inp, os.fdopen(up, "wb") as out:
        while len(head := inp.read(_HEADER)) == _HEADER:
            document = pickle.loads(inp.read(int.from_bytes(head, "big")))
            try:
                pdf = render_pdf(document)
                data = pickle.dumps(
                    (pdf.data, pdf.heading_pages, pdf.page_count, sorted(pdf.page_starts)),
                    protocol=pickle.HIGHEST_PROTOCOL,
                )
            except Exception:  # rendered again by the parent, which reports it as a build would
                data = b""
            del document
            out.write(len(data).to_bytes(_HEADER, "big") + data)
            out.flush()


def _child_signals() -> None:
    """The child leaves Ctrl-C and SIGTERM to its parent, and dies with it."""
    import ctypes
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    if os.getppid() == 1:  # the parent is already gone
        os._exit(0)


def _core_to_spare(cores: int) -> bool:
    """Whether a core is free for the child: no other thread running or ready to run right now
    (the kernel's count in /proc/loadavg, less this process), or one, on a machine that has not
    been busy of late (its 1-minute load average under cores less half a one). The count of
    this instant decides most builds: a build lasts under a second, and the average still
    counts, for a minute, work that has ended; but it alone would refuse the child whenever a
    thread happens to be woken at that instant (one build in five on an idle 2-core machine)."""
    load = os.getloadavg()[0]
    try:
        with open("/proc/loadavg", encoding="ascii") as file:
            others = int(file.read().split()[3].split("/")[0]) - 1
    except (OSError, ValueError, IndexError):
        others = round(load)
    return others <= cores - 2 or (others <= cores - 1 and load <= cores - 0.5)


def _cache_folder() -> Path | None:
    from briefbuilder.cachedir import cache_folder

    return cache_folder("paging")
