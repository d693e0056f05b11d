# The map of the pipeline. Every arrow is a rule with real file targets, so `make` rebuilds only what
# is out of date and `make -j` is safe. Run `make` (or `make help`) to list the targets.
#
#   data/raw/<id>.txt ──extract──▶ data/processed/<id>/targets.csv ──analyse──▶ data/processed/<id>/attainment.csv
#        attainment.csv ──render──▶ reports/<id>/index.html (+ one HTML per notebook, no code)
#        attainment.csv ──excel───▶ reports/<id>.xlsx
#        attainment.csv ──pdf─────▶ reports/<id>.pdf
#   several reports ──panel──▶ data/processed/panel.csv ──render──▶ reports/panel/index.html
#
# `make report`, `make notebooks` and `make panel` run their rules inside one pool of warm kernels
# (`indicators pool -- make …`): every report keeps its own render rule, and each of those hands its
# notebooks to the run's pool instead of starting kernels of its own. When everything is up to date
# (`make -q`), no Python starts at all.

.DEFAULT_GOAL := help
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
MAKEFLAGS += --no-builtin-rules --no-print-directory
.SUFFIXES:

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LANG_LABELS ?= zh
TOLERANCE_PP ?= 0.5
# the package finds data/, notebooks/ and reports/ from here (lets a copy of the tree run on its own)
export INDICATORS_ROOT := $(CURDIR)
export PYTHONWARNINGS ?= ignore::DeprecationWarning
export JUPYTER_PLATFORM_DIRS := 1

RAW_TXT := $(wildcard data/raw/*.txt)
RAW_HTML := $(wildcard data/raw/*.html)
IDS := $(sort $(basename $(notdir $(RAW_TXT) $(RAW_HTML))))

# Options are inputs: each has a stamp holding its value, rewritten (as make reads this file) only when
# the value changes, and every rule whose output depends on the option depends on its stamp. So
# `make report LANG_LABELS=en` rebuilds the HTML, workbooks and PDFs, and every output of a run has the
# same options (one edition).
OPTION_STAMPS := data/processed/.option
LANG_STAMP := $(OPTION_STAMPS)-lang_labels
TOLERANCE_STAMP := $(OPTION_STAMPS)-tolerance_pp
ifneq ($(file <$(LANG_STAMP)),$(LANG_LABELS))
$(file >$(LANG_STAMP),$(LANG_LABELS))
endif
ifneq ($(file <$(TOLERANCE_STAMP)),$(TOLERANCE_PP))
$(file >$(TOLERANCE_STAMP),$(TOLERANCE_PP))
endif

PKG := src/indicators
# the code each step runs (a change to it rebuilds that step and what follows, nothing else)
EXTRACT_CODE := $(addprefix $(PKG)/,extract.py periods.py catalogue.py labels.py fileio.py schema.py pipeline.py) \
	$(wildcard $(PKG)/extraction/*.py $(PKG)/extraction/readers/*.py)
ANALYSE_CODE := $(addprefix $(PKG)/,analyse.py benchmarks.py values.py schema.py pipeline.py periods.py measures.py \
	methodology.py labels.py catalogue.py)
CHART_CODE := $(addprefix $(PKG)/,plots.py fonts.py labels.py values.py)
RENDER_CODE := $(addprefix $(PKG)/,render.py kernels.py pool.py notebook.py panel.py methodology.py) $(CHART_CODE)
EXCEL_CODE := $(addprefix $(PKG)/,excel.py bundle.py labels.py catalogue.py)
PDF_CODE := $(addprefix $(PKG)/,pdf.py bundle.py methodology.py) $(PKG)/templates/report.typ $(CHART_CODE)
REFERENCE := $(wildcard data/reference/benchmarks-*.csv) data/reference/regions.csv data/reference/metrics.csv
NOTEBOOKS := notebooks/10-extract.ipynb notebooks/20-attainment.ipynb notebooks/30-indicator.ipynb

TARGETS := $(IDS:%=data/processed/%/targets.csv)
ATTAINMENT := $(IDS:%=data/processed/%/attainment.csv)
HTML := $(IDS:%=reports/%/index.html)
XLSX := $(IDS:%=reports/%.xlsx)
PDF := $(IDS:%=reports/%.pdf)
PANEL := $(if $(word 2,$(IDS)),reports/panel/index.html)

.PHONY: help setup report extract analyse benchmarks notebooks excel pdf panel test test-fast fuzz lint lab bench clean \
	all-outputs all-notebooks all-panel

# $(call pooled,TARGETS): make TARGETS inside one pool of warm kernels, unless they are up to date
pooled = $(MAKE) -q $(1) 2>/dev/null || $(BIN)/indicators pool -- $(MAKE) $(1)

help: ## list the targets
	@echo "usage: make <target>   (the first run of any target creates $(VENV) itself)"
	@grep -hE '^[a-z][a-z-]*:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | awk -F'\t' '{printf "  %-10s %s\n", $$1, $$2}'

setup: $(STAMP) ## create .venv and install the package with its dev tools

$(STAMP): pyproject.toml
	@echo "==> setup: $(VENV) with the package and its dev tools"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -c 'import sys; sys.exit(sys.prefix == sys.base_prefix)' \
	  || { echo "setup: $(VENV) is not a virtual environment; refusing to install into it" >&2; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

report: | $(STAMP) ## the whole pipeline: tables, HTML notebooks, Excel and PDF in reports/
	+@$(call pooled,all-outputs)
	@echo "==> report: done ($(words $(IDS)) report(s): $(IDS))"

all-outputs: extract analyse all-notebooks excel pdf all-panel

extract: $(TARGETS) ## data/raw/<id>.txt → data/processed/<id>/targets.csv (+ .parquet)

data/processed/%/targets.csv: data/raw/%.txt data/reference/metrics.csv $(EXTRACT_CODE) | $(STAMP)
	@echo "==> extract $<"
	@$(BIN)/indicators extract $< --out $@

data/processed/%/targets.csv: data/raw/%.html data/reference/metrics.csv $(EXTRACT_CODE) | $(STAMP)
	@echo "==> extract $<"
	@$(BIN)/indicators extract $< --out $@

analyse: $(ATTAINMENT) ## targets → attainment.csv, findings.csv, benchmarks_used.csv, attainment.meta.yml

data/processed/%/attainment.csv: data/processed/%/targets.csv $(REFERENCE) $(ANALYSE_CODE) $(TOLERANCE_STAMP) | $(STAMP)
	@echo "==> analyse $*"
	@$(BIN)/indicators analyse $< --tolerance-pp $(TOLERANCE_PP)

benchmarks: | $(STAMP) ## YEAR=2023: data/reference/sources/*-<YEAR>-*.txt → data/reference/benchmarks-<YEAR>.csv (never replaces one)
	@test -n "$(YEAR)" || { echo "benchmarks: give the year, e.g. make benchmarks YEAR=2023" >&2; exit 2; }
	@echo "==> benchmarks $(YEAR) from data/reference/sources"
	@$(BIN)/indicators benchmarks $(or $(wildcard data/reference/sources/*-$(YEAR)-*.txt),data/reference/sources/*-$(YEAR)-*.txt)

notebooks: | $(STAMP) ## run the notebooks with papermill and render HTML without code into reports/<id>/
	+@$(call pooled,all-notebooks)

all-notebooks: $(HTML)

reports/%/index.html: data/processed/%/attainment.csv $(NOTEBOOKS) $(RENDER_CODE) $(LANG_STAMP) $(TOLERANCE_STAMP) | $(STAMP)
	@echo "==> notebooks $*"
	@$(BIN)/indicators render $* --lang $(LANG_LABELS) --tolerance-pp $(TOLERANCE_PP)

excel: $(XLSX) ## reports/<id>.xlsx: summary, full table, findings, benchmarks, notes, charts

reports/%.xlsx: data/processed/%/attainment.csv $(EXCEL_CODE) $(LANG_STAMP) | $(STAMP)
	@echo "==> excel $@"
	@$(BIN)/indicators excel $* --lang $(LANG_LABELS) --out $@

pdf: $(PDF) ## reports/<id>.pdf: summary, charts, a page per indicator, findings, methodology

reports/%.pdf: data/processed/%/attainment.csv $(PDF_CODE) $(LANG_STAMP) | $(STAMP)
	@echo "==> pdf $@"
	@$(BIN)/indicators pdf $* --lang $(LANG_LABELS) --out $@

panel: | $(STAMP) ## attainment over time across all reports (when data/raw holds more than one)
	+@$(call pooled,all-panel)

all-panel: $(PANEL)

data/processed/panel.csv: $(ATTAINMENT) $(PKG)/panel.py | $(STAMP)
	@echo "==> panel of $(words $(IDS)) reports"
	@$(BIN)/indicators panel --out $@

reports/panel/index.html: data/processed/panel.csv notebooks/40-panel.ipynb $(RENDER_CODE) $(LANG_STAMP) | $(STAMP)
	@echo "==> notebooks panel"
	@$(BIN)/indicators render-panel --lang $(LANG_LABELS)

test: $(STAMP) ## run every test (fast ones and the slow end-to-end ones)
	@echo "==> test"
	@$(BIN)/python -m pytest -q -n 2 --dist loadgroup

test-fast: $(STAMP) ## run the fast tests only
	@$(BIN)/python -m pytest -q -m "not slow"

fuzz: $(STAMP) ## mutation fuzz, long version: 5,400 damaged and hostile reports through the CLI (about an hour)
	@export INDICATORS_FUZZ_CASES=$${INDICATORS_FUZZ_CASES:-5400} INDICATORS_FUZZ_SEED=$${INDICATORS_FUZZ_SEED:-12}; \
	  echo "==> fuzz: $$INDICATORS_FUZZ_CASES mutated reports (seed $$INDICATORS_FUZZ_SEED)"; \
	  $(BIN)/python -m pytest -q -n auto tests/test_hostile_fuzz.py

lint: $(STAMP) ## ruff
	@$(BIN)/ruff check src tests

lab: $(STAMP) ## open JupyterLab on notebooks/ (the kernel imports the package)
	@$(BIN)/jupyter lab --notebook-dir=notebooks

bench: $(TARGETS) $(ATTAINMENT) | $(STAMP) ## timings: extraction; 1, 4 and 16 reports on one pool beside the naive route; make (15-25 min)
	@$(BIN)/indicators bench-extract
	@$(BIN)/python -m indicators.bench

clean: ## remove everything the pipeline wrote (data/processed, reports)
	rm -rf data/processed/* reports/* reports/.??*
	@touch data/processed/.gitkeep reports/.gitkeep
