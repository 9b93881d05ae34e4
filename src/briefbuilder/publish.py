"""All-or-nothing publication of a set of files: temp file, fsync, os.replace.

A reader never sees a half-written file, a full disk never replaces a good file with a truncated
one, and nothing is written through a symlink. If any file of the set fails, none is published.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from .errors import OutputError


def publish(files: dict[str, bytes], folder: Path) -> list[Path]:
    """Write ``{file name: bytes}`` into ``folder`` atomically as a set; return the paths."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{folder}: cannot create the output folder: {exc.strerror}") from None
    staged: list[tuple[Path, Path]] = []
    try:
        for name, data in files.items():
            if "/" in name or "\\" in name or name in ("", ".", ".."):
                raise OutputError(f"{name!r}: output names must be plain file names")
            staged.append((_stage(folder, name, data), folder / name))
        for tmp, final in staged:
            if final.is_symlink():
                final.unlink()  # replace the link itself, never write through it
            os.replace(tmp, final)
        _fsync_dir(folder)
    except OSError as exc:
        raise OutputError(f"{exc.filename or folder}: cannot write: {exc.strerror}") from None
    finally:
        for tmp, _ in staged:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
    return [final for _, final in staged]


def _stage(folder: Path, name: str, data: bytes) -> Path:
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return Path(tmp)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
