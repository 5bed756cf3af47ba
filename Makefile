# gij.jira — the README's commands. Everything installs from PyPI into .venv/ by itself.
#   make demo        the main job end to end on the bundled API emulator
#   make test        every test and quality gate, on each supported interpreter found
#   make test PYTHON=/path/to/python3.13   one interpreter only
#   make bench       benchmarks -> docs/benchmarks.md
SHELL := /bin/bash
PYTHON ?=

.PHONY: demo test sanity units integration lint build bench clean

demo:
	@bash tests/tools/demo.sh $(or $(PYTHON),python3)

test:
	@bash tests/tools/run_tests.sh all $(PYTHON)

sanity units integration lint:
	@bash tests/tools/run_tests.sh $@ $(PYTHON)

build:
	@bash tests/tools/run_tests.sh build $(PYTHON)

bench:
	@bash tests/tools/bench.sh $(or $(PYTHON),python3)

clean:
	rm -rf build .venv tests/output gij-jira-*.tar.gz

.PHONY: test-real
test-real:
	@bash tests/real/run.sh $(or $(PYTHON),python3)
