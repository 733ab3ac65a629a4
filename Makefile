# Two commands for a new machine: `make demo` and `make test`. Everything installs into .venv
# from requirements.lock (the exact versions the tests ran with).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
export PREFECT_HOME ?= $(CURDIR)/.prefect
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export DO_NOT_TRACK ?= 1
# a cold temporary Prefect server migrates its SQLite database first: minutes on a slow machine
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS ?= 900

.PHONY: install demo test lint bench e2e deployments clean lock

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is required" if sys.version_info < (3, 11) else 0)'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $@

demo: install
	TIMPORA_PSEUDONYM_KEY="$${TIMPORA_PSEUDONYM_KEY:-demo-only-pseudonym-key-not-for-production}" $(BIN)/timpora demo

lint: install
	$(BIN)/ruff check .

# one worker per core; a file's tests stay on one worker, so each module fixture is built once
test: install lint
	$(BIN)/python -m pytest -q -n auto --dist loadfile

# dlt and the other baselines are for the comparison only: bench/requirements.txt, never requirements.lock
BENCH_STAMP := $(VENV)/.bench-installed-$(shell cat requirements.lock bench/requirements.txt | cksum | cut -d' ' -f1)

bench: install $(BENCH_STAMP)
	$(BIN)/python bench/run.py

$(BENCH_STAMP): $(STAMP) bench/requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt -c requirements.lock
	rm -f $(VENV)/.bench-installed-*
	touch $@

# a local Prefect server, a process work pool, a worker and the deployments of prefect.yaml, end to end
e2e: install
	bash tests/e2e/work_pool.sh

# prefect.yaml from the config's [schedule] and offices (TIMPORA_CONFIG=... for another config)
deployments: install
	$(BIN)/python -m pipelines.flows.deployments

# refresh requirements.lock after changing dependencies in pyproject.toml
lock:
	rm -rf /tmp/timpora-lock && $(PYTHON) -m venv /tmp/timpora-lock
	/tmp/timpora-lock/bin/pip install --quiet -e ".[dev]"
	/tmp/timpora-lock/bin/pip freeze --exclude-editable | grep -v '^-e' > requirements.lock

clean:
	rm -rf $(VENV) .prefect data reports .pytest_cache .ruff_cache
