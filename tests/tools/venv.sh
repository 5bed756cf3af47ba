#!/usr/bin/env bash
# Usage: venv.sh PYTHON -> prints the path of a ready virtualenv for that interpreter.
# Creates .venv/<python-version>/ once (and again when the pins change), from PyPI only.
set -euo pipefail
python=${1:-python3}
root=$(cd "$(dirname "$0")/../.." && pwd)
version=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
case "$version" in
  3.1[2-9]) core="ansible-core==2.21.5" ;;
  3.1[01]) core="ansible-core==2.19.14" ;;
  *) echo "venv.sh: Python $version is not supported (need 3.11 or newer)" >&2; exit 2 ;;
esac
venv="$root/.venv/py$version"
stamp="$venv/.installed"
want="$core $(sha256sum "$root/tests/tools/requirements.txt" | cut -c1-16)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "Creating $venv ($core) ..." >&2
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check uv >&2
  "$venv/bin/uv" pip install -q --python "$venv/bin/python" "$core" -r "$root/tests/tools/requirements.txt" >&2
  "$venv/bin/python" "$root/tests/tools/ansible_test_offline.py" >&2
  echo "$want" > "$stamp"
fi
echo "$venv"
