#!/usr/bin/env bash
# Usage: importer.sh OUT: Galaxy's own import check (galaxy-importer, on PATH) on the tarball built into OUT.
# A warning fails it too. Its ansible-test step wants a container: off; its ansible-lint step: on.
set -euo pipefail
out=$1
rm -rf "$out"; mkdir -p "$out"
ansible-galaxy collection build --force --output-path "$out" . >/dev/null
printf '[galaxy-importer]\nRUN_ANSIBLE_TEST = False\nRUN_ANSIBLE_LINT = True\n' > "$out/galaxy-importer.cfg"
(cd "$out" && GALAXY_IMPORTER_CONFIG="$out/galaxy-importer.cfg" python -m galaxy_importer.main "$out"/gij-jira-*.tar.gz) |
  tee "$out/output.txt"
if grep -E '^(WARNING|ERROR|CRITICAL)' "$out/output.txt"; then
  echo "galaxy-importer reported the problems above"; exit 1
fi
