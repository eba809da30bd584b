# The two commands: `make run` (dashboard on the sample data) and `make test`.
# `make run` listens on 127.0.0.1 only; `HOST=0.0.0.0 ALLOWED_HOSTS=dash.example.org make run` for a network.
VENV   := .venv
PY     := $(VENV)/bin/python
DB     := data/cooperation.duckdb
PORT   ?= 8501
HOST   ?= 127.0.0.1
# names the server answers to besides localhost (comma-separated); needed with HOST=0.0.0.0
ALLOWED_HOSTS ?= $(COOP_ALLOWED_HOSTS)
PYTHON ?= $(shell command -v python3.11 || command -v python3)

.PHONY: run test venv db bench lint clean serve-cluster

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

venv: $(VENV)/.installed

$(DB): | $(VENV)/.installed
	$(PY) -m loaders build data/reports --db $(DB)

db: $(DB)

run: $(VENV)/.installed $(DB)
	$(PY) -m loaders migrate --db $(DB)
	COOP_DB=$(DB) COOP_ALLOWED_HOSTS="$(ALLOWED_HOSTS)" MALLOC_ARENA_MAX=2 \
	$(VENV)/bin/streamlit run serve.py --server.address $(HOST) --server.port $(PORT)

test: $(VENV)/.installed
	$(PY) -m pytest

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy  # loaders/ and analytics/ ([tool.mypy] in pyproject.toml)

clean:
	rm -f $(DB) $(DB).lock

bench: $(VENV)/.installed
	$(PY) bench/run.py $(BENCH_ARGS)

# Several replicas behind nginx on loopback (deploy/cluster.py; README "Deploying for many users").
REPLICAS ?= 3
serve-cluster: $(VENV)/.installed $(DB)
	$(PY) -m loaders migrate --db $(DB)
	$(PY) deploy/cluster.py --replicas $(REPLICAS) --port $(PORT) --db $(DB)
