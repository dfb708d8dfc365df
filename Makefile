# klantlab — the two commands a fresh machine needs:
#   make start   set up .venv and open the guided notebooks on the sample workbook
#   make test    set up .venv (and Debian chromium and Java for the browser and Spark tests) and run every test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SAMPLE := data/samples/verpakkingsmachines.klantlab.json

.PHONY: start dashboard test lint sample-data benchmark clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "klantlab heeft Python 3.11 of nieuwer nodig / needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

start: $(STAMP)
	$(BIN)/klantlab lab $(SAMPLE)

dashboard: $(STAMP)
	$(BIN)/klantlab dashboard $(SAMPLE)

lint: $(STAMP)
	$(BIN)/ruff check klantlab tests notebooks benchmarks data/samples conftest.py

test: $(STAMP) lint
	bash scripts/install-system-packages.sh
	$(BIN)/python -m pytest -p no:cacheprovider tests notebooks --nbval-lax --nbval-cell-timeout=300 -ra

sample-data: $(STAMP)
	$(BIN)/python data/samples/generate_sample_data.py
	$(BIN)/python data/samples/build_sample_workbook.py

benchmark: $(STAMP)
	$(BIN)/python benchmarks/workbook_save.py
	$(BIN)/python benchmarks/live_edit.py
	$(BIN)/python benchmarks/export.py

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache .ruff_cache
