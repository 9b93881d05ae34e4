"""Images already verified, by the hash of their bytes: a logo is checked once per machine.

Verifying an image (``assets.check_image``) imports Pillow, decodes every pixel and may encode it
again: ~30 ms for the shipped logo, paid by every build and by ``audiences`` before this cache.
What it finds depends only on the file's bytes, the caps and Pillow's version, so it is kept
under a hash of those, in memory (a watch) and in the user's cache folder (the next process).
Pillow's version is read from its ``_version.py``, not imported: a build whose images were all
verified before never imports Pillow to plan (its layout measures text without it too).
Only images that passed are kept: a refused one is checked, and refused, every time. A cache
that cannot be read or written is only slower; ``BRIEFBUILDER_NO_CACHE`` switches it off.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.machinery
import os
import re
import sys
from pathlib import Path

_VERSION = "1"  # raise when check_image's verdict or re-encoding changes


def key(data: bytes, caps: tuple[int, ...]) -> str:
    digest = hashlib.sha256(data).hexdigest()
    return hashlib.sha256(f"{_VERSION}:{pillow_version()}:{caps}:{digest}".encode()).hexdigest()[:32]


@functools.cache
def pillow_version() -> str:
    """Pillow's version (``PIL.__version__``) without importing Pillow: read from the
    ``_version.py`` of the package an import would load, else imported after all."""
    loaded = sys.modules.get("PIL")
    if loaded is not None:
        return str(loaded.__version__)
    try:
        spec = importlib.machinery.PathFinder.find_spec("PIL")
        if spec is not None and spec.origin:
            text = Path(spec.origin).with_name("_version.py").read_text(encoding="utf-8")
            if found := re.search(r"^__version__ = [\"']([^\"']+)[\"']\s*$", text, re.MULTILINE):
                return found.group(1)
    except (OSError, ValueError, ImportError):
        pass
    from PIL import __version__

    return __version__


@functools.lru_cache(maxsize=64)
def lookup(cache_key: str) -> tuple[str, int, int, bytes] | None:
    """(format, width, height, clean bytes) of an image verified before, or None."""
    file = _file(cache_key)
    if file is None:
        return None
    try:
        raw = file.read_bytes()
        head, _, clean = raw.partition(b"\n")
        kind, width, height = head.decode("ascii").split()
        return kind, int(width), int(height), clean
    except (OSError, ValueError):
        return None


def remember(cache_key: str, kind: str, width: int, height: int, clean: bytes) -> None:
    file = _file(cache_key)
    if file is None:
        return
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        tmp = file.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(f"{kind} {width} {height}\n".encode("ascii") + clean)
        os.replace(tmp, file)
    except OSError:
        pass


def _file(cache_key: str) -> Path | None:
    from briefbuilder.cachedir import cache_folder

    folder = cache_folder("images")
    return folder / f"{cache_key}.img" if folder is not None else None
