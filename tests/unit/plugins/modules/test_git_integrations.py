# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""gij.jira.git_integrations in-process: a whole set in one task, one list request for all of it."""

import pytest

from ansible_collections.gij.jira.tests.unit.module_harness import GIT_PASSWORD, GIT_PAT, assert_no_secret, settled

MODULE = 'git_integrations'
HUNDRED = [{'name': 'team-%03d' % n, 'type': 'GITHUB', 'pat': GIT_PAT, 'smart_commits_enabled': n % 2 == 0} for n in range(100)]
COUNT = 5000

# Each test runs under both update readings and under the minimal reply shape (writes answered without the object).
READINGS = pytest.mark.parametrize('reading', [{}, {'strict': True}, {'reply_shape': 'minimal'}],
                                   ids=['merge-update', 'strict-update', 'minimal-replies'])


@READINGS
def test_one_hundred_integrations_converge_in_one_task(gij, reading):
    gij.emulator.reset(**reading)
    planned = gij.run({'integrations': HUNDRED}, module=MODULE, check=True, diff=True)
    created = gij.run({'integrations': HUNDRED}, module=MODULE)
    again = gij.run({'integrations': HUNDRED}, module=MODULE)
    assert planned['changed'] is True and len(planned['created']) == 100 and planned.writes == [], planned.output
    assert len(planned['diff']['after']) == 100
    assert created['changed'] is True and len(created['created']) == 100
    read_backs = 100 if reading.get('reply_shape') == 'minimal' else 0  # a create answered without its id: found by name
    assert [r['method'] for r in created.requests].count('GET') == 1 + read_backs and len(created.writes) == 100
    state = dict((i['displayName'], i['smartCommitsEnabled']) for i in gij.emulator.integrations())
    assert state == dict((i['name'], i['smart_commits_enabled']) for i in HUNDRED)
    assert again['changed'] is False and len(again['unchanged']) == 100
    assert len(again.requests) == 1  # one list request for the whole set
    assert_no_secret(planned.result, created.result, created.output)


@READINGS
def test_exclusive_deletes_what_is_not_listed_but_never_a_tracked_folders_files(gij, reading):
    gij.emulator.reset([
        {'displayName': 'keep', 'type': 'GITHUB', 'pat': 'p'},
        {'displayName': 'stray', 'type': 'GITLAB', 'pat': 'p'},
        {'displayName': 'folders', 'type': 'FILESPACE', 'origin': '/srv/*', 'folderDepth': 1},
    ], **reading)
    # A tracked folder that no item lists would refuse the task (its "clones" are the originals): it is listed as absent.
    items = [{'name': 'keep', 'smart_commits_enabled': False}, {'name': 'new', 'type': 'GITHUB', 'pat': GIT_PAT},
             {'name': 'folders', 'state': 'absent'}]
    args = {'integrations': items, 'exclusive': True, 'exclusive_delete_files': True}
    planned = gij.run(args, module=MODULE, check=True, diff=True)
    done = gij.run(args, module=MODULE)
    assert planned.writes == []
    for result in (planned, done):
        assert [e['name'] for e in result['created']] == ['new']
        assert [e['name'] for e in result['updated']] == ['keep']
        assert sorted(e['name'] for e in result['deleted']) == ['folders', 'stray']
    deletes = dict((r['path'].rsplit('/', 1)[-1], r['query']['deleteFiles']) for r in done.writes if r['method'] == 'DELETE')
    assert deletes == {'2': 'true', '3': 'false'}
    assert sorted(i['displayName'] for i in gij.emulator.integrations()) == ['keep', 'new']


@pytest.mark.parametrize('items, message', [
    ([{'name': 'first', 'type': 'GITHUB', 'pat': GIT_PAT}, {'name': 'Same', 'disabled': True}],
     "integrations[1] (Same): 2 integrations are named 'Same' (ids 1, 2): give id or type to choose one."),
    ([{'name': 'first', 'type': 'GITHUB', 'pat': GIT_PAT}, {'name': 'x', 'type': 'AWS', 'username': 'AKIAEXAMPLE', 'password': GIT_PASSWORD}],
     'integrations[1] (x): aws_region is required for type AWS'),
    ([{'id': 1, 'disabled': True}, {'id': 1, 'smart_commits_enabled': False}],
     'integrations[1] (id 1) and integrations[0] are the same integration: list it once.'),
    ([{'name': 'first', 'type': 'GITHUBB'}], 'value of type must be one of'),
])
def test_a_wrong_item_fails_the_task_before_any_write(gij, items, message):
    gij.emulator.reset([{'displayName': 'Same', 'type': 'GITHUB', 'pat': 'p'}, {'displayName': 'Same', 'type': 'GITHUB', 'pat': 'p'}])
    before = gij.emulator.integrations()
    result = gij.run({'integrations': items}, module=MODULE)
    assert result.failed and message in result['msg'], result.output
    assert result.writes == []
    assert settled(gij.emulator.integrations()) == settled(before)


def test_five_thousand_unchanged_integrations_cost_one_request_and_keep_their_ids(gij):
    # from tests/integration/test_scale.py (timings are in make bench)
    gij.emulator.reset([{'displayName': 'scale-%04d' % n, 'type': 'GITHUB', 'pat': 'p', 'smartCommitsEnabled': n % 2 == 0}
                        for n in range(COUNT)])
    items = [{'name': 'scale-%04d' % n, 'smart_commits_enabled': n % 2 == 0} for n in range(COUNT)]
    # The last item is listed by id: the index finds items by id as well as by name.
    items[-1] = {'id': COUNT, 'smart_commits_enabled': (COUNT - 1) % 2 == 0}
    result = gij.run({'integrations': items}, module=MODULE)
    assert not result.failed and result['changed'] is False, result.output[-3000:]
    assert [(r['method'], r['path']) for r in result.requests] == [('GET', '/rest/gitplugin/1.0/integration')]
    assert result['unchanged'] == [{'name': 'scale-%04d' % n, 'id': n + 1} for n in range(COUNT)]
    assert result['created'] == result['updated'] == result['deleted'] == []
    assert result['integrations'] == []  # unchanged integrations are not echoed in full (see RETURN)
    assert_no_secret(result.result)
