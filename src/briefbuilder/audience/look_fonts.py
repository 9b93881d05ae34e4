"""A template's fonts: ``look.fonts`` (files) and the families ``look.body_font`` and
``look.heading_font`` name, checked with the file, line and column of the entry at fault.

Each file is read for its family and style (``fonts.reading``); the families are then known
by the names the fonts themselves carry, which is what a designer sees in a font menu. Each
file lives inside the template's folder (as a logo does: ``brief.assets.resolve_asset``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from briefbuilder.brief.typed import Converter
from briefbuilder.errors import InvalidInput
from briefbuilder.fonts.families import FontFamily, known_families
from briefbuilder.fonts.reading import FaceInfo, FontFileError, group_families, read_face


def checked_fonts(changes: dict[str, Any], conv: Converter) -> None:
    """Replace ``fonts``, ``body_font`` and ``heading_font`` in ``changes`` (a template's look
    as written) with what ``Look`` holds; problems are recorded on ``conv``."""
    files: tuple[str, ...] = changes.pop("fonts", None) or ()
    faces = [face for i, rel in enumerate(files) if (face := _face(rel, i, conv)) is not None]
    seen: dict[tuple[str, str], int] = {}
    for i, face in enumerate(faces):
        first = seen.setdefault((face.family, face.style), i)
        if first != i:
            path = f"look.fonts[{i}]"
            conv.fail(
                conv.nodes.get(path),
                path,
                f"{face.path.name!r} is a second {face.style} face of {face.family!r} "
                f"(the first is {faces[first].path.name!r}); list one file per face",
            )
    own = group_families(faces)
    clash = [f.name for f in own if f.name in known_families()]
    for name in clash:
        conv.fail(
            conv.nodes.get("look.fonts"),
            "look.fonts",
            f"a listed font is named {name!r}, as a built-in family is; rename the family in the font",
        )
    changes["fonts"] = own
    for key in ("body_font", "heading_font"):
        names = changes.pop(key, None)
        if names is None:
            continue
        for i, name in enumerate(names):
            _check_name(name, own, key, i if len(names) > 1 else None, conv)
        changes[key] = names[0]
        changes[key.replace("_font", "_fallback")] = tuple(names[1:])


def _face(relative: str, index: int, conv: Converter) -> FaceInfo | None:
    from briefbuilder.brief.assets import resolve_asset

    path_key = f"look.fonts[{index}]"
    node = conv.nodes.get(path_key)
    file = node.start_mark.name if node is not None else conv.file
    try:
        path = Path(resolve_asset(Path(file).parent, relative, problem_path=path_key, file=file, node=node))
    except InvalidInput as exc:
        conv.problems.extend(exc.problems)
        return None
    try:
        return read_face(path)
    except FontFileError as exc:
        conv.fail(node, path_key, f"{relative!r} {exc}")
        return None


def _check_name(name: str, own: tuple[FontFamily, ...], key: str, index: int | None, conv: Converter) -> None:
    known = (*(f.name for f in own), *known_families())
    if name in known:
        return
    path = f"look.{key}" if index is None else f"look.{key}[{index}]"
    node = conv.nodes.get(path) or conv.nodes.get(f"look.{key}")
    import difflib  # a typo's suggestion only: not imported for a template that is right

    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    tip = f"did you mean {close[0]!r}? " if close else ""
    listed = "; a font listed in look.fonts is known by the family name inside the file" if not own else ""
    conv.fail(node, path, f"unknown font family {name!r}; {tip}known: {', '.join(known)}{listed}")
