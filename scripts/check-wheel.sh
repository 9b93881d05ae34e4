#!/usr/bin/env bash
# Build the wheel, install it (not editable) into a fresh venv, and use it from a folder outside
# the checkout, as an organization deploying briefbuilder would: the CLI's build, audiences, new
# and email, and the Python API. Fails on the first thing that does not work.
set -euo pipefail
checkout="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$PYTHON" -m build --wheel --outdir "$work/dist" "$checkout" >/dev/null 2>&1 || "$PYTHON" -m build --wheel --outdir "$work/dist" "$checkout"
"$PYTHON" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet "$work"/dist/briefbuilder-*.whl 2> >(grep -v "is ignored: it is neither" >&2)
bin="$work/venv/bin"
cd "$work"   # nowhere near the checkout: the templates must come from the installed package
brief="$checkout/data/us-belarus-normalization.yaml"
"$bin/briefbuilder" audiences | grep -q executive
"$bin/briefbuilder" build "$brief" --out "$work/out" -q -j 1
test "$(ls "$work/out" | wc -l)" -eq 6
"$bin/briefbuilder" new "$work/fresh.yaml" --title "A fresh brief" --date 2026-01-15 >/dev/null
"$bin/briefbuilder" check "$work/fresh.yaml" >/dev/null
"$bin/briefbuilder" email "$brief" --list "$checkout/data/distribution.yaml" --outbox "$work/outbox" -q >/dev/null
ls "$work/outbox"/*.eml >/dev/null
"$bin/python" - "$brief" "$work/api-out" <<'PY'
import sys
from pathlib import Path
import briefbuilder
brief, out = sys.argv[1], sys.argv[2]
assert briefbuilder.check(brief) == []
paths = briefbuilder.build(Path(brief), audience="press", out_dir=out)
assert [p.suffix for p in paths] == [".docx", ".pdf"] and all(p.is_file() for p in paths), paths
files = briefbuilder.render(brief, audience=["executive"], formats=["pdf"])
assert files[0].data.startswith(b"%PDF-"), files
import importlib.resources
assert importlib.resources.files("briefbuilder").joinpath("py.typed").is_file()
locale = importlib.resources.files("briefbuilder").joinpath("language", "locale")
for lang in ("en", "fr", "de", "es", "ru", "ar", "fa"):  # the label catalogues, compiled
    assert locale.joinpath(lang, "LC_MESSAGES", "briefbuilder.mo").is_file(), lang
from briefbuilder.language.labels import Labels
assert Labels("fr")["contents"] == "Sommaire"
PY
echo "wheel: installed into a fresh venv and used from $work: build, audiences, new, check, email, API ok"
