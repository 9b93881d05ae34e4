"""Layout measures text from the fonts' own advance widths (``fonts.advances``): the very widths
reportlab sets in the PDF, for the built-in faces and a template's own, kept by each font file's
content in the user's cache folder; a build's plan and layout then import no Pillow at all."""

from __future__ import annotations

import functools
import hashlib
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFont

import briefbuilder
from briefbuilder.brief import assets, image_cache
from briefbuilder.fonts import advances
from briefbuilder.fonts.chain import make_chain
from briefbuilder.fonts.families import HEADING_FALLBACK, font_family
from briefbuilder.fonts.reading import group_families, read_face
from briefbuilder.layout import measure
from helpers import ROOT
from house_fonts import FAMILY, make_house_fonts

TEXTS = (
    "Plain English label, 2020–2025",
    "Лукашенко встретился с Кох",
    "Αθήνα και Θεσσαλονίκη",
    "ʿAbbās ʿArāqchī chairs",
    "عباس عراقچی (ایران)",  # unshaped: as stringWidth measures it (the PDF shapes it narrower)
    "no\u00a0break space",
    "\ue000 and \U0001f600, which no face has",
)


@functools.cache
def _reportlab_face(digest: str, path: Path) -> TTFont:
    """reportlab's own font object for these bytes, not registered: the registry hands out the
    first font of a PostScript name (another test's, or one whose shaping added glyphs)."""
    return TTFont(f"widths-test-{digest}", str(path))


def _stringwidth(text: str, path: Path, size: float) -> float:
    """What ``pdfmetrics.stringWidth`` gives for ``text`` in the face at ``path``."""
    return float(_reportlab_face(hashlib.sha256(path.read_bytes()).hexdigest(), path).stringWidth(text, size))


@pytest.mark.parametrize("bold", [False, True], ids=["regular", "bold"])
@pytest.mark.parametrize("family", ["PT Sans", "PT Serif", "Noto Sans", "Noto Serif", "Noto Sans Arabic"])
def test_a_face_measures_every_character_as_reportlab_sets_it(family: str, bold: bool) -> None:
    path = font_family(family).bold if bold else font_family(family).regular
    face = advances.face_advances(path)
    rl = _reportlab_face(hashlib.sha256(path.read_bytes()).hexdigest(), path).face
    assert face.units_per_em == rl.unitsPerEm
    wrong = [c for c in range(0x10000) if face.widths[c] != rl.charWidths.get(c, rl.defaultWidth)]
    assert wrong == []  # a character the face lacks too: .notdef's advance, as reportlab
    for text in TEXTS:
        for size in (8.0, 10.5):
            assert face.width(text, size) == _stringwidth(text, path, size)


def test_a_chain_measures_each_run_in_the_family_that_sets_it() -> None:
    chain = make_chain(("PT Sans",), HEADING_FALLBACK, ())
    text = "ʿAbbās met Лукашенко in Αθήνα"
    runs = chain.split(text)
    assert len({f.name for f, _ in runs}) == 2  # PT Sans and Noto Sans
    for bold in (False, True):
        expected = sum(_stringwidth(run, f.bold if bold else f.regular, 8.0) for f, run in runs)
        assert measure.text_width(chain, text, 8.0, bold) == pytest.approx(expected, rel=1e-12)
    assert measure.text_width("PT Sans", "Minsk", 8.0) == _stringwidth(
        "Minsk", font_family("PT Sans").regular, 8.0
    )


def _widen(path: Path, char: str, factor: int) -> None:
    """Make ``char``'s glyph ``factor`` times as wide, in place."""
    from fontTools.ttLib import TTFont as FontToolsFont

    font = FontToolsFont(str(path))
    glyph = font.getBestCmap()[ord(char)]
    width, lsb = font["hmtx"][glyph]
    font["hmtx"][glyph] = (width * factor, lsb)
    buffer = io.BytesIO()
    font.save(buffer)
    path.write_bytes(buffer.getvalue())


def test_a_template_font_is_measured_from_its_own_file(tmp_path: Path) -> None:
    files = make_house_fonts(tmp_path)
    regular = tmp_path / files[0]
    _widen(regular, "W", 2)  # unlike PT Sans, whose faces these are
    (family,) = group_families([read_face(tmp_path / f) for f in files])
    assert family.name == FAMILY and not family.builtin
    chain = make_chain((FAMILY,), HEADING_FALLBACK, (family,))
    house = measure.text_width(chain, "Wow", 10.0)
    assert house == _stringwidth("Wow", regular, 10.0)
    assert house > measure.text_width("PT Sans", "Wow", 10.0) + 4
    # what it lacks is measured in the built-in family that sets it
    greek = measure.text_width(chain, "Wow Αθήνα", 10.0) - measure.text_width(chain, "Wow ", 10.0)
    assert greek == pytest.approx(measure.text_width("Noto Sans", "Αθήνα", 10.0), rel=1e-12)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A user cache folder of its own; face_advances's per-process cache emptied around it."""
    monkeypatch.delenv("BRIEFBUILDER_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    advances.face_advances.cache_clear()
    yield tmp_path / "cache" / "briefbuilder" / "widths"
    advances.face_advances.cache_clear()


def test_widths_are_read_from_a_font_once_and_again_when_the_file_changes(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    font = tmp_path / "face.ttf"
    shutil.copy(font_family("PT Sans").regular, font)
    reads: list[str] = []
    real = advances.read_advances

    def counted(data: bytes, name: str = "font") -> tuple[int, int, dict[int, int]]:
        reads.append(name)
        return real(data, name)

    monkeypatch.setattr(advances, "read_advances", counted)
    first = advances.face_advances(font)
    assert advances.face_advances(font) is first and len(reads) == 1  # per process
    assert len(list(cache.glob("*.widths"))) == 1
    advances.face_advances.cache_clear()  # a new process: from the cache folder
    again = advances.face_advances(font)
    assert len(reads) == 1
    assert (again.units_per_em, again.default, dict(again.widths)) == (
        first.units_per_em,
        first.default,
        dict(first.widths),
    )
    _widen(font, "W", 3)  # a changed file is read again, whatever its name and place
    advances.face_advances.cache_clear()
    changed = advances.face_advances(font)
    assert len(reads) == 2 and len(list(cache.glob("*.widths"))) == 2
    assert changed.width("W", 10.0) == pytest.approx(3 * first.width("W", 10.0))
    assert changed.width("w", 10.0) == first.width("w", 10.0)


def test_a_damaged_cache_file_is_not_trusted(cache: Path, tmp_path: Path) -> None:
    font = tmp_path / "face.ttf"
    shutil.copy(font_family("PT Serif").bold, font)
    first = advances.face_advances(font)
    (kept,) = cache.glob("*.widths")
    kept.write_bytes(kept.read_bytes()[:-7])
    advances.face_advances.cache_clear()
    assert dict(advances.face_advances(font).widths) == dict(first.widths)


def test_the_pillow_version_of_the_image_cache_key_is_read_without_importing_pillow() -> None:
    code = (
        "import sys; from briefbuilder.brief.image_cache import pillow_version; v = pillow_version();"
        "assert 'PIL' not in sys.modules, 'imported'; import PIL; assert v == PIL.__version__, v"
    )
    subprocess.run([sys.executable, "-c", code], env=_env(Path("/nonexistent")), check=True)


def test_a_changed_image_is_verified_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(image_cache, "_file", lambda key: tmp_path / f"{key}.img")
    image_cache.lookup.cache_clear()
    logo = tmp_path / "logo.png"
    logo.write_bytes((ROOT / "templates" / "logo.png").read_bytes())
    assets.check_image(logo)
    image_cache.lookup.cache_clear()  # as in a new process
    import PIL.Image

    opened: list[int] = []
    real = PIL.Image.open
    monkeypatch.setattr(PIL.Image, "open", lambda *a, **k: opened.append(1) or real(*a, **k))
    assets.check_image(logo)
    assert opened == []  # verified before
    logo.write_bytes(logo.read_bytes() + b"appended")  # changed: verified, and cleaned, again
    image_cache.lookup.cache_clear()
    assert not assets.check_image(logo).data.endswith(b"appended")
    assert opened == [1]
    image_cache.lookup.cache_clear()


def _env(home: Path) -> dict[str, str]:
    src = str(Path(briefbuilder.__file__).resolve().parents[1])  # this checkout's code
    path = os.environ.get("PATH", "")
    return {"XDG_CACHE_HOME": str(home), "HOME": str(home), "PATH": path, "PYTHONPATH": src}


def test_a_warm_build_plans_and_lays_out_a_timeline_without_importing_pillow(tmp_path: Path) -> None:
    brief = ROOT / "tests" / "fixtures" / "briefs" / "harbour-flood-barrier.yaml"
    code = (
        "import sys; from briefbuilder import api; from briefbuilder.layout import measure;"
        "from briefbuilder.layout.engine import lay_out;"
        f"run = api.plan([{str(brief)!r}], audience='analyst', formats=['pdf']);"
        "doc = lay_out(run.briefs[0], run.audiences[0]);"
        "assert measure._face.cache_info().currsize, 'nothing measured';"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'PIL', 'fontTools'}))"
    )
    env = _env(tmp_path)
    runs = [
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
        for _ in range(2)
    ]
    assert runs[0].stdout.strip() == "['PIL']"  # cold: the template's logo is verified with Pillow
    assert runs[1].stdout.strip() == "[]"  # warm: the logo's verdict and the widths are cached
    assert list((tmp_path / "briefbuilder" / "widths").glob("*.widths"))
    assert "timeline" in brief.read_text("utf-8")


def test_a_truncated_font_is_refused_by_name() -> None:
    data = font_family("PT Sans").regular.read_bytes()
    for cut in (10, 200, len(data) // 2):
        with pytest.raises(ValueError, match=r"^house\.ttf: "):
            advances.read_advances(data[:cut], "house.ttf")
