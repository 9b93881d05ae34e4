"""The PDF/A output intent's sRGB profile is kept in the user's cache by Pillow's version: the
kept profile is the one lcms makes, and a damaged cache file is never embedded."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from briefbuilder.writers import pdf_xmp


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("BRIEFBUILDER_NO_CACHE", raising=False)
    pdf_xmp.srgb_profile.cache_clear()
    yield tmp_path / "briefbuilder" / "icc"
    pdf_xmp.srgb_profile.cache_clear()


def test_the_kept_profile_is_the_one_lcms_makes(cache: Path) -> None:
    made = pdf_xmp._make_srgb_profile()
    assert pdf_xmp.srgb_profile() == made
    (kept,) = cache.glob("srgb-pillow-*.icc")
    assert kept.read_bytes() == made and made[36:40] == b"acsp"
    pdf_xmp.srgb_profile.cache_clear()
    assert pdf_xmp.srgb_profile() == made  # read back from the file


def test_a_damaged_cache_file_is_not_embedded(cache: Path) -> None:
    pdf_xmp.srgb_profile()
    (kept,) = cache.glob("srgb-pillow-*.icc")
    kept.write_bytes(b"not a profile at all")
    pdf_xmp.srgb_profile.cache_clear()
    assert pdf_xmp.srgb_profile() == pdf_xmp._make_srgb_profile()
