# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""gij.jira.git_reindex in-process: start, wait, report errors and time-outs; what reaches the server."""

import pytest

from ansible_collections.gij.jira.tests.unit.module_harness import GIT_PAT

MODULE = 'git_reindex'
REINDEX = '/rest/gitplugin/2.0/reindex'
SEEDED = [{'displayName': 'first', 'type': 'GITHUB', 'pat': 'p'}, {'displayName': 'second', 'type': 'GITLAB', 'pat': 'p'}]


def repository_ids(emulator, integration_id):
    return sorted(r['id'] for r in emulator.repositories() if r.get('trackedFolderId') == integration_id)


def test_reindex_an_integrations_repositories_and_wait(gij):
    created = gij.run({'name': 'GH', 'type': 'GITHUB', 'pat': GIT_PAT})
    started = gij.run({'integration_name': 'GH', 'wait': True, 'poll_interval': 0.05}, module=MODULE)
    assert created['changed'] and started['changed'] and not started.failed, started.output
    assert len(started['repository_ids']) == 2
    assert [t['finished'] for t in started['threads']] == [True, True]
    assert all(t['percent'] == 100 and t['errors'] == [] for t in started['threads'])
    posts = [r for r in started.requests if r['method'] == 'POST']
    assert [r['path'] for r in posts] == [REINDEX] * 2
    assert sorted(r['body_keys'] == ['repoId'] for r in posts) == [True, True]


def test_wait_ends_only_when_the_slowest_of_several_reindexes_has_finished(gij):
    # The second of three reindexes takes the most polls: a wait that ends with the first (or the last) one started fails.
    needed = [2, 5, 3]
    gij.emulator.reset([{'displayName': 'GH', 'type': 'GITHUB', 'pat': 'p'}], repos_per_integration=3, reindex_polls=needed)
    result = gij.run({'integration_name': 'GH', 'wait': True, 'poll_interval': 0.01}, module=MODULE)
    assert not result.failed, result.output
    threads = result['threads']
    assert [(t['finished'], t['percent']) for t in threads] == [(True, 100)] * 3
    polls = [[r for r in result.requests if r['path'].endswith('/index.json') and r['query']['threadId'] == t['thread_id']]
             for t in threads]
    assert [len(p) >= n for p, n in zip(polls, needed)] == [True] * 3, [len(p) for p in polls]


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
    assert 'has no repositories yet' in ' '.join(result.warnings)


def test_an_unknown_repository_is_refused_before_any_start(gij):
    result = gij.run({'repository_id': 99}, module=MODULE)
    assert result.failed and result['changed'] is False and result.writes == [], result.output
    assert result['msg'] == 'No repository has id 99 in the repository list: nothing was started. Check the id with the repository list.'


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


def test_reindex_sends_one_post_per_repository_of_the_integration_with_its_id(gij):
    # from tests/integration/test_request_values.py
    gij.emulator.reset(SEEDED, repos_per_integration=3)
    first, second = repository_ids(gij.emulator, 1), repository_ids(gij.emulator, 2)
    assert len(first) == len(second) == 3 and not set(first) & set(second)
    by_integration = gij.run({'integration_id': 2}, module=MODULE)
    by_repository = gij.run({'repository_id': first[0], 'priority': 24}, module=MODULE)
    everything = gij.run({'all': True}, module=MODULE)
    assert [r.failed for r in (by_integration, by_repository, everything)] == [False] * 3, by_integration.output
    assert [(r['method'], r['path']) for r in by_integration.writes] == [('POST', REINDEX)] * 3
    assert sorted(r['body']['repoId'] for r in by_integration.writes) == second
    assert [r['body'] for r in by_integration.writes if set(r['body']) != {'repoId'}] == []
    assert [(r['path'], r['body']) for r in by_repository.writes] == [(REINDEX, {'repoId': first[0], 'priority': 24})]
    assert [(r['path'], r['body']) for r in everything.writes] == [(REINDEX, {})]
