# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Many hosts at once, ten in parallel (forks 10): exact convergence, also through random 503s.

Each host runs the module once per pass: 60 hosts keep ten forks busy for six waves, which is what the concurrency
needs.
The number of integrations the server holds is measured separately, up to 5,000, by `make bench`.
"""

import sys

import pytest

from conftest import GIT_PAT

# Concurrency is the server's and the forks', not the interpreter's: make test runs these in the first lane only
# (conftest.py); the module itself is tested on every interpreter by the other files.
pytestmark = pytest.mark.interpreter_independent

COUNT = 60
PLAY = {'hosts': 'load'}


def inventory(tmp_path, count):
    path = tmp_path / 'hosts.ini'
    path.write_text('[load]\nload[000:%03d]\n\n[load:vars]\nansible_connection=local\nansible_python_interpreter=%s\n'
                    % (count - 1, sys.executable))
    return str(path)


TASK = {
    'name': 'one integration per host',
    'gij.jira.git_integration': {
        'name': 'load-{{ inventory_hostname }}', 'type': 'GITHUB', 'pat': GIT_PAT,
        'smart_commits_enabled': "{{ inventory_hostname[-1] | int is even }}",
        'max_mins_to_commit_email': "{{ inventory_hostname[-3:] | int }}",
    },
}


def expected_state(count):
    return dict(('load-load%03d' % n, (n % 2 == 0, n)) for n in range(count))


def server_state(emulator):
    items = emulator.state()
    return dict((i['displayName'], (i['smartCommitsEnabled'], i['maxMinsToCommitEmail'])) for i in items), len(items)


ENV = {'ANSIBLE_FORKS': '10', 'ANSIBLE_PIPELINING': '1'}


def test_sixty_hosts_in_parallel_converge_exactly_and_rerun_is_all_ok(gij, tmp_path):
    hosts = inventory(tmp_path, COUNT)
    first = gij.run_tasks([TASK], inventory=hosts, env=ENV, play_extra=PLAY)
    assert len(first) == COUNT and all(r['changed'] and not r.failed for r in first), first[0].output
    state, total = server_state(gij.emulator)
    assert total == COUNT and state == expected_state(COUNT)
    again = gij.run_tasks([TASK], inventory=hosts, env=ENV, play_extra=PLAY)
    assert len(again) == COUNT and not any(r['changed'] or r.failed for r in again)
    assert [r for r in gij.emulator.requests() if r['method'] != 'GET'] == []


def test_random_503s_converge_or_fail_loudly_never_silently_wrong(gij, tmp_path):
    count = 30
    hosts = inventory(tmp_path, count)
    expected = expected_state(count)
    gij.emulator.reset(random_503={'rate': 0.15, 'seed': 7, 'max': 30})
    first = gij.run_tasks([TASK], inventory=hosts, env=ENV, play_extra=PLAY)
    assert len(first) == count, first[0].output
    failed = [r for r in first if r.failed]
    for result in failed:  # loud: a clear one-line reason
        assert result['msg'].startswith('Cannot ') and 'HTTP 503' in result['msg'] and '\n' not in result['msg'], result['msg']
    state, total = server_state(gij.emulator)
    assert total == len(state)  # never a duplicate
    assert all(values == expected[name] for name, values in state.items())  # never a wrong value
    assert total >= count - len(failed)  # every item that reported success exists
    gij.emulator.control('POST', '/config', {'random_503': None})
    final = gij.run_tasks([TASK], inventory=hosts, env=ENV, play_extra=PLAY)
    assert not any(r.failed for r in final)
    state, total = server_state(gij.emulator)
    assert total == count and state == expected
