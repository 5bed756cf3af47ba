# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Many hosts at once, ten in parallel: exact convergence, also through random 503s.

Each "host" is one in-process module run (module_harness.call_module) in a pool of ten worker processes, as ten
Ansible forks would run the module: 60 hosts keep ten workers busy for six waves, which is what the concurrency
needs. The number of integrations the server holds is measured separately, up to 5,000, by `make bench`.
"""

import multiprocessing

import pytest

from ansible_collections.gij.jira.tests.unit.module_harness import GIT_PAT, JIRA_TOKEN, call_module

COUNT = 60
FORKS = 10


def host_task(number):
    """The task of host loadNNN, as the play's templates would render it."""
    return {'name': 'load-load%03d' % number, 'type': 'GITHUB', 'pat': GIT_PAT,
            'smart_commits_enabled': number % 2 == 0, 'max_mins_to_commit_email': number}


def run_host(job):
    url, number = job
    return call_module('git_integration', host_task(number), env={'JIRA_URL': url, 'JIRA_TOKEN': JIRA_TOKEN})[0]


@pytest.fixture()
def hosts(gij):
    """run(count): the task on ``count`` hosts, FORKS at a time, in fresh processes (no threads of the test's own)."""
    pool = multiprocessing.get_context('forkserver').Pool(FORKS)

    def run(count):
        return pool.map(run_host, [(gij.emulator.url, number) for number in range(count)], chunksize=1)
    yield run
    pool.terminate()
    pool.join()


def expected_state(count):
    return dict(('load-load%03d' % n, (n % 2 == 0, n)) for n in range(count))


def server_state(emulator):
    items = emulator.integrations()
    return dict((i['displayName'], (i['smartCommitsEnabled'], i['maxMinsToCommitEmail'])) for i in items), len(items)


def test_sixty_hosts_in_parallel_converge_exactly_and_rerun_is_all_ok(gij, hosts):
    first = hosts(COUNT)
    assert len(first) == COUNT and all(r['changed'] and not r.get('failed') for r in first), first
    state, total = server_state(gij.emulator)
    assert total == COUNT and state == expected_state(COUNT)
    gij.emulator.clear_log()
    again = hosts(COUNT)
    assert len(again) == COUNT and not any(r['changed'] or r.get('failed') for r in again)
    assert [r for r in gij.emulator.requests() if r['method'] != 'GET'] == []


def test_random_503s_converge_or_fail_loudly_never_silently_wrong(gij, hosts):
    count = 30
    expected = expected_state(count)
    gij.emulator.reset(random_503={'rate': 0.15, 'seed': 7, 'max': 30})
    first = hosts(count)
    assert len(first) == count, first
    failed = [r for r in first if r.get('failed')]
    for result in failed:  # loud: a clear one-line reason
        assert result['msg'].startswith('Cannot ') and 'HTTP 503' in result['msg'] and '\n' not in result['msg'], result['msg']
    state, total = server_state(gij.emulator)
    assert total == len(state)  # never a duplicate
    assert all(values == expected[name] for name, values in state.items())  # never a wrong value
    assert total >= count - len(failed)  # every item that reported success exists
    with gij.emulator.state.lock:
        gij.emulator.state.set_config({'random_503': None})
    final = hosts(count)
    assert not any(r.get('failed') for r in final)
    state, total = server_state(gij.emulator)
    assert total == count and state == expected
