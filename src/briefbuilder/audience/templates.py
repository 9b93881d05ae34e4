"""Audience templates: what each audience is shown (content) and how it looks (look).

One YAML file per audience in ``templates/`` (or a user's folder); ``extends: NAME`` inherits
another audience, so a variant states only its differences. Top-level keys replace the parent's;
``look`` merges key by key. Templates are validated like briefs (file:line:col, typos, cycles).
"""

import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from briefbuilder.audience.look import Look
from briefbuilder.audience.template_checks import (
    check_labels,
    check_language_key,
    check_prose,
    check_sections,
    checked_look,
    none_word,
)
from briefbuilder.brief.assets import Image
from briefbuilder.brief.fields import doc
from briefbuilder.brief.typed import INVALID, Converter
from briefbuilder.brief.values import CUSTOM_KEY, Contact, PartialDate, Release
from briefbuilder.brief.yamlnodes import MappingNode, Node, ScalarNode, compose, problem_at, read_text
from briefbuilder.errors import InvalidInput, Problem
from briefbuilder.language.labels import LABELS, Localized, localized, pick

SectionKey = Literal[
    "summary",
    "key_judgments",
    "key_facts",
    "context",
    "timeline",
    "statements",
    "analysis",
    "outlook",
    "recommendations",
    "caveats",
    "sources",
]
SourcesMode = Literal["endnotes", "footnotes", "on-request"]
CoverField = Literal["date", "brief", "authors", "organization", "contact", "prepared_for"]
CoverStyle = Literal["page", "block", "none"]
ALL_COVER_FIELDS: tuple[CoverField, ...] = (
    "date",
    "brief",
    "authors",
    "organization",
    "contact",
    "prepared_for",
)

# the built-in sections' headings, in English (translated by the language's labels)
DEFAULT_HEADINGS: dict[str, str] = {key: LABELS[key] for key in typing.get_args(SectionKey)}
Prose = str | dict[str, str]  # a template's text: plain, or per language ({en: ..., fr: ...})


@dataclass(frozen=True, slots=True)
class SectionSpec:
    key: str = field(
        metadata=doc(
            "Which part of the brief this section shows: a built-in section, or the key of one of "
            "the brief's own sections (custom_sections).",
            schema={
                "anyOf": [
                    {"enum": list(typing.get_args(SectionKey))},
                    {"type": "string", "pattern": CUSTOM_KEY.pattern},
                ]
            },
        )
    )
    heading: str | None = field(default=None, metadata=doc("Heading text; default per section."))
    limit: int | None = field(
        default=None, metadata=doc("Show at most this many items (facts, entries, experts...).")
    )
    since: PartialDate | None = field(
        default=None, metadata=doc("Timeline only: entries on or after this date.")
    )
    quotes: Literal["all", "first", "none"] = field(
        default="all", metadata=doc("Analysis and statements: all quotes, the first only, or none.")
    )
    views: bool = field(default=True, metadata=doc("Analysis: show the experts' reported views."))


@dataclass(frozen=True, slots=True)
class LookSpec:
    """Every field optional: a template states only what it changes."""

    fonts: tuple[str, ...] | None = field(
        default=None,
        metadata=doc("Font files (TTF/OTF, relative to this template) whose families the look may name."),
    )
    body_font: tuple[str, ...] | None = field(
        default=None,
        metadata=doc("Body font family, or a list of families tried in turn for each character."),
    )
    heading_font: tuple[str, ...] | None = field(
        default=None,
        metadata=doc("Heading font family, or a list of families tried in turn for each character."),
    )
    body_size: float | None = field(default=None, metadata=doc("Body size in points."))
    accent: str | None = field(default=None, metadata=doc("Accent colour, #RRGGBB."))
    marking_color: str | None = field(default=None, metadata=doc("Marking banner colour, #RRGGBB."))
    page_size: Literal["A4", "Letter"] | None = field(default=None, metadata=doc("Paper size."))
    margins_mm: tuple[float, ...] | None = field(
        default=None, metadata=doc("Margins in mm: top, right, bottom, left.")
    )
    header_text: str | None = field(default=None, metadata=doc("Left of the running header."))
    footer_text: str | None = field(default=None, metadata=doc("Left of the running footer."))
    embed_fonts: bool | None = field(
        default=None,
        metadata=doc("DOCX: embed the fonts (subset), so readers without PT Serif/Sans see the design."),
    )
    reference_docx: str | None = field(
        default=None,
        metadata=doc("DOCX: a reference .docx (path relative to this template) whose styles restyle it."),
    )


@dataclass(frozen=True, slots=True)
class AudienceSpec:
    """One template file as written, before inheritance is resolved."""

    description: str | None = field(default=None, metadata=doc("One line for `briefbuilder audiences`."))
    extends: str | None = field(default=None, metadata=doc("Audience this one builds on."))
    label: Prose | None = field(
        default=None, metadata=doc("Printed as 'Prepared for'; text, or a mapping language -> text.")
    )
    sections: tuple[SectionSpec, ...] | None = field(default=None, metadata=doc("Sections, in order."))
    release: tuple[Release, ...] | None = field(
        default=None, metadata=doc("Releases this audience may see, e.g. [public].")
    )
    on_record_only: bool | None = field(default=None, metadata=doc("Drop background quotes."))
    sources: SourcesMode | None = field(default=None, metadata=doc("How sources appear."))
    intro: Prose | None = field(
        default=None,
        metadata=doc("Paragraph printed before the first section; text, or a mapping language -> text."),
    )
    closing: Prose | None = field(
        default=None, metadata=doc("Paragraph printed at the end; text, or a mapping language -> text.")
    )
    labels: dict[str, Prose] | None = field(
        default=None,
        metadata=doc(
            "Fixed words to print instead of the built-in ones, by key (contents, page, sources, "
            "prepared_for...): text, or a mapping language -> text. Merged with the parent's."
        ),
    )
    marking: str | None = field(
        default=None, metadata=doc("Marking for this audience; 'none' prints none; default: the brief's.")
    )
    show_internal_marking: bool | None = field(
        default=None, metadata=doc("Print the brief's own marking (false for public releases).")
    )
    contact: Contact | None = field(default=None, metadata=doc("Contact printed instead of the brief's."))
    cover: CoverStyle | None = field(
        default=None,
        metadata=doc(
            "'page': a cover page (with the contents), the body starts on page 2; "
            "'block': a title block at the top of page 1 (default); 'none': no cover."
        ),
    )
    logo: str | None = field(
        default=None,
        metadata=doc(
            "Logo on the cover: a PNG or JPEG file, relative to this template, inside its folder; "
            "'none' for none."
        ),
    )
    cover_fields: tuple[CoverField, ...] | None = field(
        default=None, metadata=doc("Which lines the title block shows, in order (default: all).")
    )
    toc: bool | None = field(default=None, metadata=doc("Print a table of contents."))
    timeline_figure: bool | None = field(default=None, metadata=doc("Draw the timeline figure."))
    page_budget: int | None = field(default=None, metadata=doc("Most pages the PDF may have."))
    other_sections: bool | None = field(
        default=None,
        metadata=doc(
            "Show the brief's own sections that `sections` does not name, before Sources "
            "(default true; a one-pager may say false)."
        ),
    )
    email_subject: str | None = field(
        default=None,
        metadata=doc(
            "E-mail subject template (Jinja2): title, subtitle, date, marking, brief_id, version, "
            "audience, recipient."
        ),
    )
    look: LookSpec | None = field(default=None, metadata=doc("How it looks."))


@dataclass(frozen=True, slots=True)
class Audience:
    """A resolved audience: every choice made, ready for layout."""

    name: str
    description: str
    label: str
    sections: tuple[SectionSpec, ...]
    release: tuple[Release, ...]
    on_record_only: bool
    sources: SourcesMode
    intro: str | Localized | None  # plain, or per language (``language.labels.pick``)
    closing: str | Localized | None
    marking: str | None  # None: the brief's marking; "none": no marking
    show_internal_marking: bool
    contact: Contact | None
    cover: CoverStyle
    cover_fields: tuple[CoverField, ...]
    toc: bool
    timeline_figure: bool
    page_budget: int | None
    look: Look
    file: Path | None = None
    email_subject: str | None = None  # Jinja2 template; None: the delivery default
    logo: Image | None = None  # checked when the template is loaded
    lineage: tuple[str, ...] = ()  # this audience's name, then the ones it extends, nearest first
    other_sections: bool = True  # the brief's own sections not named in `sections`: before Sources
    labels: tuple[tuple[str, str | Localized], ...] = ()  # the template's own fixed words, by key
    label_by_language: Localized = ()  # ``label`` per language, when the template gives it so

    def labels_for(self, language: str) -> dict[str, str]:
        """The template's labels in ``language`` (a label it gives in other languages only is
        left to the catalogue)."""
        out = {key: pick(text, language, fallback=False) for key, text in self.labels}
        return {key: text for key, text in out.items() if text is not None}

    def may_see(self, release: str, audiences: tuple[str, ...] = ()) -> bool:
        return release in self.release and (not audiences or self.name in audiences)


def default_sections() -> tuple[SectionSpec, ...]:
    return tuple(SectionSpec(key=k) for k in DEFAULT_HEADINGS)


class TemplateSet:
    """The audiences found in a list of folders; a later folder overrides an earlier one."""

    def __init__(self, folders: list[Path]) -> None:
        self.files: dict[str, Path] = {}
        for folder in folders:
            if not folder.is_dir():
                raise InvalidInput([Problem(str(folder), None, None, "", "template folder not found")])
            for f in sorted(folder.glob("*.yaml")):
                self.files[f.stem] = f
        self._nodes: dict[str, Node] = {}

    @classmethod
    def default(cls, extra: Path | None = None) -> "TemplateSet":
        from briefbuilder.audience.paths import templates_dir

        folders = [templates_dir()]
        if extra is not None:
            folders.append(extra)
        return cls(folders)

    def names(self) -> list[str]:
        return sorted(self.files)

    def resolve(self, name: str) -> Audience:
        if name not in self.files:
            known = ", ".join(self.names()) or "none"
            raise InvalidInput(
                [Problem("<audience>", None, None, "", f"unknown audience {name!r}; known: {known}")]
            )
        node = self._merged(name, [])
        file = str(self.files[name])
        conv = Converter(file)
        spec = conv.convert(node, AudienceSpec, "")
        if spec is INVALID:
            raise InvalidInput(conv.problems)
        return _finish(name, spec, self.files[name], conv, self._lineage(name))

    def _lineage(self, name: str) -> tuple[str, ...]:
        """``name`` and the audiences it extends, nearest first (cycles are refused by _merged)."""
        chain = [name]
        while (parent := _scalar_value(self._node(chain[-1]), "extends")[0]) and parent not in chain:  # type: ignore[arg-type]
            chain.append(parent)
        return tuple(chain)

    def _node(self, name: str) -> Node:
        if name not in self._nodes:
            path = self.files[name]
            node = compose(read_text(path), str(path))
            if not isinstance(node, MappingNode):
                raise InvalidInput([problem_at(str(path), node, "", "expected a mapping of template fields")])
            self._nodes[name] = node
        return self._nodes[name]

    def _merged(self, name: str, chain: list[str]) -> MappingNode:
        node = self._node(name)
        assert isinstance(node, MappingNode)  # _node refuses anything else
        parent_name, parent_node = _scalar_value(node, "extends")
        if parent_name is None:
            return node
        file = str(self.files[name])
        if parent_name in chain or parent_name == name:
            cycle = " -> ".join([*chain, name, parent_name])
            raise InvalidInput([problem_at(file, parent_node, "extends", f"circular extends: {cycle}")])
        if parent_name not in self.files:
            known = ", ".join(self.names())
            raise InvalidInput(
                [
                    problem_at(
                        file, parent_node, "extends", f"unknown audience {parent_name!r}; known: {known}"
                    )
                ]
            )
        parent = self._merged(parent_name, [*chain, name])
        return _merge(parent, node)


def _scalar_value(node: MappingNode, key: str) -> tuple[str | None, Node | None]:
    for k, v in node.value:
        if isinstance(k, ScalarNode) and k.value == key and isinstance(v, ScalarNode):
            return v.value.strip() or None, v
    return None, None


def _merge(parent: MappingNode, child: MappingNode) -> MappingNode:
    """Child keys replace the parent's; mappings under ``look`` and ``labels`` merge key by key."""
    out: dict[str, tuple[Node, Node]] = {}
    for k, v in parent.value:
        if isinstance(k, ScalarNode) and k.value not in ("description", "extends"):
            out[k.value] = (k, v)
    for k, v in child.value:
        key = k.value if isinstance(k, ScalarNode) else id(k)
        if (
            key in ("look", "labels")
            and key in out
            and isinstance(v, MappingNode)
            and isinstance(out[key][1], MappingNode)
        ):
            v = _merge(out[key][1], v)  # type: ignore[arg-type]
        out[key] = (k, v)  # type: ignore[index]
    return MappingNode(child.tag, list(out.values()), child.start_mark, child.end_mark)


def _finish(name: str, spec: AudienceSpec, path: Path, conv: Converter, lineage: tuple[str, ...]) -> Audience:
    look = checked_look(spec.look, conv)
    sections = spec.sections if spec.sections is not None else default_sections()
    check_sections(sections, list(DEFAULT_HEADINGS), conv)
    if spec.page_budget is not None and spec.page_budget < 1:
        conv.fail(conv.nodes.get("page_budget"), "page_budget", "must be 1 or more")
    # 'none' (any case) switches the parent's text off, as a YAML null (~, or nothing) does
    intro, closing = (None if isinstance(t, str) and none_word(t) else t for t in (spec.intro, spec.closing))
    for key, prose in (("intro", intro), ("closing", closing)):
        for tag, text in prose.items() if isinstance(prose, dict) else (("", prose),):
            if tag:
                check_language_key(conv, f"{key}.{tag}", tag)
            if text is not None:
                check_prose(conv, f"{key}.{tag}" if tag else key, text)
    check_labels(spec.labels or {}, conv)
    if conv.problems:
        raise InvalidInput(conv.problems)
    return Audience(
        name=name,
        description=spec.description or "",
        label=pick(localized(spec.label), "en") or name.capitalize(),
        label_by_language=tuple(spec.label.items()) if isinstance(spec.label, dict) else (),
        sections=sections,
        release=spec.release if spec.release is not None else ("public", "internal"),
        on_record_only=bool(spec.on_record_only),
        sources=spec.sources or "endnotes",
        intro=localized(intro),
        closing=localized(closing),
        marking=spec.marking,
        show_internal_marking=spec.show_internal_marking if spec.show_internal_marking is not None else True,
        contact=spec.contact,
        cover=spec.cover or "block",
        cover_fields=spec.cover_fields if spec.cover_fields is not None else ALL_COVER_FIELDS,
        toc=bool(spec.toc),
        timeline_figure=bool(spec.timeline_figure),
        page_budget=spec.page_budget,
        email_subject=spec.email_subject,
        logo=_logo(spec.logo, conv) if spec.logo and not none_word(spec.logo) else None,
        look=look,
        file=path,
        lineage=lineage,
        other_sections=spec.other_sections if spec.other_sections is not None else True,
        labels=tuple((key, localized(text) or "") for key, text in (spec.labels or {}).items()),
    )


def _logo(relative: str, conv: Converter) -> Image:
    """The checked logo, relative to the folder of the template that names it (a parent's logo
    stays next to the parent): inside that folder, PNG or JPEG, under the size caps."""
    from briefbuilder.brief.assets import check_image, resolve_asset

    node = conv.nodes.get("logo")
    file = node.start_mark.name if node is not None else conv.file
    path = resolve_asset(Path(file).parent, relative, problem_path="logo", file=file, node=node)
    asset = check_image(path, problem_path="logo", file=file, node=node)
    fmt: Literal["png", "jpeg"] = "png" if asset.format == "PNG" else "jpeg"
    return Image(asset.data, fmt, asset.width, asset.height, alt="Logo")  # layout names the organization
