"""Hostile text: characters no document can hold, markup-like text, links, and glyph coverage.

Round trips go through the real pipeline (parse → layout → the registered writers) and read the
results back with python-docx and pypdf: what the author wrote is what the reader sees.
"""

from __future__ import annotations

import io
import json
import re
import time
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from briefbuilder.audience.templates import Audience, TemplateSet
from briefbuilder.brief import markup
from briefbuilder.brief.loading import load_brief, parse_brief
from briefbuilder.errors import InvalidInput
from briefbuilder.fonts import coverage
from briefbuilder.fonts.families import font_family, known_families
from briefbuilder.layout.engine import lay_out
from briefbuilder.writers import writer
from helpers import BRIEF, ROOT, parse_for_default_audiences, plain_typography

HOSTILE = (
    "AT&T and R&D; &copy; &nbsp; &bogus; &#65; &#x41; &lt;b&gt;",
    "if a<b then c>d",
    "<script>alert(1)</script>",
    '<b>not bold</b> <i>not italic</i> <font size="400">HUGE</font>',
    '<img src="/etc/passwd"/> <a href="javascript:alert(1)">click</a>',
    "<para>x</para> <br/> <super>2</super> ]]> <![CDATA[x]]>",
    "<!-- not a comment --> <?xml version='1.0'?> <!DOCTYPE x>",
    "{{ jinja }} {% raw %} ${var} %s %(name)s \\n",
    "Лукашенко and Nausėda, Łódź — “quoted” ‘single’ … §5 №3 €10",
    "<font color=\"[ [ getattr(pow,Word('__globals__'))] ]\">x</font>",  # CVE-2023-33733 shape
)


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def hostile_brief() -> str:
    """Every hostile string in a different kind of field, so each writer path is exercised."""
    h = HOSTILE
    facts = "".join(f"  - text: {_q(t)}\n    sources: [a]\n" for t in h)
    return f"""\
id: hostile
title: {_q(h[1])}
subtitle: {_q(h[0])}
date: "2025-09-11"
summary: {_q(h[2])}
marking: {_q("INTERNAL & <b>RESTRICTED</b>")}
sources:
  - id: a
    outlet: {_q(h[3])}
    kind: other
    title: {_q(h[6])}
    note: {_q(h[4])}
    url: "HTTPS://EXAMPLE.ORG/a?b=1&c=2"
key_facts:
{facts}context:
  - heading: {_q(h[5])}
    paragraphs:
      - text: {_q(h[7])}
        sources: [a]
timeline:
  - date: "2025-06"
    event: {_q(h[8])}
    sources: [a]
people:
  - id: p
    name: {_q(h[9])}
    role: {_q(h[0])}
statements:
  - text: {_q(h[5])}
    speaker: p
    sources: [a]
outlook:
  - text: "Links: [site](https://example.org/x?y=1&z=2) and [mail](mailto:desk@example.org)"
"""


@pytest.fixture(scope="module")
def plain_audience(tmp_path_factory: pytest.TempPathFactory) -> Audience:
    """An audience with every section and no template decoration (no logo, no pictures)."""
    folder = tmp_path_factory.mktemp("templates")
    (folder / "plain.yaml").write_text("description: every section, nothing else\n", "utf-8")
    return TemplateSet([folder]).resolve("plain")


@pytest.fixture(scope="module")
def built(plain_audience: Audience) -> dict[str, bytes]:
    document = lay_out(parse_brief(hostile_brief(), "hostile.yaml").brief, plain_audience)
    return {fmt: writer(fmt)(document) for fmt in ("docx", "pdf")}


def _docx_paragraphs(data: bytes) -> list[str]:
    d = docx.Document(io.BytesIO(data))
    texts = [p.text for p in d.paragraphs]
    texts += [p.text for t in d.tables for row in t.rows for cell in row.cells for p in cell.paragraphs]
    for section in d.sections:
        texts += [p.text for p in (*section.header.paragraphs, *section.footer.paragraphs)]
    return texts


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def read_back(built: dict[str, bytes]) -> dict[str, object]:
    reader = PdfReader(io.BytesIO(built["pdf"]))
    return {
        "docx": _docx_paragraphs(built["docx"]),
        "pdf": _squash(plain_typography("".join(page.extract_text() for page in reader.pages))),
    }


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_markup_like_text_comes_out_of_the_docx_exactly_as_written(read_back: dict, text: str) -> None:
    # exactly, but for the typography layout applies (typographic quotes, dashes, no-break spaces)
    assert any(plain_typography(text) in plain_typography(p) for p in read_back["docx"])


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_markup_like_text_comes_out_of_the_pdf_exactly_as_written(read_back: dict, text: str) -> None:
    assert _squash(plain_typography(text)) in read_back["pdf"]  # modulo line breaks and typography


def test_marking_with_markup_is_printed_literally_in_both_formats(built: dict[str, bytes]) -> None:
    assert "INTERNAL & <b>RESTRICTED</b>" in _docx_paragraphs(built["docx"])
    first_page = PdfReader(io.BytesIO(built["pdf"])).pages[0].extract_text()
    assert "INTERNAL & <b>RESTRICTED</b>" in first_page


def test_img_tags_in_text_embed_no_file(built: dict[str, bytes]) -> None:
    reader = PdfReader(io.BytesIO(built["pdf"]))
    assert sum(len(page.images) for page in reader.pages) == 0
    assert not any(n.startswith("word/media/") for n in _zip_names(built["docx"]))


def test_only_the_links_the_author_made_become_links(built: dict[str, bytes]) -> None:
    expected = {"HTTPS://EXAMPLE.ORG/a?b=1&c=2", "https://example.org/x?y=1&z=2", "mailto:desk@example.org"}
    reader = PdfReader(io.BytesIO(built["pdf"]))
    uris = set()
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A") or {}
            if "/URI" in action:
                uris.add(str(action["/URI"]))
    assert uris == expected
    d = docx.Document(io.BytesIO(built["docx"]))
    targets = {rel.target_ref for rel in d.part.rels.values() if rel.is_external}
    assert targets == expected


def test_a_document_dated_after_2107_can_still_be_written_as_docx(plain_audience: Audience) -> None:
    """ZIP entries hold only 1980-2107: the DOCX writer must clamp (SOURCE_DATE_EPOCH can be anything)."""
    from briefbuilder.layout.engine import LayoutOptions

    brief = parse_brief(hostile_brief(), "hostile.yaml").brief
    document = lay_out(brief, plain_audience, LayoutOptions(source_date_epoch=4_500_000_000))  # 2112
    data = writer("docx")(document)
    assert docx.Document(io.BytesIO(data)).core_properties.created.year == 2112


def test_a_brief_dated_far_in_the_future_is_a_typo_not_a_crash() -> None:
    text = _brief_with("title", "T").replace('date: "2025"', "date: 2205-09-11")
    with pytest.raises(InvalidInput) as info:
        parse_brief(text, "b.yaml")
    (problem,) = info.value.problems
    assert (problem.path, problem.line, problem.column) == ("date", 2, 7)
    assert "is not between 1900 and 2100; is the year a typo?" in problem.message


def _zip_names(data: bytes) -> list[str]:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.namelist()


# --- characters no document can hold ------------------------------------------------------------
FIELDS = {
    "title": lambda v: f"title: {v}\n",
    "key_facts[0].text": lambda v: f"key_facts:\n  - text: {v}\n    sources: [a]\n",
    "sources[0].outlet": lambda v: f"sources:\n  - id: a\n    outlet: {v}\n    kind: other\n",
    "statements[0].context": lambda v: (
        f"people:\n  - id: p\n    name: P\nstatements:\n  - text: Q\n    speaker: p\n"
        f"    sources: [a]\n    context: {v}\n"
    ),
    "keywords[1]": lambda v: f"keywords: [ok, {v}]\n",
}
BASE = {
    "title": "title: T\n",
    "key_facts[0].text": "key_facts:\n  - text: F\n    sources: [a]\n",
    "sources[0].outlet": "sources:\n  - id: a\n    outlet: A\n    kind: other\n",
}


def _brief_with(field: str, value: str) -> str:
    parts = {"head": 'id: x\ndate: "2025"\nsummary: S\n', **BASE, field: FIELDS[field](value)}
    return "".join(parts.values())


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize(
    ("escape", "name"),
    [
        ("\\0", "U+0000 NULL"),
        ("\\x01", "U+0001 (a control character)"),
        ("\\b", "U+0008 BACKSPACE"),
        ("\\v", "U+000B LINE TABULATION"),
        ("\\f", "U+000C FORM FEED"),
        ("\\e", "U+001B ESCAPE"),
        ("\\x1f", "U+001F (a control character)"),
        ("\\x7f", "U+007F DELETE"),
        ("\\x9b", "U+009B (a control character)"),
        ("\\uFFFE", "U+FFFE (a non-character)"),
        ("\\uFFFF", "U+FFFF (a non-character)"),
    ],
)
def test_characters_no_document_can_hold_are_refused_naming_the_field(
    field: str, escape: str, name: str
) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_brief(_brief_with(field, f'"a{escape}b"'), "b.yaml")
    (problem,) = info.value.problems
    assert problem.path == field
    assert problem.message == f"contains {name}, which no document can hold; delete it"
    assert problem.line is not None and problem.column is not None


def test_tabs_and_newlines_are_ordinary_whitespace() -> None:
    brief = parse_brief(_brief_with("key_facts[0].text", '"a\\tb\\nc"'), "b.yaml").brief
    assert brief.key_facts[0].text == "a\tb\nc"


# --- links --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "url",
    [
        "https://example.org",
        "HTTPS://EXAMPLE.ORG/A",
        "http://example.org/a?b=1&c=2#d",
        "mailto:desk@example.org",
    ],
)
def test_allowed_links_pass(url: str) -> None:
    (span,) = markup.parse(f"[x]({url})")
    assert span.href == url


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("javascript:alert(1)", "is not allowed"),
        ("JavaScript:alert(1)", "is not allowed"),
        ("data:text/html,x", "is not allowed"),
        ("file:///etc/passwd", "is not allowed"),
        ("vbscript:x", "is not allowed"),
        ("ftp://example.org", "is not allowed"),
        ("//example.org/x", "is not allowed"),
        ("example.org", "is not allowed"),
        ("https:example.org", "has no host"),
        ("https://", "has no host"),
        ("mailto:", "has no e-mail address"),
        ("https://example.org/<x>", "contains '<'"),
    ],
)
def test_dangerous_or_broken_links_are_refused(url: str, reason: str) -> None:
    with pytest.raises(markup.MarkupError, match=re.escape(reason)) as info:
        markup.parse(f"see [x]({url})")
    assert info.value.url == url


def test_a_link_with_leading_space_is_not_markup_at_all() -> None:
    assert markup.parse("[x]( javascript:alert(1))")[0].href is None


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ('" javascript:alert(1)"', "only https and http links"),
        ("mailto:a@example.org", "only https and http links"),
        ("data:text/plain,x", "only https and http links"),
        ('"https://example.org/a b"', "contains ' '"),
        ("https:/example.org", "has no host"),
    ],
)
def test_source_urls_are_web_links_only(url: str, reason: str) -> None:
    text = _brief_with("sources[0].outlet", "A").replace("kind: other\n", f"kind: other\n    url: {url}\n")
    with pytest.raises(InvalidInput) as info:
        parse_brief(text, "b.yaml")
    (problem,) = info.value.problems
    assert problem.path == "sources[0].url" and reason in problem.message
    assert problem.line is not None


def test_source_note_links_are_checked_like_any_text() -> None:
    text = _brief_with("sources[0].outlet", "A").replace(
        "kind: other\n", 'kind: other\n    note: "see [x](data:text/html,y)"\n'
    )
    with pytest.raises(InvalidInput) as info:
        parse_brief(text, "b.yaml")
    (problem,) = info.value.problems
    assert problem.path == "sources[0].note"
    assert (problem.line, problem.column) == (12, 20)  # at the link itself


# --- glyph coverage -----------------------------------------------------------------------------
def test_printable_ascii_cyrillic_and_latin_extended_are_drawable() -> None:
    ok = coverage.drawable()
    assert all(c in ok for c in range(0x20, 0x7F))
    assert coverage.undrawable("Лукашенко Nausėda Łódź Ålesund Øre Straße œuvre ÿ Ğ İ ş") == ()


def test_characters_the_writers_add_themselves_are_drawable() -> None:
    assert coverage.undrawable("— “ ” ‘ ’ · • … –\u00a0") == ()  # dashes, quotes, bullets, nbsp


@pytest.mark.parametrize(
    "text",
    ["政策", "🚀", "שלום", "𐀀", "\u2009", "\u200b", "\u202f", "\u2010", "\ue000"],
    ids=["cjk", "emoji", "hebrew", "linear-b", "thin", "zero-width", "narrow-nbsp", "hyphen", "private"],
)
def test_characters_the_fonts_lack_are_found(text: str) -> None:
    assert coverage.undrawable(f"ok {text} ok") == tuple(dict.fromkeys(text))


def test_persian_arabic_greek_and_the_ayn_mark_are_drawable_through_the_fallback() -> None:
    assert coverage.undrawable("عباس عراقچی ʿAbbās ʿArāqchī ʾ Αθήνα می\u200cخواهد ۱۴۰۴") == ()


def test_coverage_agrees_with_what_reportlab_embeds() -> None:
    from reportlab.pdfbase.ttfonts import TTFontFile

    for family in known_families():
        files = font_family(family)
        for path in (files.regular, files.bold, files.italic, files.bolditalic):
            mapped = {c for c, g in TTFontFile(str(path)).charToGlyph.items() if g != 0}
            assert coverage.font_cmap(path) - {0} <= mapped | {0x20}
            assert coverage.family_coverage(family) <= coverage.font_cmap(path)


def test_glyph_problem_names_field_position_and_a_replacement() -> None:
    text = _brief_with("key_facts[0].text", "The embassy\u2009reopens")
    with pytest.raises(InvalidInput) as info:
        parse_brief(text, "b.yaml")
    (problem,) = info.value.problems
    assert problem.path == "key_facts[0].text"
    assert (problem.line, problem.column) == (6, 22)  # the thin space itself
    assert "U+2009 THIN SPACE" in problem.message and "use a normal space" in problem.message


def test_glyph_problems_in_several_fields_are_all_reported_at_once() -> None:
    text = _brief_with("title", "Reset 🚀").replace("summary: S", "summary: 政策 matters")
    with pytest.raises(InvalidInput) as info:
        parse_for_default_audiences(text, "b.yaml")  # left by the load to the audiences' fonts
    assert [p.path for p in info.value.problems] == ["summary", "title"]


def test_templates_are_checked_for_glyphs_too(tmp_path: Path) -> None:
    (tmp_path / "t.yaml").write_text("description: T\nintro: Read this 👀 first\n", "utf-8")
    with pytest.raises(InvalidInput) as info:
        TemplateSet([tmp_path]).resolve("t")
    (problem,) = info.value.problems
    assert (problem.path, problem.line, problem.column) == ("intro", 2, 8)
    assert "U+1F440 EYES" in problem.message


def test_glyph_check_is_fast_and_reads_each_font_once() -> None:
    coverage.font_cmap.cache_clear()
    coverage.family_coverage.cache_clear()
    start = time.perf_counter()
    load_brief(BRIEF)  # Cyrillic and Latin Extended: the fonts must be consulted
    first = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(5):
        load_brief(BRIEF)
    again = (time.perf_counter() - start) / 5
    faces = 4 * 2  # PT Serif and PT Sans have every character of the brief: Noto is never read
    assert coverage.font_cmap.cache_info().misses == faces
    assert first < 1.0 and again < 0.2


def test_shipped_briefs_and_templates_are_fully_drawable() -> None:
    for path in [*sorted((ROOT / "data").glob("*.yaml")), *sorted((ROOT / "templates").glob("*.yaml"))]:
        assert coverage.undrawable(path.read_text("utf-8")) == (), path.name


@pytest.mark.parametrize(
    ("text", "culprit", "words"),
    [
        ("Bob\x07", "\x07", "U+0007 BELL, which no document can hold"),
        ("Bob 🚀", "🚀", "U+1F680 ROCKET"),
        ("Bob\u2009Smith", "\u2009", "use a normal space"),
    ],
)
def test_text_problem_checks_text_from_outside_a_file_by_the_same_rules(
    text: str, culprit: str, words: str
) -> None:
    from briefbuilder.brief.typed import text_problem

    message, char = text_problem(text)
    assert char == culprit and words in message
    assert text_problem("Bob Лукашенко & <Co>") is None
