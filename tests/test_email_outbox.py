"""The outbox: `briefbuilder email BRIEF --list LIST --outbox DIR` writes one parseable .eml per recipient."""

from __future__ import annotations

import hashlib
import html
import json
import shutil
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pytest

from briefbuilder.audience.templates import TemplateSet
from briefbuilder.brief.loading import load_brief
from briefbuilder.delivery.recipients import load_distribution
from briefbuilder.writers import WRITERS
from helpers import BRIEF, ROOT, docx_text, pdf_text, plain_typography, run_cli

SAMPLE = ROOT / "data" / "distribution.yaml"
EPOCH = "1757664000"  # 2025-09-12T08:00:00Z


def _parse(path: Path) -> EmailMessage:
    return BytesParser(policy=policy.default).parsebytes(path.read_bytes())  # type: ignore[return-value]


@pytest.fixture(scope="module")
def outbox(tmp_path_factory) -> Path:
    """The acceptance command, run once for the module (the documents' dates fixed)."""
    folder = tmp_path_factory.mktemp("outbox") / "out"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        result = run_cli("email", BRIEF, "--list", SAMPLE, "--outbox", folder)
    assert result.code == 0, result.err
    assert "summary: 6 written, 0 failed" in result.out
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, bytes]:
    """What `briefbuilder build` writes for the same brief: the attachments must be these bytes."""
    folder = tmp_path_factory.mktemp("built")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        result = run_cli("build", BRIEF, "--audience", "press", "--out", folder, "-q")
    assert result.code == 0, result.err
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def test_one_parseable_message_per_recipient_with_its_audiences_documents(outbox: Path, built) -> None:
    dlist = load_distribution(SAMPLE, TemplateSet.default().names(), WRITERS)
    emls = sorted(outbox.glob("*.eml"))
    compared = 0
    assert len(emls) == len(dlist.recipients) == 6
    for path, recipient in zip(emls, dlist.recipients, strict=True):
        msg = _parse(path)
        assert msg.defects == []
        assert msg["To"].addresses[0].addr_spec == recipient.mailbox.address
        assert msg["From"].addresses[0].addr_spec == "briefings@example.org"
        attachments = {p.get_filename(): p.get_content() for p in msg.iter_attachments()}
        expected = [f"us-belarus-normalization-{recipient.audience}.{fmt}" for fmt in recipient.formats]
        assert list(attachments) == expected
        for name, data in attachments.items():
            if recipient.prepared_for:  # personalized: its own build, with the name on the cover
                assert f"Prepared for {recipient.name}" in " ".join(pdf_text(data).split())
            elif name in built:
                assert data == built[name], name
                compared += 1
        assert msg.get_body(("plain",)).get_content().strip()
        assert msg.get_body(("html",)).get_content().startswith("<!DOCTYPE html>")
    assert compared == 3  # the press files of two recipients, byte for byte


def test_manifest_lists_every_message_and_its_attachments(outbox: Path) -> None:
    manifest = json.loads((outbox / "manifest.json").read_text("utf-8"))
    assert manifest["batch"] == "us-belarus-normalization-v1.0-sample-desk"
    assert manifest["date"] == "2025-09-12T08:00:00+00:00"
    assert sorted(m["file"] for m in manifest["messages"]) == sorted(p.name for p in outbox.glob("*.eml"))
    for entry in manifest["messages"]:
        msg = _parse(outbox / entry["file"])
        assert msg["Message-ID"] == entry["message_id"]
        assert entry["bytes"] == (outbox / entry["file"]).stat().st_size
        parts = {p.get_filename(): p for p in msg.iter_attachments()}
        for a in entry["attachments"]:
            part = parts[a["filename"]]
            assert part.get_content_type() == a["content_type"]
            assert hashlib.sha256(part.get_content()).hexdigest() == a["sha256"]
    assert not [p for p in outbox.iterdir() if p.name.startswith(".")]  # no staging leftovers


def test_same_inputs_give_identical_bytes_and_a_rerun_replaces_the_old_outbox(outbox: Path, tmp_path) -> None:
    again = tmp_path / "out"
    shutil.copytree(outbox, again)
    (again / "notes.txt").write_text("mine")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        result = run_cli("email", BRIEF, "--list", SAMPLE, "--audience", "press", "--outbox", again, "-q")
    assert result.code == 0, result.err
    assert sorted(p.name for p in again.iterdir()) == [
        "001-pat.reporter@example.org.eml",
        "002-sam.correspondent@example.org.eml",
        "manifest.json",
        "notes.txt",  # not briefbuilder's: left alone
    ]
    # Same batch, recipient, documents and Date: the very same bytes as in the full run.
    assert (again / "001-pat.reporter@example.org.eml").read_bytes() == (
        outbox / "005-pat.reporter@example.org.eml"
    ).read_bytes()


def test_dry_run_checks_everything_and_writes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    result = run_cli("email", BRIEF, "--list", SAMPLE, "--audience", "press", "--outbox", folder, "--dry-run")
    assert result.code == 0, result.err
    assert "would write pat.reporter@example.org (press): us-belarus-normalization-press.pdf;" in result.out
    assert "nothing was written" in result.out
    assert not folder.exists()


def test_message_over_the_configured_size_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    config = tmp_path / "mail.yaml"
    config.write_text("max_message_bytes: 50000\n")
    folder = tmp_path / "out"
    result = run_cli(
        "email", BRIEF, "--list", SAMPLE, "--audience", "press", "--outbox", folder, "--config", config
    )
    assert result.code == 2
    line = SAMPLE.read_text("utf-8").splitlines().index('  - name: "Pat Reporter"') + 1
    assert f"{SAMPLE}:{line}:5: recipients[4]: the message is " in result.err
    assert f"over the limit of 50,000 set by max_message_bytes in {config}" in result.err
    assert "Traceback" not in result.err
    assert not folder.exists()


def test_press_messages_in_the_outbox_hold_no_internal_item_of_the_brief(outbox: Path) -> None:
    brief = load_brief(BRIEF).brief
    internal = [j.text for j in brief.key_judgments if j.release == "internal"]
    internal += [c.text for c in brief.caveats if c.release == "internal"]
    probes = [plain_typography(text)[:60] for text in internal]
    assert probes and brief.marking
    analyst = _parse(outbox / "003-ann.analyst@example.org.eml")
    analyst_docx = plain_typography(docx_text(_attachment(analyst, "us-belarus-normalization-analyst.docx")))
    assert all(p in analyst_docx for p in probes)  # the probes are findable where they are allowed
    for name in ("005-pat.reporter@example.org.eml", "006-sam.correspondent@example.org.eml"):
        msg = _parse(outbox / name)
        seen = [
            str(msg["Subject"]),
            msg.get_body(("plain",)).get_content(),
            html.unescape(msg.get_body(("html",)).get_content()),
        ]
        seen += [p.get_filename() for p in msg.iter_attachments()]
        if name.startswith("006"):
            seen.append(docx_text(_attachment(msg, "us-belarus-normalization-press.docx")))
        text = plain_typography(" ".join(seen))
        assert not any(p in text for p in probes)
        assert brief.marking not in text


def _attachment(msg: EmailMessage, filename: str) -> bytes:
    return next(p.get_content() for p in msg.iter_attachments() if p.get_filename() == filename)
