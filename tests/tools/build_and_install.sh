#!/usr/bin/env bash
# Usage: build_and_install.sh OUT: the tarball builds into OUT, installs from there, and its modules' docs load
# from the installed copy (not from the checkout). Run with ansible-core on PATH, from the checkout.
set -euo pipefail
out=$1
rm -rf "$out"; mkdir -p "$out/installed"
ansible-galaxy collection build --force --output-path "$out" . >/dev/null
ANSIBLE_COLLECTIONS_PATH="$out/installed" ansible-galaxy collection install --force -p "$out/installed" "$out"/gij-jira-*.tar.gz
ANSIBLE_COLLECTIONS_PATH="$out/installed" ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false ansible-doc gij.jira.git_integration >/dev/null
echo "built and installed $(basename "$out"/gij-jira-*.tar.gz)"
