"""Header safety: what may go into an e-mail header, and proof that the header came out as built.

Python's email package before the fixes for CVE-2024-6923 and CVE-2026-1299 (3.11.7 here) decodes
an RFC 2047 encoded word such as ``=?utf-8?q?Pat=0D=0ABcc=3A_x=40evil.example?=`` while building a
header and folds the decoded CR LF out as a real line break: the message gains a forged ``Bcc:``.
briefbuilder does not rely on the Python it runs on being fixed. Two independent defences:

* ``header_problem`` refuses, before anything is built, any text bound for a header (names,
  subject, file names) that holds a control character or an encoded word at all: one that decodes
  to a control character is an injection; any other would be shown decoded, not as written.
* ``round_trip_problems`` parses every serialized message back, as a receiving client would, and
  compares its header names and counts (in every MIME part), address lists, subject and attachment
  names with what was built. A message that differs is never written or sent.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping, Sequence
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

# C0 controls, DEL, C1 controls, and the Unicode line and paragraph separators.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# An RFC 2047 encoded word, loosely: Python's parser also decodes ones with spaces inside or
# with no space around them, so anything that could be taken for one is matched.
_ENCODED_WORD = re.compile(r"=\?([^?]*)\?([qQbB])\?(.*?)\?=", re.DOTALL)
_Q_ESCAPE = re.compile(rb"=([0-9A-Fa-f]{2})")
ADDRESS_FIELDS = ("from", "sender", "to", "cc", "bcc", "reply-to")
_LINE_BREAKS = "\r\n\x0b\x0c\x85\u2028\u2029"
_CHAR_NAMES = {"\r": "a carriage return", "\n": "a line break", "\t": "a tab"}


def _describe(ch: str) -> str:
    return f"{_CHAR_NAMES.get(ch, 'the control character')} (U+{ord(ch):04X})"


def decode_encoded_word(charset: str, encoding: str, text: str) -> str:
    """The text an encoded word stands for, decoded as leniently as a mail parser would.

    Bytes the charset cannot decode become U+FFFD, an unknown charset is read as Latin-1, and a
    byte that is a control character in ASCII is kept as one whatever the label claims (a UTF-16
    label must not hide a CR)."""
    raw = text.encode("utf-8", "surrogateescape")
    if encoding in "qQ":
        data = _Q_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), raw.replace(b"_", b" "))
    else:
        packed = re.sub(rb"[^A-Za-z0-9+/]", b"", raw)
        packed = packed[: len(packed) - len(packed) % 4] if len(packed) % 4 == 1 else packed
        data = base64.b64decode(packed + b"=" * (-len(packed) % 4))
    name = charset.partition("*")[0].strip() or "ascii"  # RFC 2231 allows "charset*language"
    try:
        decoded = data.decode(name, "replace")
    except LookupError:
        decoded = data.decode("latin-1")
    hidden = "".join(chr(b) for b in data if b < 0x20 or b == 0x7F)
    return decoded if _CONTROL.search(decoded) or not hidden else decoded + hidden


def header_problem(text: str) -> str | None:
    """Why ``text`` cannot go into an e-mail header, or None.

    Refused: a control character (C0, DEL, C1, U+2028/U+2029), and any RFC 2047 encoded word,
    because a mail program shows it decoded: one that decodes to a line break would become a new
    header line on some Pythons (CVE-2024-6923), any other would not read as written."""
    m = _CONTROL.search(text)
    if m is not None:
        return f"contains {_describe(m.group())}, which an e-mail header must not hold"
    for word in _ENCODED_WORD.finditer(text):
        decoded = decode_encoded_word(*word.groups())
        bad = _CONTROL.search(decoded)
        if bad is not None:
            why = (
                "mail software would take it as the start of a new header line (header injection)"
                if bad.group() in _LINE_BREAKS
                else "an e-mail header must not hold it"
            )
            return (
                f"contains the encoded word {_short(word.group())} (RFC 2047), which decodes to "
                f"{_describe(bad.group())}: {why}; write the text itself"
            )
        return (
            f"contains the encoded word {_short(word.group())} (RFC 2047), which mail programs "
            f"would show as {_short(decoded)}, not as written; write the text itself"
        )
    return None


def _short(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


# --- after serialization --------------------------------------------------------------------------
def round_trip_problems(
    built: EmailMessage,
    data: bytes,
    addresses: Mapping[str, Sequence[tuple[str, str]]],
    subject: str,
    filenames: Sequence[str],
) -> list[str]:
    """How ``data``, parsed back, differs from the message that was built; [] when it does not.

    ``addresses`` maps each address field set (lower case, e.g. "to") to its (display name,
    address) pairs as given, *before* the email package saw them; every other address field must
    be absent. Header names are compared in order, with their counts, in every MIME part."""
    parsed = BytesParser(policy=policy.default).parsebytes(data)
    problems: list[str] = []
    built_parts, parsed_parts = list(built.walk()), list(parsed.walk())
    if len(built_parts) != len(parsed_parts):
        problems.append(f"{len(parsed_parts)} MIME parts instead of {len(built_parts)}")
    for i, (b, p) in enumerate(zip(built_parts, parsed_parts, strict=False)):
        want, got = [k.lower() for k in b], [k.lower() for k in p]
        if want != got:
            where = "" if i == 0 else f" of MIME part {i}"
            problems.append(f"the headers{where} are {_names(got)} instead of {_names(want)}")
    for name in ADDRESS_FIELDS:
        want_pairs = [(n, a.lower()) for n, a in addresses.get(name, ())]
        got_pairs = [
            (a.display_name, a.addr_spec.lower())
            for header in parsed.get_all(name, [])
            for a in getattr(header, "addresses", ())
        ]
        if [(_ws(n), a) for n, a in want_pairs] != [(_ws(n), a) for n, a in got_pairs]:
            problems.append(f"{_title(name)} reads as {_pairs(got_pairs)} instead of {_pairs(want_pairs)}")
    got_subject = " ".join(str(parsed.get("subject", "")).split())
    if _ws(got_subject) != _ws(subject):
        problems.append(f"the Subject reads as {_short(got_subject)} instead of {_short(subject)}")
    got_files = [part.get_filename() for part in parsed.iter_attachments()]
    if got_files != list(filenames):
        problems.append(f"the attachments are named {got_files} instead of {list(filenames)}")
    return problems


def _ws(text: str) -> str:
    """Text without its whitespace: folding may add or drop a space between encoded words."""
    return "".join(text.split())


def _title(name: str) -> str:
    return "-".join(part.capitalize() for part in name.split("-"))


def _names(names: list[str]) -> str:
    return ", ".join(_title(n) for n in names) or "none"


def _pairs(pairs: list[tuple[str, str]]) -> str:
    return "[" + ", ".join(f"{n} <{a}>" if n else f"<{a}>" for n, a in pairs) + "]"
