# Two commands do all set-up on a fresh machine with Python 3.11+:
#   make brief   install briefbuilder into .venv and build the default briefs into out/
#   make test    install it with the test tools; run the static checks, the whole test suite, and
#                the wheel check (installed non-editable into a fresh venv, used from outside)
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
BRIEFS ?= data/us-belarus-normalization.yaml

.PHONY: brief test lint wheel-check catalogues system-tools clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

brief: $(VENV)/.installed
	$(BIN)/briefbuilder build $(BRIEFS) --out out

test: lint
	$(BIN)/python -m pytest -q
	PYTHON=$(BIN)/python scripts/check-wheel.sh

# Static checks: lint, formatting, types (strict on the public API), the one-way import layers.
lint: $(VENV)/.installed
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/python -m mypy
	$(BIN)/lint-imports

wheel-check: $(VENV)/.installed
	PYTHON=$(BIN)/python scripts/check-wheel.sh

# The label catalogues: after editing a .po file, compile the .mo files the package ships.
catalogues: $(VENV)/.installed
	$(BIN)/python scripts/compile-catalogues.py

# LibreOffice, poppler-utils and qpdf: the tests that read outputs with them skip without them.
system-tools:
	scripts/install-system-tools.sh

clean:
	rm -rf $(VENV) out/*.docx out/*.pdf
