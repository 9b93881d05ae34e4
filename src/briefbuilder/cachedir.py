"""The user's cache folder for briefbuilder, as platformdirs names it, found without importing
platformdirs on Linux (8 ms of a cold build, for one environment variable and a home folder).

Every cache there is derived from its inputs (font subsets, verified images, figure images,
page counts, the last paging of a brief) and may be deleted at any time; ``BRIEFBUILDER_NO_CACHE``
turns the ones that use this module off.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path


def cache_folder(*parts: str) -> Path | None:
    """``<user cache>/briefbuilder/<parts>``, or None when caching is off or there is no home."""
    if os.environ.get("BRIEFBUILDER_NO_CACHE"):
        return None
    try:
        if sys.platform.startswith("linux"):  # what platformdirs.user_cache_path does there
            base = os.environ.get("XDG_CACHE_HOME", "").strip()
            root = Path(base) if base else Path.home() / ".cache"
            return root.joinpath("briefbuilder", *parts)
        from platformdirs import user_cache_path

        return user_cache_path("briefbuilder").joinpath(*parts)
    except Exception:  # no home folder
        return None


def cached_bytes(folder: Path | None, name: str, make: Callable[[], bytes]) -> bytes:
    """``make()``'s bytes kept as ``folder/name``: read from there when present, else made and
    written there (through a temporary file, so a reader never sees half of one). A cache that
    cannot be read or written is only slower; ``folder`` None: made every time."""
    file = folder / name if folder is not None else None
    if file is not None:
        try:
            return file.read_bytes()
        except OSError:
            pass
    data = make()
    if file is not None:
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
            tmp = file.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(data)
            os.replace(tmp, file)
        except OSError:
            pass
    return data
