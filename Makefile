# One toolchain, called the same way by people and by CI (.ci/run calls `make test`).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: help all data reports lab test test-quick lint format bench clean

# `make` with no target lists the targets: each target's description is the `## name: ...`
# comment above it (continued on the following `## ` lines).
.DEFAULT_GOAL := help

## help: list the targets and what each one does (the default: `make` alone runs it)
help:
	@echo "cdskit: make <target>  (make all: the main job; make test: the test suite)"
	@awk '/^## [a-z-]+: / { n = index($$0, ":"); \
	printf "  %-11s %s\n", substr($$0, 4, n - 4), substr($$0, n + 2); next } \
	/^## / { printf "  %-11s %s\n", "", substr($$0, 4) }' $(firstword $(MAKEFILE_LIST))

## all: set up the environment, build data/processed and render every report, then print the
## time of each stage (the report step's phases and reports are listed by `cdskit reports`)
all:
	@t0=$$(date +%s.%N); $(MAKE) --no-print-directory $(STAMP) && t1=$$(date +%s.%N) && \
	$(MAKE) --no-print-directory data && t2=$$(date +%s.%N) && \
	$(MAKE) --no-print-directory reports && t3=$$(date +%s.%N) && \
	awk -v a=$$t0 -v b=$$t1 -v c=$$t2 -v d=$$t3 'BEGIN { printf "make all (s): install %.1f, \
	build %.1f, reports %.1f, total %.1f\n", b - a, c - b, d - c, d - a }'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

## data: clean data/raw into data/processed (fails when anything was rejected)
data: $(STAMP)
	$(BIN)/cdskit build

## reports: execute every notebook in reports.toml and write reports/index.html
## (then stamp reports/ with the tree it was rendered from: `make test` reuses it, not re-renders)
reports: $(STAMP)
	$(BIN)/cdskit reports
	@$(BIN)/python tests/report_matrix.py reports

## lab: open JupyterLab in Vietnamese on notebooks/ with the kit installed (the python3 kernel
## sees cdskit); Settings > Language switches to English. The first time, installs the `lab`
## extra (JupyterLab and its Vietnamese language pack), which nothing else needs
lab: $(STAMP)
	@$(BIN)/python -c "import jupyterlab, jupyterlab_language_pack_vi_VN" 2>/dev/null || \
	$(BIN)/python -m pip install --quiet -e ".[lab]"
	@mkdir -p $(VENV)/share/jupyter/lab/settings
	@test -f $(VENV)/share/jupyter/lab/settings/overrides.json || \
	echo '{"@jupyterlab/translation-extension:plugin": {"locale": "vi_VN"}}' \
	> $(VENV)/share/jupyter/lab/settings/overrides.json
	$(BIN)/jupyter lab --notebook-dir=notebooks

## test: the whole test suite (set CDSKIT_MIRROR to a boundary mirror first); in parallel
## (pytest-xdist, options in pyproject.toml), the report matrix rendered once or reused
test: $(STAMP)
	$(BIN)/python -m pytest

## test-quick: the edit loop -- no browser, no papermill kernels, no report render
test-quick: $(STAMP)
	$(BIN)/python -m pytest -m "not slow and not browser"

## lint: ruff lint and format check, then mypy on the whole package ([tool.mypy] in pyproject.toml)
lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks notebooks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

## format: rewrite src, tests and benchmarks with ruff format, then apply ruff's safe fixes
format: $(STAMP)
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

## bench: run every benchmark script and print its figures
bench: $(STAMP)
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

## clean: remove the virtual environment, reports/ and the pytest cache
clean:
	rm -rf $(VENV) reports .pytest_cache
