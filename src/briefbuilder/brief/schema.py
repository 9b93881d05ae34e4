"""JSON Schema for briefs and audience templates, derived from the same type hints the loader uses.

Editors (yaml-language-server) use it for completion and validation while typing.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any, Literal, Union

from briefbuilder.brief.content import AUDIENCE_NAME, CellText, Wording
from briefbuilder.brief.fields import DEFAULT_LIMITS, Limits, limits
from briefbuilder.brief.model import Brief, PartialDate

_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
# one-line fields: no line or paragraph breaks, no tabs (ECMA-262 syntax, as JSON Schema uses)
_ONE_LINE_PATTERN = r"^[^\t\n\r\u2028\u2029]*$"


def json_schema(root: type = Brief, title: str = "briefbuilder brief") -> dict[str, Any]:
    defs: dict[str, Any] = {}
    _type(root, defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title,
        **defs.pop(root.__name__),
        "$defs": defs,
    }


def _type(hint: Any, defs: dict[str, Any], caps: Limits = DEFAULT_LIMITS) -> dict[str, Any]:
    """The schema of ``hint``; ``caps`` are the field's limits, stated as maxLength, maxItems and
    a pattern for one-line text (the loader enforces the same from the same metadata)."""
    origin = typing.get_origin(hint)
    if hint is str:
        text: dict[str, Any] = {"type": "string", "minLength": 1, "maxLength": caps.max_length}
        if caps.one_line:
            text["pattern"] = _ONE_LINE_PATTERN
        return text
    if hint is CellText:
        return {"type": "string", "maxLength": caps.max_length}
    if hint is Wording:
        wording = {"type": "string", "minLength": 1, "maxLength": caps.max_length}
        return {
            "anyOf": [
                wording,
                {
                    "type": "object",
                    "description": "Wordings by audience: 'default' for every audience not named.",
                    "properties": {"default": wording},
                    "required": ["default"],
                    "propertyNames": {"pattern": AUDIENCE_NAME.pattern},
                    "additionalProperties": wording,
                },
            ]
        }
    if hint is bool:
        return {"type": ["boolean", "string"], "enum": [True, False, "true", "false", "yes", "no"]}
    if hint in (int, float):
        return {"type": ["number", "string"]}
    if hint is PartialDate:
        return {"type": "string", "pattern": _DATE_PATTERN, "description": "YYYY, YYYY-MM or YYYY-MM-DD"}
    if origin is Literal:
        return {"enum": list(typing.get_args(hint))}
    if origin is tuple:
        item = _type(typing.get_args(hint)[0], defs, caps)
        return {"type": "array", "maxItems": caps.max_items, "items": item}
    if origin is dict:
        return {"type": "object", "additionalProperties": _type(typing.get_args(hint)[1], defs, caps)}
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if any(typing.get_origin(a) is dict for a in args):  # text, or a mapping of texts
            return {"anyOf": [_type(a, defs, caps) for a in args]}
        return _type(args[0], defs, caps)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        name = hint.__name__
        if name not in defs:
            defs[name] = {}  # placeholder against recursion
            hints = typing.get_type_hints(hint)
            props: dict[str, Any] = {}
            required: list[str] = []
            for f in dataclasses.fields(hint):
                if f.metadata.get("loaded"):
                    continue  # filled by the loader, never written in the file
                prop = dict(f.metadata.get("schema") or _type(hints[f.name], defs, limits(f.metadata)))
                if f.metadata.get("doc"):
                    prop["description"] = f.metadata["doc"]
                props[f.name] = prop
                if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                    required.append(f.name)
            body: dict[str, Any] = {"type": "object", "additionalProperties": False, "properties": props}
            if required:
                body["required"] = required
            if hint.__doc__ and not hint.__doc__.startswith(f"{name}("):
                body["description"] = hint.__doc__.strip().splitlines()[0]
            defs[name] = body
        return {"$ref": f"#/$defs/{name}"}
    raise TypeError(f"no JSON Schema for {hint!r}")
