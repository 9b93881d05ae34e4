"""The timeline figure's PNG is cached by its scene: the same bytes as drawing it, from memory or
the user's cache folder, and a different scene is never served a stale picture."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from briefbuilder.layout.scene import Scene, Words
from briefbuilder.writers import raster


def _scene(text: str) -> Scene:
    return Scene(200.0, 40.0, "PT Sans", (Words(10.0, 20.0, text, 9.0, False, "#000000", "start"),))


def test_cached_png_is_what_render_png_draws_and_is_kept_on_disk(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("BRIEFBUILDER_NO_FONT_CACHE", raising=False)
    monkeypatch.delenv("BRIEFBUILDER_NO_CACHE", raising=False)
    monkeypatch.setattr(raster, "_cache_folder", lambda: tmp_path / "figures")
    raster._png_by_key.cache_clear()
    scene = _scene("1991 independence")
    first = raster.cached_png(scene, 120)
    assert first == raster.render_png(scene, 120)
    assert len(list((tmp_path / "figures").glob("*.png"))) == 1
    raster._png_by_key.cache_clear()  # a new process: read from the folder, not drawn again
    monkeypatch.setattr(raster, "render_png", lambda *a: pytest.fail("drawn again"))
    assert raster.cached_png(scene, 120) == first


def test_a_changed_scene_is_drawn_anew(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(raster, "_cache_folder", lambda: None)
    raster._png_by_key.cache_clear()
    scene = _scene("1994 election")
    changed = dataclasses.replace(scene, shapes=(dataclasses.replace(scene.shapes[0], text="1995 vote"),))
    assert raster.cached_png(scene, 120) != raster.cached_png(changed, 120)
