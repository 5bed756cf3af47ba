#!/usr/bin/env bash
# Usage: run_tests.sh STEP [PYTHON]
#   STEP: all | sanity | units | integration | lint | build
#   PYTHON: one interpreter; without it every supported one found runs:
#           Python 3.11 (ansible-core 2.19) and Python 3.13 (ansible-core 2.21).
set -euo pipefail
step=${1:-all}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

interpreters() {
  if [ -n "${1:-}" ]; then echo "$1"; return; fi
  local found=""
  for version in 3.11 3.13; do
    local candidate=""
    for path in "$(command -v "python$version" 2>/dev/null || true)" \
                "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$version".*/bin/python3; do
      # pyenv shims for versions that are not selected exit 127: check the interpreter really runs.
      if [ -n "$path" ] && [ -x "$path" ] && "$path" -c 'import sys' 2>/dev/null; then candidate=$path; break; fi
    done
    if [ -n "$candidate" ]; then found="$found $candidate"; else echo "note: no Python $version found, skipping it" >&2; fi
  done
  [ -n "$found" ] || found=python3
  echo "$found"
}

copy_collection() {
  # ansible-test needs a real ansible_collections/gij/jira directory (outside this repo's git).
  local dest="$root/build/ansible_collections/gij/jira"
  rm -rf "$dest"; mkdir -p "$dest"
  tar --exclude=./.git --exclude=./.venv --exclude=./build --exclude=./tests/output -cf - . | tar -xf - -C "$dest"
  (cd "$dest" && git init -q . )
  echo "$dest"
}

run_for() {
  local python=$1 venv dest pyver status=0
  venv=$(bash tests/tools/venv.sh "$python")
  pyver=$("$venv/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
  export PATH="$venv/bin:$PATH"
  dest=$(copy_collection)
  export ANSIBLE_COLLECTIONS_PATH="$root/build" ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false
  echo "=== Python $pyver, $(ansible --version | head -1)"
  want() { [ "$step" = all ] || [ "$step" = "$1" ]; }
  if want sanity; then
    echo "--- ansible-test sanity"
    (cd "$dest" && ansible-test sanity --python "$pyver" --color no) || status=1
  fi
  if want units; then
    echo "--- unit tests (ansible-test units)"
    (cd "$dest" && ansible-test units --venv --python "$pyver" --color no --requirements) || status=1
  fi
  if want integration; then
    echo "--- integration tests (ansible-playbook against the emulator)"
    (cd "$dest" && python -m pytest -p no:cacheprovider -n 2 -q tests/integration "${PYTEST_ARGS[@]}") || status=1
  fi
  if want lint; then
    echo "--- ansible-lint --offline --profile production"
    (cd "$dest" && ansible-lint --offline --profile production) || status=1
    echo "--- antsibull-changelog lint"
    (cd "$dest" && antsibull-changelog lint) || status=1
    echo "--- antsibull-docs lint-collection-docs"
    (cd "$dest" && antsibull-docs lint-collection-docs --plugin-docs .) || status=1
  fi
  if want build; then
    echo "--- ansible-galaxy collection build + install"
    (cd "$dest" && rm -f gij-jira-*.tar.gz && ansible-galaxy collection build --force >/dev/null \
      && ansible-galaxy collection install -p "$root/build/installed" --force gij-jira-*.tar.gz >/dev/null \
      && ANSIBLE_COLLECTIONS_PATH="$root/build/installed" ansible-doc gij.jira.git_integration >/dev/null \
      && echo "built and installed $(ls gij-jira-*.tar.gz)") || status=1
  fi
  return $status
}

PYTEST_ARGS=()
overall=0 passed=0 failed=0
export GIJ_LOAD_TESTS=1
for python in $(interpreters "${2:-}"); do
  if run_for "$python"; then passed=$((passed + 1)); else overall=1 failed=$((failed + 1)); echo "FAILED on $python" >&2; fi
  export GIJ_LOAD_TESTS=0  # the 200-integration load tests are interpreter-independent: once is enough
done
echo "interpreters: $passed passed, $failed failed"
exit $overall
