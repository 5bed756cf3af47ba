# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The test runner itself: requests belong to the task and host that sent them, and the environment is the tests' own."""

import os
import sys

import pytest

from ansible_collections.gij.jira.tests.unit.module_harness import GIT_PAT, JIRA_PASSWORD

HOSTS = ('host-a', 'host-b')


def two_hosts(tmp_path):
    path = tmp_path / 'hosts.ini'
    path.write_text('[pair]\n%s\n\n[pair:vars]\nansible_connection=local\nansible_python_interpreter=%s\n'
                    % ('\n'.join(HOSTS), sys.executable))
    return str(path)


def github(**extra):
    return dict({'name': 'it-{{ inventory_hostname }}', 'type': 'GITHUB', 'pat': GIT_PAT}, **extra)


def test_requests_are_attributed_per_task_and_host_with_strategy_free(gij, tmp_path):
    # Both hosts run the same tasks at the same time: a time window per task would hand each host the other's POST,
    # and host-b's create would fall inside host-a's re-run. The token of each task and host says who sent what.
    results = gij.run_tasks([
        {'name': 'create', 'gij.jira.git_integration': github()},
        {'name': 'again', 'gij.jira.git_integration': github()},
        {'name': 'change', 'gij.jira.git_integration': github(smart_commits_enabled=False)},
    ], inventory=two_hosts(tmp_path), play_extra={'hosts': 'pair', 'strategy': 'free'})
    assert sorted((r['_task'], r['_host'], r['_status']) for r in results) == sorted(
        (task, host, 'ok') for task in ('create', 'again', 'change') for host in HOSTS), results[0].output
    by_task = dict(((r['_task'], r['_host']), r) for r in results)
    for host in HOSTS:
        created, again, changed = (by_task[(task, host)] for task in ('create', 'again', 'change'))
        assert created.label == 't1@%s' % host and again.label == 't2@%s' % host
        assert [(r['method'], r['body']['displayName']) for r in created.writes] == [('POST', 'it-%s' % host)]
        assert [r['method'] for r in again.requests] == ['GET'] and again.writes == []  # one read: not vacuous
        assert [(r['method'], r['path']) for r in changed.writes] == [('PUT', '/rest/gitplugin/1.0/integration/%d' % changed['id'])]
        assert changed.writes[0]['body']['smartCommitsEnabled'] is False
    every = gij.emulator.requests()
    assert sorted(r['task'] for r in every) == sorted(r['task'] for result in results for r in result.requests)  # none lost


def test_tasks_with_their_own_credentials_are_unattributed(gij, tmp_path):
    own = github(jira_username='admin', jira_password=JIRA_PASSWORD)
    results = gij.run_tasks([{'gij.jira.git_integration': own}], inventory=two_hosts(tmp_path), play_extra={'hosts': 'pair'})
    assert [r['changed'] for r in results] == [True, True], results[0].output
    assert [r.label for r in results] == [None, None]
    with pytest.raises(AssertionError, match='unattributed'):
        results[0].requests  # pylint: disable=pointless-statement
    logged = gij.emulator.requests()
    assert {(r['task'], r['user']) for r in logged} == {(None, 'admin')}
    assert sorted(r['body']['displayName'] for r in logged if r['method'] == 'POST') == ['it-host-a', 'it-host-b']
    # With one such task, the requests without a token are its own (every other task carries a token).
    single, token = gij.run_tasks([{'gij.jira.git_integration': dict(own, name='solo')},
                                   {'gij.jira.git_integration_info': {'name': 'solo'}}])
    assert single.label is None and token.label == 't2@localhost'
    assert [r['method'] for r in single.requests] == ['GET', 'POST'] and single.requests[1]['body']['displayName'] == 'solo'
    assert token.requests and token.writes == [] and {r['task'] for r in token.requests} == {'t2@localhost'}


def test_the_developers_environment_does_not_reach_the_runs(gij):
    # Proven by running this file with e.g. HTTP_PROXY=http://127.0.0.1:9 ANSIBLE_STRATEGY=free in the environment.
    assert not [name for name in os.environ if name.lower().endswith('_proxy') or name.startswith('JIRA_')]
    assert sorted(name for name in os.environ if name.startswith('ANSIBLE_')) == ['ANSIBLE_COLLECTIONS_PATH', 'ANSIBLE_CONFIG']
    with open(os.environ['ANSIBLE_CONFIG'], encoding='utf-8') as handle:
        assert 'strategy = linear' in handle.read()
    result = gij.run({'msg': '{{ lookup("config", "DEFAULT_STRATEGY") }}'}, module='ansible.builtin.debug')
    assert result['msg'] == 'linear'
