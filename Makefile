# One entry point. `make` sets up and builds; `make test` sets up and runs every check and test.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: all setup system build test pytest check lint format clean

all: build            ## set up, then build the graph and its outputs

$(BIN)/ecokg: pyproject.toml requirements-ingest.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q --no-deps --require-hashes -r requirements-ingest.txt
	$(BIN)/pip install -q -e ".[test,spark]"
	@touch $@

setup: $(BIN)/ecokg   ## create the virtualenv and install ecokg with its test tools

system:               ## Debian packages the tests need (chromium, CJK fonts); needs root
	./scripts/install-system-deps.sh

build: setup          ## build/ecosystem.{trig,ttl,jsonld}, manifest, analysis and explorer
	$(BIN)/ecokg build
	$(BIN)/ecokg analyze
	$(BIN)/ecokg render

lint: setup
	$(BIN)/ruff check graph tests bench
	$(BIN)/ruff format --check graph tests bench
	$(BIN)/mypy

format: setup
	$(BIN)/ruff format graph tests bench
	$(BIN)/ruff check --fix graph tests bench

test: setup system lint pytest   ## everything CI runs: set-up, system packages, lint, the test suite

pytest: setup         ## only the test suite (assumes system packages are present)
	$(BIN)/pytest

check: test           ## alias of `make test`

clean:
	rm -rf build .pytest_cache
