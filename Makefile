# gij.jira — the README's commands. Everything installs from PyPI into .venv/ by itself.
#   make demo        the main job end to end on the bundled API emulator
#   make test        every test and quality gate, on each supported interpreter found (side by side)
#   make test PYTHON=/path/to/python3.13   one interpreter only
#   make sanity | units | integration | lint | importer   one stage of `make test`
#   make build       the build stage of `make test`, then the tarball in build/gij-jira-<version>.tar.gz (README, docs/awx.md)
#   make docs        the HTML documentation site -> build/docs/html/index.html
#   make venv        the venv of `make test` (.venv/py3.X): activate it to run ansible-lint, ansible-doc by hand
#   make release     every gate, then antsibull-changelog release and the tarball (see CONTRIBUTING.md)
#   make bench       benchmarks -> docs/benchmarks.md
SHELL := /bin/bash
PYTHON ?=

.PHONY: demo test sanity units integration lint build importer docs venv release bench clean

demo:
	@bash tests/tools/demo.sh $(or $(PYTHON),python3)

test:
	@bash tests/tools/run_tests.sh all $(PYTHON)

sanity units integration lint importer:
	@bash tests/tools/run_tests.sh $@ $(PYTHON)

# The tarball that the stage built and installed (the newest, when several interpreters ran), where the docs say.
build:
	@bash tests/tools/run_tests.sh build $(PYTHON)
	@rm -f build/gij-jira-*.tar.gz
	@cp "$$(ls -t build/py3.*/dist/gij-jira-*.tar.gz | head -1)" build/
	@echo "tarball: $$(ls build/gij-jira-*.tar.gz)"

docs:
	@bash tests/tools/docs.sh $(or $(PYTHON),python3)

venv:
	@bash tests/tools/venv.sh $(or $(PYTHON),python3)

release:
	@bash tests/tools/release.sh $(PYTHON)

bench:
	@bash tests/tools/bench.sh $(or $(PYTHON),python3)

clean:
	rm -rf build .venv tests/output gij-jira-*.tar.gz

.PHONY: test-real
test-real:
	@bash tests/real/run.sh $(or $(PYTHON),python3)
