"""reportlab's platypus, imported without compiling the one pattern it never uses for us.

``reportlab.platypus.paragraph`` compiles, as it is imported, a case-insensitive URL pattern
over most of Unicode (``uri_pat``: about 40 ms of CPU, a tenth of the writer's import, in every
process). Only a style with ``uriWasteReduce`` matches it, and none of the writer's has one. The
PDF writer imports platypus through this module first: while ``paragraph`` is imported, that one
pattern is given a stand-in that compiles it on first use, so everything behaves as before and
a process that never breaks a URL-heavy line never pays for it.
"""

from __future__ import annotations

import re
import sys
from typing import Any

__all__ = ["DeferredPattern", "import_platypus"]

_PARAGRAPH = "reportlab.platypus.paragraph"
_URI_START = r"(^(?:[a-z0-9\.\-\+]*)://)"  # how reportlab's uri_pat begins


class DeferredPattern:
    """A regular expression compiled when first used (``match``, ``search``, ...)."""

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern, self.flags = pattern, flags
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return getattr(self._compiled, name)


def import_platypus() -> None:
    """Import ``reportlab.platypus`` (once per process), deferring ``uri_pat``'s compilation."""
    if _PARAGRAPH in sys.modules:
        return
    compile_ = re.compile

    def deferring(pattern: Any, flags: int = 0) -> Any:
        if isinstance(pattern, str) and pattern.startswith(_URI_START) and flags == re.I:
            return DeferredPattern(pattern, flags)
        return compile_(pattern, flags)

    re.compile = deferring
    try:
        import reportlab.platypus  # noqa: F401  (imports paragraph)
    finally:
        re.compile = compile_


import_platypus()
