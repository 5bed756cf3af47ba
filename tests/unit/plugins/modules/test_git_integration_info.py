# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""gij.jira.git_integration_info in-process: read-only listing with filters."""

import pytest

from ansible_collections.gij.jira.tests.unit.module_harness import GIT_PAT, assert_no_secret

MODULE = 'git_integration_info'

SEED = [
    {'displayName': 'GitHub A', 'type': 'GITHUB', 'pat': GIT_PAT},
    {'displayName': 'GitHub B', 'type': 'GITHUB', 'pat': 'p', 'disabled': True},
    {'displayName': 'GitLab', 'type': 'GITLAB', 'pat': 'p', 'tagsFilter': 'v.*'},
]


@pytest.mark.parametrize('args, names', [
    ({}, ['GitHub A', 'GitHub B', 'GitLab']),
    ({'type': 'GITHUB'}, ['GitHub A', 'GitHub B']),
    ({'name': 'GitLab'}, ['GitLab']),
    ({'name': 'GitLab', 'type': 'GITHUB'}, []),
    ({'id': 2}, ['GitHub B']),
    ({'id': 42}, []),
])
def test_filters(gij, args, names):
    gij.emulator.reset(SEED)
    result = gij.run(args, module=MODULE)
    assert result['changed'] is False and not result.failed, result.output
    assert [i['name'] for i in result['integrations']] == names
    # One request to the app and nothing else: the version reads need read_versions.
    assert len([r for r in result.requests if '/gitplugin/' in r['path']]) == 1 and len(result.requests) == 1
    assert result.writes == []


def test_shape_matches_git_integration_and_has_no_secrets(gij):
    gij.emulator.reset(SEED)
    results = [gij.run({'name': 'GitLab'}, module=MODULE), gij.run({'name': 'GitLab'})]
    listed = results[0]['integrations'][0]
    managed = results[1]['integration']
    for item in (listed, managed):
        item.pop('last_indexed_date', None)
    assert listed == managed
    assert listed['type'] == 'GITLAB' and listed['tags_filter'] == 'v.*' and listed['id'] == 3
    assert_no_secret(results[0].result, results[0].output)


def test_check_mode_runs_and_reads(gij):
    gij.emulator.reset(SEED)
    result = gij.run({'type': 'GITLAB'}, module=MODULE, check=True)
    assert [i['name'] for i in result['integrations']] == ['GitLab']


def test_errors_are_clear(gij):
    result = gij.run({}, module=MODULE, env={'JIRA_TOKEN': 'user-token'})
    assert result.failed and 'HTTP 403: the user is not allowed' in result['msg'], result.output


def test_reports_jira_and_app_versions(gij):
    gij.emulator.reset(SEED, jira_version='10.3.4', app_version='5.1.1', app_enabled=True)
    result = gij.run({'read_versions': True}, module=MODULE)
    assert (result['jira_version'], result['app_version'], result['app_enabled']) == ('10.3.4', '5.1.1', True), result.output


@pytest.mark.parametrize('fault', [
    {'kind': 'status', 'status': 403},
    {'kind': 'status', 'status': 401},
    {'kind': 'status', 'status': 404},
    {'kind': 'html_login'},
    {'kind': 'redirect'},
    {'kind': 'bad_json'},
])
def test_versions_the_user_may_not_read_are_unknown_not_a_failure(gij, fault):
    gij.emulator.reset(SEED)
    gij.emulator.faults(dict(fault, path='^/rest/(api/2/serverInfo|plugins/)', count=2))
    result = gij.run({'read_versions': True}, module=MODULE)
    assert not result.failed, result.output
    assert (result['jira_version'], result['app_version'], result['app_enabled']) == (None, None, None)
    assert len(result['integrations']) == 3


def test_integration_options_are_options_only(gij):
    gij.emulator.reset([
        {'displayName': 'GitHub A', 'type': 'GITHUB', 'pat': GIT_PAT, 'smartCommitsEnabled': False},
        {'displayName': 'Scoped', 'type': 'GITLAB', 'pat': 'p', 'global': False, 'projectMappingIds': [10100, 10000],
         'tagsFilter': 'v.*'},
        {'displayName': 'Folders', 'type': 'FILESPACE', 'origin': '/srv/git/*', 'folderDepth': 3, 'refSpecCustom': '+refs/x/*:refs/x/*'},
    ])
    result = gij.run({}, module=MODULE)
    options = result['integration_options']
    assert [o['name'] for o in options] == [i['name'] for i in result['integrations']] == ['GitHub A', 'Scoped', 'Folders']
    github, scoped, folders = options
    assert github['type'] == 'GITHUB' and github['smart_commits_enabled'] is False and github['disabled'] is False
    assert 'project_mapping_ids' not in github  # global: the server ignores project ids there
    assert scoped['global'] is False and scoped['project_mapping_ids'] == [10000, 10100] and scoped['tags_filter'] == 'v.*'
    assert folders['origin'] == '/srv/git/*'
    facts_only = ('id', 'init_date', 'last_indexed_date', 'show_all_tags', 'root', 'real_root', 'absolute_root')
    never_returned = ('username', 'password', 'pat', 'aws_region', 'folder_depth', 'tfs_collection', 'ref_spec_custom')
    for item in options:
        assert not set(item) & set(facts_only + never_returned), item
        assert 'api_path' not in item  # unset fields are left out, as the server leaves them out
    assert_no_secret(result.result, result.output)


def test_a_missing_app_is_told_from_a_wrong_url(gij):
    gij.emulator.reset(SEED, app_installed=False)
    missing = gij.run({}, module=MODULE)
    assert missing.failed and 'Git Integration for Jira is not installed or not enabled at %s' % gij.emulator.url in missing['msg'], \
        missing.output
    gij.emulator.reset(SEED)
    wrong = gij.run({}, module=MODULE, env={'JIRA_URL': gij.emulator.url + '/jira'})
    assert wrong.failed and 'does not look like Jira' in wrong['msg'], wrong.output
