#!/usr/bin/env bash
# Usage: nox.sh [PYTHON] [NOX ARGUMENTS...]: run noxfile.py's sessions with nox from .venv/nox (made from PyPI,
# pinned in tests/tools/requirements-nox.txt). Without arguments: every session, three at a time (make test).
# PYTHON (a path, or empty): that interpreter only, instead of every supported one found.
# Ends with one line per session, 'sessions: N succeeded, N failed', and the tests of every session added up in
# pytest's own closing format ('===== N failed, N passed, N errors in S s =====', a failed gate counted as an error); exits non-zero when any session failed.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
export GIJ_PYTHON=${1:-}
shift || true
venv="$root/.venv/nox"
want="$(sha256sum tests/tools/requirements-nox.txt | cut -c1-16)"
if [ "$(cat "$venv/.installed" 2>/dev/null)" != "$want" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  # uv reads no pip configuration: a machine's pip.conf (extra indexes) neither changes nor warns about the install
  PIP_CONFIG_FILE=/dev/null "$venv/bin/python" -m pip install -q --disable-pip-version-check --progress-bar off uv
  "$venv/bin/uv" pip install -q --python "$venv/bin/python" -r tests/tools/requirements-nox.txt
  echo "$want" > "$venv/.installed"
fi
export PATH="$venv/bin:$PATH"  # uv for nox's uv backend
rm -rf build/logs; mkdir -p build/logs
started=$SECONDS
status=0
if [ $# -eq 0 ]; then set -- --parallel 3; fi
nox --report build/logs/nox.json "$@" || status=$?
[ -f build/logs/nox.json ] || exit $status  # nox -l and the like: no sessions ran
python3 - "$((SECONDS - started))" <<'PY'
import glob
import json
import re
import sys

with open('build/logs/nox.json', encoding='utf-8') as handle:
    sessions = json.load(handle)['sessions']
results = [s['result'] for s in sessions]
print('=== %d sessions in %s s (logs: build/logs/)' % (len(sessions), sys.argv[1]))
for s in sessions:
    print('  %-26s %s' % ((s.get('signatures') or [s['name']])[0], s['result']))
print('sessions: %d succeeded, %d failed%s' % (results.count('success'), len(results) - results.count('success') - results.count('skipped'),
                                            ', %d skipped' % results.count('skipped') if 'skipped' in results else ''))
# The tests themselves, added up from pytest's closing lines in the session logs (ansible-test units runs pytest too).
tests = {'passed': 0, 'failed': 0, 'skipped': 0, 'error': 0}
failing_tests = set()
for log in sorted(glob.glob('build/logs/*.log')):
    with open(log, encoding='utf-8', errors='replace') as handle:
        for line in re.findall(r'^=*\s*(\d+ (?:passed|failed|errors?|skipped)[^=\n]* in [0-9.]+s[^=\n]*?)\s*=*$', handle.read(), re.M):
            for number, word in re.findall(r'(\d+) (passed|failed|skipped|errors?)\b', line):
                tests[word.rstrip('s')] += int(number)
                if word != 'passed' and word != 'skipped' and int(number):
                    failing_tests.add(log[len('build/logs/'):-len('.log')])
# A failed gate (sanity, lint, docs...) runs no pytest tests: it counts as an error, as pytest counts a failed setup.
tests['error'] += sum(1 for s in sessions if s['result'] == 'failed' and (s.get('signatures') or [s['name']])[0] not in failing_tests)
counts = ', '.join(['%d failed' % tests['failed']] * bool(tests['failed']) + ['%d passed' % tests['passed']]
                   + ['%d skipped' % tests['skipped']] * bool(tests['skipped'])
                   + ['%d error%s' % (tests['error'], 's' * (tests['error'] > 1))] * bool(tests['error']))
print('%s %s in %s.00s %s' % ('=' * 20, counts, sys.argv[1], '=' * 20))
PY
exit $status
