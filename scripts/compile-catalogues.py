#!/usr/bin/env python3
"""Compile the label catalogues (src/briefbuilder/language/locale/*/LC_MESSAGES/*.po) into the
.mo files the package reads at run time; `--check` only says whether any .mo is out of date.
Run it after editing a .po file (make catalogues); tests/test_language_labels.py checks it was."""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parent.parent / "src" / "briefbuilder" / "language" / "locale"


def compiled(po: Path) -> bytes:
    with po.open("rb") as f:
        catalog = read_po(f)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def main(argv: list[str]) -> int:
    stale = []
    for po in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        data = compiled(po)
        if mo.exists() and mo.read_bytes() == data:
            continue
        stale.append(mo)
        if "--check" not in argv:
            mo.write_bytes(data)
    for mo in stale:
        print(f"{'out of date' if '--check' in argv else 'compiled'}: {mo.relative_to(LOCALE.parent)}")
    return 1 if stale and "--check" in argv else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
