"""A template's own fonts (``look.fonts``), families named by the fonts themselves, fallback
chains, and the problems a template's font entries can have."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefbuilder.audience.templates import TemplateSet
from briefbuilder.errors import InvalidInput
from briefbuilder.fonts.chain import make_chain
from briefbuilder.fonts.families import BODY_FALLBACK
from briefbuilder.fonts.reading import read_face
from house_fonts import FAMILY, make_house_fonts


@pytest.fixture(scope="module")
def house(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    folder = tmp_path_factory.mktemp("house")
    return folder, make_house_fonts(folder)


def _template(folder: Path, name: str, look: str) -> None:
    (folder / f"{name}.yaml").write_text(f"description: House\nextends: analyst\nlook:\n{look}", "utf-8")


def test_family_comes_from_the_typographic_name_and_style_from_the_flags(house) -> None:
    folder, files = house
    faces = [read_face(folder / f) for f in files]
    assert {f.family for f in faces} == {FAMILY}  # not "Briefhouse Sans Heavy" (name ID 1)
    assert [f.style for f in faces] == ["regular", "bold", "italic", "bolditalic"]


def test_a_template_lists_its_files_and_names_its_family(house) -> None:
    folder, files = house
    listed = "".join(f"    - {f}\n" for f in files)
    fonts = f"  body_font: {FAMILY}\n  heading_font: [{FAMILY}, PT Sans]\n"
    _template(folder, "house", f"  fonts:\n{listed}{fonts}")
    look = TemplateSet.default(folder).resolve("house").look
    assert look.body_font == FAMILY and look.heading_font == FAMILY
    (family,) = look.fonts
    assert [p.name for p in (family.regular, family.bold, family.italic, family.bolditalic)] == [
        Path(f).name for f in files
    ]
    names = [f.name for f in look.body_chain.families]
    assert names == [FAMILY, *BODY_FALLBACK]  # the built-in chain after the template's family
    assert [f.name for f in look.heading_chain.families][:3] == [FAMILY, "PT Sans", "Noto Sans"]


def test_the_default_look_is_unchanged() -> None:
    look = TemplateSet.default().resolve("analyst").look
    assert (look.body_font, look.heading_font, look.fonts) == ("PT Serif", "PT Sans", ())
    assert look.body_chain.split("Plain English, Лукашенко.") == (
        (look.body_chain.primary, "Plain English, Лукашенко."),
    )


def test_the_chain_sets_what_the_first_family_lacks_and_keeps_scripts_whole() -> None:
    chain = make_chain(("PT Serif",), BODY_FALLBACK, ())
    runs = [(f.name, t) for f, t in chain.split("Minister ʿAbbās met عباس عراقچی (ایران) today")]
    assert runs == [
        ("PT Serif", "Minister "),
        ("Noto Serif", "ʿ"),
        ("PT Serif", "Abbās met "),
        ("Noto Sans Arabic", "عباس عراقچی (ایران)"),  # one run, spaces and brackets included
        ("PT Serif", " today"),
    ]


@pytest.mark.parametrize(
    ("look", "message"),
    [
        ("  fonts: [missing.ttf]\n", "look.fonts[0]: 'missing.ttf': file not found"),
        ("  fonts: [notafont.ttf]\n", "look.fonts[0]: 'notafont.ttf' is not a TrueType or OpenType font"),
        ("  body_font: Briefhouse San\n", "look.body_font: unknown font family 'Briefhouse San'; did"),
        ("  body_font: [PT Serif, Nope]\n", "look.body_font[1]: unknown font family 'Nope'"),
        ("  fonts: [../x.ttf]\n", "look.fonts[0]: '../x.ttf' goes up with '..'"),
    ],
)
def test_font_problems_are_reported_at_their_line(house, tmp_path: Path, look: str, message: str) -> None:
    folder, files = house
    (tmp_path / "notafont.ttf").write_text("hello", "utf-8")
    for f in files:
        (tmp_path / "fonts").mkdir(exist_ok=True)
        (tmp_path / f).write_bytes((folder / f).read_bytes())
    if "San\n" in look:
        look = "  fonts:\n" + "".join(f"    - {f}\n" for f in files) + look
    _template(tmp_path, "bad", look)
    with pytest.raises(InvalidInput) as info:
        TemplateSet.default(tmp_path).resolve("bad")
    text = "\n".join(str(p) for p in info.value.problems)
    assert message in text
    assert "bad.yaml:" in text and ":" in text.split("bad.yaml:")[1]


def test_a_template_family_may_not_take_a_built_in_name(tmp_path: Path) -> None:
    make_house_fonts(tmp_path, family="PT Serif")
    paths = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.ttf"))
    files = "".join(f"    - {f}\n" for f in paths)
    _template(tmp_path, "clash", f"  fonts:\n{files}")
    with pytest.raises(InvalidInput, match="as a built-in family is"):
        TemplateSet.default(tmp_path).resolve("clash")


HARBOUR = Path(__file__).parent / "fixtures" / "briefs" / "harbour-flood-barrier.yaml"


def test_a_template_with_its_own_four_files_sets_every_run_in_both_formats(house) -> None:
    import io
    import re
    import zipfile

    import pikepdf

    import briefbuilder

    folder, files = house
    listed = "".join(f"    - {f}\n" for f in files)
    look = f"  fonts:\n{listed}  body_font: {FAMILY}\n  heading_font: {FAMILY}\n  embed_fonts: true\n"
    _template(folder, "housebuild", look)
    built = {a.fmt: a.data for a in briefbuilder.render(HARBOUR, audience="housebuild", templates=folder)}
    with pikepdf.open(io.BytesIO(built["pdf"])) as pdf:
        fonts = {str(f.BaseFont) for p in pdf.pages for f in p.Resources.get("/Font", {}).values()}
    assert fonts and all("BriefhouseSans" in f for f in fonts), fonts  # regular, bold, italic...
    assert len(fonts) >= 3
    with zipfile.ZipFile(io.BytesIO(built["docx"])) as z:
        styles = z.read("word/styles.xml").decode("utf-8")
        table = z.read("word/fontTable.xml").decode("utf-8")
        document = z.read("word/document.xml").decode("utf-8")
        embedded = [n for n in z.namelist() if n.startswith("word/fonts/")]
    names = set(re.findall(r'w:ascii="([^"]+)"', styles + document))
    assert names == {FAMILY}
    assert f'w:name="{FAMILY}"' in table and "PT Serif" not in table
    assert len(embedded) >= 3  # regular, bold, italic of the house family


def test_fonts_that_cannot_be_embedded_are_refused_at_their_line(house, tmp_path: Path) -> None:
    from fontTools.ttLib import TTFont

    folder, files = house
    font = TTFont(str(folder / files[0]))
    font["OS/2"].fsType = 0x0002  # restricted licence: no embedding
    font.save(str(tmp_path / "locked.ttf"))
    _template(tmp_path, "locked", "  fonts: [locked.ttf]\n")
    with pytest.raises(
        InvalidInput, match=r"locked.yaml:4:\d+: look.fonts\[0\]: 'locked.ttf' does not allow"
    ):
        TemplateSet.default(tmp_path).resolve("locked")
