"""A verified image is kept by the hash of its bytes: checked once, the same asset every time;
a refused one is never kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefbuilder.brief import assets, image_cache
from briefbuilder.errors import InvalidInput
from helpers import ROOT


@pytest.fixture
def cache(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setattr(image_cache, "_file", lambda key: tmp_path / f"{key}.img")
    image_cache.lookup.cache_clear()
    yield tmp_path
    image_cache.lookup.cache_clear()


def test_a_checked_image_is_not_decoded_again(cache: Path, tmp_path: Path, monkeypatch) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes((ROOT / "templates" / "logo.png").read_bytes())
    first = assets.check_image(logo)
    assert len(list(cache.glob("*.img"))) == 1
    image_cache.lookup.cache_clear()  # as in a new process
    import PIL.Image

    monkeypatch.setattr(PIL.Image, "open", lambda *a, **k: pytest.fail("decoded again"))
    again = assets.check_image(logo)
    assert (again.format, again.width, again.height, again.data) == (
        first.format,
        first.width,
        first.height,
        first.data,
    )


def test_a_refused_image_is_refused_every_time(cache: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.png"
    bad.write_bytes((ROOT / "templates" / "logo.png").read_bytes()[:200])  # truncated
    for _ in range(2):
        with pytest.raises(InvalidInput):
            assets.check_image(bad)
    assert not list(cache.glob("*.img"))


def test_the_cache_folder_is_platformdirs_one(monkeypatch) -> None:
    from platformdirs import user_cache_path

    from briefbuilder.cachedir import cache_folder

    monkeypatch.delenv("BRIEFBUILDER_NO_CACHE", raising=False)
    for xdg in (None, "/tmp/xdg-cache"):
        if xdg is None:
            monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
        else:
            monkeypatch.setenv("XDG_CACHE_HOME", xdg)
        assert cache_folder("images") == user_cache_path("briefbuilder") / "images"
    monkeypatch.setenv("BRIEFBUILDER_NO_CACHE", "1")
    assert cache_folder("images") is None
