"""Distribution lists: strict loading, resolved choices, and every bad input reported with its position."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefbuilder.delivery.recipients import address_problem, header_problem, load_distribution
from briefbuilder.errors import InvalidInput
from helpers import BRIEF, ROOT, run_cli

AUDIENCES = ("analyst", "executive", "press")
FORMATS = ("docx", "pdf")
SAMPLE = ROOT / "data" / "distribution.yaml"

HEAD = """\
sender: {name: "Desk", address: "desk@example.org"}
groups:
  - id: press
    audience: press
    formats: [pdf]
recipients:
"""


def _load(tmp_path: Path, text: str):
    path = tmp_path / "list.yaml"
    path.write_text(text, "utf-8")
    return load_distribution(path, AUDIENCES, FORMATS)


def _problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(InvalidInput) as info:
        _load(tmp_path, text)
    return [str(p) for p in info.value.problems]


def test_sample_list_resolves_audiences_formats_and_groups() -> None:
    dlist = load_distribution(SAMPLE, AUDIENCES, FORMATS)
    by_address = {r.mailbox.address: r for r in dlist.recipients}
    assert dlist.sender.address == "briefings@example.org"
    assert all(a.endswith("@example.org") for a in by_address)
    assert {r.audience for r in dlist.recipients} == set(AUDIENCES)
    dana = by_address["dana.director@example.org"]
    assert (dana.audience, dana.formats, dana.prepared_for) == ("executive", ("pdf",), True)
    ona = by_address["ona.zemaite@example.org"]
    assert (ona.audience, ona.formats, ona.mailbox.name) == ("analyst", ("docx",), "Ona Žemaitė")
    ann = by_address["ann.analyst@example.org"]
    assert ann.formats == ("pdf", "docx") and not ann.prepared_for  # the list's default formats
    assert [r.mailbox.address for r in dlist.select(audience="press")] == [
        "pat.reporter@example.org",
        "sam.correspondent@example.org",
    ]
    assert len(dlist.select(group="principals")) == 2


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("ann@exa mple.org", "not a valid e-mail address"),
        ("a@example.org, b@example.org", "holds 2 addresses"),
        ("alice@example.org)<bob@example.org>", "not a valid e-mail address"),
        ("not-an-address", "not a valid e-mail address"),
        ("Ann <ann@example.org>", "has a display name"),
        ("<ann@example.org>", "not a valid e-mail address"),
        ("ann@@example.org", "not a valid e-mail address"),
        ("ann@example", "needs a full domain name"),
        ("ann@[127.0.0.1]", "needs a full domain name"),
        ("anné@example.org", "non-ASCII"),
        ("ann@bücher.example", "non-ASCII"),
        ("ann@example.org>\r\nRCPT TO:<x@example.org", "carriage return"),
    ],
)
def test_malformed_or_ambiguous_addresses_are_refused(address: str, expected: str) -> None:
    problem = address_problem(address)
    assert problem is not None and expected in problem


@pytest.mark.parametrize("address", ["ann@example.org", "ann.o-brien+briefs@mail.example.org"])
def test_plain_addresses_pass(address: str) -> None:
    assert address_problem(address) is None


@pytest.mark.parametrize(
    "text", ["Ann\r\nBcc: x@example.org", "Ann\nAnalyst", "Ann\tAnalyst", "Ann\x85", "A\u2028B"]
)
def test_line_breaks_and_control_characters_cannot_reach_a_header(text: str) -> None:
    assert header_problem(text) is not None
    assert header_problem("Ona Žemaitė, Лукашенко & AT&T <x>") is None


def test_bad_address_is_reported_at_its_line_and_column(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path,
        HEAD + '  - {name: "Pat", address: "pat@example.org", groups: [press]}\n'
        '  - name: "Ann"\n    address: "ann@exa mple.org"\n    groups: [press]\n',
    )
    assert problems == [
        f"{tmp_path / 'list.yaml'}:9:14: recipients[1].address: 'ann@exa mple.org' is not a valid e-mail "
        "address (it would be read as 'ann@exa')"
    ]


def test_line_break_in_a_name_is_refused_with_its_field(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path,
        HEAD + '  - {name: "Pat\\r\\nBcc: evil@example.org", address: "pat@example.org", groups: [press]}\n',
    )
    assert len(problems) == 1
    assert ":7:" in problems[0] and "recipients[0].name: contains a carriage return" in problems[0]


def test_c1_control_character_in_sender_name_is_refused(tmp_path: Path) -> None:
    text = (
        HEAD.replace('name: "Desk"', 'name: "Desk\\x9b"')
        + '  - {name: "P", address: "p@example.org", groups: [press]}\n'
    )
    problems = _problems(tmp_path, text)
    assert len(problems) == 1 and ":1:16: sender.name: contains " in problems[0] and "U+009B" in problems[0]


def test_unknown_audience_group_and_format_are_named_with_suggestions(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path,
        HEAD
        + '  - {name: "A", address: "a@example.org", audience: pres}\n'
        + '  - {name: "B", address: "b@example.org", groups: [prress]}\n'
        + '  - {name: "C", address: "c@example.org", audience: press, formats: [pdf, odt]}\n',
    )
    text = "\n".join(problems)
    assert "recipients[0].audience: unknown audience 'pres'; did you mean 'press'?" in text
    assert "recipients[1].groups[0]: unknown group 'prress'; did you mean 'press'?" in text
    assert "recipients[2].formats[1]: unknown format 'odt'" in text


def test_missing_attachment_is_reported_before_anything_is_built(tmp_path: Path) -> None:
    text = HEAD.replace("    formats: [pdf]\n", "    formats: [pdf]\n    attachments: [cover-letter.pdf]\n")
    problems = _problems(tmp_path, text + '  - {name: "P", address: "p@example.org", groups: [press]}\n')
    assert (
        len(problems) == 1 and "groups[0].attachments[0]: 'cover-letter.pdf': file not found" in problems[0]
    )


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("/etc/passwd", "is an absolute path; give a path relative to this file's folder"),
        ("../secret.txt", "goes up with '..'; assets must be inside this file's folder"),
        ("~/.ssh/id_rsa", "is an absolute path"),
        ("link.txt", "is a symbolic link that leads outside this file's folder"),
    ],
)
def test_attachments_must_stay_inside_the_lists_folder(tmp_path: Path, ref: str, expected: str) -> None:
    (tmp_path / "secret.txt").write_text("not for the press")
    folder = tmp_path / "lists"
    folder.mkdir()
    (folder / "link.txt").symlink_to(tmp_path / "secret.txt")
    text = HEAD.replace("    formats: [pdf]\n", f"    formats: [pdf]\n    attachments: ['{ref}']\n")
    problems = _problems(folder, text + '  - {name: "P", address: "p@example.org", groups: [press]}\n')
    assert len(problems) == 1
    assert f"list.yaml:6:19: groups[0].attachments[0]: '{ref}' " in problems[0] and expected in problems[0]


def test_same_person_twice_is_refused_whatever_the_case(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path,
        HEAD
        + '  - {name: "P", address: "pat@example.org", groups: [press]}\n'
        + '  - {name: "P", address: "Pat@Example.org", groups: [press]}\n',
    )
    assert problems == [
        f"{tmp_path / 'list.yaml'}:8:26: recipients[1].address: 'Pat@Example.org' is already on the list "
        "(recipients[0]); each person gets one message"
    ]


def test_recipient_without_audience_or_with_conflicting_groups_is_refused(tmp_path: Path) -> None:
    text = HEAD.replace("groups:\n", "groups:\n  - id: analysts\n    audience: analyst\n")
    problems = _problems(
        tmp_path,
        text
        + '  - {name: "A", address: "a@example.org"}\n'
        + '  - {name: "B", address: "b@example.org", groups: [press, analysts]}\n',
    )
    assert any("recipients[0]: no audience" in p for p in problems)
    assert any("recipients[1]: its groups give different audiences (analyst, press)" in p for p in problems)


def test_typo_in_a_key_and_yaml_hazards_use_the_strict_loader(tmp_path: Path) -> None:
    problems = _problems(tmp_path, HEAD + '  - {name: "A", adress: "a@example.org", groups: [press]}\n')
    assert any("recipients[0].adress: unknown key 'adress'; did you mean 'address'?" in p for p in problems)
    problems = _problems(tmp_path, HEAD + '  - &a {name: "A", address: "a@example.org", groups: [press]}\n')
    assert any("anchors" in p for p in problems)


def test_cli_reports_a_bad_list_with_exit_2_and_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "list.yaml"
    bad.write_text(
        HEAD + '  - {name: "A", address: "a@example.org, b@example.org", groups: [press]}\n', "utf-8"
    )
    outbox = tmp_path / "outbox"
    result = run_cli("email", BRIEF, "--list", bad, "--outbox", outbox)
    assert result.code == 2
    assert (
        f"{bad}:7:26: recipients[0].address: 'a@example.org, b@example.org' holds 2 addresses" in result.err
    )
    assert "Traceback" not in result.err
    assert not outbox.exists()


def test_cli_refuses_an_unknown_audience_flag(tmp_path: Path) -> None:
    result = run_cli("email", BRIEF, "--list", SAMPLE, "--audience", "pres", "--outbox", tmp_path / "o")
    assert result.code == 2
    assert "--audience: unknown audience 'pres'; known: " in result.err
    assert not (tmp_path / "o").exists()
