#!/usr/bin/env bash
# Usage: copy_checkout.sh DEST -> the checkout's files in DEST (made anew), without what is not the collection's:
# .git, .venv, .nox, build/ and ansible-test's tests/output. Run from anywhere; copies the checkout this script is in.
set -euo pipefail
dest=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf "$dest"; mkdir -p "$dest"
(cd "$root" && tar --exclude=./.git --exclude=./.venv --exclude=./.nox --exclude=./build --exclude=./tests/output -cf - .) | tar -xf - -C "$dest"
