# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""gij.jira.git_repositories in-process: the whole set of single repositories in one task (as git_integrations)."""

import pytest

from ansible_collections.gij.jira.tests.unit.module_harness import GIT_PASSWORD, GIT_PAT, assert_no_secret, settled

MODULE = 'git_repositories'
APP = 'https://git.example.org/platform/app.git'
LIB = 'https://git.example.org/platform/lib.git'
OLD = 'https://git.example.org/platform/old.git'
LIST = ('GET', '/rest/gitplugin/1.0/repository')
NEW_APP = {'origin': APP, 'name': 'app', 'pat': GIT_PAT, 'main_branch': 'main'}
NEW_LIB = {'origin': LIB, 'name': 'lib', 'username': 'git', 'password': GIT_PASSWORD, 'global': False,
           'project_mapping_ids': [10000]}


def deletes(result):
    """{repository id: deleteFiles} of every DELETE the emulator logged."""
    return dict((int(r['query']['id']), r['query']['deleteFiles']) for r in result.writes if r['method'] == 'DELETE')


def names(result, key):
    return [entry['name'] for entry in result[key]]


@pytest.mark.parametrize('strict', [False, True], ids=['merge-update', 'strict-update'])
def test_two_created_then_a_rerun_is_one_request_and_unchanged(gij, strict):
    gij.emulator.reset(strict=strict)
    args = {'repositories': [NEW_APP, NEW_LIB]}
    created = gij.run(args, module=MODULE)
    again = gij.run(args, module=MODULE)
    assert created['changed'] is True and names(created, 'created') == ['app', 'lib'], created.output
    assert [r['method'] for r in created.writes] == ['POST', 'POST']
    state = dict((r['origin'], r) for r in gij.emulator.repositories())
    assert sorted(state) == [APP, LIB] and state[LIB]['projectMappingIds'] == [10000] and state[APP]['mainBranch'] == 'main'
    assert [r['name'] for r in created['repositories']] == ['app', 'lib']
    assert again['changed'] is False and not again.failed, again.output
    assert [(r['method'], r['path']) for r in again.requests] == [LIST]  # one list request for the whole set
    assert again['unchanged'] == [{'name': 'app', 'id': state[APP]['id']}, {'name': 'lib', 'id': state[LIB]['id']}]
    assert again['created'] == again['updated'] == again['deleted'] == [] and again['repositories'] == []


def test_check_mode_sends_no_write_and_predicts_the_run_with_a_masked_diff(gij):
    gij.emulator.reset(repositories=[{'displayName': 'app', 'origin': APP}, {'displayName': 'old', 'origin': OLD}])
    items = [dict(NEW_APP, disabled=True, update_secrets='always'), NEW_LIB, {'origin': OLD, 'state': 'absent'}]
    planned = gij.run({'repositories': items}, module=MODULE, check=True, diff=True)
    done = gij.run({'repositories': items}, module=MODULE, diff=True)
    assert planned['changed'] is True and planned.writes == [], planned.output
    assert [(r['method'], r['path']) for r in planned.requests] == [LIST]
    for result in (planned, done):
        assert names(result, 'created') == ['lib'] and names(result, 'updated') == ['app'], result.output
        assert names(result, 'deleted') == ['old'] and result['unchanged'] == []
    assert planned['updated'] == done['updated'] == [{'name': 'app', 'id': 1}]
    assert planned['deleted'] == done['deleted'] == [{'name': 'old', 'id': 2}]
    before, after = planned['diff']['before'], planned['diff']['after']
    # Existing repositories are keyed by "name (id N)"; one to be created has no id yet.
    assert sorted(after) == ['app (id 1)', 'lib', 'old (id 2)']
    assert before['app (id 1)']['disabled'] is False and after['app (id 1)']['disabled'] is True
    assert before['app (id 1)']['pat'] == '********' and after['app (id 1)']['pat'] == '******** (new value would be sent)'
    assert after['lib']['password'] == '******** (new value would be sent)' and before['lib'] == {}
    assert before['old (id 2)']['name'] == 'old' and after['old (id 2)'] == {}
    assert sorted(done['diff']['after']) == ['app (id 1)', 'lib (id 3)', 'old (id 2)']
    assert done['diff']['after']['app (id 1)']['pat'] == '******** (new value sent)'
    assert [r['method'] for r in done.writes] == ['PUT', 'PUT', 'POST', 'DELETE']  # update + disable, add, delete
    assert_no_secret(planned.result, planned.output, done.result, done.output)


def test_exclusive_deletes_an_unlisted_single_repository_but_never_one_an_integration_discovered(gij):
    gij.emulator.reset(integrations=[{'displayName': 'GH', 'type': 'GITHUB', 'pat': 'p'}],
                       repositories=[{'displayName': 'keep', 'origin': APP}, {'displayName': 'stray', 'origin': OLD}])
    discovered = [r for r in gij.emulator.repositories() if r.get('trackedFolderId') == 1]
    stray = [r['id'] for r in gij.emulator.repositories() if r['displayName'] == 'stray'][0]
    assert discovered, 'the emulator discovers repositories for the integration'
    args = {'repositories': [{'origin': APP}], 'exclusive': True}
    planned = gij.run(args, module=MODULE, check=True)
    done = gij.run(args, module=MODULE)
    again = gij.run(args, module=MODULE)
    assert planned.writes == [] and planned['deleted'] == [{'name': 'stray', 'id': stray}], planned.output
    assert done['changed'] is True and done['deleted'] == [{'name': 'stray', 'id': stray}], done.output
    assert names(done, 'unchanged') == ['keep']
    assert deletes(done) == {stray: 'false'}
    assert settled(r for r in gij.emulator.repositories() if r.get('trackedFolderId') == 1) == settled(discovered)
    assert again['changed'] is False and [(r['method'], r['path']) for r in again.requests] == [LIST]


def test_exclusive_with_an_empty_list_is_refused_before_any_request(gij):
    gij.emulator.reset(repositories=[{'displayName': 'keep', 'origin': APP}])
    result = gij.run({'repositories': [], 'exclusive': True}, module=MODULE)
    assert result.failed and result['msg'] == ('exclusive: true with an empty list of repositories would delete every '
                                               'repository: refused. To delete them all, list each one with state: absent.')
    assert result.requests == [] and len(gij.emulator.repositories()) == 1


@pytest.mark.parametrize('bad, message, requests', [
    ({'origin': OLD, 'project_mapping_ids': [1]},
     'repositories[2] (%s): project_mapping_ids needs global: false' % OLD, 0),
    ({'origin': OLD, 'real_root': '/srv/git/old.git'}, 'repositories[2] (%s): real_root and absolute_root go together' % OLD, 0),
    ({'name': 'no origin'}, 'repositories[2] (id None): origin must be set', 0),
    (dict(NEW_APP, name='app again'), 'repositories[2] (%s) and repositories[0] are the same repository: list it once.' % APP, 1),
    ({'id': 1, 'tags_filter': 'x'}, 'repositories[2] (id 1) and repositories[1] are the same repository: list it once.', 1),
    ({'origin': APP + '/', 'name': 'app'},
     'repositories[2] (%s/) and repositories[0] are the same repository: list it once.' % APP, 1),
])
def test_one_bad_item_fails_the_task_with_no_write(gij, bad, message, requests):
    gij.emulator.reset(repositories=[{'displayName': 'keep', 'origin': LIB}])
    before = gij.emulator.repositories()
    # The first two items would change the server (a create and an update): nothing of them is applied.
    result = gij.run({'repositories': [NEW_APP, {'origin': LIB, 'disabled': True}, bad]}, module=MODULE)
    assert result.failed and message in result['msg'], result.output
    assert '\n' not in result['msg'] and result.get('changed', False) is False
    assert result.writes == [] and len(result.requests) == requests  # rules before any request; the rest on one list
    assert gij.emulator.repositories() == before


def test_a_failure_halfway_says_changed_and_what_was_applied(gij):
    gij.emulator.reset(repositories=[{'displayName': 'keep', 'origin': LIB}, {'displayName': 'stray', 'origin': OLD},
                                     {'displayName': 'stray2', 'origin': OLD + '2'}])
    # The update and the create go through; the second delete of the unlisted repositories fails.
    gij.emulator.faults({'kind': 'failure', 'error': 'Disk busy', 'method': 'DELETE', 'path': '/repository$', 'skip': 1})
    items = [{'origin': LIB, 'tags_filter': 'v.*'}, NEW_APP]
    result = gij.run({'repositories': items, 'exclusive': True}, module=MODULE)
    assert result.failed and result['changed'] is True, result.output
    assert 'Disk busy' in result['msg'] and '\n' not in result['msg']
    assert result['updated'] == [{'name': 'keep', 'id': 1}] and names(result, 'created') == ['app']
    assert result['deleted'] == [{'name': 'stray', 'id': 2}]
    assert [r['method'] for r in result.writes] == ['PUT', 'POST', 'DELETE', 'DELETE']
    assert sorted(r['displayName'] for r in gij.emulator.repositories()) == ['app', 'keep', 'stray2']


def test_a_failed_create_halfway_names_the_item_and_what_was_created(gij):
    gij.emulator.faults({'kind': 'failure', 'error': 'No more', 'method': 'POST', 'path': '/repository$', 'skip': 1})
    result = gij.run({'repositories': [NEW_APP, NEW_LIB]}, module=MODULE)
    assert result.failed and result['changed'] is True, result.output
    assert result['msg'].startswith('repositories[1] (%s): ' % LIB) and 'No more' in result['msg']
    assert names(result, 'created') == ['app'] and result['updated'] == result['deleted'] == []
    assert [r['method'] for r in result.writes] == ['POST', 'POST']
    assert_no_secret(result.result, result.output)


def test_exclusive_delete_files_refuses_an_unlisted_original_and_deletes_a_plain_clones_files(gij):
    gij.emulator.reset(repositories=[{'displayName': 'clone', 'origin': OLD},
                                     {'displayName': 'original', 'origin': '/srv/git/lib.git', 'realRoot': '/srv/git/lib.git',
                                      'absoluteRoot': True}])
    args = {'repositories': [NEW_APP], 'exclusive': True, 'exclusive_delete_files': True}
    refused = gij.run(args, module=MODULE)
    assert refused.failed and refused.writes == [], refused.output
    assert refused['msg'] == ("exclusive_delete_files: true is refused for repository 'original' (id 2): its files are the "
                              'original repository at the absolute path /srv/git/lib.git, not a clone. No item lists it: to '
                              'delete it without its files, list it with state: absent.')
    # Listed as absent, the original goes without its files; the unlisted clone goes with them.
    done = gij.run(dict(args, repositories=[NEW_APP, {'origin': '/srv/git/lib.git', 'state': 'absent'}]), module=MODULE)
    assert done['changed'] is True and not done.failed, done.output
    assert deletes(done) == {1: 'true', 2: 'false'}
    assert [r['displayName'] for r in gij.emulator.repositories()] == ['app']


def test_git_credentials_never_show_in_any_form(gij):
    gij.emulator.reset(repositories=[{'displayName': 'lib', 'origin': LIB}])
    items = [NEW_APP, dict(NEW_LIB, update_secrets='always')]
    results = [gij.run({'repositories': items}, module=MODULE, check=True, diff=True),
               gij.run({'repositories': items}, module=MODULE, diff=True),
               gij.run({'repositories': items}, module=MODULE, diff=True)]
    # A careless server that repeats the credential it was sent in its error.
    gij.emulator.faults({'kind': 'reply', 'status': 400, 'method': 'PUT',
                         'body': {'success': False, 'error': 'Login failed with password %s' % GIT_PASSWORD}})
    results.append(gij.run({'repositories': items}, module=MODULE, diff=True))
    assert [r.failed for r in results] == [False, False, False, True], [r.get('msg') for r in results]
    assert results[-1]['msg'].startswith('repositories[1] (%s): ' % LIB), results[-1]['msg']
    assert 'Login failed with password ********' in results[-1]['msg']  # the server's text came through, masked
    sent = [r['secrets_sent'] for result in results for r in result.writes if r['method'] in ('POST', 'PUT')]
    assert ['pat'] in sent and ['password', 'username'] in sent  # the credentials did reach the server
    for result in results:
        assert_no_secret(result.result, result.output, where='the result of git_repositories')
