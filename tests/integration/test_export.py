# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""examples/export.yml: a live Jira exported to a file that git_integrations applies with no change and one request."""

import os
import subprocess

import yaml

from ansible_collections.gij.jira.tests.unit.hostile_names import HOSTILE_NAMES
from ansible_collections.gij.jira.tests.unit.module_harness import GIT_PASSWORD, GIT_PAT, assert_no_secret, settled
from conftest import HERE

EXPORT = os.path.join(HERE, '..', '..', 'examples', 'export.yml')
APPLY = os.path.join(HERE, '..', '..', 'examples', 'apply.yml')
INVENTORY = os.path.join(HERE, '..', '..', 'examples', 'inventory.ini')
INVENTORY_WARNINGS = ('No inventory was parsed', 'provided hosts list is empty')
# All twelve types, with the options a hand-made integration may have: scoped projects, filters, custom paths,
# disabled ones, and the write-only values the server keeps but never returns.
SEED = [
    {'displayName': 'GitHub (platform)', 'type': 'GITHUB', 'pat': GIT_PAT, 'tagsFilter': '^v[0-9]+', 'prHideFilter': 'WIP.*'},
    {'displayName': 'GHE', 'type': 'GITHUB_SERVER', 'origin': 'https://ghe.example.org', 'pat': GIT_PAT,
     'apiPath': '/orgs/platform/repos', 'global': False, 'projectMappingIds': [10100, 10000]},
    {'displayName': 'gitlab.com: team', 'type': 'GITLAB', 'pat': GIT_PAT, 'apiFilter': "[?name=='api']", 'smartCommitsEnabled': False},
    {'displayName': 'GitLab self-hosted', 'type': 'GITLAB_SERVER', 'origin': 'https://gitlab.example.com', 'pat': GIT_PAT,
     'requireUserPat': True, 'maxMinsToCommitEmail': 60, 'sendCommitEmails': False},
    {'displayName': 'Old GitLab', 'type': 'GITLAB_SERVER_LEGACY', 'origin': 'https://old-gitlab.example.com',
     'username': 'bot', 'password': GIT_PASSWORD, 'disabled': True},
    {'displayName': 'Tracked folders', 'type': 'FILESPACE', 'origin': '/srv/git/*', 'folderDepth': 3, 'trustFolderStat': True},
    {'displayName': 'Azure DevOps Server', 'type': 'AZURE_DEVOPS', 'origin': 'https://ado.example.com/tfs', 'pat': GIT_PAT,
     'tfsCollection': 'DefaultCollection', 'disableSslVerification': True},
    {'displayName': 'VSTS "legacy"', 'type': 'VSTS', 'origin': 'https://example.visualstudio.com', 'pat': GIT_PAT,
     'revisionIndexing': False},
    {'displayName': 'Azure DevOps', 'type': 'AZURE', 'pat': GIT_PAT, 'gitViewerEnabled': False, 'sourcesDiffViewEnabled': False},
    {'displayName': 'TFS', 'type': 'TFS_SERVER', 'origin': 'https://tfs.example.com/tfs', 'username': 'all', 'pat': GIT_PAT,
     'refSpecChanges': True, 'refSpecNotes': False},
    {'displayName': 'CodeCommit', 'type': 'AWS', 'username': 'AKIAEXAMPLE', 'password': GIT_PASSWORD, 'awsRegion': 'eu-west-1'},
    {'displayName': 'Gerrit: review', 'type': 'GERRIT', 'origin': 'https://review.example.com', 'username': 'bot',
     'password': GIT_PASSWORD, 'refSpecCustom': '+refs/meta/*:refs/meta/*', 'global': False, 'projectMappingIds': [10000]},
]
NEVER_RETURNED = ('pat', 'password', 'username', 'aws_region', 'folder_depth', 'tfs_collection', 'ref_spec_custom')


class UnsafeLoader(yaml.SafeLoader):  # pylint: disable=too-many-ancestors
    """Reads the export's !unsafe strings as plain strings (Ansible reads them as strings it never templates)."""


UnsafeLoader.add_constructor('!unsafe', lambda loader, node: loader.construct_scalar(node))


def load(text):
    return yaml.load(text, Loader=UnsafeLoader)


def playbook(gij, path, *args, **env):
    """ansible-playbook run from the test's own directory, as a user runs it from theirs."""
    proc = subprocess.run(['ansible-playbook', path] + list(args), env=gij.env(**env), cwd=str(gij.tmp_path), capture_output=True,
                          text=True, timeout=120, check=False)
    return proc.returncode, proc.stdout + proc.stderr


def export(gij, path, *extra, **env):
    return playbook(gij, EXPORT, *((['-e', 'export_file=%s' % path] if path else []) + list(extra)), **env)


def test_export_then_apply_changes_nothing_with_one_request(gij, tmp_path):
    gij.emulator.reset(SEED)
    path = str(tmp_path / 'gij_integrations.yml')
    status, output = export(gij, path)
    assert status == 0, output
    with open(path, encoding='utf-8') as handle:
        text = handle.read()
    data = load(text)
    assert list(data) == ['gij_integrations']
    items = data['gij_integrations']
    assert [i['name'] for i in items] == [s['displayName'] for s in SEED]
    assert [i['type'] for i in items] == [s['type'] for s in SEED]
    for item in items:
        assert 'id' not in item and not set(item) & set(NEVER_RETURNED), item
    assert items[1]['project_mapping_ids'] == [10000, 10100] and items[4]['disabled'] is True
    assert '# Left out, because the server never returns them' in text
    assert '"CodeCommit": to create it elsewhere, add username (access key id), password (secret access key) and aws_region' in text
    assert '"Tracked folders": to create it elsewhere, add folder_depth' in text
    assert_no_secret(text, output)

    before = gij.emulator.state()
    applied = gij.run_tasks([{'gij.jira.git_integrations': {'integrations': '{{ gij_integrations }}'}}],
                            play_extra={'vars_files': [path]})[0]
    assert not applied.failed and applied['changed'] is False, applied.output
    assert len(applied['unchanged']) == 12
    assert len(applied.requests) == 1 and applied.writes == []
    assert settled(gij.emulator.state()) == settled(before)


def test_an_empty_jira_exports_an_empty_list(gij, tmp_path):
    path = str(tmp_path / 'empty.yml')
    status, output = export(gij, path)
    assert status == 0, output
    with open(path, encoding='utf-8') as handle:
        assert load(handle) == {'gij_integrations': []}


def test_export_refuses_names_it_could_not_match_and_a_missing_file_name(gij, tmp_path):
    gij.emulator.reset([{'displayName': 'Same', 'type': 'GITHUB', 'pat': 'p'}, {'displayName': 'Same', 'type': 'GITLAB', 'pat': 'p'}])
    path = tmp_path / 'dup.yml'
    status, output = export(gij, str(path))
    assert status != 0 and '"Same" is the name of integrations 1, 2.' in output, output
    assert not path.exists()
    status, output = export(gij, None)
    assert status != 0 and 'Name the file to write' in output


def test_hostile_names_export_and_apply_with_no_change_in_one_request_and_nothing_is_evaluated(gij, tmp_path):
    """Names are whatever anyone who can create an integration typed: the file must stay data, however it is used."""
    pwned = tmp_path / 'pwned'
    names = [name.replace('/tmp/gij-pwned', str(pwned)) for name in HOSTILE_NAMES] + [
        "{{ lookup('ansible.builtin.pipe', 'id > %s') }}" % pwned, "{%% set x = lookup('pipe', 'touch %s') %%}" % pwned]
    gij.emulator.reset([{'displayName': name, 'type': 'GITHUB', 'pat': GIT_PAT, 'tagsFilter': name} for name in names])
    before = gij.emulator.state()

    # A relative file name is the directory the command runs in (not the playbook's), and the last line says where.
    # With the documented inventory, neither inventory warning is printed, although they are switched on here.
    warnings_on = {'ANSIBLE_INVENTORY_UNPARSED_WARNING': 'true', 'ANSIBLE_LOCALHOST_WARNING': 'true'}
    status, output = export(gij, 'gij_integrations.yml', '-i', INVENTORY, **warnings_on)
    assert status == 0, output
    assert not [text for text in INVENTORY_WARNINGS if text in output], output
    path = tmp_path / 'gij_integrations.yml'
    assert path.is_file() and not os.path.exists(os.path.join(os.path.dirname(EXPORT), 'gij_integrations.yml'))
    messages = [line for line in output.splitlines() if '"msg":' in line]
    assert messages[-1].strip() == '"msg": "%d integration(s) written to %s"' % (len(names), path), output
    exported = load(path.read_text(encoding='utf-8'))['gij_integrations']
    assert [item['name'] for item in exported] == names and [item['tags_filter'] for item in exported] == names

    # Check mode first, as the docs say (here without the inventory: both warnings show, so the check above can fail).
    for args, warned in ((('--check', '--diff'), True), (('-i', INVENTORY), False)):
        gij.emulator.clear_log()
        status, output = playbook(gij, APPLY, '-e', 'integrations_file=gij_integrations.yml', *args, **warnings_on)
        assert status == 0 and 'changed=0' in output, output
        assert all((text in output) is warned for text in INVENTORY_WARNINGS), output
        assert len(gij.emulator.requests()) == 1, gij.emulator.requests()
    assert settled(gij.emulator.state()) == settled(before)
    assert not pwned.exists(), 'a name from the server ran as a command on the controller'
    assert_no_secret(output)
