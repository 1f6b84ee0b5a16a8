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

bench: $(STAMP)  ## pages/s and peak memory: text-layer PDFs vs pdfplumber, then OCR of scans
	$(PY) bench/bench_pdf.py
	$(PY) bench/bench_ocr.py

score: $(STAMP)  ## the shared scorer over the shared corpus
	$(PY) ../shared/tools/score.py --project . ../shared/corpus -v

clean:
	rm -rf $(VENV) data/parquet/facts data/parquet/*.parquet .pytest_cache
