# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""examples/export.yml: a live Jira exported to a file that git_integrations applies with no change and one request."""

import os
import subprocess

import yaml

from conftest import GIT_PASSWORD, GIT_PAT, HERE, assert_no_secret, settled

EXPORT = os.path.join(HERE, '..', '..', 'examples', 'export.yml')
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


def export(gij, path, *extra):
    command = ['ansible-playbook', EXPORT] + (['-e', 'export_file=%s' % path] if path else []) + list(extra)
    proc = subprocess.run(command, env=gij.env(), capture_output=True, text=True, timeout=120, check=False)
    return proc.returncode, proc.stdout + proc.stderr


def test_export_then_apply_changes_nothing_with_one_request(gij, tmp_path):
    gij.emulator.reset(SEED)
    path = str(tmp_path / 'gij_integrations.yml')
    status, output = export(gij, path)
    assert status == 0, output
    with open(path, encoding='utf-8') as handle:
        text = handle.read()
    data = yaml.safe_load(text)
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
        assert yaml.safe_load(handle) == {'gij_integrations': []}


def test_export_refuses_names_it_could_not_match_and_a_missing_file_name(gij, tmp_path):
    gij.emulator.reset([{'displayName': 'Same', 'type': 'GITHUB', 'pat': 'p'}, {'displayName': 'Same', 'type': 'GITLAB', 'pat': 'p'}])
    path = tmp_path / 'dup.yml'
    status, output = export(gij, str(path))
    assert status != 0 and "'Same' is the name of integrations 1, 2." in output, output
    assert not path.exists()
    status, output = export(gij, None)
    assert status != 0 and 'Name the file to write' in output
