#!/usr/bin/env bash
# Usage: venv.sh PYTHON [KIND] -> prints the path of a ready virtualenv, made from PyPI only.
#   KIND test (default): .venv/py<X.Y>/ with the whole pinned toolchain of tests/tools/requirements.txt (ansible-core
#                        pinned per interpreter there). make test does not use it: nox gives each session its own.
#                        The checkout itself is linked into its site-packages as ansible_collections/gij/jira, so
#                        ansible, ansible-lint and ansible-doc run from this venv find gij.jira in a plain checkout.
#   KIND light:          .venv/light-py<X.Y>/ with only what running the modules needs: the same ansible-core pin and
#                        the requests and cryptography pins of tests/tools/requirements.txt (make demo, make test-real).
#   KIND importer:       .venv/importer/ with galaxy-importer (tests/tools/requirements-importer.txt), kept apart
#                        because it pins its own ansible-core and ansible-lint.
# A venv is made again only when what it is made from changes: the interpreter, the pins, or this script.
set -euo pipefail
python=${1:-python3}
kind=${2:-test}
root=$(cd "$(dirname "$0")/../.." && pwd)
tools="$root/tests/tools"
version=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
case "$version" in
  3.1[1-9]) ;;
  *) echo "venv.sh: Python $version is not supported (need 3.11 or newer)" >&2; exit 2 ;;
esac
case "$kind" in
  test)
    venv="$root/.venv/py$version"
    packages=(-r "$tools/requirements.txt")
    pins="$tools/requirements.txt" ;;
  light)
    venv="$root/.venv/light-py$version"
    # the ansible-core pins (per interpreter, by marker), and the requests and cryptography pins of the toolchain
    mkdir -p "$root/.venv"
    grep -E '^(ansible-core|requests|cryptography)==' "$tools/requirements.txt" > "$root/.venv/light-requirements.txt"
    packages=(-r "$root/.venv/light-requirements.txt")
    pins="$tools/requirements.txt" ;;
  importer)
    venv="$root/.venv/importer"
    packages=(-r "$tools/requirements-importer.txt")
    pins="$tools/requirements-importer.txt" ;;
  *) echo "venv.sh: unknown kind $kind (test, light or importer)" >&2; exit 2 ;;
esac
stamp="$venv/.installed"
want="$("$python" -c 'import sys; print(sys.version.split()[0])') $kind $(cat "$pins" "$0" | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "Creating $venv ($(basename "$pins")) ..." >&2
  rm -rf "$venv"
  "$python" -m venv "$venv"
  # uv installs the rest and reads no pip configuration; pip installs uv itself from PyPI the same way, so a machine's
  # pip.conf (extra indexes without uv in them, as on our machines) neither changes nor warns about the bootstrap.
  PIP_CONFIG_FILE=/dev/null "$venv/bin/python" -m pip install -q --disable-pip-version-check --progress-bar off uv >&2
  # --compile-bytecode: with PYTHONDONTWRITEBYTECODE set (as on our machines), Python writes no .pyc of its own, and
  # every ansible-playbook run would compile ansible-core from source again: 0.7 s of CPU each, minutes per make test.
  "$venv/bin/uv" pip install -q --compile-bytecode --python "$venv/bin/python" "${packages[@]}" >&2
  if [ "$kind" = test ]; then
    site=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
    mkdir -p "$site/ansible_collections/gij"
    ln -sfn "$root" "$site/ansible_collections/gij/jira"
  fi
  echo "$want" > "$stamp"
else
  echo "Reusing $venv (its pins have not changed)" >&2
fi
if [ "$kind" = test ]; then
  # ansible-test bootstraps pip from the internet; point it at a wheel from PyPI instead (once per $HOME).
  "$venv/bin/python" "$tools/ansible_test_offline.py" >&2
fi
echo "$venv"
