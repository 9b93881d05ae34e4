"""Fuzzing in the suite: a few hundred seeded mutants of the sample brief through `check`, and a
score of valid ones through `build`, in about a minute at most (fuzz/fuzz_briefs.py goes deeper).

`check` must answer 0 or 2 with positioned problems and never a traceback; `build` 0, 2 or 3,
leaving nothing after a failure and only the two documents (which open) after a success; no
mutant may take 30 s. A failure names the mutants, written to a folder, and how they were made.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest

from helpers import ROOT

SEED = int(os.environ.get("BRIEFBUILDER_FUZZ_SEED", "20250911"))
CHECKS, BUILDS, BUDGET = 300, 20, 60.0


def _fuzz_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fuzz_briefs", ROOT / "fuzz" / "fuzz_briefs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


fb = _fuzz_module()


def test_mutants_are_reproducible_and_varied() -> None:
    mutator = fb.Mutator(SEED, fb.SEED_BRIEF.read_text("utf-8"))
    first = [mutator.mutant(i) for i in range(40)]
    again = [mutator.mutant(i) for i in range(40)]
    assert [m.data for m in first] == [m.data for m in again]
    assert len({m.data for m in first}) >= 38
    kinds = {step.split(":")[0] for m in first for step in m.steps}
    assert len(kinds) >= 8, kinds


def test_the_property_checks_catch_what_they_should(tmp_path: Path) -> None:
    crash = fb.Outcome(1, "", "briefbuilder: internal error: ValueError: x\n", 0.1)
    assert fb.check_failures(crash, 30)
    unplaced = fb.Outcome(2, "", "something went wrong\n", 0.1)
    assert fb.check_failures(unplaced, 30)
    fine = fb.Outcome(2, "", "b.yaml:3:7: date: bad\n1 problem found; nothing was written.\n", 0.1)
    assert fb.check_failures(fine, 30) == []
    left = tmp_path / "out"
    left.mkdir()
    (left / "x.docx.tmp").write_bytes(b"half")
    assert fb.build_failures(fb.Outcome(3, "", "", 0.1), left, 30)
    (left / "x.docx.tmp").unlink()
    (left / "x.docx").write_bytes(b"not a docx")
    (left / "x.pdf").write_bytes(b"%PDF-1.4 not a pdf")
    assert fb.build_failures(fb.Outcome(0, "", "", 0.1), left, 30)


def test_a_few_hundred_mutants_check_and_build_within_their_contract(tmp_path: Path) -> None:
    start = time.perf_counter()
    report = fb.fuzz(SEED, CHECKS, BUILDS, time_budget=BUDGET, timeout=30.0, work=tmp_path / "work")
    elapsed = time.perf_counter() - start
    if report.failures:
        saved = fb.save_failures(report, SEED, tmp_path / "failures")
        lines = [f"{len(report.failures)} failing mutants (seed {SEED}), written to {tmp_path / 'failures'}:"]
        for (mutant, stage, failures, _), path in zip(report.failures, saved, strict=True):
            lines.append(f"  {path.name} ({stage}): {'; '.join(failures)[:300]}")
            lines.extend(f"      {step}" for step in mutant.steps)
        pytest.fail("\n".join(lines))
    # the budget may cut a run short on a busy machine, but never to nothing
    assert report.checked >= 100, report
    assert report.built >= 5, report
    assert report.slowest < 30
    assert elapsed < BUDGET * 1.5 + 30
    print(
        f"fuzz seed {SEED}: {report.checked} checked ({report.valid} valid), {report.built} built "
        f"{report.build_codes}, {elapsed:.1f} s, slowest {report.slowest:.2f} s"
    )
