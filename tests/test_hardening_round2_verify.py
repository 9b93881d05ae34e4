"""`briefbuilder verify` on any input answers 0, 2 or 3, never a traceback: damaged, foreign and
hostile files (truncated, random bytes, a zip bomb, an entity bomb, too many members) are read
under size limits and reported as "cannot read NAME: reason"; extreme text in a brief gives no
false difference."""

from __future__ import annotations

import io
import os
import time
import zipfile
from pathlib import Path

import pytest
import yaml

from briefbuilder.output import verify, verify_read
from helpers import BRIEF, run_cli

NAME = "us-belarus-normalization-press"


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, bytes]:
    out = tmp_path_factory.mktemp("built")
    result = run_cli("build", BRIEF, "--audience", "press", "--out", out)
    assert result.code == 0, result.err
    return (out / f"{NAME}.docx").read_bytes(), (out / f"{NAME}.pdf").read_bytes()


def _verify(folder: Path, docx: bytes | None, pdf: bytes | None, name: str = NAME) -> tuple[int, str]:
    folder.mkdir(exist_ok=True)
    if docx is not None:
        (folder / f"{name}.docx").write_bytes(docx)
    if pdf is not None:
        (folder / f"{name}.pdf").write_bytes(pdf)
    start = time.perf_counter()
    result = run_cli("verify", folder)
    assert time.perf_counter() - start < 20
    assert "Traceback" not in result.err and "internal error" not in result.err, result.err
    assert result.err == "" or result.code == 2, result.err  # pypdf's own warnings are kept quiet
    return result.code, result.out


def test_a_good_pair_agrees(tmp_path: Path, pair: tuple[bytes, bytes]) -> None:
    code, out = _verify(tmp_path / "v", *pair)
    assert code == 0, out


def test_a_truncated_docx_cannot_be_read(tmp_path: Path, pair: tuple[bytes, bytes]) -> None:
    docx, pdf = pair
    code, out = _verify(tmp_path / "v", docx[: len(docx) // 2], pdf)
    assert code == 3
    assert f"cannot read {NAME}.docx: not a DOCX, or a damaged one" in out


def test_a_truncated_pdf_cannot_be_read(tmp_path: Path, pair: tuple[bytes, bytes]) -> None:
    docx, pdf = pair
    for cut in (len(pdf) // 2, len(pdf) - 200, 20):
        code, out = _verify(tmp_path / f"v{cut}", docx, pdf[:cut])
        assert code in (0, 3), out  # pypdf repairs some cuts; then the text must still agree
        if code == 3:
            assert f"cannot read {NAME}.pdf: not a PDF, or a damaged one" in out or "missing" in out


@pytest.mark.parametrize("seed", range(3))
def test_random_bytes_named_docx_and_pdf_cannot_be_read(tmp_path: Path, seed: int) -> None:
    import random

    rng = random.Random(seed)
    junk = bytes(rng.getrandbits(8) for _ in range(4000))
    code, out = _verify(tmp_path / "v", junk, b"%PDF-1.4\n" + junk if seed else junk)
    assert code == 3
    assert f"cannot read {NAME}.docx" in out and f"cannot read {NAME}.pdf" in out


def test_a_docx_that_is_another_zip_or_has_damaged_xml_cannot_be_read(
    tmp_path: Path, pair: tuple[bytes, bytes]
) -> None:
    _, pdf = pair
    other = io.BytesIO()
    with zipfile.ZipFile(other, "w") as z:
        z.writestr("hello.txt", "not a document")
    code, out = _verify(tmp_path / "a", other.getvalue(), pdf)
    assert code == 3 and "no word/document.xml" in out
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as z:
        z.writestr("word/document.xml", "<w:document><unclosed>")
    code, out = _verify(tmp_path / "b", broken.getvalue(), pdf)
    assert code == 3 and "damaged XML inside" in out


def test_a_zip_bomb_is_refused_without_unpacking_it(tmp_path: Path, pair: tuple[bytes, bytes]) -> None:
    """300 MB of zeros in word/document.xml, about 1 MB packed."""
    _, pdf = pair
    bomb = io.BytesIO()
    with (
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z,
        z.open("word/document.xml", "w", force_zip64=True) as member,
    ):
        zeros = b"\0" * (1 << 20)
        for _ in range(300):
            member.write(zeros)
    assert len(bomb.getvalue()) < 3_000_000
    code, out = _verify(tmp_path / "v", bomb.getvalue(), pdf)
    assert code == 3
    assert "word/document.xml unpacks to 314,572,800 bytes; the limit is" in out and "zip bomb" in out


def test_a_member_that_unpacks_to_more_than_it_declares_is_refused(
    tmp_path: Path, pair: tuple[bytes, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The declared size is checked first; a member that lies about it is cut at its word."""
    _, pdf = pair
    body = b"<w:document xmlns:w='urn:x'>" + b" " * 5_000_000 + b"</w:document>"
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", body)
    data = bytearray(packed.getvalue())
    # rewrite the uncompressed size in the central directory and the local header to 100 bytes
    for sig, offset in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        at = data.find(sig)
        data[at + offset : at + offset + 4] = (100).to_bytes(4, "little")
    code, out = _verify(tmp_path / "v", bytes(data), pdf)
    assert code == 3 and f"cannot read {NAME}.docx" in out


def test_too_many_members_are_refused(tmp_path: Path, pair: tuple[bytes, bytes]) -> None:
    docx, pdf = pair
    crowded = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(crowded, "w") as z:
        for info in src.infolist():
            z.writestr(info, src.read(info))
        for i in range(verify_read.MAX_MEMBERS):
            z.writestr(f"padding/item{i}.xml", "")
    code, out = _verify(tmp_path / "v", crowded.getvalue(), pdf)
    assert code == 3 and "a DOCX has far fewer" in out


def test_an_xml_entity_bomb_is_not_expanded(tmp_path: Path, pair: tuple[bytes, bytes]) -> None:
    _, pdf = pair
    lol = '<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)
    )
    xml = lol + "]><d>&j;</d>"
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w") as z:
        z.writestr("word/document.xml", xml)
    code, _ = _verify(tmp_path / "v", bomb.getvalue(), pdf)
    assert code == 3  # refused or read without expansion (then nothing matches): never 1 GB


def test_a_file_over_the_size_limit_is_not_read(
    tmp_path: Path, pair: tuple[bytes, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(verify, "MAX_FILE_BYTES", 1000)
    code, out = _verify(tmp_path / "v", *pair)
    assert code == 3 and f"cannot read {NAME}.docx: it is over 1,000 bytes" in out


def test_a_pdf_with_too_many_pages_is_not_read(
    tmp_path: Path, pair: tuple[bytes, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(verify_read, "MAX_PAGES", 1)
    code, out = _verify(tmp_path / "v", *pair)
    assert code == 3 and "pages; the limit is 1" in out


def test_comparing_stops_at_its_work_limit(
    tmp_path: Path, pair: tuple[bytes, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(verify, "MAX_COMPARE_WORK", 100_000)
    code, out = _verify(tmp_path / "v", *pair)
    assert code == 3 and "too large to compare in full" in out


def test_a_file_name_with_a_terminal_escape_is_printed_escaped(
    tmp_path: Path, pair: tuple[bytes, bytes]
) -> None:
    code, out = _verify(tmp_path / "v", pair[0], None, name="evil\x1b[2J")
    assert code == 3 and "\x1b" not in out and "evil\\x1b[2J" in out


def test_an_unreadable_file_is_reported(tmp_path: Path, pair: tuple[bytes, bytes]) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads any file")
    folder = tmp_path / "v"
    folder.mkdir()
    (folder / f"{NAME}.docx").write_bytes(pair[0])
    (folder / f"{NAME}.pdf").write_bytes(pair[1])
    (folder / f"{NAME}.pdf").chmod(0)
    result = run_cli("verify", folder)
    assert result.code == 3 and f"cannot read {NAME}.pdf: Permission denied" in result.out


def test_empty_and_missing_folders_give_2(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert run_cli("verify", tmp_path / "empty").code == 2
    assert run_cli("verify", tmp_path / "nowhere").code == 2


# --- extreme text: no false differences ---------------------------------------------------------
class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: object) -> bool:
        return True


def _extreme_brief(tmp_path: Path) -> Path:
    data = yaml.safe_load(BRIEF.read_text("utf-8"))
    data = {k: (str(v) if k == "date" else v) for k, v in data.items()}
    marking = data["marking"]
    facts = data["key_facts"]
    base = dict(facts[0])
    base.pop("id", None)
    facts += [dict(base, text=f"Extra fact number {i}, as reported.") for i in range(140)]
    facts += [
        dict(base, text="..."),
        dict(base, text="\u2014"),
        dict(base, text="See Page 2 of 9 of the report, and page 10 of 12."),
        dict(base, text=f"A fact that ends with the marking: {marking}"),
        dict(base, text="Longword" + "x" * 2500 + " end."),
        dict(base, text=("A very long paragraph, repeated. " * 600).strip()),
        dict(base, text="Hyphen-ated, en\u2013dash, em\u2014dash, and \u2026 ellipsis -- twice."),
        dict(base, text="1234"),
        dict(base, text="99."),
    ]
    data["id"] = "extreme-text"
    path = tmp_path / "extreme.yaml"
    text = yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(text, "utf-8")
    return path


def test_extreme_text_gives_no_false_difference(tmp_path: Path) -> None:
    path = _extreme_brief(tmp_path)
    out = tmp_path / "out"
    result = run_cli("build", path, "--audience", "analyst,press", "--out", out)
    assert result.code == 0, result.err
    checked = run_cli("verify", out)
    assert checked.code == 0, checked.out


def test_a_long_marking_at_a_large_size_is_not_taken_for_reading_text(tmp_path: Path) -> None:
    """At 36 pt a 100-character marking, drawn twice on each of ~80 pages, outweighs the body
    text: the running header and footer must not count as the PDF's reading text."""
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "large.yaml").write_text("extends: analyst\nlook:\n  body_size: 36\n", "utf-8")
    data = yaml.safe_load(BRIEF.read_text("utf-8"))
    data = {k: (str(v) if k == "date" else v) for k, v in data.items()}
    data["marking"] = "W" * 100
    path = tmp_path / "marked.yaml"
    path.write_text(yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False), "utf-8")
    out = tmp_path / "out"
    built = run_cli("build", path, "--templates", templates, "--audience", "large", "--out", out, "-j", "1")
    assert built.code == 0, built.err
    checked = run_cli("verify", out)
    assert checked.code == 0, checked.out
