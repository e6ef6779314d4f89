# Two commands for a fresh machine with Python 3.11:
#   make run    create .venv, install the pinned dependencies, run the pipeline on seeds/
#   make test   the same environment, then the whole test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false

.PHONY: run test bench lock clean

$(STAMP): pyproject.toml requirements.lock requirements-model.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-model.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/news-etl run --input seeds --output data/warehouse

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/quality.py

lock: $(STAMP)
	(echo "# Exact versions verified together on Python 3.11. Regenerate with: make lock"; \
	 $(BIN)/pip freeze --exclude-editable | grep -v -i '^en[-_]core[-_]web') > requirements.lock

clean:
	rm -rf $(VENV) data/warehouse data/.warehouse.versions data/.warehouse.lock
