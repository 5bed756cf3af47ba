#!/usr/bin/env bash
# make test-real: the collection against a real staging Jira with Git Integration for Jira (docs/test-real.md).
# Builds and installs the collection into build/real/collections, then runs tests/real/suite.py, which writes
# tests/output/real-report.md and tests/output/real-report.json.
set -euo pipefail
python=${1:-python3}
shift || true
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
if [ "${GIJ_TEST_REAL:-}" != yes ]; then
  # The suite refuses too; this only saves building a virtualenv first.
  echo "test-real: refusing to start: it creates and deletes integrations on the Jira in JIRA_URL." \
       "Set GIJ_TEST_REAL=yes to confirm that this is a staging Jira you may change (docs/test-real.md)." >&2
  exit 2
fi
work="$root/build/real"
rm -rf "$work"; mkdir -p "$work/collections"
venv=$(bash tests/tools/venv.sh "$python")
export PATH="$venv/bin:$PATH"
export ANSIBLE_COLLECTIONS_PATH="$work/collections" ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false
ansible-galaxy collection build --force --output-path "$work" . >/dev/null
ansible-galaxy collection install --force -p "$work/collections" "$work"/gij-jira-*.tar.gz >/dev/null
export ANSIBLE_PYTHON_INTERPRETER="$venv/bin/python"
exec "$venv/bin/python" tests/real/suite.py "$@"
