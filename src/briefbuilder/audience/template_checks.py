"""What a template's types alone cannot say: a look that can be laid out, sections named once
(built-in keys, or keys a brief's own sections may have), prose with valid markup and known
placeholders. Problems are recorded on the template's converter, all in one pass."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from briefbuilder.audience import placeholders
from briefbuilder.audience.look import Look
from briefbuilder.audience.look_fonts import checked_fonts
from briefbuilder.brief.typed import Converter
from briefbuilder.brief.values import CUSTOM_KEY
from briefbuilder.errors import InvalidInput

if TYPE_CHECKING:
    from briefbuilder.audience.templates import LookSpec, SectionSpec

_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


def none_word(text: str | None) -> bool:
    """Is ``text`` the word that switches a template's text off ('none', any case)?"""
    return text is not None and text.strip().lower() == "none"


def checked_look(spec: LookSpec | None, conv: Converter) -> Look:
    """The default look with the template's changes, each checked; InvalidInput if any is wrong."""
    look = Look()
    if spec is None:
        return look
    changes = {f.name: getattr(spec, f.name) for f in dataclasses.fields(spec)}
    changes = {k: v for k, v in changes.items() if v is not None}

    def fail(key: str, message: str) -> None:
        conv.fail(conv.nodes.get(key), key, message)

    if "margins_mm" in changes and len(changes["margins_mm"]) != 4:
        fail("look.margins_mm", "expected four numbers: top, right, bottom, left")
    for key in ("accent", "marking_color"):
        value = changes.get(key)
        if value is not None and not _is_colour(value):
            fail(f"look.{key}", f"expected a colour as #RRGGBB, got {value!r}")
    checked_fonts(changes, conv)
    _check_positive(conv, changes)
    if isinstance(changes.get("reference_docx"), str):
        changes["reference_docx"] = _reference_docx(changes["reference_docx"], conv)
    if conv.problems:
        raise InvalidInput(conv.problems)
    return dataclasses.replace(look, **changes)


def check_sections(sections: Sequence[SectionSpec], builtin: Sequence[str], conv: Converter) -> None:
    """Each section once; a key is built in, or may be a brief's own section (a near miss of a
    built-in key is a typo, not a custom section); limits of 1 or more."""
    seen: set[str] = set()
    for i, s in enumerate(sections):
        path = f"sections[{i}].key"
        if s.key in seen:
            conv.fail(conv.nodes.get(path), path, f"section {s.key!r} appears twice")
        seen.add(s.key)
        if s.key not in builtin:
            import difflib  # imported for a custom or mistyped key only

            close = difflib.get_close_matches(s.key, builtin, n=1, cutoff=0.8)
            if close or not CUSTOM_KEY.match(s.key):
                tip = (
                    f"did you mean {close[0]!r}?"
                    if close
                    else ("a brief's own section has a key of lower-case letters, digits and underscores")
                )
                conv.fail(
                    conv.nodes.get(path),
                    path,
                    f"unknown section {s.key!r}; {tip} (built in: {', '.join(builtin)})",
                )
        if s.limit is not None and s.limit < 1:
            conv.fail(conv.nodes.get(f"sections[{i}].limit"), f"sections[{i}].limit", "must be 1 or more")


def check_labels(labels: dict[str, str | dict[str, str]], conv: Converter) -> None:
    """Every label key is one the documents print (a typo is refused, with the nearest key), a
    per-language text is keyed by a language tag, and a text uses only its label's placeholders."""
    from briefbuilder.language.labels import LABELS, placeholders_of

    for key, value in labels.items():
        path = f"labels.{key}"
        if key not in LABELS:
            import difflib

            close = difflib.get_close_matches(key, list(LABELS), n=1, cutoff=0.6)
            tip = f"did you mean {close[0]!r}? " if close else ""
            conv.fail(
                conv.nodes.get(path + "#key"), path, f"unknown label {key!r}; {tip}known: {', '.join(LABELS)}"
            )
            continue
        allowed = placeholders_of(LABELS[key])
        for tag, text in value.items() if isinstance(value, dict) else (("", value),):
            sub = f"{path}.{tag}" if tag else path
            if tag:
                check_language_key(conv, sub, tag)
            extra = placeholders_of(text) - allowed
            if extra:
                known = ", ".join(f"{{{name}}}" for name in sorted(allowed)) or "none"
                conv.fail(
                    conv.nodes.get(sub),
                    sub,
                    f"unknown placeholder {{{sorted(extra)[0]}}} in the label; known: {known}",
                )


def check_language_key(conv: Converter, path: str, tag: str) -> None:
    """A key of a text given per language: a language tag ('fr', 'en-US') or 'default'."""
    if tag != "default" and not _LANGUAGE_TAG.match(tag):
        message = f"expected a language tag such as 'fr' or 'en-US' (or 'default'), got {tag!r}"
        conv.fail(conv.nodes.get(path + "#key"), path, message)


def check_prose(conv: Converter, key: str, text: str) -> None:
    """Template prose goes through the same inline markup as a brief's, and its placeholders
    must be known."""
    from briefbuilder.brief import markup

    try:
        markup.parse(text)
    except markup.MarkupError as exc:
        conv.fail(conv.nodes.get(key), key, str(exc))
    for name in placeholders.unknown(text):
        known = ", ".join(placeholders.NAMES)
        conv.fail(conv.nodes.get(key), key, f"unknown placeholder {{{{ {name} }}}}; known: {known}")


def _check_positive(conv: Converter, changes: dict[str, object]) -> None:
    """Sizes and margins a page can actually be laid out with."""
    size = changes.get("body_size")
    if isinstance(size, float) and not 6 <= size <= 36:
        conv.fail(
            conv.nodes.get("look.body_size"), "look.body_size", f"expected 6 to 36 points, got {size:g}"
        )
    margins = changes.get("margins_mm")
    if isinstance(margins, tuple):
        for i, m in enumerate(margins):
            if not 0 < m <= 60:
                path = f"look.margins_mm[{i}]"
                conv.fail(
                    conv.nodes.get(path), path, f"expected a margin above 0 and at most 60 mm, got {m:g}"
                )


def _reference_docx(relative: str, conv: Converter) -> Path | None:
    """``look.reference_docx``, relative to the folder of the template that names it (as a logo
    is): a readable .docx with styles, or a problem at its line."""
    import zipfile

    node = conv.nodes.get("look.reference_docx")
    file = node.start_mark.name if node is not None else conv.file
    path = (Path(file).parent / relative).resolve()
    try:
        with zipfile.ZipFile(path) as z:
            usable = "word/styles.xml" in z.namelist()
    except (OSError, zipfile.BadZipFile) as exc:
        conv.fail(node, "look.reference_docx", f"cannot read {relative!r} as a .docx: {exc}")
        return None
    if not usable:
        conv.fail(node, "look.reference_docx", f"{relative!r} is a .docx with no styles (word/styles.xml)")
        return None
    return path


def _is_colour(value: str) -> bool:
    return len(value) == 7 and value[0] == "#" and all(c in "0123456789abcdefABCDEF" for c in value[1:])
