# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""gij.jira.git_reindex: start, wait, report errors and time-outs."""

import pytest

from conftest import GIT_PAT

MODULE = 'gij.jira.git_reindex'


def reindex(args, **keywords):
    task = {MODULE: args}
    task.update(keywords)
    return task


def test_reindex_an_integrations_repositories_and_wait(gij):
    created, started = gij.run_tasks([
        {'gij.jira.git_integration': {'name': 'GH', 'type': 'GITHUB', 'pat': GIT_PAT}},
        reindex({'integration_name': 'GH', 'wait': True, 'poll_interval': 0.05}),
    ])
    assert created['changed'] and started['changed'] and not started.failed, started.output
    assert len(started['repository_ids']) == 2
    assert [t['finished'] for t in started['threads']] == [True, True]
    assert all(t['percent'] == 100 and t['errors'] == [] for t in started['threads'])
    posts = [r for r in started.requests if r['method'] == 'POST']
    assert [r['path'] for r in posts] == ['/rest/gitplugin/2.0/reindex'] * 2
    assert sorted(r['body_keys'] == ['repoId'] for r in posts) == [True, True]


def test_check_mode_starts_nothing(gij):
    gij.emulator.reset([{'displayName': 'GH', 'type': 'GITHUB', 'pat': 'p'}])
    result = gij.run({'integration_name': 'GH'}, module=MODULE, check=True)
    assert result['changed'] is True and len(result['repository_ids']) == 2 and result.writes == []


def test_everything_without_waiting(gij):
    result = gij.run({'all': True, 'priority': 24}, module=MODULE)
    assert result['changed'] and result['repository_ids'] == [] and result['threads'][0]['finished'] is False
    assert [r['body_keys'] for r in result.writes] == [['priority']]


def test_errors_of_the_reindex_fail_the_task_with_the_servers_messages(gij):
    gij.emulator.reset([{'displayName': 'GH', 'type': 'GITHUB', 'pat': 'p'}],
                       reindex_errors=['fetch failed: Authentication failed for https://github.com/x.git'])
    result = gij.run({'all': True, 'wait': True, 'poll_interval': 0.05}, module=MODULE)
    assert result.failed and result['msg'] == ('The reindex reported errors: all repositories: fetch failed: '
                                               'Authentication failed for https://github.com/x.git.'), result.output


def test_wait_timeout(gij):
    gij.emulator.reset(reindex_polls=1000)
    result = gij.run({'all': True, 'wait': True, 'wait_timeout': 1, 'poll_interval': 0.2}, module=MODULE)
    assert result.failed and result['msg'].startswith('The reindex did not finish within 1 seconds (all repositories at '), result.output


def test_integration_without_repositories_yet_is_ok_with_a_warning(gij):
    gij.emulator.reset([{'displayName': 'GH', 'type': 'GITHUB', 'pat': 'p'}], repos_per_integration=0)
    result = gij.run({'integration_name': 'GH'}, module=MODULE)
    assert result['changed'] is False and result.writes == []
    assert 'has no repositories yet' in ' '.join(result.get('warnings', []))


def test_unknown_repository_is_the_servers_clear_failure(gij):
    result = gij.run({'repository_id': 99}, module=MODULE)
    assert result.failed and result['msg'] == ('Cannot start a reindex of repository 99: HTTP 200: '
                                               'Repository with id=99 does not exist. Check the id with the repository list.')


@pytest.mark.parametrize('args, message', [
    ({'integration_name': 'nope'}, "No integration is named 'nope'."),
    ({}, 'Say what to reindex'),
    ({'all': True, 'repository_id': 1}, 'Say what to reindex'),
    ({'repository_id': 1, 'integration_id': 1}, 'mutually exclusive'),
    ({'all': True, 'wait_timeout': 0}, 'wait_timeout and poll_interval must be positive'),
])
def test_mistakes(gij, args, message):
    result = gij.run(args, module=MODULE)
    assert result.failed and message in result['msg'], result.output
    assert result.writes == []
