"""A reference .docx for a run: the audiences' looks take it, and its gaps become warnings."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from briefbuilder.audience.templates import Audience
from briefbuilder.errors import Problem


def with_reference_doc(
    audiences: tuple[Audience, ...], reference_doc: str | os.PathLike[str] | None, problems: list[Problem]
) -> tuple[tuple[Audience, ...], tuple[str, ...]]:
    """The audiences with ``reference_doc`` as their looks' reference .docx, and a note for
    each reference (given here or by a template) that lacks styles the writer needs. (The
    checker, and python-docx with it, is imported only when there is a reference to check.)"""
    if reference_doc is not None:
        path = Path(reference_doc)
        audiences = tuple(
            dataclasses.replace(a, look=dataclasses.replace(a.look, reference_docx=path)) for a in audiences
        )
    notes: list[str] = []
    for ref in dict.fromkeys(a.look.reference_docx for a in audiences if a.look.reference_docx is not None):
        from briefbuilder.writers.docx_reference import ReferenceError, missing_styles

        try:
            missing = missing_styles(ref)
        except ReferenceError as exc:
            problems.append(Problem("--reference-doc", None, None, "", str(exc)))
            continue
        if missing:
            notes.append(
                f"warning: {ref} has no style {', '.join(repr(m) for m in missing)}; "
                "the built-in definition is used"
            )
    return audiences, tuple(notes)
