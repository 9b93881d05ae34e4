"""Text files as briefbuilder reads them, and values as its messages quote them.

A file is read under a size cap as strict UTF-8 (a BOM allowed) and normalized to NFC; a value
echoed in a message is escaped and cut short, so that no input floods the output.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from briefbuilder.errors import InvalidInput, Problem

MAX_BYTES = 5 * 1024 * 1024


# A value quoted in a message: 'text' or "text" (a repr), opening after a space, bracket or the
# start, closing before a space, punctuation or the end (so "the authors' names" is no quote).
_QUOTED = re.compile(
    r"""(?<![^\s(\[{=:])('(?:[^'\\\n]|\\.){60,}'|"(?:[^"\\\n]|\\.){60,}")(?=[\s),.;:!?\]}]|$)"""
)
MAX_MESSAGE = 1_000


def cap_message(message: str) -> str:
    """A message with every quoted value in it cut to about 60 characters, and the whole to
    ``MAX_MESSAGE``: the safety net under ``shown``, for messages built anywhere (templates,
    lists...) that quote a value in full. Short messages pass untouched."""
    if len(message) <= 160:
        return message
    message = _QUOTED.sub(lambda m: shown_quoted(m.group()), message)
    return shorten(message, MAX_MESSAGE)


def shown_quoted(quoted: str, limit: int = 60) -> str:
    """An already quoted value (``'...'``), cut to ``limit`` characters with an ellipsis."""
    return quoted if len(quoted) <= limit else quoted[: limit - 2] + "\u2026" + quoted[-1]


def line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of character ``index`` in ``text``."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def read_text(path: Path, display: str | None = None) -> str:
    """Read a UTF-8 file (BOM allowed) under the size cap, or raise InvalidInput."""
    name = display or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InvalidInput(
                [Problem(name, None, None, "", f"file is {size:,} bytes; the limit is {MAX_BYTES:,}")]
            )
        with path.open("rb") as fh:  # read at most the cap: the file may grow after stat()
            data = fh.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise InvalidInput(
                [Problem(name, None, None, "", f"file is over the limit of {MAX_BYTES:,} bytes")]
            )
    except FileNotFoundError:
        raise InvalidInput([Problem(name, None, None, "", "file not found")]) from None
    except IsADirectoryError:
        raise InvalidInput([Problem(name, None, None, "", "is a directory, not a file")]) from None
    except OSError as exc:
        raise InvalidInput([Problem(name, None, None, "", f"cannot read: {exc.strerror}")]) from None
    return decode(data, name)


def decode(data: bytes, name: str) -> str:
    """Strict UTF-8 (a leading BOM is dropped); anything else is refused with a position and a hint."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InvalidInput(
            [Problem(name, 1, 1, "", "file is UTF-16; save it as UTF-8 (with or without BOM)")]
        )
    if b"\x00" in data[:4]:
        raise InvalidInput(
            [Problem(name, 1, 1, "", "file looks like UTF-16 or UTF-32 (NUL bytes); save it as UTF-8")]
        )
    try:
        return nfc(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        raise InvalidInput(
            [
                Problem(
                    name,
                    line,
                    col,
                    "",
                    f"byte 0x{data[exc.start]:02x} is not valid UTF-8; save the file as UTF-8 "
                    "(in most editors: Save As, encoding UTF-8)",
                )
            ]
        ) from None


def nfc(text: str) -> str:
    """``text`` in Unicode NFC: an accented letter as one character, as most editors write it.
    macOS writes some text decomposed (NFD): a letter and then a combining accent, which the
    fonts may lack on its own; both forms are the same text, so every input is read as NFC.
    Line breaks are never changed, so line numbers stay; a column counts composed letters, as
    an editor shows them."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def shorten(text: str, limit: int = 60) -> str:
    """``text`` cut to at most ``limit`` characters, with an ellipsis where it was cut: any value
    echoed in a message goes through this (or ``shown``), so a huge value never floods the output."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def shown(value: str, limit: int = 60) -> str:
    """A value quoted for a message: escaped (repr), and cut short with an ellipsis if long."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 2] + "…" + text[-1]
