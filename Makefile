# carted-export: `make build` renders this repository's own project (seeds/, as its
# carted-export.toml says) into build/ with its readability report; `make test` runs the
# whole suite.  Both set up everything from a clean clone: Debian packages (only those
# missing), the virtualenv in .venv from the lock file, and (for tests) the validators' npm
# packages.  `make lock` refreshes the lock; `make test-latest` tries the newest releases.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
NODE_STAMP := tools/validators/node_modules/.installed-stamp
# Every Python package, pinned with hashes (uv export of uv.lock): runtime, extras, dev tools.
LOCK := requirements/dev.txt
LATEST := .venv-latest

# Fonts for every shipped script (Latin, Arabic, CJK), gettext's msgmerge, poppler for PDF text,
# liblouis for braille (--format brf), espeak-ng (speech) and opus-tools (opusenc: Ogg Opus,
# opusinfo in the tests) for audio (--format audio).
RUNTIME_DEBS := fonts-noto-core fonts-noto-cjk fonts-dejavu-core gettext poppler-utils \
	liblouis-bin liblouis-data espeak-ng opus-tools
# Validators: Chromium for axe-core and DAISY Ace, Java for epubcheck, Node for npm tools.
TEST_DEBS := chromium default-jre-headless nodejs npm

.PHONY: build test test-fast lint typecheck unit deps test-deps lock test-latest bench check-corpus \
	ui-catalogs clean

build: deps
	$(BIN)/carted-export build
	$(BIN)/carted-export report

test: deps test-deps lint typecheck unit

# The fast tier, while editing: no validators, browsers, subprocess or wheel builds (the tests
# that need one are marked `full` by tests/conftest.py); `make test` runs them all.
test-fast: deps lint typecheck
	$(BIN)/pytest -n 2 --dist loadfile -m "not full" -q

lint: deps
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts

typecheck: deps
	$(BIN)/mypy

unit: deps test-deps
	$(BIN)/pytest -n 2 --dist loadfile

deps: $(STAMP)

$(STAMP): pyproject.toml $(LOCK)
	bash scripts/ensure-debian-packages.sh $(RUNTIME_DEBS)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

test-deps: $(NODE_STAMP)

$(NODE_STAMP): tools/validators/package.json
	bash scripts/ensure-debian-packages.sh $(TEST_DEBS)
	cd tools/validators && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

# Refresh uv.lock to the newest releases pyproject.toml allows, and its hashed exports.
lock: deps
	$(BIN)/uv lock --upgrade
	$(BIN)/uv export --frozen --no-emit-project --all-extras --no-header -q -o $(LOCK)
	$(BIN)/uv export --frozen --no-emit-project --no-header -q -o requirements/runtime.txt

# The whole suite against the newest releases (no lock), to see drift before it bites.
test-latest: test-deps
	bash scripts/ensure-debian-packages.sh $(RUNTIME_DEBS)
	rm -rf $(LATEST)
	$(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/pip install --quiet --upgrade pip
	$(LATEST)/bin/pip install --quiet --upgrade -e '.[dev,check,dask]'
	$(LATEST)/bin/pip list --format=freeze > $(LATEST)/versions.txt
	$(LATEST)/bin/ruff check src tests bench scripts
	$(LATEST)/bin/mypy
	$(LATEST)/bin/pytest -n 2 --dist loadfile

# pandoc: the HTML and EPUB baseline (bench/README.md).
bench: deps
	bash scripts/ensure-debian-packages.sh pandoc
	$(BIN)/python -m bench

check-corpus: deps test-deps
	$(BIN)/pytest -m corpus --run-corpus-validators tests/test_corpus.py

# Maintainers: refresh the built-in interface catalogs after changing UI strings.
ui-catalogs: deps
	$(BIN)/carted-export i18n extract --ui --locales-dir src/carted_export/locales
	$(BIN)/carted-export i18n update --locales-dir src/carted_export/locales

clean:
	rm -rf build bench/results.json
