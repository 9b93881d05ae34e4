"""Every file in tests/bad_inputs/ is a bad brief with its expected message and exit code.

The expectation is in the file's leading comments (or a ``.expect`` sidecar for files that
cannot hold comments): ``# exit: N`` and ``# message: text the error output must contain``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import run_cli

CASES = Path(__file__).parent / "bad_inputs"
FILES = sorted(p for p in CASES.iterdir() if p.suffix == ".yaml")


def _expectation(path: Path) -> tuple[int, str]:
    sidecar = path.with_name(path.name + ".expect")
    text = sidecar.read_text("utf-8") if sidecar.exists() else path.read_bytes().decode("utf-8", "replace")
    code = re.search(r"^# exit: (\d+)$", text, re.M)
    message = re.search(r"^# message: (.+)$", text, re.M)
    assert code and message, f"{path.name}: missing '# exit:' or '# message:' expectation"
    return int(code.group(1)), message.group(1)


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_bad_brief_gives_positioned_message_exit_code_and_no_output(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, message = _expectation(path)
    monkeypatch.chdir(CASES)
    out = tmp_path / "out"
    result = run_cli("build", path.name, "--audience", "analyst", "--out", out)
    assert result.code == code, result.err
    assert message in result.err
    assert "Traceback" not in result.err
    assert not out.exists() or not any(out.iterdir())
    check = run_cli("check", path.name)
    assert check.code == 2 and message in check.err


def test_every_bad_input_case_is_collected() -> None:
    assert len(FILES) >= 15
