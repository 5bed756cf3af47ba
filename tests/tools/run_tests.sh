#!/usr/bin/env bash
# Usage: run_tests.sh STEP [PYTHON]
#   STEP: all | sanity | units | integration | lint | build | docs | importer
#   PYTHON: one interpreter; without it every supported one found runs, side by side:
#           Python 3.11 (ansible-core 2.19) and Python 3.13 (ansible-core 2.21).
# Each interpreter runs its stages (sanity, units, integration, lint, build) one after the other in its own copy
# of the collection (build/py<X.Y>/ansible_collections/gij/jira). The stages that do not depend on the interpreter
# (changelog lint, collection docs lint, docs site, galaxy-importer on the tarball) run once, beside them.
# The terminal gets one line per finished stage; each stage's full output is in build/logs/, and the output of a
# failed stage is printed in full at the end, before the summary of times and skips.
set -euo pipefail
step=${1:-all}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
logs="$root/build/logs"
started=$SECONDS

case "$step" in
  all | sanity | units | integration | lint | build | docs | importer) ;;
  *) echo "run_tests.sh: unknown step $step" >&2; exit 2 ;;
esac
want() {  # is this stage part of the step asked for?
  case "$step" in
    all) return 0 ;;
    lint) [[ $1 = lint || $1 = changelog || $1 = docs-lint ]] ;;
    *) [ "$step" = "$1" ] ;;
  esac
}

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
    if [ -n "$candidate" ]; then found="$found $candidate"; else echo "Python $version: not installed, not tested" >> "$logs/skipped"; fi
  done
  [ -n "$found" ] || found=python3
  echo "$found"
}

children_cpu() {  # sets CPU: the CPU seconds (user + system) used so far by this shell's finished children
  local user system
  times > "$logs/.times.$BASHPID"  # a builtin with a redirection: no subshell, so it sees this shell's children
  { read -r _ _; read -r user system; } < "$logs/.times.$BASHPID"
  CPU=$(awk -v u="$user" -v s="$system" \
    'function sec(t) { split(t, p, "m"); return p[1] * 60 + substr(p[2], 1, length(p[2]) - 1) }
     BEGIN { printf "%d", sec(u) + sec(s) }')
}

# run_stage LANE STAGE COMMAND...: run one stage with its output in build/logs/LANE-STAGE.log, print one line
# with its wall-clock time and the CPU time it used (on a busy machine the CPU time is the steadier measure).
# Call it as `run_stage ... & wait $! || status=1`: in the background, `set -e` holds inside the stage's
# functions; a plain `run_stage ... || status=1` would switch it off for everything the stage runs.
run_stage() {
  local lane=$1 stage=$2 log="$logs/$1-$2.log" start=$SECONDS status=0 detail="" cpu_before
  shift 2
  children_cpu; cpu_before=$CPU
  "$@" >"$log" 2>&1 </dev/null & wait $! || status=$?
  children_cpu
  local took=$((SECONDS - start)) cpu=$((CPU - cpu_before)) result=ok
  [ "$status" -eq 0 ] || result=FAILED
  # pytest ends with its counts; keep them on the stage's line
  detail=$(grep -E '^(=+ )?[0-9]+ (passed|failed|errors?|skipped)[^=]* in [0-9.]+s' "$log" | tail -1 | tr -d '=' |
    sed 's/^ *//;s/ *$//' || true)
  printf '%-7s %-12s %-6s %4d s  CPU %4d s  %s\n' "$lane" "$stage" "$result" "$took" "$cpu" "$detail"
  echo "$lane $stage $result $took $cpu" >> "$logs/results"
  return "$status"
}

copy_collection() {  # ansible-test wants a real ansible_collections/gij/jira directory, outside this repo's git
  local dest=$1
  bash tests/tools/copy_checkout.sh "$dest"
  (cd "$dest" && git init -q .)
}

# shellcheck disable=SC2329  # run through run_stage
build_and_install() {  # the tarball installs and its modules' docs load from the installed copy
  local out=$1
  rm -rf "$out"; mkdir -p "$out/installed"
  ansible-galaxy collection build --force --output-path "$out" . >/dev/null
  ANSIBLE_COLLECTIONS_PATH="$out/installed" ansible-galaxy collection install --force -p "$out/installed" "$out"/gij-jira-*.tar.gz
  ANSIBLE_COLLECTIONS_PATH="$out/installed" ansible-doc gij.jira.git_integration >/dev/null
  echo "built and installed $(basename "$out"/gij-jira-*.tar.gz)"
}

# shellcheck disable=SC2329  # run through run_stage
lint() {  # as a contributor runs it: in the checkout itself, gij.jira found through the venv (tests/tools/venv.sh)
  env -u ANSIBLE_COLLECTIONS_PATH ansible-lint --offline --profile production --nocolor
}

# shellcheck disable=SC2329  # run through run_stage
importer() {  # Galaxy's own import check on the built tarball; a warning fails it too
  local venv=$1 out="$root/build/importer"
  rm -rf "$out"; mkdir -p "$out"
  ansible-galaxy collection build --force --output-path "$out" . >/dev/null
  printf '[galaxy-importer]\nRUN_ANSIBLE_TEST = False\nRUN_ANSIBLE_LINT = True\n' > "$out/galaxy-importer.cfg"
  (cd "$out" && PATH="$venv/bin:$PATH" GALAXY_IMPORTER_CONFIG="$out/galaxy-importer.cfg" \
    python -m galaxy_importer.main "$out"/gij-jira-*.tar.gz) | tee "$out/output.txt"
  if grep -E '^(WARNING|ERROR|CRITICAL)' "$out/output.txt"; then
    echo "galaxy-importer reported the problems above"; return 1
  fi
}

# One interpreter's stages, in its own copy of the collection.
lane() {
  local python=$1 lane=$2 venv=$3 pyver=${2#py} status=0 dest="$root/build/$2/ansible_collections/gij/jira"
  export PATH="$venv/bin:$PATH" ANSIBLE_COLLECTIONS_PATH="$root/build/$lane"
  copy_collection "$dest"
  if want sanity; then
    run_stage "$lane" sanity bash -c "cd '$dest' && ansible-test sanity --python $pyver --color no" & wait $! || status=1
  fi
  if want units; then
    # in the test venv itself (pytest, pytest-xdist pinned there): no venv of its own to install on every run
    run_stage "$lane" units bash -c "cd '$dest' && ansible-test units --python $pyver --color no" & wait $! || status=1
  fi
  if want integration; then
    # each xdist worker starts its own emulator (session fixture); loadgroup keeps a shared run (xdist_group) on one worker.
    # Tests marked interpreter_independent (docs, example files, tools, server load and readings) run in the first lane only.
    local select=""
    [ "$python" = "$first" ] || select="-m 'not interpreter_independent'"
    run_stage "$lane" integration bash -c "cd '$dest' && python -m pytest -p no:cacheprovider -n 2 --dist loadgroup \
      -q -rs --durations=15 $select tests/integration ${PYTEST_ARGS:-}" & wait $! || status=1
    if [ -n "$select" ]; then  # xdist's closing line leaves the deselected tests out: count them
      local once
      once=$(cd "$dest" && python -m pytest -p no:cacheprovider --collect-only -q -m interpreter_independent tests/integration |
        grep -c '::' || true)
      echo "$once integration tests marked interpreter_independent: in the $first_lane lane, not in $lane" >> "$logs/once-only"
    fi
  fi
  if want lint; then
    run_stage "$lane" lint lint & wait $! || status=1
  fi
  if want build; then
    run_stage "$lane" build build_and_install "$root/build/$lane/dist" & wait $! || status=1
  fi
  return $status
}

# The stages that do not depend on the interpreter, once, with the first interpreter's venv.
once() {
  local python=$1 venv=$2 status=0
  export PATH="$venv/bin:$PATH"
  if want changelog; then
    run_stage once changelog antsibull-changelog lint & wait $! || status=1
  fi
  if want docs-lint; then
    run_stage once docs-lint antsibull-docs lint-collection-docs --plugin-docs . & wait $! || status=1
  fi
  if want docs; then
    run_stage once docs bash tests/tools/docs.sh "$python" & wait $! || status=1
  fi
  if want importer; then
    run_stage once importer importer "$importer_venv" & wait $! || status=1
  fi
  return $status
}

rm -rf "$logs"; mkdir -p "$logs"
: > "$logs/results"
pythons=$(interpreters "${2:-}")
first=""
declare -A venvs=() lanes=()  # per interpreter: its venv, and its lane's name (py3.X)
making=()  # make (or reuse) every venv first, all at once: the lanes below only use them
for python in $pythons; do
  [ -n "$first" ] || first=$python
  bash tests/tools/venv.sh "$python" > "$logs/.venv.${#making[@]}" & making+=($!)
done
if want importer; then bash tests/tools/venv.sh "$first" importer > "$logs/.venv.importer" & making+=($!); fi
for pid in "${making[@]}"; do wait "$pid"; done
index=0
for python in $pythons; do
  venvs[$python]=$(cat "$logs/.venv.$index"); index=$((index + 1))
  pyver=$("${venvs[$python]}/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
  lanes[$python]=py$pyver
  core=$("${venvs[$python]}/bin/ansible" --version)
  echo "=== Python $pyver, ${core%%$'\n'*}"
done
importer_venv=""
if want importer; then importer_venv=$(cat "$logs/.venv.importer"); fi
if ! locale -a 2>/dev/null | grep -qi '^en_US\.utf-\?8$'; then
  echo "note: this machine has no en_US.UTF-8 locale, so ansible-test runs in C.UTF-8 and says so in its logs"
fi
echo "=== stages (output in build/logs/; the integration tests take about five minutes on two cores)"

first_lane=${lanes[$first]}
pids=()
for python in $pythons; do
  if want sanity || want units || want integration || want lint || want build; then
    lane "$python" "${lanes[$python]}" "${venvs[$python]}" & pids+=($!)
  fi
done
if want changelog || want docs-lint || want docs || want importer; then
  once "$first" "${venvs[$first]}" & pids+=($!)
fi
overall=0
for pid in "${pids[@]}"; do wait "$pid" || overall=1; done

while read -r lane stage result _; do
  if [ "$result" != ok ]; then
    echo; echo "===== $lane $stage FAILED: build/logs/$lane-$stage.log"
    cat "$logs/$lane-$stage.log"
  fi
done < "$logs/results"

echo
total_cpu=$(awk '{ cpu += $5 } END { printf "%d", cpu }' "$logs/results")
echo "=== summary: $((SECONDS - started)) s in all; the stages used $total_cpu s of CPU"
while read -r lane stage result took cpu; do
  printf '  %-7s %-12s %-6s %4d s  CPU %4d s\n' "$lane" "$stage" "$result" "$took" "$cpu"
done < "$logs/results"
# Anything not run: pytest's skips (-rs), ansible-test's skipped sanity tests, interpreters not found.
grep -h -E '^SKIPPED|Skipping|Required program' "$logs"/*.log >> "$logs/skipped" 2>/dev/null || true
if [ -s "$logs/skipped" ]; then
  echo "skipped:"; sed 's/^/  /' "$logs/skipped"
else
  echo "skipped: nothing"
fi
if [ -s "$logs/once-only" ]; then
  echo "run on the first interpreter only:"; sed 's/^/  /' "$logs/once-only"
fi
passed=$(grep -c ' ok ' "$logs/results" || true) failed=$(grep -c ' FAILED ' "$logs/results" || true)
[ "$failed" -eq 0 ] || overall=1
echo "stages: $passed passed, $failed failed"
exit $overall
