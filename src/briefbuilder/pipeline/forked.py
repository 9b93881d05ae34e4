"""For one build on the command line: a child forked as the build starts writes the DOCX.

The child is forked before anything heavy is imported; it imports python-docx and the DOCX
writer (about as long as this process takes to import reportlab and read the brief) and then
waits. Once the document is laid out, it is sent the document with the pages this brief and
audience had last time (kept in the user's cache folder), and writes its DOCX while this
process writes the PDF. The DOCX is used only if the PDF's layout gives that very document
(``pipeline.ahead``); otherwise the child is stopped and the DOCX written here, as a build
without it would. Only where fork is safe (Linux, no other thread yet), with a core to spare
(fewer runnable processes, by the load average, than cores less half a one: on a machine busy
with other work the child only competes for the same cores), and only in the console script's
own process (``cli.entry``).
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

from briefbuilder.pipeline.ahead import Guess, Paging

if TYPE_CHECKING:
    from briefbuilder.layout.document import Document

_HEADER = 8  # bytes of a message's length, then the message


@dataclass
class ForkedDocx:
    """The child and the pagings: those read from the cache folder and those of this run."""

    folder: Path | None
    child: _Child | None
    last: dict[str, Paging] = field(default_factory=dict)

    @classmethod
    def here(cls) -> ForkedDocx | None:
        """The pagings, and the child forked now if this process may fork and there is both a
        core to spare and something to guess from (without a child, the pagings of this run
        are still kept for the next)."""
        from briefbuilder.pipeline.batch import cpu_count

        if not sys.platform.startswith("linux"):
            return None
        cores = cpu_count()
        # fewer runnable processes than cores less half a one: else the child only competes
        spare = threading.active_count() == 1 and cores >= 2 and os.getloadavg()[0] <= cores - 0.5
        folder = _cache_folder()
        try:
            seen = folder is not None and any(folder.iterdir())
        except OSError:
            seen = False
        return cls(folder, _Child.start() if spare and seen else None)

    def guess(self, key: str, document: Document) -> Guess | None:
        paging = self.last.get(key) or self._read(key)
        if paging is None or self.child is None:
            return None
        guessed = paging.apply(document)
        if not self.child.send(guessed):
            self.close()
            return None
        return _ChildGuess(self, guessed)

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
        """Stop the child (a run that will not guess, a wrong guess, the end of the run)."""
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


@dataclass
class _ChildGuess:
    owner: ForkedDocx
    document: Document

    def result(self, document: Document) -> bytes | None:
        child = self.owner.child
        if child is None:
            return None
        if document != self.document:
            self.owner.close()  # it is writing the wrong DOCX: no use waiting for it
            return None
        data = child.receive()
        if data is None:
            self.owner.close()
        return data or None


@dataclass
class _Child:
    """The forked child: documents go in, DOCX bytes (or an empty message) come out."""

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

        def write() -> None:
            try:
                self.to_child.write(len(data).to_bytes(_HEADER, "big") + data)
                self.to_child.flush()
            except (OSError, ValueError):
                pass

        self.sender = threading.Thread(target=write, name="briefbuilder-docx-send", daemon=True)
        self.sender.start()
        return True

    def receive(self) -> bytes | None:
        """The DOCX; b"" when the child's writer failed; None when the child is gone."""
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
    """The child's life: import the writer, then a DOCX for each document until the pipe ends."""
    _child_signals()
    from briefbuilder.writers import writer

    write = writer("docx")
    with os.fdopen(down, "rb") as inp, os.fdopen(up, "wb") as out:
        while len(head := inp.read(_HEADER)) == _HEADER:
            document = pickle.loads(inp.read(int.from_bytes(head, "big")))
            try:
                data = write(document)
            except Exception:  # written again by the parent, which reports it as a build would
                data = b""
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


def _cache_folder() -> Path | None:
    from briefbuilder.cachedir import cache_folder

    return cache_folder("paging")
