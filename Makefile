# Two commands: `make site` and `make test`. Each sets up what it needs first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test setup serve benchmark lint clean

site: $(STAMP)
	$(BIN)/migration-profiles build
	@echo
	@echo "The site is in build/site/. Preview it with:  $(BIN)/migration-profiles serve"

test: $(STAMP) node_modules/.installed
	$(BIN)/python -m pytest -q

setup: $(STAMP)

# Reinstall when the pinned versions or the package metadata change.
$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed; found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# axe-core for the browser tests' accessibility checks (package.json, pinned by package-lock.json).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

serve: $(STAMP)
	$(BIN)/migration-profiles serve

# make benchmark AGAINST=1390bd3: also build with that commit, in turns, and print the ratios.
SCALE ?= 10,40,160,380
benchmark: $(STAMP)
	$(BIN)/python scripts/benchmark.py --scale $(SCALE) $(if $(AGAINST),--against $(AGAINST)) $(BENCHMARK_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts

clean:
	rm -rf build
