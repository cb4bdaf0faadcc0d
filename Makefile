# carted-export: `make build` renders seeds/ into build/ (and its readability report), `make test`
# runs the whole suite.
# Both set up everything from a clean clone: Debian packages (only those missing),
# the virtualenv in .venv, and (for tests) the validators' npm packages.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
NODE_STAMP := tools/validators/node_modules/.installed-stamp

# Fonts for every shipped script (Latin, Arabic, CJK), gettext's msgmerge, poppler for PDF text.
RUNTIME_DEBS := fonts-noto-core fonts-noto-cjk fonts-dejavu-core gettext poppler-utils
# Validators: Chromium for axe-core and DAISY Ace, Java for epubcheck, Node for npm tools.
TEST_DEBS := chromium default-jre-headless nodejs npm
BUILD_LOCALES := --locale en --locale es --locale ar --locale zh_Hans

.PHONY: build test lint typecheck unit deps test-deps bench check-corpus ui-catalogs clean

build: deps
	$(BIN)/carted-export build seeds $(BUILD_LOCALES) --out build
	$(BIN)/carted-export report seeds $(BUILD_LOCALES) --out build

test: deps test-deps lint typecheck unit

lint: deps
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts

typecheck: deps
	$(BIN)/mypy

unit: deps test-deps
	$(BIN)/pytest -n 2 --dist loadfile

deps: $(STAMP)

$(STAMP): pyproject.toml
	bash scripts/ensure-debian-packages.sh $(RUNTIME_DEBS)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,dask]'
	touch $(STAMP)

test-deps: $(NODE_STAMP)

$(NODE_STAMP): tools/validators/package.json
	bash scripts/ensure-debian-packages.sh $(TEST_DEBS)
	cd tools/validators && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

bench: deps
	$(BIN)/python -m scripts.bench

check-corpus: deps test-deps
	$(BIN)/pytest -m corpus --run-corpus-validators tests/test_corpus.py

# Maintainers: refresh the built-in interface catalogs after changing UI strings.
ui-catalogs: deps
	$(BIN)/carted-export i18n extract --ui --locales-dir src/carted_export/locales
	$(BIN)/carted-export i18n update --locales-dir src/carted_export/locales

clean:
	rm -rf build bench/results.json
