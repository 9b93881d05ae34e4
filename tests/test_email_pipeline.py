"""`email` builds through the same pipeline as `build`: What's new, reference .docx, project file."""

from __future__ import annotations

import email
import email.policy
import io
import shutil
from pathlib import Path

from pypdf import PdfReader

from helpers import ROOT, run_cli

OTHER = ROOT / "tests" / "fixtures" / "briefs" / "harbour-flood-barrier.yaml"
LIST = """name: desk
sender: {name: "Desk", address: "desk@example.org"}
formats: [pdf]
recipients:
  - {name: "Ana Analyst", address: "ana@example.org", audience: analyst}
"""


def _attachments(outbox: Path, suffix: str) -> list[bytes]:
    found = []
    for eml in sorted(outbox.glob("*.eml")):
        message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
        for part in message.iter_attachments():
            if (part.get_filename() or "").endswith(suffix):
                found.append(part.get_content())
    return found


def test_email_takes_the_list_and_settings_from_the_project_file(tmp_path: Path) -> None:
    shutil.copy(OTHER, tmp_path / "barrier.yaml")
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "desk.yaml").write_text(LIST)
    (tmp_path / "briefbuilder.yaml").write_text("distribution: lists/desk.yaml\n")
    result = run_cli("email", tmp_path / "barrier.yaml", "--outbox", tmp_path / "outbox", "-q")
    assert result.code == 0, result.err
    assert len(_attachments(tmp_path / "outbox", ".pdf")) == 1


def test_email_without_a_list_anywhere_says_where_to_give_one(tmp_path: Path) -> None:
    shutil.copy(OTHER, tmp_path / "barrier.yaml")
    result = run_cli("email", tmp_path / "barrier.yaml", "--outbox", tmp_path / "outbox")
    assert result.code == 2 and "--list: name a distribution list" in result.err
    assert not (tmp_path / "outbox").exists()


def test_email_previous_opens_the_attachments_with_whats_new(tmp_path: Path) -> None:
    (tmp_path / "desk.yaml").write_text(LIST)
    old = tmp_path / "old.yaml"
    old.write_text(
        OTHER.read_text().replace("31 votes to 9", "30 votes to 9").replace('version: "2"', 'version: "1"')
    )
    result = run_cli(
        "email",
        OTHER,
        "--list",
        tmp_path / "desk.yaml",
        "--previous",
        old,
        "--outbox",
        tmp_path / "out",
        "-q",
    )
    assert result.code == 0, result.err
    (pdf,) = _attachments(tmp_path / "out", ".pdf")
    first = (
        PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
        + PdfReader(io.BytesIO(pdf)).pages[1].extract_text()
    )
    assert "What’s new" in first or "What's new" in first


def test_email_reference_doc_restyles_the_docx_attachment(tmp_path: Path) -> None:
    (tmp_path / "desk.yaml").write_text(LIST.replace("formats: [pdf]", "formats: [docx]"))
    ref = tmp_path / "ref.docx"
    assert run_cli("reference-doc", "-o", ref).code == 0
    result = run_cli(
        "email", OTHER, "--list", tmp_path / "desk.yaml", "--reference-doc", tmp_path / "missing.docx",
        "--outbox", tmp_path / "out",
    )  # fmt: skip
    assert result.code == 2 and "missing.docx" in result.err and not (tmp_path / "out").exists()
    result = run_cli(
        "email",
        OTHER,
        "--list",
        tmp_path / "desk.yaml",
        "--reference-doc",
        ref,
        "--outbox",
        tmp_path / "out",
        "-q",
    )
    assert result.code == 0, result.err
    assert len(_attachments(tmp_path / "out", ".docx")) == 1
