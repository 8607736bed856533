# The two set-up commands a new user needs: `make run` and `make test`.
# Each creates its own virtualenv in .venv on first use (Python 3.11+ required).
# The editable install leaves the package's own modules uncompiled, and where
# PYTHONDONTWRITEBYTECODE is set every `monitor` process compiled them again (~0.1 s of CPU
# a command, issue 27): compileall writes their bytecode (a wheel install does it itself).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint venv clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required, found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m compileall -q monitor
	@touch $(STAMP)

venv: $(STAMP)

## run the service on the embedded SQLite default with ./sources.toml
run: $(STAMP)
	@$(BIN)/python -m compileall -q monitor
	$(BIN)/monitor run

PG_TEST_URL ?= $(or $(MONITOR_TEST_POSTGRES_URL),postgresql+psycopg://postgres@127.0.0.1:5432/test)

## run the whole test suite: on SQLite, then again on PostgreSQL when one answers
test: $(STAMP)
	$(BIN)/ruff check monitor tests bench
	$(BIN)/mypy monitor
	$(BIN)/python -m pytest
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect(sys.argv[1].replace('+psycopg', ''), connect_timeout=3).close()" "$(PG_TEST_URL)" 2>/dev/null; then \
		echo "== the whole suite again on PostgreSQL ($(PG_TEST_URL))"; \
		MONITOR_TEST_DATABASE=postgresql MONITOR_TEST_POSTGRES_URL="$(PG_TEST_URL)" $(BIN)/python -m pytest; \
	else \
		echo "== PostgreSQL not reachable at $(PG_TEST_URL): the PostgreSQL pass was SKIPPED (tests/test_workers.py and the suite on PostgreSQL)"; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check monitor tests bench
	$(BIN)/ruff format --check monitor tests bench
	$(BIN)/mypy monitor

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
