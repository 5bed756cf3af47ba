# gij.jira — the README's commands. Everything installs from PyPI by itself (.venv/ and nox's .nox/).
#   make demo        the main job end to end on the bundled API emulator
#   make test        every test and quality gate, on each supported interpreter found: nox runs the sessions of
#                    noxfile.py (and antsibull-nox.toml) three at a time; output in build/logs/
#   make test PYTHON=/path/to/python3.13   one interpreter only
#   make sanity | units | integration | lint | importer | changelog   one kind of session of `make test`
#   make build       the build sessions of `make test`, then the tarball in build/gij-jira-<version>.tar.gz (README, docs/awx.md)
#   make docs        the HTML documentation site -> build/docs/html/index.html
#   make mutate      mutation testing of plugins/module_utils against the unit tests -> docs/mutation.md (not in make test)
#   make venv        a venv with the whole toolchain (.venv/py3.X): activate it to run ansible-lint, ansible-doc by hand
#   make release     every gate, then antsibull-changelog release and the tarball (see CONTRIBUTING.md)
#   make bench       benchmarks -> docs/benchmarks.md
SHELL := /bin/bash
PYTHON ?=

.PHONY: demo test sanity units integration lint build importer changelog docs mutate venv release bench clean

demo:
	@bash tests/tools/demo.sh $(or $(PYTHON),python3)

test:
	@bash tests/tools/nox.sh "$(PYTHON)"

sanity units lint:
	@bash tests/tools/nox.sh "$(PYTHON)" --parallel 2 -t $@

integration:
	@bash tests/tools/nox.sh "$(PYTHON)" --parallel 2 -t integration -- $(PYTEST_ARGS)

importer changelog docs:
	@bash tests/tools/nox.sh "$(PYTHON)" -s $@

mutate:
	@bash tests/tools/nox.sh "$(PYTHON)" -s mutate

# The tarball that the build session built and installed (the newest, when several interpreters ran), where the docs say.
build:
	@bash tests/tools/nox.sh "$(PYTHON)" --parallel 2 -t build
	@rm -f build/gij-jira-*.tar.gz
	@cp "$$(ls -t build/build-*/dist/gij-jira-*.tar.gz | head -1)" build/
	@echo "tarball: $$(ls build/gij-jira-*.tar.gz)"

venv:
	@bash tests/tools/venv.sh $(or $(PYTHON),python3)

release:
	@bash tests/tools/release.sh $(PYTHON)

bench:
	@bash tests/tools/bench.sh $(or $(PYTHON),python3)

clean:
	rm -rf build .venv .nox tests/output gij-jira-*.tar.gz

.PHONY: test-real
test-real:
	@bash tests/real/run.sh $(or $(PYTHON),python3)
