# The two commands a newcomer needs: `make demo` (run Sammen with demo data) and `make test` (the whole suite).
VENV ?= .venv
PYTHON ?= python3
PORT ?= 8000
SAMMEN = $(VENV)/bin/sammen

.PHONY: install system-packages messages demo test lint check-translations screenshots bench clean

$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -c requirements.lock -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

system-packages:
	bash scripts/install-system-packages.sh

install: system-packages $(VENV)/.installed node_modules/.installed

messages: install
	cd src/sammen && ../../$(SAMMEN) compilemessages --verbosity 0

demo: messages
	$(SAMMEN) migrate --noinput
	$(SAMMEN) demo_data
	$(SAMMEN) runserver 127.0.0.1:$(PORT)

# Two workers (pytest-xdist): each gets its own test database and live server; more if the machine has the cores.
TEST_WORKERS ?= 2

test: messages
	bash scripts/install-system-packages.sh --browser --ops
	$(VENV)/bin/pytest -n $(TEST_WORKERS)

lint: install
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/lint-imports
	$(SAMMEN) makemigrations --check --dry-run
	$(VENV)/bin/python scripts/check_translations.py
	bash scripts/check-systemd-units.sh

check-translations: install
	$(VENV)/bin/python scripts/check_translations.py

screenshots: messages
	$(VENV)/bin/python scripts/screenshots.py

clean:
	rm -rf $(VENV) node_modules var
