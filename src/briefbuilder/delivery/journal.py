"""The batch journal: each recipient's state, appended as JSON lines and fsynced line by line.

Events per recipient: ``attempt`` (written *before* the message goes out), then one of ``sent``,
``deferred`` (a temporary 4xx, or the server cannot have the whole message: the connection was lost
or the deadline passed before its end was sent, or it was reset before the server read its end; safe
to retry), ``failed`` (a permanent 5xx) or ``unknown`` (the whole message was sent and the
connection then closed or timed out before the server answered: it may or may not have been
delivered). ``smtp.SmtpTransport.send`` says which is which, and why. A recipient whose last
event is ``attempt`` was being sent when the process died: that too is unknown. A torn last line
(a crash mid-write) is dropped on open; any other unreadable line is an error, never skipped.
The journal is locked while a batch runs, so two runs of one batch cannot both send.

Where it lives (``journal_path``): ``--journal-dir`` or the settings' ``journal_dir`` if given;
otherwise the per-user state folder (``platformdirs.user_state_path``, e.g.
``~/.local/state/briefbuilder/journals/<brief id>/<list>/<batch>.jsonl``), so a resume from any
folder finds it. A journal at the old default, ``.briefbuilder/journals/<batch>.jsonl`` under the
current folder, is still used when it exists: a batch started before the move is never sent twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefbuilder.errors import InvalidInput, OutputError, Problem
from briefbuilder.output.publish import fsync_dir

FORMAT = 1
OLD_DEFAULT_DIR = Path(".briefbuilder/journals")  # where earlier versions kept them: the current folder
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
STATES = ("pending", "attempting", "sent", "deferred", "failed", "unknown")
_OUTCOMES = {
    "attempt": "attempting",
    "sent": "sent",
    "deferred": "deferred",
    "failed": "failed",
    "unknown": "unknown",
}


@dataclass(frozen=True, slots=True)
class Entry:
    """A recipient's state as the journal last recorded it."""

    state: str = "pending"
    code: int | None = None
    reply: str = ""
    attempts: int = 0
    message_id: str | None = None
    at: str | None = None


class Journal:
    """An open, locked journal of one batch. Use ``Journal.open`` and close it (or use ``with``)."""

    def __init__(
        self, path: Path, fd: int, header: dict[str, Any], entries: dict[str, Entry], content: dict[str, str]
    ) -> None:
        self.path = path
        self._fd = fd
        self.header = header
        self._entries = entries
        self.content = content

    # --- opening -----------------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path, header: Mapping[str, Any]) -> Journal:
        """Open (or create) the journal of ``header['batch']``, lock it, and read its state."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
        except OSError as exc:
            raise OutputError(f"{path}: cannot open the batch journal: {exc.strerror}") from None
        try:
            _lock(fd, path)
            data = _read_all(fd)
            lines, keep = _complete_lines(data)
            if keep != len(data):  # a torn last line from a crash mid-write: drop it
                os.ftruncate(fd, keep)
                os.fsync(fd)
            first, entries, content = _replay(lines, path)
            journal = cls(path, fd, first or dict(header), entries, content)
            if first is None:
                journal._append({"event": "batch", "v": FORMAT, **header, "at": _now()})
                fsync_dir(path.parent)
            elif first.get("batch") != header.get("batch"):
                raise InvalidInput(
                    [
                        Problem(
                            str(path),
                            1,
                            None,
                            "",
                            f"this journal belongs to batch {first.get('batch')!r}, "
                            f"not {header.get('batch')!r}",
                        )
                    ]
                )
            return journal
        except BaseException:
            os.close(fd)
            raise

    # --- reading -----------------------------------------------------------------------------------
    def entry(self, key: str) -> Entry:
        return self._entries.get(key, Entry())

    def entries(self) -> dict[str, Entry]:
        return dict(self._entries)

    def check_content(self, digests: Mapping[str, str]) -> None:
        """Refuse to go on if an audience's documents changed since the batch recorded them."""
        sent = sum(1 for e in self._entries.values() if e.state == "sent")
        changed = [a for a, d in digests.items() if a in self.content and self.content[a] != d]
        if changed:
            raise InvalidInput(
                [
                    Problem(
                        str(self.path),
                        None,
                        None,
                        "",
                        f"the {', '.join(changed)} documents differ from the ones this batch started with "
                        f"({sent} already sent); finishing it would send different versions. Restore the "
                        "brief, or start a new batch: raise the brief's version or pass --batch NAME",
                    )
                ]
            )
        for audience, digest in digests.items():
            if audience not in self.content:
                self._append({"event": "content", "audience": audience, "digest": digest, "at": _now()})
                self.content[audience] = digest

    # --- writing -----------------------------------------------------------------------------------
    def record(self, event: str, key: str, **fields: Any) -> None:
        """Append one event for recipient ``key``, durably, before returning."""
        if event not in _OUTCOMES:
            raise ValueError(f"unknown journal event {event!r}")
        line = {"event": event, "rcpt": key, **fields, "at": _now()}
        self._append(line)
        self._entries[key] = _apply(self.entry(key), line)

    def _append(self, record: Mapping[str, Any]) -> None:
        data = (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(self._fd, view) :]
            os.fsync(self._fd)
        except OSError as exc:
            raise OutputError(f"{self.path}: cannot write the batch journal: {exc.strerror}") from None

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)  # closing releases the lock
            self._fd = -1

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def journal_path(batch_id: str, brief_id: str, list_name: str, folder: Path | None = None) -> Path:
    """Where the journal of a batch is: in ``folder`` if one is configured, else at the old
    default if a journal is there, else in the per-user state folder (see the module docstring)."""
    name = f"{batch_id}.jsonl"
    if folder is not None:
        return folder / name
    old = OLD_DEFAULT_DIR / name
    if old.is_file():
        return old
    return state_dir() / "journals" / _component(brief_id) / _component(list_name) / name


def state_dir() -> Path:
    """briefbuilder's per-user state folder (XDG_STATE_HOME on Linux, Library/Application Support on
    macOS, AppData\\Local on Windows)."""
    import platformdirs

    return Path(platformdirs.user_state_path("briefbuilder"))


def _component(name: str) -> str:
    """``name`` as one safe path component: itself when it is plain, else a digest of it (a list
    may be named "../x" or "a/b"; its journal still gets a folder of its own)."""
    if _SAFE_NAME.match(name) and name not in (".", ".."):
        return name
    return "h-" + hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def peek(path: Path) -> dict[str, Entry]:
    """The recipients' states in a journal, without creating, locking or repairing it (dry runs)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise OutputError(f"{path}: cannot read the batch journal: {exc.strerror}") from None
    return _replay(_complete_lines(data)[0], path)[1]


def _lock(fd: int, path: Path) -> None:
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise InvalidInput(
            [Problem(str(path), None, None, "", "another briefbuilder is running this batch; wait for it")]
        ) from None


def _read_all(fd: int) -> bytes:
    os.lseek(fd, 0, os.SEEK_SET)
    chunks = []
    while chunk := os.read(fd, 1 << 16):
        chunks.append(chunk)
    return b"".join(chunks)


def _complete_lines(data: bytes) -> tuple[list[bytes], int]:
    """The complete lines, and the length of the file up to the last one (a torn tail is cut)."""
    end = data.rfind(b"\n") + 1
    return data[:end].splitlines(), end


def _replay(lines: list[bytes], path: Path) -> tuple[dict[str, Any] | None, dict[str, Entry], dict[str, str]]:
    header: dict[str, Any] | None = None
    entries: dict[str, Entry] = {}
    content: dict[str, str] = {}
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
            if not isinstance(record, dict):
                raise ValueError("not an object")
            event = record["event"]
        except (ValueError, KeyError):
            raise InvalidInput(
                [
                    Problem(
                        str(path),
                        number,
                        None,
                        "",
                        "unreadable journal line; the journal was edited or damaged. Move it aside only "
                        "if you know who has already received the brief",
                    )
                ]
            ) from None
        if event == "batch":
            header = header or record
        elif event == "content":
            content[str(record["audience"])] = str(record["digest"])
        elif event in _OUTCOMES:
            key = str(record.get("rcpt", ""))
            entries[key] = _apply(entries.get(key, Entry()), record)
    return header, entries, content


def _apply(entry: Entry, record: Mapping[str, Any]) -> Entry:
    event = record["event"]
    if event == "attempt":
        return Entry(
            state="attempting",
            attempts=entry.attempts + 1,
            message_id=record.get("message_id", entry.message_id),
            at=record.get("at"),
        )
    return Entry(
        state=_OUTCOMES[event],
        code=record.get("code"),
        reply=str(record.get("reply", "")),
        attempts=entry.attempts,
        message_id=entry.message_id,
        at=record.get("at"),
    )


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
