# Fresh machine: only python3 (>= 3.11) and make are needed; everything else is installed here.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test bench lint clean browser

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@ $(STAMP)

run: $(STAMP)
	$(BIN)/petition-bot serve --host 127.0.0.1 --port 8080

# The browser for end-to-end tests is Debian's chromium (Playwright may not download its own).
browser:
	@command -v chromium >/dev/null 2>&1 || ( \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || echo "chromium could not be installed: browser tests will be skipped" )

test: $(TEST_STAMP) browser
	$(BIN)/python -m pytest -q -p no:cacheprovider

# Benchmarks print figures next to a baseline measured in the same run (see README).
bench: $(TEST_STAMP)
	@command -v wrk >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null) \
	  || echo "wrk unavailable: the load benchmark uses its Python driver"
	$(BIN)/python tests/bench/bench_nlp.py
	$(BIN)/python tests/bench/bench_load.py
	$(BIN)/python tests/bench/bench_outbox.py
	$(BIN)/python tests/bench/bench_situation.py
	$(BIN)/python tests/bench/bench_soak.py --minutes 3

lint: $(TEST_STAMP)
	$(BIN)/pip install -q ruff mypy
	$(BIN)/ruff check bot channels dialogs nlp tests
	$(BIN)/mypy bot channels dialogs nlp

clean:
	rm -rf $(VENV) var
