# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""gij.jira.git_integration_info: read-only listing with filters."""

import pytest

from conftest import assert_no_secret

SEED = [
    {'displayName': 'GitHub A', 'type': 'GITHUB', 'pat': 'SENTINEL-git-pat-4be7a1'},
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
    result = gij.run(args, module='gij.jira.git_integration_info')
    assert result['changed'] is False and not result.failed, result.output
    assert [i['name'] for i in result['integrations']] == names
    assert len(result.requests) == 1 and result.writes == []


def test_shape_matches_git_integration_and_has_no_secrets(gij):
    gij.emulator.reset(SEED)
    results = gij.run_tasks([
        {'gij.jira.git_integration_info': {'name': 'GitLab'}},
        {'gij.jira.git_integration': {'name': 'GitLab'}},
    ])
    listed = results[0]['integrations'][0]
    managed = results[1]['integration']
    for item in (listed, managed):
        item.pop('last_indexed_date', None)
    assert listed == managed
    assert listed['type'] == 'GITLAB' and listed['tags_filter'] == 'v.*' and listed['id'] == 3
    assert_no_secret(results[0].result, results[0].output)


def test_check_mode_runs_and_reads(gij):
    gij.emulator.reset(SEED)
    result = gij.run({'type': 'GITLAB'}, module='gij.jira.git_integration_info', check=True)
    assert [i['name'] for i in result['integrations']] == ['GitLab']


def test_errors_are_clear(gij):
    result = gij.run({}, module='gij.jira.git_integration_info', env={'JIRA_TOKEN': 'user-token'})
    assert result.failed and 'HTTP 403: the user is not allowed' in result['msg'], result.output
