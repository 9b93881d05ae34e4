"""The PDF writer imports reportlab's platypus without compiling its URL pattern (``uri_pat``)
up front; the pattern, compiled on first use, matches as reportlab's own does."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import paragraph

from briefbuilder.writers.pdf_bidi import ScriptParagraph
from briefbuilder.writers.pdf_platypus import DeferredPattern

URLS = [
    "https://example.org/a/b?c=1",
    "HTTP://Example.ORG/Path",
    "ftp://user:pw@192.168.0.1:2121/x",
    "https://пример.рф/путь/к/файлу",
    "mailto:someone@example.org",
    "not a url",
]


def _real() -> re.Pattern[str]:
    pattern = paragraph.uri_pat.pattern
    return re.compile(pattern, re.I)


def test_the_writer_imports_platypus_without_compiling_the_url_pattern() -> None:
    code = (
        "import re, sys\n"
        "compile_ = re.compile\n"
        "import briefbuilder.writers.pdf\n"
        "from reportlab.platypus import paragraph\n"
        "print(type(paragraph.uri_pat).__name__, re.compile is compile_)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["DeferredPattern", "True"]


@pytest.mark.parametrize("url", URLS)
def test_the_deferred_pattern_matches_as_reportlabs(url: str) -> None:
    real = _real()
    deferred = DeferredPattern(real.pattern, re.I)
    mine, theirs = deferred.match(url), real.match(url)
    assert (mine and mine.groups()) == (theirs and theirs.groups())


def test_a_long_url_breaks_alike_with_either_pattern(monkeypatch: pytest.MonkeyPatch) -> None:
    style = ParagraphStyle("uri", fontSize=10, leading=12, uriWasteReduce=0.3)
    text = "See https://example.org/a/rather/long/path/that/cannot/fit/on/one/line/of/this/column for more."

    def lines() -> list[str]:
        para = ScriptParagraph(text, style)
        para.wrap(120, 1000)
        return [" ".join(words) for _space, words in para.blPara.lines]

    monkeypatch.setattr(paragraph, "uri_pat", DeferredPattern(_real().pattern, re.I))
    deferred = lines()
    monkeypatch.setattr(paragraph, "uri_pat", _real())
    assert deferred == lines()
    assert any(line.endswith(" https://example.org/a/") for line in deferred)  # broken inside
