#!/usr/bin/env bash
# make test-real: the collection against a real staging Jira with Git Integration for Jira (docs/test-real.md).
# Builds and installs the collection into build/real/collections, then runs tests/real/suite.py, which writes
# tests/output/real-report.md and tests/output/real-report.json.
# Exit status: the suite's (0 passed, 1 failed, 2 refused to start, 3 refused to write, 130 interrupted); through
# make, any failure is make's own 2, and make's last line names the suite's status ("Error 3").
set -euo pipefail
python=${1:-python3}
shift || true
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
# The opt-in (GIJ_TEST_REAL = the host of JIRA_URL), before a virtualenv is built; the suite checks it again.
"$python" tests/real/opt_in.py || exit $?
work="$root/build/real"
rm -rf "$work"; mkdir -p "$work/collections"
venv=$(bash tests/tools/venv.sh "$python" light)  # ansible-core and requests: what the suite and the modules need
export PATH="$venv/bin:$PATH"
export ANSIBLE_COLLECTIONS_PATH="$work/collections" ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false
ansible-galaxy collection build --force --output-path "$work" . >/dev/null
ansible-galaxy collection install --force -p "$work/collections" "$work"/gij-jira-*.tar.gz >/dev/null
export ANSIBLE_PYTHON_INTERPRETER="$venv/bin/python"
exec "$venv/bin/python" tests/real/suite.py "$@"
