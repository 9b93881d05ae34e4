"""A character only a template's own font has (``look.fonts``): the brief's load leaves it to
the audiences' fonts, so it builds with that template and is refused, at its place, with the
built-in ones, by ``check``, ``build``, ``email`` and the API alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefbuilder import api
from briefbuilder.errors import InvalidInput
from briefbuilder.fonts.coverage import undrawable
from helpers import docx_text, pdf_text, run_cli
from house_fonts import make_house_fonts

FAMILY = "Briefhouse Signs"
SIGN = "\ue000"  # Private Use: no built-in font has it
DEVANAGARI = "\u0915"  # DEVANAGARI LETTER KA, nor this

BRIEF = """\
id: signs
title: Signs
date: 2025-09-11
summary: The house sign {sign} and the letter {ka} stand in this summary.
sources:
  - id: s1
    outlet: Wire
    kind: news-agency
"""


def _with_signs(folder: Path) -> list[str]:
    """The house family, its four faces mapping the Private Use sign and the Devanagari letter
    to glyphs it has (§ and ¶)."""
    from fontTools.ttLib import TTFont

    files = make_house_fonts(folder, FAMILY)
    for name in files:
        font = TTFont(str(folder / name))
        for table in font["cmap"].tables:
            if table.isUnicode():
                table.cmap[ord(SIGN)] = table.cmap[ord("§")]
                table.cmap[ord(DEVANAGARI)] = table.cmap[ord("¶")]
        font.save(str(folder / name))
    return files


@pytest.fixture(scope="module")
def house(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("signs")
    listed = "".join(f"    - {f}\n" for f in _with_signs(folder))
    look = f"look:\n  fonts:\n{listed}  body_font: {FAMILY}\n  heading_font: [{FAMILY}, PT Sans]\n"
    (folder / "house.yaml").write_text(f"description: House\nextends: analyst\n{look}", "utf-8")
    plain = f"look:\n  fonts:\n{listed}  body_font: PT Serif\n"  # listed, but not named
    (folder / "plain.yaml").write_text(f"description: Plain\nextends: analyst\n{plain}", "utf-8")
    return folder


@pytest.fixture()
def brief(tmp_path: Path) -> Path:
    path = tmp_path / "signs.yaml"
    path.write_text(BRIEF.format(sign=SIGN, ka=DEVANAGARI), "utf-8")
    return path


def test_the_built_in_fonts_lack_both() -> None:
    assert undrawable(SIGN + DEVANAGARI) == (SIGN, DEVANAGARI)


def test_it_builds_with_the_template_that_has_them(house: Path, brief: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run = run_cli("build", brief, "--templates", house, "--audience", "house", "--out", out)
    assert run.code == 0, run.err
    pdf = pdf_text((out / "signs-house.pdf").read_bytes())
    docx = docx_text((out / "signs-house.docx").read_bytes())
    for text in (pdf, docx):
        assert SIGN in text and DEVANAGARI in text
    assert run_cli("check", brief).code == 2  # check knows no template folder: the built-in ones
    artifacts = api.render(brief, audience="house", templates=house, formats=["pdf"])
    assert SIGN in pdf_text(artifacts[0].data)


def test_it_is_refused_with_the_built_in_templates(brief: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run = run_cli("build", brief, "--audience", "analyst", "--out", out)
    assert run.code == 2
    assert f"{brief}:4:25: summary: contains 2 characters that no font of the document (PT Serif" in run.err
    assert "U+E000 (a private-use character)" in run.err and "U+0915 DEVANAGARI LETTER KA" in run.err
    assert not out.exists() or not any(out.iterdir())
    check = run_cli("check", brief)
    assert check.code == 2 and f"{brief}:4:25: summary:" in check.err
    assert "U+0915 DEVANAGARI LETTER KA" in check.err
    (problem,) = api.check(brief)
    with pytest.raises(InvalidInput, match="U\\+0915"):
        api.load_brief(brief)  # a Brief in memory would not know its text's places any more
    assert (problem.line, problem.column, problem.path) == (4, 25, "summary")
    with pytest.raises(InvalidInput, match="U\\+E000"):
        api.plan([brief], audience="analyst")


def test_one_audience_without_them_refuses_the_brief(house: Path, brief: Path, tmp_path: Path) -> None:
    run = run_cli("build", brief, "--templates", house, "--audience", "house,press", "--out", tmp_path / "o")
    assert run.code == 2 and "no font of the document (PT Serif" in run.err
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())
    run = run_cli("build", brief, "--templates", house, "--audience", "house,plain", "--out", tmp_path / "o")
    assert run.code == 2
    lacks = "contains 2 characters that no font of the 'plain' template (PT Serif, "
    assert f"{brief}:4:25: summary: {lacks}" in run.err
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())


def test_email_refuses_what_the_recipients_audience_cannot_draw(brief: Path, tmp_path: Path) -> None:
    dlist = tmp_path / "list.yaml"
    dlist.write_text(
        'sender: {name: "Desk", address: "desk@example.org"}\nformats: [pdf]\nrecipients:\n'
        '  - {name: "Ana", address: "ana@example.org", audience: analyst}\n',
        "utf-8",
    )
    run = run_cli("email", brief, "--list", dlist, "--outbox", tmp_path / "outbox")
    assert run.code == 2 and f"{brief}:4:25: summary:" in run.err
    assert not (tmp_path / "outbox").exists()


def test_paste_junk_is_still_refused_at_load(tmp_path: Path) -> None:
    path = tmp_path / "junk.yaml"
    path.write_text(BRIEF.format(sign="\u2009", ka="k"), "utf-8")
    with pytest.raises(InvalidInput, match="U\\+2009 THIN SPACE"):
        api.load_brief(path)


def test_check_asks_the_templates_and_audience_of_the_project(house: Path, brief: Path) -> None:
    (brief.parent / "briefbuilder.yaml").write_text(f"templates: {house}\naudience: house\n", "utf-8")
    run = run_cli("check", brief)
    assert run.code == 0, run.err
    assert api.check(brief) == []
    assert api.load_brief(brief).id == "signs"


def test_email_sends_what_the_house_template_draws(house: Path, brief: Path, tmp_path: Path) -> None:
    dlist = tmp_path / "list.yaml"
    dlist.write_text(
        'sender: {name: "Desk", address: "desk@example.org"}\nformats: [pdf]\nrecipients:\n'
        '  - {name: "Ana", address: "ana@example.org", audience: house}\n',
        "utf-8",
    )
    outbox = tmp_path / "outbox"
    run = run_cli("email", brief, "--list", dlist, "--templates", house, "--outbox", outbox)
    assert run.code == 0, run.err
    assert len(list(outbox.glob("*.eml"))) == 1


def test_lint_asks_the_audiences_it_lays_out(house: Path) -> None:
    from briefbuilder.audience.templates import TemplateSet
    from briefbuilder.authoring.lint import LintConfig, lint_text

    text = BRIEF.format(sign=SIGN, ka=DEVANAGARI)
    templates = TemplateSet.default(house)
    lint_text(text, "t.yaml", LintConfig(), (templates.resolve("house"),))
    with pytest.raises(InvalidInput, match=r"t\.yaml:4:25: summary: contains 2 characters"):
        lint_text(text, "t.yaml", LintConfig(), (templates.resolve("analyst"),))
