"""All-or-nothing publication of a set of files: stage, fsync, os.replace, roll back on failure.

A reader never sees a half-written file, a full disk never replaces a good file with a truncated
one, nothing is written through a symlink (a link at a target name is replaced, its target left
alone), and if any file of the set cannot be published, the folder is left as it was.

Every file is first written and fsynced in a private staging folder inside the output folder
(same file system, so renames are atomic; mode 0700, so nobody can swap a file in). Existing
files are hard-linked aside before they are replaced, so a failure half-way through the renames
puts them back.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import tempfile
import time
from pathlib import Path

from briefbuilder.errors import OutputError

_STAGE_PREFIX = ".briefbuilder-publish-"
_MAX_NAME_BYTES = 255
_STALE_AFTER = 3600.0  # seconds: a staging folder this old belongs to no running publish


def _stage_prefix() -> str:
    """Staging folders carry their process id, so a later run can tell a dead one's leftovers."""
    return f"{_STAGE_PREFIX}{os.getpid()}-"


def sweep_stale(folder: Path) -> list[Path]:
    """Remove staging folders left by killed processes (``kill -9``, a power cut): those of a
    process that no longer runs here, and any over an hour old. Best effort; returns them."""
    swept: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return swept
    now = time.time()
    for entry in entries:
        if not entry.name.startswith(_STAGE_PREFIX) or not entry.is_dir(follow_symlinks=False):
            continue
        pid_text = entry.name[len(_STAGE_PREFIX) :].split("-", 1)[0]
        try:
            old = now - entry.stat(follow_symlinks=False).st_mtime > _STALE_AFTER
        except OSError:
            continue
        if old or (pid_text.isdigit() and not _alive(int(pid_text))):
            shutil.rmtree(entry.path, ignore_errors=True)
            swept.append(Path(entry.path))
    return swept


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. EPERM: it runs, under another user
        return True
    return True


def publish(files: dict[str, bytes], folder: Path) -> list[Path]:
    """Write ``{file name: bytes}`` into ``folder`` atomically as a set; return the paths."""
    for name in files:
        _check_name(name)
    _make_folder(folder)
    finals = [folder / name for name in files]
    for final in finals:
        if final.is_dir() and not final.is_symlink():
            raise OutputError(f"{final}: is a folder, so the file cannot be written; move it away")
    sweep_stale(folder)
    try:
        stage = Path(tempfile.mkdtemp(prefix=_stage_prefix(), dir=folder))
    except OSError as exc:
        raise OutputError(_cannot(folder, exc, "write into the output folder")) from None
    try:
        staged = [(_stage(stage, name, data), folder / name) for name, data in files.items()]
        _commit(stage, staged)
        fsync_dir(folder)
    except OSError as exc:
        raise OutputError(_cannot(folder, exc, "write")) from None
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return finals


def check_writable(folder: Path) -> None:
    """Fail now, with the message ``publish`` would give later, if files cannot be published
    into ``folder``: so a long batch does not build everything to find it out at the end.

    An existing folder is probed the way ``publish`` starts (a private staging folder, made and
    removed at once); a missing one by its nearest existing parent, which is left untouched."""
    if folder.exists() or folder.is_symlink():
        if not folder.is_dir():
            raise OutputError(f"{folder}: exists and is not a folder; choose another --out")
        sweep_stale(folder)
        try:
            os.rmdir(tempfile.mkdtemp(prefix=_stage_prefix(), dir=folder))
        except OSError as exc:
            raise OutputError(_cannot(folder, exc, "write into the output folder")) from None
        return
    parent = folder.absolute().parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        error = OSError(errno.ENOTDIR, os.strerror(errno.ENOTDIR))
        raise OutputError(_cannot(folder, error, "create the output folder"))
    if not os.access(parent, os.W_OK | os.X_OK, effective_ids=os.access in os.supports_effective_ids):
        error = OSError(errno.EACCES, os.strerror(errno.EACCES))
        raise OutputError(_cannot(folder, error, "create the output folder"))


def _check_name(name: str) -> None:
    """Output names are plain file names: no folder parts, nothing hidden, nothing unprintable."""
    if (
        not name
        or name in (".", "..")
        or name.startswith(".")
        or any(sep in name for sep in ("/", "\\", "\x00"))
        or not name.isprintable()
        or len(name.encode("utf-8", "surrogatepass")) > _MAX_NAME_BYTES
    ):
        raise OutputError(f"{name!r}: output names must be plain, visible file names")


def _make_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: exists and is not a folder; choose another --out")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(_cannot(folder, exc, "create the output folder")) from None


def _stage(stage: Path, name: str, data: bytes) -> Path:
    """Write ``data`` to ``stage/name`` and fsync it; the mode follows the umask, as for any file."""
    tmp = stage / name
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    return tmp


def _commit(stage: Path, staged: list[tuple[Path, Path]]) -> None:
    """Rename every staged file into place; on any failure (or Ctrl-C), restore what was there."""
    done: list[tuple[Path, Path | None]] = []
    try:
        for tmp, final in staged:
            backup = _backup(stage, final)
            done.append((final, backup))
            os.replace(tmp, final)  # replaces a symlink itself, never writes through it
    except BaseException:
        for final, backup in reversed(done):
            with contextlib.suppress(OSError):
                if backup is not None:
                    os.replace(backup, final)
                else:
                    final.unlink(missing_ok=True)
        raise


def _backup(stage: Path, final: Path) -> Path | None:
    """A second name for the file now at ``final`` (a hard link, else a copy), or None."""
    try:
        st = os.lstat(final)
    except FileNotFoundError:
        return None
    backup = stage / (final.name + ".previous")
    try:
        os.link(final, backup, follow_symlinks=False)
    except OSError:  # a file system without hard links
        if stat.S_ISLNK(st.st_mode):
            os.symlink(os.readlink(final), backup)
        else:
            shutil.copy2(final, backup, follow_symlinks=False)
    return backup


def _cannot(folder: Path, exc: OSError, action: str) -> str:
    reason = exc.strerror or type(exc).__name__
    return f"{folder}: cannot {action}: {reason}; nothing was published and existing files are unchanged"


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (best effort: some filesystems cannot fsync a folder)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
