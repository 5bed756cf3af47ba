# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The life cycle of one integration of every type, under both readings of the update call."""

import pytest

from conftest import GIT_PASSWORD, GIT_PAT, assert_no_secret

# type -> (options to create it, one change to make afterwards)
TYPES = {
    'GITHUB': ({'pat': GIT_PAT}, {'smart_commits_enabled': False}),
    'GITHUB_SERVER': ({'origin': 'https://ghe.example.org', 'pat': GIT_PAT, 'api_path': '/orgs/platform/repos'},
                      {'api_filter': "[?archived==`false`]"}),
    'GITLAB': ({'pat': GIT_PAT, 'tags_filter': 'v.*'}, {'tags_filter': 'release-.*'}),
    'GITLAB_SERVER': ({'origin': 'https://gitlab.example.org', 'pat': GIT_PAT, 'api_path': '/groups/platform/projects',
                       'api_filter': "[?archived==`false`]"}, {'global': False, 'project_mapping_ids': [10100, 10000]}),
    'GITLAB_SERVER_LEGACY': ({'origin': 'https://old-gitlab.example.org', 'username': 'indexer', 'password': GIT_PASSWORD},
                             {'max_mins_to_commit_email': 60}),
    'FILESPACE': ({'origin': '/srv/git/*', 'folder_depth': 2, 'trust_folder_stat': False}, {'ref_spec_notes': False}),
    'AZURE_DEVOPS': ({'origin': 'https://devops.example.org/tfs', 'pat': GIT_PAT, 'tfs_collection': 'DefaultCollection'},
                     {'disabled': True}),
    'VSTS': ({'pat': GIT_PAT, 'tfs_collection': 'Main'}, {'send_commit_emails': False}),
    'AZURE': ({'pat': GIT_PAT, 'git_viewer_enabled': True}, {'require_user_pat': True}),
    'TFS_SERVER': ({'origin': 'https://tfs.example.org/tfs', 'username': 'all', 'pat': GIT_PAT, 'tfs_collection': 'DefaultCollection'},
                   {'revision_indexing': False}),
    'AWS': ({'username': 'AKIAEXAMPLE', 'password': GIT_PASSWORD, 'aws_region': 'eu-west-1'}, {'disable_ssl_verification': True}),
    'GERRIT': ({'origin': 'https://review.example.org', 'username': 'indexer', 'password': GIT_PASSWORD, 'ref_spec_changes': True},
               {'pr_hide_filter': '^WIP'}),
}
# What the change looks like on the server (camelCase) and in the result (snake_case).
API_NAMES = {
    'smart_commits_enabled': 'smartCommitsEnabled', 'api_filter': 'apiFilter', 'tags_filter': 'tagsFilter',
    'global': 'global', 'project_mapping_ids': 'projectMappingIds', 'max_mins_to_commit_email': 'maxMinsToCommitEmail',
    'ref_spec_notes': 'refSpecNotes', 'disabled': 'disabled', 'send_commit_emails': 'sendCommitEmails',
    'require_user_pat': 'requireUserPat', 'revision_indexing': 'revisionIndexing',
    'disable_ssl_verification': 'disableSslVerification', 'pr_hide_filter': 'prHideFilter',
}
VOLATILE = ('lastIndexedDate',)


def stable(item):
    return dict((k, v) for k, v in item.items() if k not in VOLATILE)


def step(name, args, **keywords):
    task = {'name': name, 'gij.jira.git_integration': args}
    task.update(keywords)
    return task


@pytest.mark.parametrize('strict', [False, True], ids=['merge-update', 'strict-update'])
@pytest.mark.parametrize('kind', sorted(TYPES))
def test_life_cycle(gij, kind, strict):
    """check-mode create, create, re-run, change, delete, delete again: one play, requests counted per task."""
    gij.emulator.reset(strict=strict)
    create, change = TYPES[kind]
    name = 'it-%s' % kind.lower()
    task = dict(create, name=name, type=kind)
    results = gij.run_tasks([
        step('plan', task, check_mode=True, diff=True),
        gij.state_task(),
        step('create', task, diff=True),
        gij.state_task(),
        step('again', task),
        step('change', dict(task, **change), diff=True),
        gij.state_task(),
        step('settled', dict(task, **change)),
        step('delete', {'name': name, 'state': 'absent'}, diff=True),
        gij.state_task(),
        step('delete again', {'name': name, 'state': 'absent'}),
    ])
    assert [r['_status'] for r in results] == ['ok'] * 11, results[-1].output
    planned, before_create, created, server_created, again, changed, server_changed, settled, removed, server_removed, gone = results

    # check mode + diff: predicts the creation, writes nothing
    assert planned['changed'] is True
    assert planned.writes == []
    assert planned['diff']['before'] == {}
    assert planned['diff']['after']['name'] == name and planned['diff']['after']['type'] == kind
    assert before_create['json']['integrations'] == []

    # create for real: one POST; secrets stored, never shown
    assert created['changed'] is True
    assert [r['method'] for r in created.writes] == ['POST']
    server = server_created['json']['integrations']
    assert len(server) == 1 and server[0]['displayName'] == name and server[0]['integrationType'] == kind
    assert created['id'] == server[0]['id']
    for option in ('pat', 'password'):
        if option in create:
            assert option in server[0]['secrets']
    real = dict((k, v) for k, v in created['integration'].items() if k not in ('id', 'init_date', 'last_indexed_date'))
    assert planned['integration'] == real  # the prediction was exact but for what the server sets
    assert_no_secret(planned.result, created.result)

    # the same task again: ok, one request, no write
    assert again['changed'] is False
    assert len(again.requests) == 1 and again.writes == []

    # one change: at most 3 requests; the rest of the integration stays as it was
    assert changed['changed'] is True
    assert len(changed.requests) <= 3
    before = stable(server[0])
    after = stable(server_changed['json']['integrations'][0])
    for option, value in change.items():
        expected = sorted(value) if isinstance(value, list) else value
        assert after[API_NAMES[option]] == expected
        assert changed['integration'][option] == expected
        assert changed['diff']['after'][option] == expected
    untouched = (set(before) | set(after)) - set(API_NAMES[o] for o in change)
    assert dict((k, before.get(k)) for k in untouched) == dict((k, after.get(k)) for k in untouched)
    assert settled['changed'] is False and settled.writes == []

    # delete, then delete again
    assert removed['changed'] is True and removed['integration'] == {}
    assert [(r['method'], r['query']) for r in removed.writes] == [('DELETE', {'deleteFiles': 'false'})]
    assert removed['diff']['after'] == {}
    assert server_removed['json']['integrations'] == []
    assert gone['changed'] is False and gone.writes == []
    assert_no_secret(results[0].output)
