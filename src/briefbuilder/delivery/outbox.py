"""The outbox: one .eml per recipient plus ``manifest.json``, published together, atomically.

Any mail client opens the .eml files (they are the exact bytes SMTP would send). The set is written
with ``briefbuilder.output.publish`` (temp file, fsync, rename; the manifest last), so a reader never sees
half a message, and .eml files that an earlier run listed in its manifest but this run does not
write are removed: the outbox always holds exactly one batch. Files briefbuilder did not write are
never touched.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from pathlib import Path
from typing import Any

from briefbuilder.delivery.plan import Batch, Outgoing
from briefbuilder.output.publish import publish

MANIFEST = "manifest.json"


def eml_name(index: int, out: Outgoing) -> str:
    safe = re.sub(r"[^A-Za-z0-9._@+-]+", "_", out.recipient.mailbox.address)
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
                "bytes": len(out.data),
                "attachments": [
                    {
                        "filename": a.filename,
                        "content_type": a.content_type,
                        "bytes": len(a.data),
                        "sha256": hashlib.sha256(a.data).hexdigest(),
                    }
                    for a in out.attachments
                ],
            }
            for name, out in zip(names, batch.outgoing, strict=True)
        ],
    }


def write_outbox(batch: Batch, folder: Path) -> list[Path]:
    """Publish every message and the manifest into ``folder``; return the paths written."""
    names = [eml_name(i, out) for i, out in enumerate(batch.outgoing, 1)]
    files = {name: out.data for name, out in zip(names, batch.outgoing, strict=True)}
    text = json.dumps(manifest(batch, names), indent=2, ensure_ascii=False) + "\n"
    files[MANIFEST] = text.encode()  # last: a manifest never lists a message not yet in place
    stale = _previous(folder) - set(files)
    written = publish(files, folder)
    for name in stale:
        path = folder / name
        with contextlib.suppress(OSError):
            if path.is_file() and not path.is_symlink():
                path.unlink()
    return written


def _previous(folder: Path) -> set[str]:
    """The .eml names an earlier run's manifest listed (plain names only)."""
    try:
        data = json.loads((folder / MANIFEST).read_text("utf-8"))
        names = {m["file"] for m in data["messages"]}
    except (OSError, ValueError, KeyError, TypeError):
        return set()
    return {n for n in names if isinstance(n, str) and n.endswith(".eml") and "/" not in n and "\\" not in n}
