"""Where the send journal lives: the per-user state folder, so a resume from any folder finds it.

Before, the journal defaulted to .briefbuilder/journals/ under the current folder: running the same
command from another folder found no journal and sent everyone the brief again. Now it defaults to
platformdirs' user state folder (XDG_STATE_HOME here, set to a temporary folder: nothing is
written to the real home), keyed by brief id and list; --journal-dir and the settings' journal_dir
still win; and a journal left at the old place is still used, so an upgrade never sends twice.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefbuilder.delivery.journal import journal_path, state_dir
from helpers import BRIEF, run_cli

aiosmtpd_controller = pytest.importorskip("aiosmtpd.controller")

BATCH = "us-belarus-normalization-v1.0-press"
LIST = """\
name: press
sender: {name: "Briefings desk", address: "briefings@example.org"}
recipients:
  - {name: "Pat Reporter", address: "pat@example.org", audience: press, formats: [pdf]}
  - {name: "Kim Editor", address: "kim@example.org", audience: press, formats: [pdf]}
"""


@pytest.fixture(autouse=True)
def state(tmp_path: Path, monkeypatch) -> Path:
    """The per-user state folder, in a temporary folder; the current folder, another one."""
    folder = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(folder))
    (tmp_path / "here").mkdir()
    monkeypatch.chdir(tmp_path / "here")
    return folder


class _Handler:
    def __init__(self) -> None:
        self.received: list[str] = []

    async def handle_DATA(self, server, session, envelope):
        self.received.extend(envelope.rcpt_tos)
        return "250 OK"


@pytest.fixture
def server() -> Iterator[tuple[_Handler, int]]:
    class Loopback(aiosmtpd_controller.Controller):
        def _trigger_server(self) -> None:
            self.port = self.server.sockets[0].getsockname()[1]
            super()._trigger_server()

    handler = _Handler()
    controller = Loopback(handler, hostname="127.0.0.1", port=0)
    controller.start()
    try:
        yield handler, controller.port
    finally:
        controller.stop()


def _files(tmp_path: Path, port: int, journal_dir: str | None = None) -> tuple[Path, Path]:
    config = tmp_path / "mail.yaml"
    extra = f"journal_dir: {journal_dir}\n" if journal_dir else ""
    config.write_text(
        f"smtp: {{host: 127.0.0.1, port: {port}, security: none, timeout: 5}}\nretries: 0\n{extra}"
    )
    list_path = tmp_path / "press.yaml"
    list_path.write_text(LIST, "utf-8")
    return config, list_path


def test_the_default_is_the_state_folder_keyed_by_brief_and_list(state: Path) -> None:
    assert state_dir() == state / "briefbuilder"
    path = journal_path(BATCH, "us-belarus-normalization", "press")
    assert (
        path == state / "briefbuilder" / "journals" / "us-belarus-normalization" / "press" / f"{BATCH}.jsonl"
    )
    odd = journal_path("b", "brief", "../../etc")  # a list may be named anything
    assert odd.parent.name.startswith("h-") and odd.is_relative_to(
        state / "briefbuilder" / "journals" / "brief"
    )
    assert journal_path("b", "brief", "press", Path("/x/journals")) == Path("/x/journals/b.jsonl")


def test_a_resume_from_another_folder_sends_nobody_twice(
    tmp_path: Path, state: Path, server, monkeypatch
) -> None:
    handler, port = server
    config, list_path = _files(tmp_path, port)
    first = run_cli("email", BRIEF, "--list", list_path, "--send", "--config", config)
    assert first.code == 0, first.err
    assert "summary: 2 sent, 0 failed, 0 skipped, 0 unknown" in first.out
    journal = state / "briefbuilder" / "journals" / "us-belarus-normalization" / "press" / f"{BATCH}.jsonl"
    assert journal.is_file() and f"journal {journal}" in first.out
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    again = run_cli("email", BRIEF, "--list", list_path, "--send", "--config", config)
    assert again.code == 0, again.err
    assert "summary: 0 sent, 0 failed, 2 skipped, 0 unknown" in again.out  # before: 2 sent again
    assert sorted(handler.received) == ["kim@example.org", "pat@example.org"]
    assert not (tmp_path / "here" / ".briefbuilder").exists() and not (elsewhere / ".briefbuilder").exists()


def test_a_journal_at_the_old_default_place_is_still_used(tmp_path: Path, state: Path, server) -> None:
    handler, port = server
    config, list_path = _files(tmp_path, port)
    old = tmp_path / "here" / ".briefbuilder" / "journals" / f"{BATCH}.jsonl"
    old.parent.mkdir(parents=True)
    lines = [{"event": "batch", "v": 1, "batch": BATCH}]  # written by an earlier version: pat was sent
    lines += [{"event": "attempt", "rcpt": "pat@example.org"}, {"event": "sent", "rcpt": "pat@example.org"}]
    old.write_text("".join(json.dumps(line) + "\n" for line in lines))
    result = run_cli("email", BRIEF, "--list", list_path, "--send", "--config", config)
    assert result.code == 0, result.err
    assert "summary: 1 sent, 0 failed, 1 skipped, 0 unknown" in result.out
    assert f"journal {Path('.briefbuilder/journals') / f'{BATCH}.jsonl'}" in result.out
    assert handler.received == ["kim@example.org"]
    assert not state.exists()  # nothing new in the state folder: the old journal goes on


def test_journal_dir_from_the_settings_or_the_command_line_wins(tmp_path: Path, state: Path, server) -> None:
    _, port = server
    config, list_path = _files(tmp_path, port, journal_dir="from-settings")
    result = run_cli("email", BRIEF, "--list", list_path, "--send", "--config", config)
    assert (
        result.code == 0 and (tmp_path / "from-settings" / f"{BATCH}.jsonl").is_file()
    )  # beside the settings
    cli_dir = tmp_path / "from-cli"
    result = run_cli(
        "email", BRIEF, "--list", list_path, "--send", "--config", config, "--journal-dir", cli_dir
    )
    assert result.code == 0 and (cli_dir / f"{BATCH}.jsonl").is_file()
    assert "2 sent" in result.out  # a journal of its own: the operator chose it
    assert not state.exists()


def test_a_dry_run_reads_the_state_folder_and_writes_nothing(tmp_path: Path, state: Path, server) -> None:
    _, port = server
    config, list_path = _files(tmp_path, port)
    assert run_cli("email", BRIEF, "--list", list_path, "--send", "--config", config).code == 0
    journal = next(state.rglob("*.jsonl"))
    before = journal.read_bytes()
    dry = run_cli("email", BRIEF, "--list", list_path, "--send", "--config", config, "--dry-run")
    assert dry.code == 0 and dry.out.count("skipped (already sent") == 2
    assert journal.read_bytes() == before
