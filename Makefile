# `make serve` — set up, ingest the bundled records when the store is missing or older than data/, serve.
# `make test`  — set up with the test extras and run the tests.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STORE  ?= var/store
DATA   := $(shell find data -type f 2>/dev/null)
VOCAB  := $(wildcard vocab/*.ttl)

.PHONY: serve test install ingest clean bench
.DELETE_ON_ERROR:

$(BIN)/activate:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ needed, found " + sys.version.split()[0]'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# the bytecode of lod and its dependencies written once here, so that a start (`lod serve`, each worker) reads
# it instead of compiling every module anew where PYTHONDONTWRITEBYTECODE is set (~0.4 s of CPU a process)
$(VENV)/.installed: $(BIN)/activate pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	-$(BIN)/python -m compileall -q -j 0 lod bench $$($(BIN)/python -c 'import sysconfig; print(sysconfig.get_path("purelib"))') > /dev/null
	@touch $@

install: $(VENV)/.installed

# exit status 1 means some input was rejected (and reported): the rest is loaded, so serve it anyway
$(STORE)/.ingested: $(VENV)/.installed $(DATA) $(VOCAB)
	$(BIN)/lod ingest --replace --store $(STORE) data/records || [ $$? -eq 1 ]
	@touch $@

ingest: $(STORE)/.ingested

serve: $(STORE)/.ingested
	$(BIN)/lod serve --store $(STORE)

test: $(VENV)/.installed
	$(BIN)/python -m pytest

bench: $(VENV)/.installed
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) var *.egg-info
