"""PyYAML's reader pattern, seeded in ``re``'s cache by ``briefbuilder.brief`` in a form that
compiles in well under 1 ms (briefbuilder/brief/__init__.py): the same characters, and PyYAML's
pure-Python reader refuses the same text at the same place with it as without it."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from briefbuilder import brief
from helpers import ROOT


def test_the_listed_set_is_pyyamls_negated_one_for_every_code_point() -> None:
    every = "".join(map(chr, range(0x110000)))
    negated, listed = re.compile(brief.PYYAML_NON_PRINTABLE), re.compile(brief.NON_PRINTABLE_LISTED)
    assert [m.start() for m in listed.finditer(every)] == [m.start() for m in negated.finditer(every)]


def test_the_seed_is_pyyamls_own_pattern_text() -> None:
    """The key seeded is the text PyYAML compiles: were it to change, nothing would be seeded
    (and this test says so)."""
    import ast
    from pathlib import Path

    import yaml.reader

    source = Path(yaml.reader.__file__).read_text("utf-8")
    line = next(x for x in source.splitlines() if "NON_PRINTABLE = re.compile(" in x)
    assert ast.literal_eval(line.split("re.compile(", 1)[1].rsplit(")", 1)[0]) == brief.PYYAML_NON_PRINTABLE


def _pure_reader_error(first: str) -> list[str]:
    """What PyYAML's pure-Python loader says of text with a BEL in it, in a process that imports
    ``first`` first (briefbuilder's brief package, which seeds the cache, or yaml itself)."""
    code = (
        f"import {first}\n"
        "import yaml, yaml.reader\n"
        "try:\n"
        "    yaml.load('key: value\\x07', Loader=yaml.SafeLoader)\n"
        "except yaml.reader.ReaderError as exc:\n"
        "    print(exc)\n"
        "print(ascii(yaml.reader.Reader.NON_PRINTABLE.pattern))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return out.stdout.splitlines()


def test_pyyamls_pure_reader_refuses_the_same_text_seeded_or_not() -> None:
    seeded, plain = _pure_reader_error("briefbuilder.brief"), _pure_reader_error("yaml")
    assert seeded[:-1] == plain[:-1] and "#x0007" in "".join(seeded)
    assert plain[-1] == ascii(brief.PYYAML_NON_PRINTABLE)
    if sys.version_info[:2] == (3, 11):  # the Python the seed is known right for
        assert seeded[-1] == ascii(brief.NON_PRINTABLE_LISTED)
