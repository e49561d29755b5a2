# reappraise: reconstruct, re-analyse and appraise published findings on MDMA-assisted therapy.
# `make all` sets up, executes every notebook, writes figures and builds the site;
# `make test` sets up and runs every test. `make help` lists every target.

SHELL := /bin/bash
.DEFAULT_GOAL := all
# Use every core by default (make all JOBS=1 runs serially).
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
MAKEFLAGS += --jobs=$(JOBS)
# PYTHON empty: set-up picks the newest supported Python (3.11-3.13); e.g. make all PYTHON=python3.12
PYTHON ?=
PY := .venv/bin/python
ENV := .venv/.reappraise-installed

NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]-*.ipynb))
NAMES := $(NOTEBOOKS:notebooks/%.ipynb=%)
EXECUTED := $(NAMES:%=build/executed/%.done)
SRC := $(shell find src -name '*.py' -o -name '*.yaml' | sort) pyproject.toml
TEMPLATES := $(shell find src/reappraise/pipeline/templates -type f | sort)
DATA := $(wildcard data/*.csv)
DATA_CHECKED := build/data.checked
SITE := build/site/index.html
SITE_INPUTS := README.md $(wildcard notebooks/*.md) $(TEMPLATES) $(SRC) $(DATA)
# Other single-arm studies the site publishes (data/studies.csv; kvam2025 is the published notebooks themselves)
STUDIES := carhart2016
STUDY_RUNS := $(STUDIES:%=build/studies/%.done)
# The single-arm notebooks (those with a `study` parameter): the other studies' runs execute them again.
SINGLE_ARM := $(patsubst notebooks/%.params.yaml,build/executed/%.done,$(shell grep -l '^study:' notebooks/[0-9][0-9]-*.params.yaml))

FORCE:
.PHONY: FORCE all env check-data notebooks studies site test test-fast conformance bench serve lab scenario compare lock help clean

# The other studies' runs wait only for the single-arm notebooks they execute again (SINGLE_ARM), not
# for every notebook, so they can run beside the rest.
all: env studies notebooks site ## set up, execute every notebook (figures in figures/), build the site in build/site/

$(ENV): requirements.lock pyproject.toml tools/setup-env.sh $(if $(PYTHON),FORCE)
	PYTHON=$(PYTHON) tools/setup-env.sh
	@touch $@

env: $(ENV) ## create .venv from requirements.lock (uv; INSTALLER=pip for plain pip)

check-data: $(DATA_CHECKED) ## validate every file in data/ (make all does it before executing any notebook)

$(DATA_CHECKED): $(DATA) $(SRC) | $(ENV)
	$(PY) -m reappraise check-data
	@mkdir -p $(@D) && touch $@

notebooks: $(EXECUTED) ## execute notebooks whose source, parameters, src/ or data/ changed (after check-data)

build/executed/%.done: notebooks/%.ipynb notebooks/%.params.yaml $(SRC) $(DATA) | $(ENV) $(DATA_CHECKED)
	$(PY) -m reappraise publish $*
	@mkdir -p $(@D) && touch $@

studies: $(STUDY_RUNS) ## execute the single-arm notebooks for the other studies into build/studies/ (the site publishes them)

build/studies/%.done: $(SINGLE_ARM) $(SRC) $(DATA) | $(ENV)
	$(PY) -m reappraise publish-study $* -j $(JOBS)
	@touch $@

site: $(SITE) ## build the offline HTML site into build/site/

$(SITE): $(STUDY_RUNS) $(EXECUTED) $(SITE_INPUTS) $(wildcard figures/*.png) | $(ENV)
	$(PY) -m reappraise site
	@touch $@

test: $(ENV) ## run every test: unit tests and nbval over the committed notebooks (PYTEST_ARGS: more pytest options)
	$(PY) -m pytest tests notebooks --nbval --nbval-current-env --nbval-sanitize-with tests/sanitize.cfg -p no:cacheprovider \
	  -n $(JOBS) --dist loadfile $(PYTEST_ARGS)

test-fast: $(ENV) ## run the unit tests only (no notebook execution)
	$(PY) -m pytest tests -p no:cacheprovider -q -n $(JOBS) --dist loadfile

conformance: $(ENV) ## check the library against the peers' published vectors and base R; write docs/conformance.md
	REAPPRAISE_WRITE_CONFORMANCE=1 $(PY) -m pytest tests/conformance -q -p no:cacheprovider

bench: $(ENV) ## time set-up, a rerun, rebuilds, tests and hot spots against their goals (QUICK=1: fewer rows)
	QUICK=$(QUICK) $(PY) -m reappraise.pipeline.timing

serve: $(SITE) ## serve the built site on http://localhost:8000 for a quick look
	$(PY) -m http.server 8000 --bind 127.0.0.1 --directory build/site

lab: $(ENV) ## explore in JupyterLab on a working copy in runs/lab/ (the published notebooks stay untouched; LAB_ARGS: options for JupyterLab)
	$(PY) -m reappraise.pipeline.lab $(LAB_ARGS)

scenario: $(ENV) ## run every notebook a scenario touches: make scenario NAME=conservative
	$(PY) -m reappraise scenario $(NAME)

compare: $(ENV) ## compare key results across scenarios: make compare NAMES="default conservative"
	$(PY) -m reappraise compare $(or $(NAMES),default conservative optimistic)

# rfc3987-syntax (an optional URI-format checker of jsonschema, pulled in by jupyter-events) builds a parser
# when imported: 1.4 s added to every process that imports nbformat. Nothing here validates that format.
lock: ## re-resolve requirements.lock from requirements.in (needs network; review the diff)
	.tools/bin/uv pip compile requirements.in --universal --python-version 3.11 --no-header -o requirements.lock \
	  --no-emit-package rfc3987-syntax --no-emit-package lark

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

clean: ## remove build/ and runs/ (keeps .venv, notebooks, figures)
	rm -rf build runs
