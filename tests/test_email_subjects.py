"""Subject templates: only the documented names, bounded in size and time, every failure an exit-2 message.

A subject template comes from an audience file. Jinja2's sandbox alone let ``{{ 'x' * 10**10 }}``
raise MemoryError, ``{{ 10**(10**10) }}`` run until memory ran out, and printed
``lipsum`` text and objects' reprs.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from briefbuilder.delivery.subjects import (
    DEFAULT_SUBJECT,
    MAX_SUBJECT,
    SUBJECT_NAMES,
    SubjectError,
    SubjectRenderer,
)
from helpers import BRIEF, run_cli

VALUES = {
    "title": "Why the US decided to normalize relations with Belarus",
    "subtitle": "Washington restarts direct contacts",
    "date": "11 September 2025",
    "marking": "UNCLASSIFIED // FOR TRAINING",
    "brief_id": "us-belarus-normalization",
    "version": "1.0",
    "audience": "Press",
    "recipient": "Pat Reporter",
}

HOSTILE = {
    # size and time
    "{{ 'x' * 10**10 }}": "over 3,956 characters",
    "{{ 10**10**10 }}": "over 64 bits",  # Jinja reads it as (10**10)**10
    "{{ 10**(10**10) }}": "over 64 bits",
    "{{ 2**(2**40) }}": "over 64 bits",
    "{{ 9**9**9 }}": "over 64 bits",
    "{{ [title] * 10**8 }}": "over 3,956 characters",
    "{{ title * 10**6 }}": "over 3,956 characters",
    "{{ 10.0 ** 400 }}": "over 64 bits",
    "{{ 99999999999999999999999999999 }}": "over 64 bits",
    "{{ title|replace('', title)|replace('', title)|replace('', title) }}": "over 3,956 characters",
    "{{ title.replace('', title).replace('', title) }}": "over 3,956 characters",
    "{{ title|join(title)|join(title)|join(title) }}": "over 3,956 characters",
    "{{ '%999999999d' % 1 }}": "'%' formatting is not available",
    "{{ '{:>999999999}'.format(1) }}": "attribute 'format' of 'str' object is unsafe",
    "{{ title['format']('{:>999999999}') }}": "attribute 'format' of 'str' object is unsafe",
    "{{ title.ljust(10**9) }}": "attribute 'ljust' of 'str' object is unsafe",
    "{{ title|center(10**9) }}": "No filter named 'center'",
    "{{ title|indent(10**9) }}": "No filter named 'indent'",
    "{% for a in title %}{% for b in title %}{% for c in title %}x{% endfor %}{% endfor %}{% endfor %}": (
        "{% for %} is not allowed"
    ),
    "{% macro m(n) %}{{ m(n) }}{% endmacro %}{{ m(1) }}": "{% macro %} is not allowed",
    "{% include 'x' %}": "{% include %} is not allowed",
    "{% extends 'x' %}": "{% extends %} is not allowed",
    "{{ 1 / 0 }}": "ZeroDivisionError",
    # globals, reprs, internals
    "{{ lipsum() }}": "'lipsum' is undefined",
    "{{ range(10) }}": "'range' is undefined",
    "{{ dict(a=1) }}": "'dict' is undefined",
    "{{ cycler('a') }}": "'cycler' is undefined",
    "{{ joiner() }}": "'joiner' is undefined",
    "{{ namespace() }}": "'namespace' is undefined",
    "{{ title.upper }}": "builtin_function_or_method cannot be printed",
    "{{ (title, date) }}": "tuple cannot be printed",
    "{{ [title] }}": "list cannot be printed",
    "{{ {'a': title} }}": "a dict expression is not allowed",
    "{{ title.__class__ }}": "attribute '__class__' of 'str' object is unsafe",
    "{{ title.__len__() }}": "attribute '__len__' of 'str' object is unsafe",
    "{{ self }}": "TemplateReference cannot be printed",
    "{{ contact }}": "'contact' is undefined",  # a body variable, not a subject one
    "{{ title": "unexpected end of template",
}


@pytest.mark.parametrize(("template", "expected"), HOSTILE.items(), ids=range(len(HOSTILE)))
def test_hostile_template_is_refused_quickly_with_a_sentence(template: str, expected: str) -> None:
    started = time.perf_counter()
    with pytest.raises(SubjectError) as info:
        SubjectRenderer().render(template, VALUES)
    assert time.perf_counter() - started < 0.5
    assert expected in info.value.message, info.value.message


def test_a_subject_over_a_header_line_is_refused() -> None:
    renderer = SubjectRenderer()
    with pytest.raises(SubjectError, match=f"over the {MAX_SUBJECT} a header line can hold"):
        renderer.render("{{ title * 20 }}", VALUES)
    assert len(renderer.render("{{ (title ~ ' ') * 17 }}", VALUES)) <= MAX_SUBJECT


@pytest.mark.parametrize("name", SUBJECT_NAMES)
def test_every_documented_name_still_works(name: str) -> None:
    assert SubjectRenderer().render(f"[{{{{ {name} }}}}]", VALUES) == f"[{VALUES[name]}]"


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        (DEFAULT_SUBJECT, f"[{VALUES['marking']}] {VALUES['title']} ({VALUES['date']})"),
        ("{{ title|upper|truncate(12) }}", "WHY THE..."),
        (
            "{{ audience ~ ': ' ~ title.replace('US', 'U.S.') }}",
            "Press: Why the U.S. decided to normalize relations with Belarus",
        ),
        (
            "{% set short = title|truncate(20, true, '') %}{{ short }} v{{ version }}",
            "Why the US decided t v1.0",
        ),
        ("{{ subtitle if subtitle else title }} {{ 2 ** 10 }}", "Washington restarts direct contacts 1024"),
        ("{{ recipient.split()[0] if false else recipient|lower }}", "pat reporter"),
        ("{% if marking is defined and marking %}!{% endif %}{{ title[:7] }}", "!Why the"),
    ],
)
def test_ordinary_templates_render_as_before(template: str, expected: str) -> None:
    assert SubjectRenderer().render(template, VALUES) == expected


# --- through the command: exit 2, the template file and field named, nothing written --------------
LIST = """\
sender: {name: "Briefings desk", address: "briefings@example.org"}
recipients:
  - {name: "Pat Reporter", address: "pat@example.org", audience: wire, formats: [pdf]}
"""


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{{ 'x' * 10**10 }}", "refused: a value over 3,956 characters"),
        ("{{ 10**(10**10) }}", "refused: a number over 64 bits"),
        ("{{ lipsum() }}", "'lipsum' is undefined"),
        ("{{ title.upper }}", "cannot be printed in a subject"),
        ("{% for c in title %}{{ c }}{% endfor %}", "{% for %} is not allowed"),
    ],
)
def test_a_bad_subject_template_stops_the_command_naming_the_file_and_field(
    tmp_path: Path, template: str, expected: str
) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "wire.yaml").write_text(
        "extends: press\nemail_subject: '" + template.replace("'", "''") + "'\n", "utf-8"
    )
    list_path = tmp_path / "list.yaml"
    list_path.write_text(LIST, "utf-8")
    out = tmp_path / "out"
    result = run_cli("email", BRIEF, "--list", list_path, "--outbox", out, "--templates", templates)
    assert result.code == 2, result.err
    assert f"{templates / 'wire.yaml'}: email_subject: subject template: " in result.err
    assert expected in result.err and "Traceback" not in result.err
    assert "names: title, subtitle, date, marking, brief_id, version, audience, recipient" in result.err
    assert not out.exists()
