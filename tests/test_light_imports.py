"""The light commands import only what they need (issue #18): each runs in a fresh process and the
modules it must not load are checked absent, so a saving cannot silently come back. A command's
time is mostly its imports: a layout module is ~1 ms per dataclass it defines, Babel, reportlab
or Pillow's image code tens of milliseconds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from helpers import BRIEF, ROOT

# what a document needs and these commands do not: writers, their libraries, the layout, dates
HEAVY = (
    "docx",
    "reportlab",
    "pikepdf",
    "lxml",
    "fontTools",
    "babel",
    "PIL.Image",
    "briefbuilder.layout",
    "briefbuilder.writers",
    "briefbuilder.pipeline.items",
    "briefbuilder.output",
    "importlib.resources",
)

PROBE = (
    "import contextlib, io, json, sys\n"
    "from briefbuilder.cli import main\n"
    "with contextlib.redirect_stdout(io.StringIO()):\n"
    "    code = main(sys.argv[2:])\n"
    "names = json.loads(sys.argv[1])\n"
    "hit = sorted(m for m in sys.modules if any(m == n or m.startswith(n + '.') for n in names))\n"
    "print(json.dumps([code, hit]))"
)


def _imported(args: list[str], names: tuple[str, ...], cache: Path) -> list[str]:
    """The modules among ``names`` (and their submodules) that ``briefbuilder ARGS`` imported."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), XDG_CACHE_HOME=str(cache))
    env.pop("BRIEFBUILDER_NO_CACHE", None)
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(names), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    code, imported = json.loads(proc.stdout.strip().splitlines()[-1])
    assert code == 0, (args, proc.stderr)
    return list(imported)


def test_help_imports_neither_yaml_nor_the_brief(tmp_path: Path) -> None:
    names = (*HEAVY, "yaml", "dataclasses", "briefbuilder.brief", "briefbuilder.audience")
    assert _imported(["--help"], names, tmp_path) == []


def test_check_imports_neither_templates_nor_layout(tmp_path: Path) -> None:
    """A brief every built-in font can draw needs no template, no settings and no API; with no
    sections of its own, not the checks of their CSV files and pictures either."""
    names = (
        *HEAVY,
        "briefbuilder.audience",
        "briefbuilder.pipeline",
        "briefbuilder.api",
        "briefbuilder.brief.content_checks",
        "briefbuilder.brief.tables",
        "PIL",
        "threading",
    )
    assert _imported(["check", str(BRIEF)], names, tmp_path) == []


def test_audiences_read_the_templates_without_the_brief_model(tmp_path: Path) -> None:
    """Templates share a few value types with briefs (``brief.values``), not the model's twenty
    dataclasses, the loader or the layout; the logo was verified by the first run (Pillow), the
    second finds it in the cache (``brief.image_cache``)."""
    names = (*HEAVY, "briefbuilder.brief.model", "briefbuilder.brief.content", "briefbuilder.brief.loading")
    _imported(["audiences"], (), tmp_path)
    assert _imported(["audiences"], names, tmp_path) == []


def test_lint_of_an_unchanged_brief_lays_nothing_out(tmp_path: Path) -> None:
    """The first lint lays each budgeted audience out (and may write its PDF) to count pages; the
    second finds the verdict kept (``pipeline.pages``) and imports no layout, Babel or writer."""
    _imported(["lint", str(BRIEF)], (), tmp_path)
    assert _imported(["lint", str(BRIEF)], HEAVY, tmp_path) == []
