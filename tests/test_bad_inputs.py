"""Every file in tests/bad_inputs/ is a bad brief with its expected message and exit code.

The expectation is in the file's leading comments (or a ``.expect`` sidecar for files that
cannot hold comments): ``# class: NAME`` (what kind of hazard it is), ``# exit: N`` and
``# message: text the error output must contain``. Every message starts with
``file:line:col:`` unless the case says ``# position: none``. Cases that hypothesis found are
kept here too (class ``fuzz``), so a fixed failure stays fixed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers import run_cli

CASES = Path(__file__).parent / "bad_inputs"
FILES = sorted(p for p in CASES.iterdir() if p.suffix == ".yaml")
# The hazard classes of issue 7 that brief files can show; assets, output and faults are not
# brief files and live in test_hardening_assets.py and test_hardening_output.py.
REQUIRED_CLASSES = {"encoding", "yaml", "schema", "text", "glyph", "link"}


@dataclass(frozen=True)
class Expectation:
    hazard: str
    code: int
    message: str
    positioned: bool


def _expectation(path: Path) -> Expectation:
    sidecar = path.with_name(path.name + ".expect")
    text = sidecar.read_text("utf-8") if sidecar.exists() else path.read_bytes().decode("utf-8", "replace")
    text = text.removeprefix("\ufeff")
    hazard = re.search(r"^# class: (\w+)$", text, re.M)
    code = re.search(r"^# exit: (\d+)$", text, re.M)
    message = re.search(r"^# message: (.+)$", text, re.M)
    assert hazard and code and message, f"{path.name}: missing '# class:', '# exit:' or '# message:'"
    positioned = re.search(r"^# position: none$", text, re.M) is None
    return Expectation(hazard.group(1), int(code.group(1)), message.group(1), positioned)


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_bad_brief_gives_positioned_message_exit_code_and_no_output(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _expectation(path)
    if expected.positioned:
        assert re.match(rf"{re.escape(path.name)}:\d+:\d+: ", expected.message), expected.message
    monkeypatch.chdir(CASES)
    out = tmp_path / "out"
    result = run_cli("build", path.name, "--audience", "analyst", "--out", out)
    assert result.code == expected.code, result.err
    assert expected.message in result.err
    assert "Traceback" not in result.err and "internal error" not in result.err
    assert result.out == ""
    assert not out.exists() or list(out.iterdir()) == []
    check = run_cli("check", path.name)
    assert check.code == 2 and expected.message in check.err


def test_every_hazard_class_has_cases() -> None:
    hazards = [_expectation(p).hazard for p in FILES]
    assert len(FILES) >= 50
    assert set(hazards) >= REQUIRED_CLASSES, REQUIRED_CLASSES - set(hazards)
    assert all(hazards.count(h) >= 3 for h in REQUIRED_CLASSES)
