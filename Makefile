# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
PORT ?= 5000

.PHONY: run test test-postgres setup install lint demo bench clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/activate setup.cfg pyproject.toml requirements.lock
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# Apply migrations to the configured database, then add any missing default boards.
setup: install
	$(FLASK) db upgrade
	$(FLASK) peercircle seed-boards
	$(FLASK) search ensure

run: setup
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

test: setup
	$(BIN)/python -m pytest

# The same suite against a throwaway PostgreSQL server (installs Debian's postgresql if missing).
test-postgres: setup
	bash .ci/postgres-tests

lint: install
	$(BIN)/ruff check forum moderation search tests bench wsgi.py

demo: setup
	$(FLASK) peercircle demo

# Figures for the notes: 100,000 posts, board and thread pages under gunicorn, Markdown rendering.
bench: install
	$(BIN)/python bench/seed.py --posts 100000
	$(BIN)/python bench/load.py
	$(BIN)/python bench/render.py

clean:
	rm -rf $(VENV) *.egg-info
