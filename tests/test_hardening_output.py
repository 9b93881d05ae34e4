"""Output and faults: all-or-nothing publication, symlinks, escaping names, full disks,
permission denied (as a real unprivileged user), failing writers and interrupted batches.

After every failure the output folder must hold exactly what it held before: no new file, no
half-written file, no temporary file.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefbuilder.errors import BuildError, OutputError
from briefbuilder.output import publish as publish_module
from briefbuilder.output.publish import publish
from helpers import BRIEF, ROOT, run_cli

OUTPUTS = ("us-belarus-normalization-executive.docx", "us-belarus-normalization-executive.pdf")


def snapshot(folder: Path) -> dict[str, tuple[str, bytes]]:
    """Every entry of ``folder`` (hidden ones too) with its kind and content."""
    out: dict[str, tuple[str, bytes]] = {}
    for entry in sorted(folder.iterdir()):
        if entry.is_symlink():
            out[entry.name] = ("link", os.readlink(entry).encode())
        elif entry.is_dir():
            out[entry.name] = ("dir", b"")
        else:
            out[entry.name] = ("file", entry.read_bytes())
    return out


@pytest.fixture
def out_with_previous(tmp_path: Path) -> Path:
    """An output folder holding a previous good build (stand-ins) and an unrelated file."""
    out = tmp_path / "out"
    out.mkdir()
    for name in OUTPUTS:
        (out / name).write_bytes(b"PREVIOUS GOOD " + name.encode())
    (out / "notes.txt").write_text("keep me")
    return out


def _build(out: Path, *briefs: Path | str) -> object:
    # --jobs 1: the faults are injected into this process's writers
    return run_cli("build", *(briefs or (BRIEF,)), "--audience", "executive", "--out", out, "--jobs", "1")


# --- publish itself -----------------------------------------------------------------------------
def test_a_set_is_published_whole_with_ordinary_permissions(tmp_path: Path) -> None:
    paths = publish({"a.pdf": b"A", "b.docx": b"B"}, tmp_path / "new" / "out")
    assert [p.read_bytes() for p in paths] == [b"A", b"B"]
    assert sorted(p.name for p in (tmp_path / "new" / "out").iterdir()) == ["a.pdf", "b.docx"]
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(paths[0].stat().st_mode) == 0o666 & ~umask  # not mkstemp's 0600


def test_a_symlink_at_the_target_is_replaced_and_its_target_untouched(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"precious")
    out = tmp_path / "out"
    out.mkdir()
    (out / "x.pdf").symlink_to(victim)
    (out / "y.pdf").symlink_to(tmp_path / "dangling")
    publish({"x.pdf": b"new x", "y.pdf": b"new y"}, out)
    assert victim.read_bytes() == b"precious"
    assert not (out / "x.pdf").is_symlink() and (out / "x.pdf").read_bytes() == b"new x"
    assert not (tmp_path / "dangling").exists()
    assert (out / "y.pdf").read_bytes() == b"new y"


@pytest.mark.parametrize(
    "name", ["../x.pdf", "sub/x.pdf", "..", ".", "", ".hidden.pdf", "a\\b.pdf", "a\x00b", "a\nb"]
)
def test_names_that_could_escape_or_hide_are_refused_before_anything_is_written(
    tmp_path: Path, name: str
) -> None:
    out = tmp_path / "out"
    with pytest.raises(OutputError, match="plain, visible file names"):
        publish({"ok.pdf": b"ok", name: b"x"}, out)
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_brief_id_that_would_escape_the_folder_never_reaches_publish(tmp_path: Path) -> None:
    brief = tmp_path / "b.yaml"
    brief.write_text(BRIEF.read_text("utf-8").replace("id: us-belarus-normalization", "id: ../../x", 1))
    result = _build(tmp_path / "out", brief)
    assert result.code == 2 and "id: must be lower-case letters, digits and hyphens" in result.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.yaml"]


def test_a_folder_at_a_target_name_fails_before_any_file_changes(out_with_previous: Path) -> None:
    (out_with_previous / "c.pdf").mkdir()
    before = snapshot(out_with_previous)
    with pytest.raises(OutputError, match=r"c\.pdf: is a folder"):
        publish({OUTPUTS[0]: b"new", "c.pdf": b"new"}, out_with_previous)
    assert snapshot(out_with_previous) == before


def test_a_failure_half_way_through_the_renames_puts_everything_back(
    out_with_previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(out_with_previous)
    real_replace = os.replace
    calls = []

    def replace(src, dst):
        calls.append(dst)
        if len(calls) == 3:  # the first two files are in place; the third rename fails
            raise OSError(errno.EIO, "Input/output error", str(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(publish_module.os, "replace", replace)
    files = {OUTPUTS[0]: b"new docx", "fresh.txt": b"new file", OUTPUTS[1]: b"new pdf"}
    with pytest.raises(OutputError, match="Input/output error; nothing was published"):
        publish(files, out_with_previous)
    assert snapshot(out_with_previous) == before


def test_ctrl_c_during_the_renames_also_puts_everything_back(
    out_with_previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(out_with_previous)
    real_replace = os.replace
    interrupted: list[Path] = []

    def replace(src, dst):
        if Path(dst).name == OUTPUTS[1] and not interrupted:  # one Ctrl-C, on the second file
            interrupted.append(dst)
            raise KeyboardInterrupt
        return real_replace(src, dst)

    monkeypatch.setattr(publish_module.os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        publish({OUTPUTS[0]: b"new", OUTPUTS[1]: b"new"}, out_with_previous)
    assert snapshot(out_with_previous) == before


# --- a failing writer ---------------------------------------------------------------------------
def fail_writer_run(monkeypatch: pytest.MonkeyPatch, n: int, error: BaseException) -> list[str]:
    """Make the ``n``-th writer run raise ``error``, whichever format the build runs first;
    returns the formats run so far (the build may lay out the PDF first, for page numbers)."""
    from briefbuilder.writers import docx as docx_writer
    from briefbuilder.writers import pdf as pdf_writer

    runs: list[str] = []

    def wrap(module: object, attr: str, fmt: str) -> None:
        real = getattr(module, attr)

        def run(document):
            runs.append(fmt)
            if len(runs) == n:
                raise error
            return real(document)

        monkeypatch.setattr(module, attr, run)

    wrap(docx_writer, "write_docx", "docx")
    # write_pdf calls render_pdf where it exists: patch the bottom one so a run counts once
    wrap(pdf_writer, "render_pdf" if hasattr(pdf_writer, "render_pdf") else "write_pdf", "pdf")
    return runs


@pytest.mark.parametrize(
    ("error", "code", "message"),
    [
        (RuntimeError("boom"), 1, "internal error: RuntimeError: boom"),
        (BuildError("the PDF cannot be laid out"), 3, "the PDF cannot be laid out"),
        (MemoryError(), 1, "internal error: MemoryError"),
    ],
    ids=["bug", "build-error", "memory"],
)
def test_when_the_second_writer_fails_the_output_folder_is_left_as_it_was(
    out_with_previous: Path, monkeypatch: pytest.MonkeyPatch, error: Exception, code: int, message: str
) -> None:
    runs = fail_writer_run(monkeypatch, 2, error)
    before = snapshot(out_with_previous)
    result = _build(out_with_previous)
    assert sorted(runs) == ["docx", "pdf"]  # the first format was really built, then the second failed
    assert result.code == code and message in result.err
    assert "Traceback" not in result.err
    assert snapshot(out_with_previous) == before


# --- disk full ----------------------------------------------------------------------------------
@pytest.fixture
def tiny_tmpfs() -> Iterator[Path]:
    """A 64 KiB tmpfs: a real full disk. Needs root and a mount-capable sandbox."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root (CI runs as root)")
    mountpoint = Path(tempfile.mkdtemp(prefix="bb-tmpfs-"))
    proc = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k,mode=0755", "tmpfs", str(mountpoint)],
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        mountpoint.rmdir()
        pytest.skip(f"cannot mount a tmpfs here: {proc.stderr.strip()}")
    try:
        yield mountpoint
    finally:
        subprocess.run(["umount", "-l", str(mountpoint)], check=False)
        mountpoint.rmdir()


def test_a_full_disk_keeps_the_previous_files_and_leaves_nothing_half_written(tiny_tmpfs: Path) -> None:
    out = tiny_tmpfs / "out"
    out.mkdir()
    for name in OUTPUTS:
        (out / name).write_bytes(b"PREVIOUS GOOD " + name.encode())
    before = snapshot(out)
    result = _build(out)
    assert result.code == 4, result.err
    assert "No space left on device" in result.err
    assert "nothing was published and existing files are unchanged" in result.err
    assert snapshot(out) == before  # no truncated file, no temporary file, no staging folder
    assert shutil.disk_usage(tiny_tmpfs).used < 16 * 1024  # the partial files were removed


@pytest.mark.parametrize("where", ["write", "fsync"])
def test_disk_full_injected_on_write_or_fsync_gives_exit_4_and_changes_nothing(
    out_with_previous: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    # os is one module for everybody: fail only the files opened inside the output folder
    def in_out(fd: int) -> bool:
        return os.readlink(f"/proc/self/fd/{fd}").startswith(str(out_with_previous))

    real_fsync, real_fdopen = os.fsync, os.fdopen

    def fsync(fd: int) -> None:
        if in_out(fd):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    def fdopen(fd: int, *args, **kwargs):
        return _FullFile(fd) if in_out(fd) else real_fdopen(fd, *args, **kwargs)

    monkeypatch.setattr(os, "fsync" if where == "fsync" else "fdopen", fsync if where == "fsync" else fdopen)
    before = snapshot(out_with_previous)
    result = _build(out_with_previous)
    assert result.code == 4, result.err
    assert f"{out_with_previous}: cannot write: No space left on device" in result.err
    assert snapshot(out_with_previous) == before


class _FullFile:
    """A file object whose writes fail like a full disk's (and that still closes its fd)."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def __enter__(self) -> _FullFile:
        return self

    def __exit__(self, *exc: object) -> None:
        os.close(self.fd)

    def write(self, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


# --- permission denied, as a real unprivileged user ---------------------------------------------
def _as_nobody(*args: str) -> subprocess.CompletedProcess[str]:
    if os.geteuid() != 0:
        pytest.skip("dropping privileges needs root; as an ordinary user chmod already suffices")
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("setpriv (util-linux) is not installed")
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONDONTWRITEBYTECODE": "1", "HOME": "/nonexistent"}
    cmd = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-m", "briefbuilder"]
    return subprocess.run([*cmd, *args], capture_output=True, text=True, env=env, cwd="/")


@pytest.fixture
def root_owned_out() -> Iterator[Path]:
    """A root-owned folder (mode 755) that others may enter but not write, with a previous build."""
    base = Path(tempfile.mkdtemp(prefix="bb-perm-"))
    try:
        base.chmod(0o755)
        out = base / "out"
        out.mkdir(mode=0o755)
        out.chmod(0o755)
        for name in OUTPUTS:
            (out / name).write_bytes(b"PREVIOUS GOOD " + name.encode())
        yield out
    finally:
        shutil.rmtree(base)


def test_permission_denied_for_an_unprivileged_user_gives_exit_4_and_a_clear_message(
    root_owned_out: Path,
) -> None:
    before = snapshot(root_owned_out)
    proc = _as_nobody("build", str(BRIEF), "--audience", "executive", "--out", str(root_owned_out))
    assert proc.returncode == 4, proc.stderr
    assert proc.stderr.strip() == (
        f"briefbuilder: error: {root_owned_out}: cannot write into the output folder: Permission denied; "
        "nothing was published and existing files are unchanged"
    )
    assert snapshot(root_owned_out) == before


def test_an_output_folder_that_cannot_be_created_gives_exit_4(root_owned_out: Path) -> None:
    target = root_owned_out / "new" / "deeper"
    proc = _as_nobody("build", str(BRIEF), "--audience", "executive", "--out", str(target))
    assert proc.returncode == 4, proc.stderr
    assert "cannot create the output folder: Permission denied" in proc.stderr
    assert not (root_owned_out / "new").exists()


def test_an_unreadable_brief_is_invalid_input_for_an_unprivileged_user(root_owned_out: Path) -> None:
    secret = root_owned_out.parent / "secret.yaml"
    shutil.copy(BRIEF, secret)
    secret.chmod(0o600)
    proc = _as_nobody("check", str(secret))
    assert proc.returncode == 2
    assert f"{secret}: cannot read: Permission denied" in proc.stderr


def test_the_package_itself_runs_for_an_unprivileged_user() -> None:
    """Guards the tests above: their failures must come from the folder, not from the venv."""
    proc = _as_nobody("check", str(BRIEF))
    assert proc.returncode == 0, proc.stderr
    assert str(ROOT) in str(BRIEF)


# --- interrupted batch --------------------------------------------------------------------------
def test_an_interrupted_batch_keeps_finished_briefs_whole_and_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    second = tmp_path / "second.yaml"
    second.write_text(BRIEF.read_text("utf-8").replace("id: us-belarus-normalization", "id: second-brief", 1))
    out = tmp_path / "out"
    runs = fail_writer_run(monkeypatch, 3, KeyboardInterrupt())  # Ctrl-C in the second brief
    result = _build(out, BRIEF, second)
    assert result.code == 130 and len(runs) == 3
    assert "interrupted" in result.err and "Traceback" not in result.err
    assert sorted(p.name for p in out.iterdir()) == sorted(OUTPUTS)  # the first brief, complete
    assert all((out / name).stat().st_size > 1000 for name in OUTPUTS)


def test_ctrl_c_while_files_are_being_written_leaves_the_folder_as_it_was(
    out_with_previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fsync = os.fsync

    def interrupted_fsync(fd: int) -> None:
        if os.readlink(f"/proc/self/fd/{fd}").startswith(str(out_with_previous)):
            raise KeyboardInterrupt  # Ctrl-C while the staged files are being synced
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", interrupted_fsync)
    before = snapshot(out_with_previous)
    result = _build(out_with_previous)
    assert result.code == 130 and "interrupted" in result.err
    assert snapshot(out_with_previous) == before
