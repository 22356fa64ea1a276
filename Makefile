# The manifesto pipeline. `make help` lists the targets; `make all` and `make test` bootstrap everything.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANIFESTO := $(BIN)/manifesto
STAMP := $(VENV)/.installed
LOCK := requirements.lock
# One resolution for the project's Python on Linux, hashes of every file of each pinned release.
LOCK_FLAGS := --extra test --extra tools --generate-hashes --python-version 3.11 --python-platform linux \
	--custom-compile-command "make lock" --quiet
SYSTEM_STAMP := .make/system-packages
# Debian packages the tests and builds read outputs back with; LibreOffice, which opens the DOCX as Word would,
# hyphenates justified text (as Word does) only with the hyphenation patterns of each language.
DEBIAN_PACKAGES := poppler-utils gettext default-jre-headless chromium fonts-dejavu-core fonts-sil-charis fonts-open-sans \
	libreoffice-writer-nogui hyphen-en-gb hyphen-en-us hyphen-fr hyphen-de hyphen-es hyphen-it hyphen-pt-pt
THEME ?=
LANG_ := $(if $(filter command line,$(origin LANG)),$(LANG),)

.PHONY: help all lock release screenshots test quick-test check catalogs stats review queries handout bench clean validate

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

# Exactly the locked versions (hash-checked), then the project itself with no dependency resolution of its own:
# every machine gets the same pandoc, Typst, Babel and test tools, so the same bytes. tests/test_lock.py fails
# when pyproject.toml and the lock disagree.
$(STAMP): $(LOCK) pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

lock: ## re-resolve requirements.lock after editing pyproject.toml (UPGRADE=1: newest versions allowed), reinstall
	test -x $(BIN)/uv || { $(PYTHON) -m venv $(VENV) && $(BIN)/pip install --quiet --require-hashes --no-deps -r $(LOCK); }
	$(BIN)/uv pip compile pyproject.toml $(LOCK_FLAGS) $(if $(UPGRADE),--upgrade) -o $(LOCK)
	rm -f $(STAMP)
	$(MAKE) $(STAMP)

$(SYSTEM_STAMP): Makefile
	@mkdir -p .make
	@missing=""; for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; fi; \
	fi
	@touch $@

# validate + check, skipped while nothing they read changed (a no-op `make all` then only asks the build, which
# has its own up-to-date test): the source, the package, the check configuration.
CHECKED := .make/checked
CHECK_INPUTS := $(shell find source pipeline -type f \( -name '*.yaml' -o -name '*.txt' -o -name '*.py' \
	-o -name '*.json' \) 2>/dev/null) pyproject.toml

$(CHECKED): $(STAMP) $(CHECK_INPUTS)
	$(MANIFESTO) validate
	$(MANIFESTO) check
	@mkdir -p $(@D) && touch $@

all: $(STAMP) $(SYSTEM_STAMP) $(CHECKED) ## set up .venv, validate and check the source, build every edition into output/
	$(MANIFESTO) build

release: $(STAMP) $(SYSTEM_STAMP) $(CHECKED) ## like all, but refuse any translation not wholly reviewed
	$(MANIFESTO) build --release

validate: $(STAMP) ## check the source against its schema and invariants
	$(MANIFESTO) validate

test: $(STAMP) $(SYSTEM_STAMP) ## set up .venv and run the whole test suite (what CI runs)
	$(BIN)/ruff check pipeline tests bench docs
	$(BIN)/pytest -q

quick-test: $(STAMP) $(SYSTEM_STAMP) ## the test suite without the slow end-to-end renders
	$(BIN)/pytest -q -m 'not slow'

check: $(STAMP) ## lint the manifesto's content (manifesto check)
	$(MANIFESTO) check

catalogs: $(STAMP) ## extract the POT and update every language's PO
	$(MANIFESTO) extract && $(MANIFESTO) update

stats: $(STAMP) ## translation progress per language, theme and section
	$(MANIFESTO) stats

review: $(STAMP) ## review files (HTML + DOCX) per language in output/review/: make review [LANG=fr]
	$(MANIFESTO) review $(LANG_)

queries: $(STAMP) ## the publisher's questions per language in output/queries/: make queries [LANG=fr]
	$(MANIFESTO) queries $(LANG_)

handout: $(STAMP) ## one theme's handout: make handout THEME=police LANG=fr
	@test -n "$(THEME)" || { echo "usage: make handout THEME=<theme-id> LANG=<lang>"; exit 2; }
	$(MANIFESTO) build --theme $(THEME) $(if $(LANG_),--lang $(LANG_)) --handouts-only

bench: $(STAMP) $(SYSTEM_STAMP) ## print speed figures: builds vs the toolchain floor, content checks, qa at scale (scripts, not tests)
	$(BIN)/python bench/bench.py
	$(BIN)/python bench/bench_check.py
	$(BIN)/python bench/bench_qa.py

screenshots: all ## one page of each format as a PNG under docs/ (shown in the README)
	$(BIN)/python docs/screenshots.py

clean: ## remove generated outputs (keeps .venv)
	rm -rf output .make .pytest_cache
