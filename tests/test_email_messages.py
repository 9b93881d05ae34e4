"""Messages: built from the audience's own Document and artifacts, parsed back as a mail client would."""

from __future__ import annotations

import datetime as dt
import re
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pytest

from briefbuilder.audience.templates import TemplateSet
from briefbuilder.brief.loading import load_brief
from briefbuilder.delivery import messages
from briefbuilder.delivery.messages import MIME_TYPES
from briefbuilder.delivery.plan import plan_batch
from briefbuilder.delivery.recipients import Mailbox, load_distribution
from briefbuilder.errors import InvalidInput
from briefbuilder.layout.engine import LayoutOptions
from briefbuilder.pipeline import build_brief
from helpers import BRIEF, docx_text, pdf_text

PROBE = "PROBEINTERNAL7731"
HOSTILE = "AT&T <script>alert(1)</script> and a [link](https://example.org/?a=1&b=2)."
DATE = dt.datetime(2025, 9, 12, 8, 30, tzinfo=dt.UTC)
COVER_NOTE = "A note for aides only: Žemaitė.\n".encode()

LIST = """\
sender: {name: "Briefings desk", address: "briefings@example.org"}
reply_to: {name: "Replies", address: "replies@example.org"}
groups:
  - {id: aides, audience: insiders, attachments: [notes/cover-note.txt]}
recipients:
  - {name: "Ann Aide", address: "ann@example.org", groups: [aides], formats: [pdf, docx]}
  - {name: "Dana Director", address: "dana@example.org", audience: insiders, formats: [pdf],
     prepared_for: true}
  - {name: "Pat Reporter", address: "pat@example.org", audience: press, formats: [pdf, docx]}
  - {name: "Ира Иванова", address: "ira@example.org", audience: пресса, formats: [pdf]}
"""


# An audience that may see internal items, with its own headings and a limit of three facts.
INSIDERS = """\
extends: press
label: Insiders
release: [public, internal]
show_internal_marking: true
marking: ~
email_subject: ~
sections:
  - {key: summary, heading: Bottom line}
  - {key: key_facts, heading: Top facts, limit: 3}
  - {key: sources}
"""


def probe_brief_text() -> str:
    """The sample brief with an internal key fact to hunt for and a hostile public one."""
    text = BRIEF.read_text("utf-8").replace("id: us-belarus-normalization", "id: probe-brief", 1)
    return text.replace(
        "key_facts:\n",
        "key_facts:\n"
        f'  - text: "{PROBE} is the desk\'s unreleased assessment."\n'
        "    sources: [article]\n"
        "    release: internal\n"
        f'  - text: "{HOSTILE}"\n'
        "    sources: [article]\n",
        1,
    )


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    root = tmp_path_factory.mktemp("messages")
    brief_path = root / "probe.yaml"
    brief_path.write_text(probe_brief_text(), "utf-8")
    templates_dir = root / "templates"
    templates_dir.mkdir()
    (templates_dir / "insiders.yaml").write_text(INSIDERS, "utf-8")
    (templates_dir / "пресса.yaml").write_text(
        "extends: press\nlabel: Пресса\nemail_subject: '{{ audience }} | {{ title }} | {{ recipient }}'\n",
        "utf-8",
    )
    templates = TemplateSet.default(templates_dir)
    list_path = root / "list.yaml"
    list_path.write_text(LIST, "utf-8")
    (root / "notes").mkdir()
    (root / "notes" / "cover-note.txt").write_bytes(COVER_NOTE)
    dlist = load_distribution(list_path, templates.names(), MIME_TYPES)
    brief = load_brief(brief_path).brief
    audiences = {n: templates.resolve(n) for n in ("insiders", "press", "пресса")}
    batch = plan_batch(
        brief, audiences, dlist, dlist.recipients, batch_id="b1", options=LayoutOptions(), date=DATE
    ).build_all()
    parsed = {o.recipient.mailbox.address: _parse(o.data) for o in batch.outgoing}
    return {"brief": brief, "audiences": audiences, "dlist": dlist, "batch": batch, "parsed": parsed}


def _parse(data: bytes) -> EmailMessage:
    return BytesParser(policy=policy.default).parsebytes(data)  # type: ignore[return-value]


def _attachments(msg: EmailMessage) -> dict[str, tuple[str, bytes]]:
    return {
        p.get_filename(): (p.get_content_type(), p.get_payload(decode=True)) for p in msg.iter_attachments()
    }


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_every_message_parses_back_with_its_headers(env) -> None:
    for out in env["batch"].outgoing:
        assert out.data.isascii()  # 7-bit clean: quoted-printable, base64, RFC 2047/2231 names
        assert b"\r\n" in out.data and b"\n" not in out.data.replace(b"\r\n", b"")
        msg = _parse(out.data)
        assert msg.defects == [] and all(not p.defects for p in msg.walk())
        assert str(msg["From"]) == "Briefings desk <briefings@example.org>"
        assert str(msg["Reply-To"]) == "Replies <replies@example.org>"
        assert msg["To"].addresses[0].addr_spec == out.recipient.mailbox.address
        assert msg["To"].addresses[0].display_name == out.recipient.mailbox.name
        assert (
            msg["Message-ID"]
            == out.message_id
            == messages.message_id("b1", out.recipient.mailbox, "example.org")
        )
        assert msg["Date"].datetime == DATE
        assert msg["Content-Language"] == "en"
        assert msg.get_content_type() == "multipart/mixed"
        assert msg.get_body(("plain",)) is not None and msg.get_body(("html",)) is not None
        assert [a.filename for a in out.attachments] == list(_attachments(msg))


def test_attachments_are_the_built_files_byte_for_byte_then_the_groups_extras(env) -> None:
    insiders = env["audiences"]["insiders"]
    built = {a.name: a.data for a in build_brief(env["brief"], [insiders], ["pdf", "docx"], LayoutOptions())}
    got = _attachments(env["parsed"]["ann@example.org"])
    assert got == {
        "probe-brief-insiders.pdf": ("application/pdf", built["probe-brief-insiders.pdf"]),
        "probe-brief-insiders.docx": (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            built["probe-brief-insiders.docx"],
        ),
        "cover-note.txt": ("text/plain", COVER_NOTE),  # the group's extra file, after the documents
    }


def test_subject_carries_marking_title_and_date_for_the_audience(env) -> None:
    # .strip(): Python folds a 70-77 character value onto its own line ("Subject:" CRLF SP ...), which
    # is valid RFC 5322; mail clients drop the leading blank, Python's parser keeps it.
    p = env["parsed"]
    assert p["ann@example.org"]["Subject"].strip() == (
        "[UNCLASSIFIED // FOR TRAINING] "
        "Why the US decided to normalize relations with Belarus (11 September 2025)"
    )
    assert p["pat@example.org"]["Subject"].strip() == (  # press: its template's own subject
        "Public briefing: Why the US decided to normalize relations with Belarus (11 September 2025)"
    )


def test_internal_item_reaches_an_audience_that_may_see_it_but_nothing_of_the_press_message(env) -> None:
    ann = env["parsed"]["ann@example.org"]
    assert PROBE in ann.get_body(("plain",)).get_content()
    assert PROBE in ann.get_body(("html",)).get_content()
    assert PROBE in docx_text(_attachments(ann)["probe-brief-insiders.docx"][1])  # the probe is findable
    for address in ("pat@example.org", "ira@example.org"):
        msg = env["parsed"][address]
        assert PROBE not in msg["Subject"]
        assert PROBE not in msg.get_body(("plain",)).get_content()
        assert PROBE not in msg.get_body(("html",)).get_content()
        assert "UNCLASSIFIED" not in msg.as_string()  # the internal marking stays out too
        for name, (kind, data) in _attachments(msg).items():
            assert PROBE not in name and "internal" not in name
            text = docx_text(data) if kind.endswith("document") else _words(pdf_text(data))
            assert PROBE not in text
            assert "press@example.org" in text  # the documents are the press version


def test_body_has_the_audiences_bottom_line_and_key_facts_from_its_document(env) -> None:
    dana = env["parsed"]["dana@example.org"].get_body(("plain",)).get_content()
    assert "BOTTOM LINE" in dana and "TOP FACTS" in dana  # the template's own headings
    assert re.search(r"^3\. ", dana, re.M) and not re.search(r"^4\. ", dana, re.M)  # its limit of 3 facts
    pat = env["parsed"]["pat@example.org"].get_body(("plain",)).get_content()
    assert "SUMMARY" in pat and "KEY FACTS" in pat
    assert "Questions: Press office, Media relations, press@example.org" in pat
    assert "probe-brief-press.pdf (" in pat and "probe-brief-press.docx (" in pat
    assert not re.search(r"\[\d+\]", pat)  # no dangling citation numbers in the body


def test_html_body_escapes_text_and_keeps_links(env) -> None:
    html = env["parsed"]["pat@example.org"].get_body(("html",)).get_content()
    assert "AT&amp;T &lt;script&gt;alert(1)&lt;/script&gt; and a " in html
    assert '<a href="https://example.org/?a=1&amp;b=2">link</a>' in html
    assert "<script>" not in html
    plain = env["parsed"]["pat@example.org"].get_body(("plain",)).get_content()
    assert "AT&T <script>alert(1)</script> and a link <https://example.org/?a=1&b=2>." in _words(plain)


def test_prepared_for_name_is_printed_in_personalized_documents(env) -> None:
    (_, pdf) = _attachments(env["parsed"]["dana@example.org"])["probe-brief-insiders.pdf"]
    assert "Prepared for" in pdf_text(pdf) and "Dana Director" in pdf_text(pdf)
    (_, press_pdf) = _attachments(env["parsed"]["pat@example.org"])["probe-brief-press.pdf"]
    assert "Pat Reporter" not in pdf_text(press_pdf)


def test_non_ascii_names_survive_in_headers_and_attachment_file_names(env) -> None:
    out = next(o for o in env["batch"].outgoing if o.recipient.mailbox.address == "ira@example.org")
    assert b"filename*=utf-8''probe-brief-%D0%BF%D1%80%D0%B5%D1%81%D1%81%D0%B0.pdf" in out.data
    msg = env["parsed"]["ira@example.org"]
    assert list(_attachments(msg)) == ["probe-brief-пресса.pdf"]
    assert msg["To"].addresses[0].display_name == "Ира Иванова"
    assert msg["Subject"] == "Пресса | Why the US decided to normalize relations with Belarus | Ира Иванова"


def test_message_ids_are_stable_per_batch_and_recipient() -> None:
    a, b = Mailbox("ann@example.org"), Mailbox("Ann@Example.org")
    assert messages.message_id("b1", a, "example.org") == messages.message_id("b1", b, "example.org")
    assert messages.message_id("b1", a, "example.org") != messages.message_id("b2", a, "example.org")
    assert messages.message_id("b1", a, "example.org") != messages.message_id(
        "b1", Mailbox("x@example.org"), "example.org"
    )
    assert re.fullmatch(r"<[0-9a-f]{32}@example\.org>", messages.message_id("b1", a, "example.org"))


def _plan(env, audiences=None, **kw):
    press = env["dlist"].select(audience="press")
    return plan_batch(
        env["brief"],
        audiences or env["audiences"],
        env["dlist"],
        press,
        batch_id="b1",
        options=LayoutOptions(),
        date=DATE,
        **kw,
    ).build_all()


def test_message_over_the_configured_limit_is_refused_naming_the_recipient(env) -> None:
    with pytest.raises(InvalidInput) as info:
        _plan(env, max_bytes=100_000, max_bytes_source="max_message_bytes in mail.yaml")
    (problem,) = info.value.problems
    line = next(n for n, text in enumerate(LIST.splitlines(), 1) if "pat@example.org" in text)
    assert (problem.path, problem.line, problem.column) == ("recipients[2]", line, 5)
    assert "over the limit of 100,000 set by max_message_bytes in mail.yaml" in problem.message


def test_subject_template_with_an_unknown_name_fails_before_anything_is_sent(env, tmp_path: Path) -> None:
    (tmp_path / "press2.yaml").write_text("extends: press\nemail_subject: '{{ titel }}'\n")
    press = TemplateSet.default(tmp_path).resolve("press2")
    with pytest.raises(InvalidInput) as info:
        _plan(env, audiences={**env["audiences"], "press": press})
    (problem,) = info.value.problems  # one problem, not one per recipient
    assert problem.path == "email_subject" and "'titel' is undefined" in problem.message


def test_subject_template_cannot_inject_headers_or_control_characters(env, tmp_path: Path) -> None:
    # The template loader refuses raw control characters, so build them with Jinja string escapes.
    (tmp_path / "press2.yaml").write_text("extends: press\nemail_subject: '{{ title }}{{ \"\\x9b\" }}'\n")
    press = TemplateSet.default(tmp_path).resolve("press2")
    with pytest.raises(InvalidInput) as info:
        _plan(env, audiences={**env["audiences"], "press": press})
    assert any("U+009B" in p.message and p.path == "email_subject" for p in info.value.problems)
    (tmp_path / "press3.yaml").write_text(
        "extends: press\nemail_subject: 'Brief{{ \"\\r\\nBcc: x@example.org\" }}'\n"
    )
    press = TemplateSet.default(tmp_path).resolve("press3")
    batch = _plan(env, audiences={**env["audiences"], "press": press})
    msg = _parse(batch.outgoing[0].data)
    assert msg["Bcc"] is None and msg["Subject"] == "Brief Bcc: x@example.org"
