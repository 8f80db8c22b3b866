# Two commands on a fresh machine: `make site` and `make test`.
# Each creates .venv and installs the pinned requirements when they change.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SITE_DEPS := $(VENV)/.site-deps
TEST_DEPS := $(VENV)/.test-deps

.PHONY: site check serve test clean

site: $(SITE_DEPS)
	$(PY) build.py

check: $(SITE_DEPS)
	$(PY) build.py check

serve: $(SITE_DEPS)
	$(PY) build.py serve

test: $(TEST_DEPS)
	$(PY) -m pytest

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(SITE_DEPS): requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(TEST_DEPS): requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@ $(SITE_DEPS)

clean:
	rm -rf site .site-* reports
