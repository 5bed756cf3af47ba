# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The example files a user builds from (docs/awx.md): as far as this machine can take them without AWX or a container engine.

Linting them (ansible-lint --profile production) is done with the doc snippets, in one run: test_doc_snippets.py.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile

import pytest
import yaml

from test_doc_snippets import SNIPPETS

# The example files and their tools, not the modules: make test runs these in the first lane only (conftest.py).
pytestmark = pytest.mark.interpreter_independent

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
BIN = os.path.dirname(sys.executable)


def tool(name):
    path = shutil.which(name, path=BIN) or shutil.which(name)
    assert path, '%s is not installed: make test installs it' % name
    return path


def build_tarball(dest):
    """What `make build` does: ansible-galaxy collection build of the collection tree."""
    subprocess.run([tool('ansible-galaxy'), 'collection', 'build', '--force', '--output-path', str(dest), ROOT],
                   check=True, capture_output=True, text=True, timeout=300)
    built = [name for name in os.listdir(str(dest)) if re.match(r'gij-jira-.*\.tar\.gz$', name)]
    assert len(built) == 1, built
    return dest / built[0]


class UnsafeLoader(yaml.SafeLoader):  # pylint: disable=too-many-ancestors
    """Reads Ansible's !unsafe strings as plain strings."""


UnsafeLoader.add_constructor('!unsafe', lambda loader, node: loader.construct_scalar(node))


def test_credential_types_on_the_awx_page_are_the_ones_the_awx_playbook_creates():
    with open(os.path.join(ROOT, 'examples', 'awx', 'credential_types.yml'), encoding='utf-8') as handle:
        defined = yaml.load(handle, Loader=UnsafeLoader)
    shown = {}
    for snippet in SNIPPETS:
        found = re.match(r'(input|injector) configuration of the AWX credential type "(.+)"\.$', snippet.marker_text)
        if snippet.source == 'docs/awx.md' and found:
            shown[(found.group(2), found.group(1))] = snippet.data
    expected = {}
    for credential_type in defined.values():
        expected[(credential_type['name'], 'input')] = credential_type['inputs']
        expected[(credential_type['name'], 'injector')] = credential_type['injectors']
    assert len(expected) == 4
    assert shown == expected


def test_git_host_tokens_are_injected_under_names_awx_hides():
    """AWX masks environment values whose names contain these words when it shows a job's environment."""
    with open(os.path.join(ROOT, 'examples', 'awx', 'credential_types.yml'), encoding='utf-8') as handle:
        defined = yaml.load(handle, Loader=UnsafeLoader)
    for credential_type in defined.values():
        secret_fields = [f['id'] for f in credential_type['inputs']['fields'] if f.get('secret')]
        for name, value in credential_type['injectors']['env'].items():
            assert not name.startswith('ANSIBLE_'), name
            if any('{{ %s }}' % field in value for field in secret_fields):
                assert re.search(r'API|TOKEN|KEY|SECRET|PASS', name), '%s carries a secret under a name AWX shows' % name


def test_execution_environment_builds_from_the_tarball_of_make_build(tmp_path):
    tarball = build_tarball(tmp_path / 'dist')
    # As docs/awx.md says: the tarball is copied next to the definition as gij-jira.tar.gz.
    work = tmp_path / 'examples'
    work.mkdir()
    shutil.copy(os.path.join(ROOT, 'examples', 'execution-environment.yml'), str(work / 'execution-environment.yml'))
    shutil.copy(str(tarball), str(work / 'gij-jira.tar.gz'))
    context = tmp_path / 'context'
    done = subprocess.run([tool('ansible-builder'), 'create', '-f', str(work / 'execution-environment.yml'), '-c', str(context)],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert 'No matches' not in done.stdout + done.stderr, done.stdout + done.stderr
    with open(os.path.join(ROOT, 'examples', 'execution-environment.yml'), encoding='utf-8') as handle:
        definition = yaml.safe_load(handle)
    # The tarball is in the build context, and the galaxy stage installs it from there (COPY _build /build).
    copied = context / '_build' / 'collections' / 'gij-jira.tar.gz'
    assert copied.read_bytes() == tarball.read_bytes()
    requirements = yaml.safe_load((context / '_build' / 'requirements.yml').read_text())
    assert requirements == {'collections': [{'name': 'collections/gij-jira.tar.gz', 'type': 'file'}]}
    containerfile = next(p for p in (context / 'Containerfile', context / 'Dockerfile') if p.is_file()).read_text()
    assert 'COPY _build /build' in containerfile and 'WORKDIR /build' in containerfile
    assert 'ansible-galaxy collection install' in containerfile
    # Pinned: the base image by a release tag or digest, ansible-core and ansible-runner to exact versions.
    base = definition['images']['base_image']['name']
    assert re.search(r'(:[0-9][\w.-]*|@sha256:[0-9a-f]{64})$', base) and not base.endswith(':latest'), base
    assert 'EE_BASE_IMAGE="%s"' % base in containerfile
    for key in ('ansible_core', 'ansible_runner'):
        assert re.search(r'==[0-9][\w.]*$', definition['dependencies'][key]['package_pip']), definition['dependencies'][key]
    # The tarball really is gij.jira, and carries the file that tells ansible-builder about `requests`.
    with tarfile.open(str(copied)) as archive:
        manifest = json.load(archive.extractfile('MANIFEST.json'))
        names = archive.getnames()
    assert (manifest['collection_info']['namespace'], manifest['collection_info']['name']) == ('gij', 'jira')
    assert 'meta/execution-environment.yml' in names and 'requirements.txt' in names
    # What ansible-builder finds in the installed collection (it runs this inside the image at build time).
    installed = tmp_path / 'installed'
    subprocess.run([tool('ansible-galaxy'), 'collection', 'install', '--force', '-p', str(installed), str(tarball)],
                   check=True, capture_output=True, text=True, timeout=300)
    found = subprocess.run([tool('ansible-builder'), 'introspect', str(installed)], check=True, capture_output=True, text=True,
                           timeout=120).stdout
    assert re.search(r'requests.*# from collection gij\.jira', found), found


def test_requirements_file_installs_the_collection_from_a_git_url(tmp_path):
    """collections/requirements.yml, with its URL pointed at a local clone of this tree (no network here)."""
    with open(os.path.join(ROOT, 'collections', 'requirements.yml'), encoding='utf-8') as handle:
        requirements = yaml.safe_load(handle)
    (entry,) = requirements['collections']
    assert entry['type'] == 'git' and entry['name'].startswith('https://') and entry['name'].endswith('.git')
    repo = tmp_path / 'repo'
    shutil.copytree(ROOT, str(repo), ignore=shutil.ignore_patterns('.git', 'tests', '*.tar.gz', '__pycache__'))
    git = ['git', '-C', str(repo), '-c', 'user.name=test', '-c', 'user.email=test@example.com']
    subprocess.run(['git', 'init', '-q', '-b', entry['version'], str(repo)], check=True, timeout=60)
    subprocess.run(git + ['add', '-A'], check=True, timeout=60)
    subprocess.run(git + ['commit', '-q', '-m', 'snapshot'], check=True, timeout=60)
    entry['name'] = 'git+file://%s' % repo
    local = tmp_path / 'requirements.yml'
    local.write_text(yaml.safe_dump(requirements))
    installed = tmp_path / 'collections'
    done = subprocess.run([tool('ansible-galaxy'), 'collection', 'install', '--force', '-r', str(local), '-p', str(installed)],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    with open(str(installed / 'ansible_collections' / 'gij' / 'jira' / 'MANIFEST.json'), encoding='utf-8') as handle:
        assert json.load(handle)['collection_info']['name'] == 'jira'
    assert (installed / 'ansible_collections' / 'gij' / 'jira' / 'plugins' / 'modules' / 'git_integration.py').is_file()
