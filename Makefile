.PHONY: demo test check bench setup

setup:
	scripts/bootstrap.sh test

demo:
	scripts/demo.sh

test:
	scripts/test.sh

check: setup
	.venv/bin/ruff format --check vfcoach tests bench
	.venv/bin/ruff check vfcoach tests bench
	.venv/bin/lint-imports
	.venv/bin/mypy vfcoach/coding vfcoach/storage
	.venv/bin/mypy vfcoach
	scripts/test.sh

bench: setup
	.venv/bin/python bench/bench_seek.py
