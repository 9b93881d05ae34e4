"""Messages on disk, one at a time: the outbox (.eml files and ``manifest.json``), and the private
spool an SMTP run sends from.

Any mail client opens the .eml files (they are the exact bytes SMTP would send). The outbox is
written with ``briefbuilder.output.publish`` (temp file, fsync, rename; the manifest last), so a
reader never sees half a message and a failure leaves the folder as it was; .eml files that an
earlier run listed in its manifest but this run does not write are removed: the outbox always holds
exactly one batch. Files briefbuilder did not write are never touched.

Messages are built while they are written, never all held at once: ``publish`` stages its files in
order and asks for each one's bytes only when it writes it, so handing it a mapping that builds a
message on request means each is built, checked, written and dropped before the next (memory does
not grow with the list). A message that cannot be built is recorded; the manifest, asked for last,
then raises InvalidInput, and ``publish`` removes what it staged: all or nothing, as before.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, cast

from briefbuilder.delivery.plan import Batch, Outgoing, Plan
from briefbuilder.delivery.recipients import Recipient
from briefbuilder.errors import OutputError
from briefbuilder.output.publish import publish

MANIFEST = "manifest.json"


def eml_name(index: int, who: Outgoing | Recipient) -> str:
    recipient = who.recipient if isinstance(who, Outgoing) else who
    safe = re.sub(r"[^A-Za-z0-9._@+-]+", "_", recipient.mailbox.address)
    return f"{index:03d}-{safe}.eml"


def manifest(batch: Batch, names: list[str]) -> dict[str, Any]:
    return {
        "batch": batch.id,
        "brief": batch.brief_id,
        "version": batch.version,
        "list": batch.list_name,
        "from": batch.sender.address,
        "date": batch.date.isoformat(),
        "messages": [
            {
                "file": name,
                "to": out.recipient.mailbox.address,
                "name": out.recipient.mailbox.name,
                "audience": out.recipient.audience,
                "subject": out.subject,
                "message_id": out.message_id,
                "bytes": out.size,
                "attachments": [
                    {
                        "filename": a.filename,
                        "content_type": a.content_type,
                        "bytes": a.size,
                        "sha256": a.sha256,
                    }
                    for a in out.attachments
                ],
            }
            for name, out in zip(names, batch.outgoing, strict=True)
        ],
    }


class _Streamed(Mapping[str, bytes]):
    """File name -> bytes for ``publish``: each message built when its name is asked for, in order."""

    def __init__(self, plan: Plan) -> None:
        self._plan = plan
        self._names = {eml_name(i, r): r.key for i, r in enumerate(plan.recipients, 1)}
        self._built = plan.messages()
        self._next: Outgoing | None = None  # built, but for a later name (an earlier one failed)
        self._kept: list[Outgoing] = []  # for the manifest: no message bytes

    def __iter__(self) -> Iterator[str]:
        return iter([*self._names, MANIFEST])

    def __len__(self) -> int:
        return len(self._names) + 1

    def __contains__(self, name: object) -> bool:  # Mapping's default would build the message
        return name == MANIFEST or name in self._names

    def __getitem__(self, name: str) -> bytes:
        if name == MANIFEST:
            for _ in self._built:  # ends with InvalidInput if any message was refused
                pass
            batch = self._plan.batch(self._kept)
            names = [eml_name(i, out) for i, out in enumerate(batch.outgoing, 1)]
            return (json.dumps(manifest(batch, names), indent=2, ensure_ascii=False) + "\n").encode()
        out = self._next or next(self._built, None)
        if out is None or out.key != self._names[name]:
            self._next = out
            return b""  # this recipient's message was refused: the manifest will raise
        self._next = None
        self._kept.append(out.metadata())
        return out.data


def write_outbox(plan: Plan, folder: Path) -> list[Path]:
    """Build and publish every message and the manifest into ``folder``; return the paths written."""
    files = _Streamed(plan)
    stale = _previous(folder) - set(files)
    missing = [p for p in (folder, *folder.absolute().parents) if not p.exists()]
    try:
        written = publish(cast(dict[str, bytes], files), folder)
    except BaseException:
        for created in missing:  # deepest first; only the folders publish made, and only if empty
            with contextlib.suppress(OSError):
                created.rmdir()
        raise
    for name in stale:
        path = folder / name
        with contextlib.suppress(OSError):
            if path.is_file() and not path.is_symlink():
                path.unlink()
    return written


@contextlib.contextmanager
def spool(plan: Plan) -> Iterator[Batch]:
    """Build and check every message into a private folder (mode 0700, in TMPDIR) and yield the
    batch, each message read back only when it is sent; the folder is removed afterwards.

    Every message is checked before the first is sent (a bad one raises InvalidInput here), and
    memory holds one message at a time. The bytes sent are verified against the digest taken
    when each was built (``Outgoing.data``)."""
    try:
        folder = Path(tempfile.mkdtemp(prefix="briefbuilder-spool-"))
    except OSError as exc:
        raise OutputError(f"cannot make a spool folder in {tempfile.gettempdir()}: {exc.strerror}") from None
    try:
        outgoing = []
        for i, out in enumerate(plan.messages(), 1):
            path = folder / f"{i:06d}.eml"
            try:
                with open(path, "xb") as fh:
                    fh.write(out.data)
            except OSError as exc:
                raise OutputError(f"{path}: cannot spool the message: {exc.strerror}") from None
            outgoing.append(out.spooled(path))
        yield plan.batch(outgoing)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _previous(folder: Path) -> set[str]:
    """The .eml names an earlier run's manifest listed (plain names only)."""
    try:
        data = json.loads((folder / MANIFEST).read_text("utf-8"))
        names = {m["file"] for m in data["messages"]}
    except (OSError, ValueError, KeyError, TypeError):
        return set()
    return {n for n in names if isinstance(n, str) and n.endswith(".eml") and "/" not in n and "\\" not in n}
