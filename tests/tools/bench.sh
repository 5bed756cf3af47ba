#!/usr/bin/env bash
# make bench: benchmarks against the bundled emulator -> docs/benchmarks.md + docs/benchmarks.png
set -euo pipefail
python=${1:-python3}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
venv=$(bash tests/tools/venv.sh "$python")
"$venv/bin/uv" pip install -q --python "$venv/bin/python" matplotlib==3.10.7 >&2 2>/dev/null \
  || "$venv/bin/uv" pip install -q --python "$venv/bin/python" matplotlib >&2
dest="$root/build/ansible_collections/gij/jira"
bash tests/tools/copy_checkout.sh "$dest"
export PATH="$venv/bin:$PATH" ANSIBLE_COLLECTIONS_PATH="$root/build" ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false
exec "$venv/bin/python" tests/benchmarks/bench.py "${@:2}"
