# SEHATI — the README's two commands: `make run` and `make test`.
# Everything else is a helper they call; see scripts/.
.PHONY: run test setup setup-dev lint types bench demo

run:
	@bash scripts/run.sh

test:
	@bash scripts/test.sh

setup:
	@bash scripts/setup.sh

setup-dev:
	@bash scripts/setup.sh --dev

lint: setup-dev
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

types: setup-dev
	.venv/bin/mypy sehati config

bench: setup-dev
	@bash scripts/bench.sh

demo: setup
	.venv/bin/sehati migrate --noinput && .venv/bin/sehati demo
