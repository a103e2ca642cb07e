# One task runner: make setup | build | test | lint | golden
PYTHON := .venv/bin/python

.PHONY: setup build test lint golden clean

setup:
	bash scripts/setup.sh

build: setup
	$(PYTHON) -m generator build

test: setup
	$(PYTHON) -m pytest --numprocesses auto --dist load

lint: setup
	$(PYTHON) -m ruff check generator tests
	$(PYTHON) -m ruff format --check generator tests
	$(PYTHON) -m mypy

golden: setup
	$(PYTHON) -m pytest tests/test_golden.py --update-golden
	$(PYTHON) -m generator.build.reference

clean:
	rm -rf build
