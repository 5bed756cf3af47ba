# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""git_repositories: the whole set of single repositories in one task, on the same SetReconciler as git_integrations."""

import pytest

from ansible_collections.gij.jira.plugins.module_utils.api import GijClient, GijError
from ansible_collections.gij.jira.plugins.module_utils.fields import REPOSITORY
from ansible_collections.gij.jira.plugins.module_utils.reconcile import SetReconciler
from ansible_collections.gij.jira.plugins.module_utils.repository import RepositoryService

from ansible_collections.gij.jira.tests.unit.emulator_support import TOKEN

APP = 'https://git.example.org/platform/app.git'
LIB = 'https://git.example.org/platform/lib.git'
OLD = 'https://git.example.org/platform/old.git'


def item(**options):
    params = {'state': 'present', 'update_secrets': 'on_create', 'delete_files': False, 'id': None}
    params.update(options)
    return params


def reconcile(emulator, items, check_mode=False, diff_mode=False, **options):
    client = GijClient({'jira_url': emulator.url, 'jira_token': TOKEN, 'timeout': 5}, environ={}, sleep=lambda s: None)
    SetReconciler.validate(REPOSITORY, items, options.get('exclusive', False))
    return SetReconciler(RepositoryService(client), check_mode=check_mode, diff_mode=diff_mode).run(items, **options)


def seed(emulator, *records):
    for record in records:
        emulator.state.seed_repository(dict(record))


@pytest.mark.parametrize('strict', [False, True], ids=['merge-update', 'strict-update'])
def test_a_set_is_planned_applied_and_then_unchanged_in_one_request(make_emulator, strict):
    emulator = make_emulator(strict=strict)
    seed(emulator, {'displayName': 'old', 'origin': OLD})
    items = [item(origin=APP, name='app', pat='p', main_branch='main'),
             item(origin=LIB, name='lib', disabled=True),
             item(origin=OLD, state='absent')]
    planned = reconcile(emulator, items, check_mode=True, diff_mode=True)
    assert emulator.writes() == []
    assert [e['name'] for e in planned['created']] == ['app', 'lib'] and [e['name'] for e in planned['deleted']] == ['old']
    assert sorted(planned['diff']['after']) == ['app', 'lib', 'old (id 1)'] and planned['diff']['after']['old (id 1)'] == {}
    done = reconcile(emulator, items, diff_mode=True)
    for key in ('created', 'updated', 'deleted', 'unchanged'):
        assert [e['name'] for e in done[key]] == [e['name'] for e in planned[key]], key
    state = dict((r['origin'], r) for r in emulator.state.repositories.values())
    assert sorted(state) == [APP, LIB] and state[LIB]['disabled'] is True and state[APP]['mainBranch'] == 'main'
    emulator.state.log.clear()
    again = reconcile(emulator, items)
    assert again['changed'] is False and [e['name'] for e in again['unchanged']] == ['app', 'lib', OLD]
    assert len(emulator.state.log) == 1  # one list request for the whole set


def test_exclusive_deletes_unlisted_single_repositories_but_never_an_integrations_own(emulator):
    emulator.state.seed({'displayName': 'GH', 'type': 'GITHUB', 'pat': 'p'})
    emulator.state.seed_repository({'displayName': 'GH app', 'origin': 'https://github.com/x/app.git', 'trackedFolderId': 1})
    seed(emulator, {'displayName': 'keep', 'origin': APP}, {'displayName': 'stray', 'origin': OLD})
    result = reconcile(emulator, [item(origin=APP)], exclusive=True, exclusive_delete_files=True)
    assert [e['name'] for e in result['deleted']] == ['stray'] and [e['name'] for e in result['unchanged']] == ['keep']
    assert sorted(r['displayName'] for r in emulator.state.repositories.values() if not r.get('trackedFolderId')) == ['keep']
    assert all(r['trackedFolderId'] == 1 for r in emulator.state.repositories.values() if r['displayName'] != 'keep')
    assert [e['query'] for e in emulator.writes()] == [{'id': str(_id_of(result, 'stray')), 'deleteFiles': 'true'}]


def _id_of(result, name):
    return [e['id'] for e in result['deleted'] if e['name'] == name][0]


def test_exclusive_delete_files_refuses_the_set_for_a_repository_on_an_absolute_path(emulator):
    """The same refusal as git_repository's delete_files and git_integrations' exclusive_delete_files."""
    seed(emulator, {'displayName': 'original', 'origin': '/srv/git/app.git', 'realRoot': '/srv/git/app.git',
                    'absoluteRoot': True})
    with pytest.raises(GijError, match="exclusive_delete_files: true is refused for repository 'original' .*absolute path"):
        reconcile(emulator, [item(origin=APP, name='app')], exclusive=True, exclusive_delete_files=True)
    assert emulator.writes() == []


@pytest.mark.parametrize('items, exclusive, message', [
    ([], True, 'exclusive: true with an empty list of repositories would delete every repository: refused'),
    ([item(name='no origin')], False, r'repositories\[0\] \(id None\): origin must be set'),
    ([item(origin=APP, real_root='/srv/x')], False, r'repositories\[0\] \(%s\): real_root and absolute_root go together' % APP),
    ([item(origin=APP, project_mapping_ids=[1])], False, 'project_mapping_ids needs global: false'),
    ([item(origin=APP, max_mins_to_commit_email=-1)], False, 'max_mins_to_commit_email must not be negative'),
])
def test_a_wrong_item_fails_the_whole_set_before_any_request(emulator, items, exclusive, message):
    with pytest.raises(GijError, match=message):
        reconcile(emulator, items, exclusive=exclusive)
    assert emulator.state.log == []


def test_a_wrong_item_found_on_the_server_fails_the_set_before_any_write(emulator):
    emulator.state.seed({'displayName': 'GH', 'type': 'GITHUB', 'pat': 'p'})
    emulator.state.seed_repository({'displayName': 'GH app', 'origin': 'https://github.com/x/app.git', 'trackedFolderId': 1})
    items = [item(origin=APP, name='app'), item(origin='https://github.com/x/app.git', disabled=True)]
    with pytest.raises(GijError, match=r"repositories\[1\] .*: Cannot change repository 'GH app' .*belongs to integration id 1"):
        reconcile(emulator, items)
    assert emulator.writes() == []


def test_the_same_repository_listed_twice_is_refused(emulator):
    seed(emulator, {'displayName': 'app', 'origin': APP})
    with pytest.raises(GijError, match=r'repositories\[1\] .* and repositories\[0\] are the same repository: list it once'):
        reconcile(emulator, [item(origin=APP), item(id=1, origin=APP + '/')])
    assert emulator.writes() == []


def test_a_failure_halfway_reports_what_was_applied(emulator):
    emulator.fault(kind='status', status=400, method='POST', count=1, path='/repository$', skip=1)
    with pytest.raises(GijError) as raised:
        reconcile(emulator, [item(origin=APP, name='app'), item(origin=LIB, name='lib')])
    partial = raised.value.partial
    assert partial['changed'] is True and [e['name'] for e in partial['created']] == ['app']
