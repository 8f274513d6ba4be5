# unspin — two commands do all the set-up:  make demo   and   make test
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    ?= out
DATA   ?= $(or $(UNSPIN_DATA),../shared/data)

.PHONY: demo test install lock bench bench-store eval-trace clean help

help:
	@echo "make demo   - set up .venv and analyse the bundled example corpus (terminal + $(OUT)/demo-report.html)"
	@echo "make test   - set up .venv and run the test suite"
	@echo "make bench  - speed and memory of 'analyze' against spaCy's own nlp.pipe"
	@echo "make bench-store - ingest rate and trace latency at 100k generated articles (SQLite; PostgreSQL with UNSPIN_TEST_PG_URL)"
	@echo "make eval-trace  - tracing accuracy on $(DATA)/tracing/dev.jsonl"
	@echo "make lock   - re-pin requirements*.lock (with hashes) from requirements*.in"

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "unspin needs Python 3.11+"'
	$(PYTHON) -m venv $(VENV)

# Runtime and test dependencies are installed from hash-pinned lock files.
$(STAMP): $(BIN)/python requirements.lock requirements-test.lock pyproject.toml
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock -r requirements-test.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	@mkdir -p $(OUT)
	-$(BIN)/unspin analyze examples/corpus --published 2025-12-12
	$(BIN)/unspin analyze examples/corpus --published 2025-12-12 --format html --out $(OUT)/demo-report.html
	@echo "HTML report: $(OUT)/demo-report.html"

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python bench/bench_analyze.py

bench-store: $(STAMP)
	$(BIN)/python bench/bench_store.py

eval-trace: $(STAMP)
	@test -f $(DATA)/tracing/dev.jsonl || { echo "no $(DATA)/tracing/dev.jsonl (set DATA or UNSPIN_DATA)"; exit 1; }
	$(BIN)/unspin eval trace --data $(DATA)/tracing/dev.jsonl --no-progress

lock: $(BIN)/python
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe -o requirements.lock requirements.in
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe -o requirements-test.lock requirements-test.in

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache
