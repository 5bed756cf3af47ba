#!/usr/bin/env bash
# make demo: the main job end to end on the bundled API emulator.
#   create -> re-run (unchanged, after restarting the emulator from its state file) -> change -> check/diff
#   -> a wrong token, which must end in one clear line.
set -euo pipefail
python=${1:-python3}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
work="$root/build/demo"

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

say "Preparing a virtualenv with ansible-core and requests (first run only)"
venv=$(bash tests/tools/venv.sh "$python" light)  # .venv/light-py3.X: ansible-core and requests, nothing else
export PATH="$venv/bin:$PATH"
rm -rf "$work"; mkdir -p "$work/collections"  # only now: an interpreter the venv refuses leaves the last demo in place

say "Building and installing the collection gij.jira"
ansible-galaxy collection build --force --output-path "$work" . >/dev/null
# Only the installed tarball, never another copy of gij.jira the machine may have.
export ANSIBLE_COLLECTIONS_PATH="$work/collections" ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false
ansible-galaxy collection install --force -p "$work/collections" "$work"/gij-jira-*.tar.gz >/dev/null
# The inventory of docs/guide.md ("Running on localhost"): localhost, run by the interpreter of ansible-playbook,
# so neither "No inventory was parsed" nor "provided hosts list is empty" is printed. Skipped tasks (the check-mode
# task of a real run) are not shown.
export ANSIBLE_INVENTORY="$root/examples/inventory.ini" ANSIBLE_DISPLAY_SKIPPED_HOSTS=false

# Credentials of the demo: random, so nothing here is a default password.
admin_token="demo-jira-token-$RANDOM$RANDOM"
export DEMO_GITHUB_PAT="${DEMO_GITHUB_PAT:-demo-github-pat-$RANDOM$RANDOM}"
export JIRA_TOKEN="$admin_token"

emulator_pid=""
start_emulator() {
  rm -f "$work/port"
  python tests/emulator/gij_emulator.py --port-file "$work/port" --state-file "$work/state.json" \
    --user "admin:$RANDOM$RANDOM:admin" --token "$admin_token:admin" >>"$work/emulator.log" 2>&1 &
  emulator_pid=$!
  for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.05; done
  [ -s "$work/port" ] || { echo "the emulator did not start, see $work/emulator.log" >&2; exit 1; }
  JIRA_URL="http://127.0.0.1:$(cat "$work/port")"
  export JIRA_URL
}
stop_emulator() { if [ -n "$emulator_pid" ]; then kill "$emulator_pid" 2>/dev/null || true; wait "$emulator_pid" 2>/dev/null || true; emulator_pid=""; fi; }
trap stop_emulator EXIT

run() {  # run the playbook, keep its output for the leak check
  ansible-playbook examples/demo.yml "$@" 2>&1 | tee -a "$work/output.txt"
  return "${PIPESTATUS[0]}"
}
recap() { grep -Eo 'changed=[0-9]+' "$work/output.txt" | tail -1; }

start_emulator
say "Emulator of Git Integration for Jira listening on $JIRA_URL (state file build/demo/state.json)"

say "1. Create: the integration does not exist yet"
run
echo "--> $(recap): the integration was created."

stop_emulator; start_emulator
say "2. Run again (emulator restarted from its state file): nothing to do"
run
[ "$(recap)" = "changed=0" ] || { echo "expected no change on the second run" >&2; exit 1; }
echo "--> $(recap): unchanged, and the module sent no write."

say "3. Change one field: smart commits off"
run -e smart_commits=false
echo "--> $(recap): only smart_commits_enabled was changed; the other fields kept their values."

say "4. Check mode with diff: what would turning smart commits back on do?"
run -e smart_commits=true --check --diff
echo "--> $(recap) predicted, nothing was written (check mode)."

say "5. A user mistake: a wrong Jira token"
cp "$work/state.json" "$work/state.before-mistake.json"
set +e
JIRA_TOKEN=not-the-right-token ansible-playbook examples/demo.yml >"$work/mistake.txt" 2>&1
status=$?
set -e
grep -E '^fatal' "$work/mistake.txt" | tee -a "$work/output.txt"
[ "$status" -ne 0 ] || { echo "expected the wrong token to fail" >&2; exit 1; }
if grep -q Traceback "$work/mistake.txt"; then echo "a traceback reached the user" >&2; exit 1; fi
cmp -s "$work/state.json" "$work/state.before-mistake.json" || { echo "the failed run changed the server" >&2; exit 1; }
echo "--> the task failed with one message saying what to check, and the server's state file is unchanged."

cat "$work/mistake.txt" >> "$work/output.txt"
if grep -qF -e "$DEMO_GITHUB_PAT" -e "$admin_token" "$work/output.txt"; then
  echo "A secret appeared in the output" >&2; exit 1
fi
say "Demo finished: created -> unchanged -> changed -> predicted with --check --diff; no secret in any output."
