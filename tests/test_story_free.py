"""Shipped templates and code serve every brief: a brief about something else gets nothing of
the Belarus story in any of its documents."""

from __future__ import annotations

import io
import re
import subprocess

from pypdf import PdfReader

import briefbuilder
from helpers import BRIEF, ROOT, docx_text

OTHER = ROOT / "tests" / "fixtures" / "briefs" / "harbour-flood-barrier.yaml"
_WORD = re.compile(r"[^\W\d_]{4,}")


def _story_words() -> set[str]:
    """The Belarus story's names: its people and outlets, its places; less any word the other
    brief uses itself."""
    brief = briefbuilder.load_brief(BRIEF)
    names = [p.name for p in brief.people] + [s.outlet for s in brief.sources]
    words = set(_WORD.findall(" ".join(names))) | {"Belarus", "Belarusian", "Minsk", "Belavia", "Lithuania"}
    other = {w.lower() for w in _WORD.findall(OTHER.read_text(encoding="utf-8"))}
    return {w for w in words if w[0].isupper() and w.lower() not in other}


def test_the_story_words_are_a_real_list() -> None:
    words = _story_words()
    assert {"Belarus", "Lukashenko", "Minsk", "Trump", "Reuters"} <= words and len(words) > 30


def test_no_output_of_another_brief_carries_a_word_of_the_belarus_story() -> None:
    words = _story_words()
    files = briefbuilder.render(OTHER)
    assert len(files) == 6
    for f in files:
        if f.fmt == "pdf":
            text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(f.data)).pages)
        else:
            text = docx_text(f.data)
        assert "Port Aldane" in text, f.name
        leaked = sorted(words & set(_WORD.findall(text)))
        assert not leaked, f"{f.name}: {leaked}"


def test_the_press_intro_speaks_of_the_brief_it_is_built_for() -> None:
    press = briefbuilder.render(OTHER, audience="press", formats=["docx"])[0]
    text = docx_text(press.data).replace("\u00a0", " ")
    title = "Port Aldane approves its tidal flood barrier"
    assert f"This public briefing, “{title}”, summarizes published reporting as of 4 March 2026." in text


def test_no_shipped_template_or_module_names_the_story() -> None:
    found = subprocess.run(
        ["git", "grep", "-I", "-l", "-i", "-E", "belarus|minsk|lukashenko", "--", "templates", "src"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert found.returncode in (0, 1) and found.stdout == ""
