# Two commands for a newcomer: `make extract` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: extract test bench score clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

extract: $(STAMP)  ## run the pipeline on data/raw → data/parquet
	$(PY) -m pipeline extract data/raw --out data/parquet

test: $(STAMP)  ## unit, round-trip, bad-input and whole-corpus tests
	$(PY) -m pytest -q

BENCH_N ?= 10000
BENCH_RERUN ?= 100000
bench: $(STAMP)  ## every speed/memory target beside its reference (BENCH_N=1000 BENCH_RERUN=10000 for a quick run)
	$(PY) bench/bench_pdf.py
	$(PY) bench/bench_scale.py --n $(BENCH_N) --rerun-docs $(BENCH_RERUN)

score: $(STAMP)  ## the shared scorer over the shared corpus
	$(PY) ../shared/tools/score.py --project . ../shared/corpus -v

clean:
	rm -rf $(VENV) data/parquet/facts data/parquet/*.parquet .pytest_cache
