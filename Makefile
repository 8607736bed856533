# The two set-up commands a new user needs: `make run` and `make test`.
# Each creates its own virtualenv in .venv on first use (Python 3.11+ required).
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
	@touch $(STAMP)

venv: $(STAMP)

## run the service on the embedded SQLite default with ./sources.toml
run: $(STAMP)
	$(BIN)/monitor run

## run the whole test suite (PostgreSQL tests skip themselves when no server answers)
test: $(STAMP)
	$(BIN)/ruff check monitor tests bench
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check monitor tests bench
	$(BIN)/ruff format --check monitor tests bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
