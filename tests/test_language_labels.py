"""The brief's language drives the document: labels from the gettext catalogues, dates from
CLDR, the language tagged in both formats, and templates that override labels or give their
prose per language."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pikepdf
import pytest

import briefbuilder
from briefbuilder.brief.model import PartialDate
from briefbuilder.errors import InvalidInput
from briefbuilder.language.labels import LABELS, LOCALE_DIR, Labels, placeholders_of
from briefbuilder.language.locale import language_info
from helpers import BRIEF, docx_text, pdf_text

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("en", "fr", "de", "es", "ru", "ar", "fa")


def _brief_in(tmp_path: Path, language: str) -> Path:
    """A copy of the shipped brief whose language is ``language`` (its text stays English)."""
    text = BRIEF.read_text("utf-8")
    copy = tmp_path / f"brief-{language}.yaml"
    copy.write_text(re.sub(r"(?m)^language: en$", f"language: {language}", text, count=1), "utf-8")
    return copy


def _files(path: Path, audience: str, templates: Path | None = None) -> dict[str, bytes]:
    files = briefbuilder.render(path, audience=[audience], templates=templates)
    return {f.name.rsplit(".", 1)[1]: f.data for f in files}


@pytest.fixture(scope="module")
def french(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    return _files(_brief_in(tmp_path_factory.mktemp("fr"), "fr"), "analyst")


def test_a_french_brief_prints_french_dates_and_labels_in_both_formats(french: dict[str, bytes]) -> None:
    for fmt in ("docx", "pdf"):
        text = (docx_text if fmt == "docx" else pdf_text)(french[fmt]).replace("\u00a0", " ")
        assert "11 septembre 2025" in text, fmt
        assert "11 September 2025" not in text, fmt
        for label in ("Sommaire", "L’essentiel", "Principales évaluations", "Préparé pour", "Auteurs"):
            assert label in text, (fmt, label)
        for english in ("Contents", "Bottom line up front", "Prepared for", "Key judgments"):
            assert english not in text, (fmt, english)
    pdf = pdf_text(french["pdf"])
    assert re.search(r"Page\s*2\s*sur\s*\d+", pdf)  # the cover has no running foot
    assert "Page 1 of" not in pdf


def test_a_french_brief_is_tagged_french_in_both_formats(french: dict[str, bytes]) -> None:
    with zipfile.ZipFile(io.BytesIO(french["docx"])) as z:
        styles = z.read("word/styles.xml").decode()
        settings = z.read("word/settings.xml").decode()
    assert re.search(r'<w:lang w:val="fr"', styles)
    assert 'w:themeFontLang w:val="fr"' in settings
    with pikepdf.open(io.BytesIO(french["pdf"])) as pdf:
        assert str(pdf.Root.Lang) == "fr"
        with pdf.open_metadata() as xmp:
            assert "fr" in str(xmp.get("dc:language"))


def test_the_docx_footer_page_number_is_translated(french: dict[str, bytes]) -> None:
    with zipfile.ZipFile(io.BytesIO(french["docx"])) as z:
        footers = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("word/footer"))
    assert ">Page <" in footers.replace("\u00a0", " ") and "> sur <" in footers
    assert "NUMPAGES" in footers and " of " not in footers


def test_dates_follow_cldr_for_each_language() -> None:
    day = PartialDate(2025, 9, 11)
    assert language_info("en").date(day) == "11 September 2025"  # plain en: as before
    assert language_info("en-GB").date(day) == "11 September 2025"
    assert language_info("en-US").date(day) == "September 11, 2025"
    assert language_info("fr").date(day) == "11 septembre 2025"
    assert language_info("de").date(day) == "11. September 2025"
    assert language_info("es").date(day) == "11 de septiembre de 2025"
    russian = language_info("ru").date(day)
    assert russian == "11 сентября 2025\u00a0г." and "\u202f" not in russian
    assert language_info("fa").date(day) == "۱۱ سپتامبر ۲۰۲۵"  # Persian digits (CLDR: arabext)
    assert language_info("fr").date(PartialDate(2025, 6)) == "juin 2025"
    assert language_info("fa").date(PartialDate(2021)) == "۲۰۲۱"
    assert language_info("xx").date(day) == "11 September 2025"  # unknown to CLDR: English


def test_an_en_us_brief_prints_american_dates(tmp_path: Path) -> None:
    pdf = _files(_brief_in(tmp_path, "en-US"), "executive")["pdf"]
    assert "September 11, 2025" in pdf_text(pdf).replace("\u00a0", " ")


def test_a_german_brief_gets_german_quotation_marks(tmp_path: Path) -> None:
    text = pdf_text(_files(_brief_in(tmp_path, "de"), "press")["pdf"])
    assert "„" in text and "“" in text
    assert "”" not in text  # the English closing mark is gone
    assert "Seite 1 von" in text.replace("\u00a0", " ")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_catalogue_translates_every_label_with_its_placeholders(language: str) -> None:
    from babel.messages.pofile import read_po

    with (LOCALE_DIR / language / "LC_MESSAGES" / "briefbuilder.po").open("rb") as f:
        catalog = read_po(f)
    ids = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalog if m.id}
    for key, english in LABELS.items():
        if key == "events":
            continue
        message = ids[english]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), (language, key)
        for text in strings:
            assert placeholders_of(text) <= placeholders_of(english), (language, key, text)
    labels = Labels(language)
    assert labels.format("page", page=1, pages=9)  # the compiled catalogue loads


def test_the_compiled_catalogues_are_up_to_date() -> None:
    script = ROOT / "scripts" / "compile-catalogues.py"
    proc = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_plural_forms_come_from_the_catalogue() -> None:
    assert Labels("en").count(1) == "1 event" and Labels("en").count(3) == "3 events"
    assert Labels("ru").count(2) == "2 события" and Labels("ru").count(5) == "5 событий"


def _template(folder: Path, body: str, name: str = "custom") -> Path:
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.yaml").write_text(body, "utf-8")
    return folder


def test_a_template_overrides_labels_per_language(tmp_path: Path) -> None:
    folder = _template(
        tmp_path / "templates",
        "extends: press\n"
        "labels:\n"
        "  sources: Further reading\n"
        "  page: 'p. {page}/{pages}'\n"
        "  key_facts: {fr: Les faits, de: Die Fakten}\n"
        "intro:\n"
        "  en: 'An English introduction to {{ title }}.'\n"
        "  fr: 'Une introduction française, du {{ date }}.'\n",
    )
    english = pdf_text(_files(BRIEF, "custom", folder)["pdf"])
    assert "Further reading" in english and "p. 1/" in english
    assert "Key facts" in english  # the French and German label leave English alone
    assert "An English introduction to Why the US" in english.replace("\n", " ")
    files = _files(_brief_in(tmp_path, "fr"), "custom", folder)
    for text in (pdf_text(files["pdf"]), docx_text(files["docx"])):
        text = text.replace("\u00a0", " ")
        assert "Les faits" in text and "Further reading" in text
        assert "Une introduction française, du 11 septembre 2025." in text
        assert "An English introduction" not in text


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("labels:\n  contnets: Inhalt\n", "unknown label 'contnets'; did you mean 'contents'?"),
        ("labels:\n  page: 'Page {page} of {total}'\n", "unknown placeholder {total}"),
        ("labels:\n  sources: {french: Sources}\n", "expected a language tag"),
        ("intro:\n  english: An intro.\n", "expected a language tag"),
    ],
)
def test_a_wrong_label_is_refused_where_it_is_written(tmp_path: Path, body: str, message: str) -> None:
    folder = _template(tmp_path / "templates", "extends: press\n" + body)
    with pytest.raises(InvalidInput) as err:
        briefbuilder.render(BRIEF, audience=["custom"], templates=folder)
    problem = err.value.problems[0]
    assert message in problem.message
    assert problem.file.endswith("custom.yaml") and problem.line == 3 and problem.column is not None


def test_existing_templates_and_plain_prose_stay_valid() -> None:
    assert set(briefbuilder.audiences()) >= {"analyst", "executive", "press"}
    assert briefbuilder.check(BRIEF) == []


def test_the_audience_label_may_be_given_per_language(tmp_path: Path) -> None:
    folder = _template(tmp_path / "templates", "extends: executive\nlabel: {en: Principals, fr: Décideurs}\n")
    french = pdf_text(_files(_brief_in(tmp_path, "fr"), "custom", folder)["pdf"]).replace("\u00a0", " ")
    assert "Décideurs" in french and "Principals" not in french
    english = pdf_text(_files(BRIEF, "custom", folder)["pdf"])
    assert "Principals" in english


def test_whats_new_is_headed_in_the_brief_language() -> None:
    import dataclasses

    from briefbuilder.audience.editions import diff_briefs, whats_new

    old = briefbuilder.load_brief(BRIEF)
    new = dataclasses.replace(old, title="Un autre titre")
    lines = whats_new(old, diff_briefs(old, new), language="fr")
    assert lines[0] == "Nouveautés depuis le 11 septembre 2025 (version 1.0)"
    assert whats_new(old, diff_briefs(old, new))[0] == "What's new since 11 September 2025 (version 1.0)"


def test_verify_finds_the_french_docx_and_pdf_agree(french: dict[str, bytes]) -> None:
    """``verify`` knows "Page X of Y" in every shipped language (a paragraph split over two
    pages reads "... Page 3 sur 9 ..." in the PDF's text)."""
    from briefbuilder.output.verify import verify_pair

    report = verify_pair("brief-fr-analyst", french["docx"], french["pdf"])
    assert report.ok, report.problems


def test_an_email_body_finds_the_date_and_contact_whatever_the_labels_language(tmp_path: Path) -> None:
    from briefbuilder.audience.templates import TemplateSet
    from briefbuilder.delivery.messages import body_content
    from briefbuilder.layout.engine import lay_out

    german = briefbuilder.load_brief(_brief_in(tmp_path, "de"))
    body = body_content(lay_out(german, TemplateSet.default().resolve("executive")))
    assert body.date.replace("\u00a0", " ") == "11. September 2025"
    assert body.contact and "briefings@example.org" in body.contact
