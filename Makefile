# Two commands a new machine needs: `make run` (the app with demo data) and `make test`.
# Both install what they need themselves: a virtualenv in .venv and GOV.UK Frontend from npm.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
GOVUK_DIST := node_modules/govuk-frontend/dist/govuk
STATIC := wsoa/static

export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run serve test install install-test assets browser system-packages lint audit lock clean mutation

run: install assets
	WSOA_ENV=development $(BIN)/wsoa db upgrade
	WSOA_ENV=development $(BIN)/wsoa load-demo
	@echo
	@echo "wsoa is starting at http://$(HOST):$(PORT)/ (stop it with Ctrl+C)"
	@echo "Emails (digests, notices, invitations) are written to outbox/, with links to this address."
	@echo "To send reminders on their schedule too, run this in another terminal:"
	@echo "    WSOA_ENV=development APP_BASE_URL=http://$(HOST):$(PORT) $(BIN)/wsoa scheduler"
	@echo "or send today's digests and the notices that are ready once, at any time:"
	@echo "    WSOA_ENV=development APP_BASE_URL=http://$(HOST):$(PORT) $(BIN)/wsoa send-digests --dry-run --bodies"
	@echo "    WSOA_ENV=development APP_BASE_URL=http://$(HOST):$(PORT) $(BIN)/wsoa send-notifications"
	@echo
	WSOA_ENV=development APP_BASE_URL=http://$(HOST):$(PORT) $(BIN)/wsoa run --host $(HOST) --port $(PORT)

# Production serving: gunicorn with gunicorn.conf.py, after `wsoa check` has found the settings complete and the
# database, migrations and evidence store ready. Settings come from the environment (docs/deploy.md).
# The scheduler is its own process: `wsoa scheduler`.
serve: install assets
	$(BIN)/wsoa check
	$(BIN)/gunicorn wsgi:app

# The suite is spread over the machine's cores (pytest-xdist; each worker has its own database; a module marked
# xdist_group, whose data is built once for the module, runs whole on one worker). PYTEST_ARGS
# adds to it: CI passes "-p randomly" to run it in a random order, printing the seed.
test: install-test assets browser
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python scripts/audit_dependencies.py
	$(BIN)/pytest -n auto --dist loadgroup $(PYTEST_ARGS)

# Mutation testing: do the tests fail when a rule is wrong? mutmut changes the modules listed in pyproject.toml
# ([tool.mutmut]) one small change at a time and runs, for each change, the tests that reach the changed function;
# then a score per module and every surviving mutant are printed (tests/mutation_scores.py), failing under 90%.
# Equivalent mutants are listed with their reasons in mutation_equivalents.txt. Slow, so not part of `make test`.
mutation: install-test assets
	rm -rf mutants
	$(BIN)/mutmut run --max-children 2
	$(BIN)/python -m tests.mutation_scores

# Known vulnerabilities in the locked production dependencies. Fails on one; where the vulnerability
# database cannot be reached it prints a NOTE saying nothing was audited, and carries on.
audit: install-test
	$(BIN)/python scripts/audit_dependencies.py

# Regenerate requirements.lock (production dependencies, every file's sha256) after changing pyproject.toml.
lock: install-test
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links \
		--output-file requirements.lock pyproject.toml

# The browser tests drive Debian's Chromium. Installed here when missing and we are root; otherwise say how
# (the tests then skip with that reason locally, and fail in CI, where CI=true).
CHROMIUM := $(or $(WSOA_CHROMIUM),/usr/bin/chromium)
browser:
	@if [ -x "$(CHROMIUM)" ]; then \
		true; \
	elif [ "$$(id -u)" = 0 ]; then \
		echo "Installing Chromium for the browser tests"; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y chromium \
			|| { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }; \
	else \
		echo "Chromium is not installed at $(CHROMIUM): the browser tests will be skipped."; \
		echo "Install it with 'sudo apt-get install -y chromium', or set WSOA_CHROMIUM to a Chromium binary."; \
	fi

lint: install-test
	$(BIN)/ruff check .

install: $(VENV)/.installed system-packages
install-test: $(VENV)/.installed-test system-packages

# The PDF documents are set in Arial, or Liberation Sans (Arial's metrics) where Arial is not installed; the
# document tests turn PDF pages into pictures with poppler's pdftoppm.
system-packages:
	@scripts/debian_packages.sh fonts-liberation poppler-utils
assets: $(STATIC)/.assets-installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

# GOV.UK Frontend's CSS and JS come from npm, not committed. The CSS is compiled from its Sass with Arial as the
# typeface (wsoa/assets/govuk-frontend.scss): a local area's service is not on GOV.UK, so neither GOV.UK's
# typeface nor its crown images (favicons, crest) are served; the favicon is wsoa's own (wsoa/static/favicon.svg).
$(STATIC)/.assets-installed: node_modules/.package-lock.json wsoa/assets/govuk-frontend.scss
	rm -rf $(STATIC)/fonts $(STATIC)/images $(STATIC)/manifest.json
	node_modules/.bin/sass --load-path=node_modules --style=compressed --no-source-map \
		wsoa/assets/govuk-frontend.scss $(STATIC)/govuk-frontend.min.css
	cp $(GOVUK_DIST)/govuk-frontend.min.js $(STATIC)/
	touch $@

clean:
	rm -rf $(VENV) node_modules $(STATIC)/fonts $(STATIC)/images $(STATIC)/manifest.json \
		$(STATIC)/govuk-frontend.min.* $(STATIC)/.assets-installed mutants
