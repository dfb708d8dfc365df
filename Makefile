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
	@$(PYTHON) -m venv $(VENV) || { echo "Python kan geen venv maken: installeer python3-venv (Debian/Ubuntu: sudo apt-get install python3-venv) / Python cannot make a venv: install python3-venv" >&2; rm -rf $(VENV); exit 1; }
	@echo "klantlab en zijn pakketten installeren in $(VENV): eenmalig, 1 à 2 minuten / installing klantlab and its packages into $(VENV): once, 1 to 2 minutes"
	@if command -v uv >/dev/null; then \
	  uv pip install --python $(BIN)/python -e '.[test]'; \
	else \
	  $(BIN)/python -m pip install --quiet --upgrade pip && $(BIN)/python -m pip install -e '.[test]'; \
	fi
	@touch $(STAMP)

# PORT=… chooses another port: make start PORT=8890 (default 8888), make dashboard PORT=8870 (default 8866).
start: $(STAMP)
	KLANTLAB_LAUNCHER="make start" $(BIN)/klantlab lab $(SAMPLE) $(if $(PORT),--port $(PORT))

dashboard: $(STAMP)
	KLANTLAB_LAUNCHER="make dashboard" $(BIN)/klantlab dashboard $(SAMPLE) $(if $(PORT),--port $(PORT))

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
