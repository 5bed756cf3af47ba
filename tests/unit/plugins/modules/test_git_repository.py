# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""gij.jira.git_repository in-process: single repositories, with the rigour of git_integration."""

import pytest

from ansible_collections.gij.jira.tests.unit.module_harness import GIT_PAT, JIRA_PASSWORD, assert_no_secret

MODULE = 'git_repository'
ORIGIN = 'https://git.example.org/platform/app.git'
TASK = {'origin': ORIGIN, 'name': 'app', 'pat': GIT_PAT, 'main_branch': 'main', 'global': False, 'project_mapping_ids': [10000]}


@pytest.mark.parametrize('strict', [False, True], ids=['merge-update', 'strict-update'])
def test_life_cycle(gij, strict):
    gij.emulator.reset(strict=strict)
    change = {'tags_filter': 'v.*', 'disabled': True}
    planned = gij.run(TASK, module=MODULE, check=True, diff=True)
    created = gij.run(TASK, module=MODULE, diff=True)
    repo = gij.emulator.repositories()[0]
    again = gij.run(TASK, module=MODULE)
    changed = gij.run(dict(TASK, **change), module=MODULE, diff=True)
    updated = gij.emulator.repositories()[0]
    settled = gij.run(dict(TASK, **change), module=MODULE)
    removed = gij.run({'origin': ORIGIN, 'state': 'absent'}, module=MODULE, diff=True)
    gone = gij.run({'origin': ORIGIN, 'state': 'absent'}, module=MODULE)
    results = (planned, created, again, changed, settled, removed, gone)
    assert [r.failed for r in results] == [False] * 7, [r.get('msg') for r in results]
    assert planned['changed'] and planned.writes == [] and planned['diff']['before'] == {}
    assert created['changed'] and [r['method'] for r in created.writes] == ['POST']
    assert repo['origin'] == ORIGIN and repo['mainBranch'] == 'main' and repo['projectMappingIds'] == [10000]
    assert 'pat' in repo['secrets'] and created['id'] == repo['id']
    real = dict((k, v) for k, v in created['repository'].items()
                if k not in ('id', 'init_date', 'root', 'real_root', 'absolute_root', 'enable_fetches', 'hosted',
                             'commits_validation_required', 'require_user_pat', 'show_all_tags', 'supports_branch_creation_api'))
    assert planned['repository'] == real
    assert again['changed'] is False and len(again.requests) == 1 and again.writes == []
    assert changed['changed'] and len(changed.requests) <= 3
    assert updated['tagsFilter'] == 'v.*' and updated['disabled'] is True
    for key in ('mainBranch', 'projectMappingIds', 'global', 'origin', 'displayName', 'realRoot', 'root', 'secrets'):
        assert updated[key] == repo[key], key
    assert settled['changed'] is False and settled.writes == []
    assert removed['changed'] and removed['repository'] == {}
    assert [(r['method'], r['query']) for r in removed.writes] == [('DELETE', {'id': str(repo['id']), 'deleteFiles': 'false'})]
    assert gone['changed'] is False and gone.writes == []
    assert_no_secret([r.output for r in results], [r.result for r in results])


def test_nested_repositories_are_read_only(gij):
    created = gij.run({'name': 'GH', 'type': 'GITHUB', 'pat': GIT_PAT})
    nested = gij.emulator.repositories()
    assert len(nested) == 2 and all(r['trackedFolderId'] == created['id'] for r in nested)
    target = nested[0]
    unchanged = gij.run({'id': target['id'], 'smart_commits_enabled': True}, module=MODULE)
    assert unchanged['changed'] is False and unchanged['repository']['integration_id'] == created['id'], unchanged.output
    for args, what in (({'id': target['id'], 'smart_commits_enabled': False}, 'Cannot change smart_commits_enabled of repository'),
                       ({'id': target['id'], 'disabled': True}, 'Cannot change repository'),
                       ({'id': target['id'], 'state': 'absent'}, 'Cannot delete repository')):
        result = gij.run(args, module=MODULE)
        assert result.failed and result['msg'].startswith(what), result.output
        assert 'belongs to integration id %s' % created['id'] in result['msg']
        assert result.writes == []


@pytest.mark.parametrize('args, message', [
    ({'origin': ORIGIN, 'real_root': '/srv/git/app.git'}, 'real_root and absolute_root go together'),
    ({'origin': ORIGIN, 'project_mapping_ids': [1]}, 'project_mapping_ids needs global: false'),
    ({'id': 999}, 'Repository id 999 does not exist'),
    ({'name': 'x'}, 'one of the following is required: id, origin'),
    ({'origin': ORIGIN, 'global': False, 'git_viewer_enabled': True},
     'Cannot add repository %s: HTTP 200: At least one project must be associated' % ORIGIN),
])
def test_mistakes_change_nothing(gij, args, message):
    result = gij.run(args, module=MODULE)
    assert result.failed and message in result['msg'], result.output
    assert gij.emulator.repositories() == []


def test_same_origin_twice_needs_a_name_or_id(gij):
    gij.emulator.reset(repositories=[{'displayName': 'one', 'origin': ORIGIN}, {'displayName': 'two', 'origin': ORIGIN + '/'}])
    ambiguous = gij.run({'origin': ORIGIN, 'disabled': True}, module=MODULE)
    assert ambiguous.failed and ambiguous['msg'] == (
        '2 repositories have the origin %s (ids 1, 2): give id or name to choose one.' % ORIGIN), ambiguous.output
    chosen = gij.run({'origin': ORIGIN, 'name': 'two', 'disabled': True}, module=MODULE)
    assert chosen['changed'] and chosen['id'] == 2


def test_rotation_and_delete_files(gij):
    first = gij.run(TASK, module=MODULE)
    rotated = gij.run(dict(TASK, pat=GIT_PAT + '-new', update_secrets='always'), module=MODULE, diff=True)
    removed = gij.run({'origin': ORIGIN, 'state': 'absent', 'delete_files': True}, module=MODULE)
    assert first['changed']
    assert rotated['changed'] and rotated['diff']['after']['pat'] == '******** (new value sent)'
    assert rotated.writes[0]['secrets_sent'] == ['pat']
    assert removed.writes[0]['query']['deleteFiles'] == 'true'


def test_an_ambiguous_add_looks_before_it_decides(gij):
    # The server added the repository but the reply was lost: adopt it, never add it twice.
    gij.emulator.faults({'kind': 'drop', 'method': 'POST', 'after': True})
    result = gij.run(TASK, module=MODULE)
    assert result['changed'] is True and not result.failed, result.output
    assert len(gij.emulator.repositories()) == 1
    assert [r['method'] for r in result.requests] == ['GET', 'POST', 'GET']


def test_ref_spec_custom_reaches_the_server_on_create_and_on_update(gij):
    # from tests/integration/test_request_values.py
    task = {'origin': ORIGIN, 'name': 'app', 'pat': GIT_PAT, 'ref_spec_custom': '+refs/meta/config:refs/meta/config'}
    changed = dict(task, main_branch='develop', ref_spec_custom='+refs/meta/*:refs/meta/*')
    created = gij.run(task, module=MODULE)
    updated = gij.run(changed, module=MODULE)
    assert created['changed'] and updated['changed'], created.output
    assert [(r['method'], r['body']['refSpecCustom']) for r in created.writes] == [('POST', '+refs/meta/config:refs/meta/config')]
    puts = [r for r in updated.writes if r['method'] == 'PUT']
    assert [(r['body']['mainBranch'], r['body']['refSpecCustom']) for r in puts] == [('develop', '+refs/meta/*:refs/meta/*')]


def test_a_task_with_only_the_origin_creates_what_the_server_creates_from_the_origin_alone(gij):
    # The module sends its create-time defaults: each must be what the server fills in for a field it is not sent.
    by_module = gij.run({'origin': ORIGIN}, module=MODULE)
    by_server = gij.emulator.api('POST', '/repository', auth=('admin', JIRA_PASSWORD), json={'origin': ORIGIN + '-2'})
    assert not by_module.failed and by_server.json()['id'], by_module.output
    own = ('id', 'initDate', 'origin', 'displayName', 'realRoot', 'root')  # each repository's own, or derived from them
    created = [dict((k, v) for k, v in r.items() if k not in own) for r in gij.emulator.repositories()]
    assert created[0] == created[1]
