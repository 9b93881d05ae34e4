"""Test helpers: run the CLI in-process and capture what a user would see."""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from pathlib import Path

from briefbuilder.cli import main

ROOT = Path(__file__).resolve().parents[1]
BRIEF = ROOT / "data" / "us-belarus-normalization.yaml"


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_cli(*args: str | Path) -> Run:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return Run(code, out.getvalue(), err.getvalue())
