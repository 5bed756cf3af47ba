#!/usr/bin/env bash
# make release: cut the release that galaxy.yml's version names (see CONTRIBUTING.md).
#   1. galaxy.yml and the changelog must agree: the version is not released yet, is newer than every release in
#      changelogs/changelog.yaml, and there are fragments to release. Otherwise stop before anything runs.
#   2. Every gate of `make test`.
#   3. antsibull-changelog release: the fragments become the version's entry in changelogs/changelog.yaml and
#      CHANGELOG.rst (the fragments are removed).
#   4. The tarball gij-jira-<version>.tar.gz in this directory, built after the changelog so that it ships it;
#      then the changelog's newest release must be galaxy.yml's version.
# Usage: release.sh [PYTHON]   (as make test: without it, every supported interpreter found)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
python=${1:-}
venv=$(bash tests/tools/venv.sh "${python:-python3}")
export PATH="$venv/bin:$PATH"

# check_versions before|after: galaxy.yml's version against the releases in changelogs/changelog.yaml
check_versions() {
  python - "$1" <<'PY'
import glob
import sys

import yaml
from ansible.module_utils.compat.version import LooseVersion

with open('galaxy.yml', encoding='utf-8') as handle:
    version = str(yaml.safe_load(handle)['version'])
with open('changelogs/changelog.yaml', encoding='utf-8') as handle:
    releases = sorted((yaml.safe_load(handle) or {}).get('releases') or {}, key=LooseVersion, reverse=True)
newest = releases[0] if releases else None
if sys.argv[1] == 'before':
    if version in releases:
        sys.exit('make release: %s is already released in changelogs/changelog.yaml: raise version in galaxy.yml' % version)
    if newest and LooseVersion(newest) > LooseVersion(version):
        sys.exit("make release: galaxy.yml's version %s is older than the changelog's newest release %s" % (version, newest))
    if not glob.glob('changelogs/fragments/*.yml'):
        sys.exit('make release: no changelog fragment in changelogs/fragments/: nothing to release')
elif newest != version:
    sys.exit("make release: the changelog's newest release is %s, galaxy.yml says %s" % (newest, version))
print(version)
PY
}

version=$(check_versions before)
echo "=== release $version: every gate first"
bash tests/tools/nox.sh "$python"

echo "=== antsibull-changelog release ($version)"
# In a clean copy: antsibull-changelog copies the collection following symlinks, and the checkout holds links
# back to itself (.venv's site-packages for ansible-lint, build/docs for the docs site). Then take its changelog.
work="$root/build/release/ansible_collections/gij/jira"
rm -rf "$root/build/release"
bash tests/tools/copy_checkout.sh "$work"
(cd "$work" && antsibull-changelog lint && antsibull-changelog release)
rm -rf changelogs && cp -r "$work/changelogs" changelogs && cp "$work/CHANGELOG.rst" CHANGELOG.rst
rm -f gij-jira-*.tar.gz
ansible-galaxy collection build --force . >/dev/null
check_versions after >/dev/null
echo "released $version: changelogs/changelog.yaml, CHANGELOG.rst, gij-jira-$version.tar.gz"
echo "next: review and commit the changelog (the fragments are gone), tag $version, publish the tarball"
