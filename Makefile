# Two commands do all the set-up: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8050
export PYTHONPATH := $(CURDIR)

.PHONY: run test test-postgres lint bench setup venv test-tools browser clean-data cluster cluster-stop

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

venv: $(VENV)/.installed

$(VENV)/.test-installed: $(VENV)/.installed requirements-test.txt
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $@

## test-tools: pytest, selenium, ruff and mypy (requirements-test.txt), never needed to serve
test-tools: $(VENV)/.test-installed

## setup: prepare the geodata cache, migrate the database, build the demo data when there is none
setup: venv
	$(PY) -m cli setup
	bash scripts/build_plotly_bundle.sh

## run: serve with waitress, which reads every request whole before a thread takes it: slow or idle
## clients wait in its event loop, never in one of the 8 threads (the cluster puts nginx in front of gunicorn)
run: setup
	$(VENV)/bin/waitress-serve --host=$(HOST) --port=$(PORT) --threads=8 --connection-limit=1000 \
	  --channel-timeout=60 --max-request-body-size=67108864 --asyncore-use-poll app:server

## browser: Debian's chromium and chromium-driver for the browser tests (never a downloaded browser)
browser:
	@bash scripts/ensure_browser.sh

## lint: style (ruff check, ruff format --check) and types (mypy, strict on store/ layers/ geodata/ view/)
lint: test-tools
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

## test: every test on the embedded SQLite; under CI=true then again, but the browser tests, on the
## PostgreSQL pair (test-postgres; the browser tests would add about 20 minutes more to CI)
test: lint setup browser
	$(PY) -m pytest -q -p no:cacheprovider --durations=25 tests
	@if [ "$$CI" = true ]; then $(MAKE) --no-print-directory test-postgres POSTGRES_PASS='-m "not browser"'; fi

## test-postgres: every test again on throwaway databases of the machine's PostgreSQL, the dashboards reading
## from a streaming replica (root: scripts/cluster.sh replica makes it); the cluster's own tests ran in `test`
REPLICA_ADMIN_URL ?= postgresql+psycopg://postgres@127.0.0.1:5433/postgres
POSTGRES_PASS ?=
test-postgres: setup browser test-tools
	bash scripts/cluster.sh replica
	TEST_DATABASE=postgresql TEST_POSTGRES_REPLICA_URL=$(REPLICA_ADMIN_URL) \
	  $(PY) -m pytest -q -p no:cacheprovider --durations=25 --ignore=tests/test_cluster.py $(POSTGRES_PASS) tests

bench: setup browser test-tools
	$(PY) -m bench
	$(PY) -m bench.exports
	mkdir -p var/bench && bash scripts/bench_cache.sh

## cluster: primary + read replica (PostgreSQL), Redis, two app hosts and nginx on this machine (root)
cluster: setup
	bash scripts/cluster.sh start

cluster-stop:
	bash scripts/cluster.sh stop

## clean-data: drop the demo database and the geodata cache (rebuilt by the next `make run`)
clean-data:
	rm -rf var/
