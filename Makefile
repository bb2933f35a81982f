# bodocfg: everything a fresh clone needs is set up by these targets.
#   make demo   validate, render, lint, plan, apply and verify the example customers against a local AWS
#   make test   the whole suite (lint, types, drift check, unit, terraform and local-AWS tests)

PYTHON      ?= python3
VENV        := .venv
BIN         := $(VENV)/bin
STAMP       := $(VENV)/.installed
CHECKOV_VENV := .venv-checkov
CHECKOV_STAMP := $(CHECKOV_VENV)/.installed
JOBS        ?= auto

.PHONY: help venv bytecode checkov-venv demo test check lint typecheck drift unit render golden lock clean review-screenshot bench-lint bench-scan bench-fleet

help:
	@echo "make demo    run the whole chain on the example customers against the embedded local AWS"
	@echo "make test    run the whole test suite (what CI runs)"
	@echo "make render  re-render modules/ from customers/ after a spec or template change"
	@echo "make golden  regenerate the golden files under tests/golden/"
	@echo "make lock    re-pin constraints.txt from the current virtualenv"
	@echo "make checkov-venv  install checkov (for bodocfg scan) into its own .venv-checkov"
	@echo "make review-screenshot  render the review page for an example customer and screenshot it (out/review.png)"
	@echo "make bench-lint / bench-scan / bench-fleet  print the speed figures (bench/; README, Development)"
	@echo "make clean   remove what the targets above made: both virtualenvs, caches, bytecode, out/"

venv: $(STAMP)

# Pinned: pyproject.toml says what we need, constraints.txt pins every version we tested with.
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

# checkov (bodocfg scan) lives apart from .venv: its pins clash with ours (see requirements/checkov.txt).
checkov-venv: $(CHECKOV_STAMP)

$(CHECKOV_STAMP): requirements/checkov.txt
	test -x $(CHECKOV_VENV)/bin/python || $(PYTHON) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/python -m pip install --quiet --upgrade "pip>=24"
	$(CHECKOV_VENV)/bin/python -m pip install --quiet -r requirements/checkov.txt
	touch $(CHECKOV_STAMP)

demo: venv bytecode
	$(BIN)/bodocfg demo

check: lint typecheck drift

lint: venv
	$(BIN)/ruff check generator tests bench checks
	$(BIN)/ruff format --check generator tests bench checks

typecheck: venv
	$(BIN)/mypy

drift: venv
	$(BIN)/bodocfg validate customers
	$(BIN)/bodocfg render customers --out modules --check

unit: venv checkov-venv bytecode
	$(BIN)/pytest -n $(JOBS)

test: check unit

render: venv
	$(BIN)/bodocfg render customers --out modules

golden: venv
	BODOCFG_REGEN_GOLDEN=1 $(BIN)/pytest -q tests -k golden -p no:xdist

# The package's bytecode, as `pip install` writes it for an installed package: this checkout
# is an editable install, and where PYTHONDONTWRITEBYTECODE is set (this machine sets it) every
# bodocfg process would otherwise compile the package again (~0.1 s of each command).
bytecode: venv
	$(BIN)/python -m compileall -q generator

# IAM linter speed: 1,000 policies of 20 statements, bodocfg lint vs cloudsplaining, one run.
bench-lint: venv bytecode
	$(BIN)/python bench/lint_bench.py

# checkov over 100 customers vs over one, one checkov run each.
bench-scan: venv checkov-venv bytecode
	$(BIN)/python bench/scan_bench.py

# Fleet speed: validate+render+lint of 1,000 specs; bodocfg plan vs raw terraform; --jobs 2 vs 1.
bench-fleet: venv bytecode
	$(BIN)/python bench/bench_fleet.py
	$(BIN)/python bench/bench_plan.py
	$(BIN)/python bench/bench_jobs.py

lock: venv
	$(BIN)/python -m pip freeze --exclude-editable > constraints.txt

clean:
	rm -rf $(VENV) $(CHECKOV_VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis build dist out
	find . -path ./.git -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +

# For a person to look at: the review page of one example customer (with its checkov results),
# rendered and screenshotted in headless Chromium (installed with apt-get when missing).
# Not part of `make test`.
REVIEW_CUSTOMER ?= acme-analytics
CHROMIUM        ?= chromium
review-screenshot: venv checkov-venv
	mkdir -p out
	$(BIN)/bodocfg scan modules/$(REVIEW_CUSTOMER) --format json -o out/scan.json
	$(BIN)/bodocfg review modules/$(REVIEW_CUSTOMER) --out out/review --scan out/scan.json
	command -v $(CHROMIUM) >/dev/null || (apt-get update && apt-get install -y chromium)
	profile=$$(mktemp -d) && \
	$(CHROMIUM) --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
	  --disable-background-networking --disable-component-update --disable-sync \
	  --user-data-dir=$$profile --screenshot=$(CURDIR)/out/review.png --window-size=1280,2000 \
	  file://$(CURDIR)/out/review/$(REVIEW_CUSTOMER).html; \
	status=$$?; rm -rf $$profile; exit $$status
	@echo "screenshot: out/review.png"
