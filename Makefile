# Two commands do all set-up on a fresh machine with Python 3.11+:
#   make brief   install briefbuilder into .venv and build the default briefs into out/
#   make test    install it with the test tools and run ruff and the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
BRIEFS ?= data/us-belarus-normalization.yaml

.PHONY: brief test lint system-tools clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

brief: $(VENV)/.installed
	$(BIN)/briefbuilder build $(BRIEFS) --out out

test: $(VENV)/.installed
	$(BIN)/ruff check src tests
	$(BIN)/python -m pytest -q

lint: $(VENV)/.installed
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

# LibreOffice, poppler-utils and qpdf: the tests that read outputs with them skip without them.
system-tools:
	scripts/install-system-tools.sh

clean:
	rm -rf $(VENV) out/*.docx out/*.pdf
