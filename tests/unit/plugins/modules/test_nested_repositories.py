# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Settings of the repositories an integration discovered (issue 28): found through their integration (integration_id
or integration_name, then id, origin or name), changed through the vendor's nested update with its writable fields
only, never added or deleted; git_repositories takes an item for every repository of an integration."""

import pytest

from ansible_collections.gij.jira.tests.unit.module_harness import assert_no_secret

GITLAB = {'displayName': 'GitLab platform', 'type': 'GITLAB_SERVER', 'origin': 'https://gitlab.example.org', 'pat': 'p'}
OTHER = {'displayName': 'GitHub', 'type': 'GITHUB', 'pat': 'p'}
BASE = 'https://gitlab.example.org'
# The vendor's "Update Nested Repository API": read-only there (any value sent is ignored); origin finds the repository.
READ_ONLY_IN_NESTED = {'origin', 'mainBranch', 'enableFetches', 'username', 'password', 'pat', 'encryptedPassword',
                       'encryptedPat', 'requireUserPat', 'disableSslVerification', 'commitsValidationRequired',
                       'refSpecHeads', 'refSpecTags', 'state', 'realRoot', 'absoluteRoot', 'hosted'}


@pytest.fixture()
def nested(gij):
    """Integration 1 with repositories 'GitLab platform repo-1..3', integration 2 with 'GitHub repo-1..3' (a read of
    the emulator's state runs its discovery)."""
    gij.emulator.reset([GITLAB, OTHER], repos_per_integration=3)
    repositories = dict((r['displayName'], r) for r in gij.emulator.repositories())
    assert len(repositories) == 6
    return repositories


def stored(gij, name):
    return [r for r in gij.emulator.repositories() if r['displayName'] == name][0]


def test_a_nested_repository_found_by_integration_name_and_repository_name_is_changed_and_rerun_is_one_request(gij, nested):
    task = {'integration_name': 'GitLab platform', 'name': 'GitLab platform repo-2', 'smart_commits_enabled': False,
            'global': False, 'projects': ['PLAT']}
    changed = gij.run(task, module='git_repository', diff=True)
    assert not changed.failed and changed['changed'] is True, changed.output
    repo = stored(gij, 'GitLab platform repo-2')
    assert repo['smartCommitsEnabled'] is False and repo['projectMappingIds'] == [10000] and repo['global'] is False
    sent = set(changed.writes[0]['body_keys'])
    assert [w['method'] for w in changed.writes] == ['PUT'] and {'id', 'smartCommitsEnabled', 'global', 'projectMappingIds'} <= sent
    assert not sent & READ_ONLY_IN_NESTED, 'a read-only field was sent: %s' % sorted(sent & READ_ONLY_IN_NESTED)
    assert changed['repository']['integration_id'] == 1 and changed['repository']['projects'] == ['PLAT']
    assert changed['diff']['before']['smart_commits_enabled'] is True
    again = gij.run(dict(task, integration_name=None, integration_id=1), module='git_repository')
    assert again['changed'] is False and again.writes == [], again.output
    assert [r['path'] for r in again.requests if '/gitplugin/' in r['path']] == ['/rest/gitplugin/1.0/repository']
    assert stored(gij, 'GitLab platform repo-1')['smartCommitsEnabled'] is True  # the others are left alone


@pytest.mark.parametrize('address', [{'origin': BASE + '/repo-3.git/'}, {'id': 'by-id'}], ids=['origin', 'id'])
def test_a_nested_repository_is_found_by_origin_or_id_and_may_be_renamed(gij, nested, address):
    if 'id' in address:
        address = {'id': nested['GitLab platform repo-3']['id']}
    result = gij.run(dict(address, integration_id=1, name='api', tags_filter='v.*'), module='git_repository')
    assert not result.failed and result['changed'] is True, result.output
    assert result['repository']['name'] == 'api' and result['repository']['tags_filter'] == 'v.*'


def test_check_mode_predicts_a_nested_change_and_writes_nothing(gij, nested):
    task = {'integration_id': 1, 'name': 'GitLab platform repo-1', 'disabled': True}
    planned = gij.run(task, module='git_repository', check=True, diff=True)
    assert planned['changed'] is True and planned.writes == [] and planned['repository']['disabled'] is True, planned.output
    done = gij.run(task, module='git_repository')
    assert [w['path'] for w in done.writes] == ['/rest/gitplugin/1.0/repository/%d/disable' % nested['GitLab platform repo-1']['id']]
    assert stored(gij, 'GitLab platform repo-1')['disabled'] is True


@pytest.mark.parametrize('task, message', [
    ({'integration_id': 1, 'name': 'x', 'main_branch': 'main'},
     'main_branch is read-only on a repository an integration discovered (the nested repository API ignores it): leave '
     'it out, or set it on the integration.'),
    ({'integration_id': 1, 'name': 'x', 'pat': 'secret-value'}, 'pat is read-only on a repository an integration'),
    ({'integration_id': 1, 'name': 'x', 'state': 'absent'}, 'state: absent is refused for a repository of an integration'),
    ({'integration_id': 1, 'integration_name': 'GitLab platform', 'name': 'x'},
     'integration_id and integration_name are mutually exclusive: give one of them.'),
    ({'integration_id': 1}, 'Name the repository of the integration: give its id, origin or name'),
    ({'integration_id': 0, 'name': 'x'}, 'integration_id must be a positive integration id, got 0.'),
])
def test_mistakes_are_refused_before_any_request(gij, nested, task, message):
    result = gij.run(task, module='git_repository')
    assert result.failed and message in result['msg'] and result.requests == [], result.output
    assert_no_secret(result.output)


@pytest.mark.parametrize('task, message', [
    ({'integration_name': 'nope', 'name': 'x'}, "No integration is named 'nope'."),
    ({'integration_id': 1, 'name': 'missing'},
     "Integration id 1 has no repository with the name 'missing' (its repositories: 'GitLab platform repo-1', "
     "'GitLab platform repo-2', 'GitLab platform repo-3'): nothing was changed."),
    ({'integration_id': 9, 'name': 'x'}, 'Integration id 9 has no repository with the name'),
    ({'integration_name': 'GitHub', 'origin': BASE + '/repo-1.git'}, "Integration 'GitHub' (id 2) has no repository with the origin"),
])
def test_a_repository_that_cannot_be_found_is_one_line_and_no_write(gij, nested, task, message):
    result = gij.run(task, module='git_repository')
    assert result.failed and result['msg'].startswith(message) and result.writes == [], result.output
    assert '\n' not in result['msg']


def test_an_ambiguous_name_lists_the_ids(gij, nested):
    gij.emulator.reset([GITLAB], repositories=[
        {'displayName': 'app', 'origin': BASE + '/a/app.git', 'trackedFolderId': 1, 'integrationType': 'GITLAB_SERVER'},
        {'displayName': 'app', 'origin': BASE + '/b/app.git', 'trackedFolderId': 1, 'integrationType': 'GITLAB_SERVER'}],
        repos_per_integration=0)
    result = gij.run({'integration_id': 1, 'name': 'app', 'smart_commits_enabled': False}, module='git_repository')
    assert result.failed and result.writes == [], result.output
    assert result['msg'].startswith("2 repositories of integration id 1 have the name 'app' (ids ")


def test_a_nested_repository_that_vanishes_before_the_write_is_one_line(gij, nested):
    target = nested['GitLab platform repo-1']
    gij.emulator.fault(kind='reply', status=200, body={'success': False, 'error': 'Repository with id=%d does not exist' % target['id']},
                       method='PUT', path=r'/repository$')
    result = gij.run({'integration_id': 1, 'name': 'GitLab platform repo-1', 'tags_filter': 'x'}, module='git_repository')
    assert result.failed and result['changed'] is False and '\n' not in result['msg'], result.output
    assert 'does not exist' in result['msg']


def test_the_set_maps_every_repository_of_an_integration_and_refines_one(gij, nested):
    items = [{'integration_name': 'GitLab platform', 'global': False, 'projects': ['PLAT', 'OPS']},
             {'integration_name': 'GitLab platform', 'name': 'GitLab platform repo-2', 'smart_commits_enabled': False}]
    result = gij.run({'repositories': items}, module='git_repositories', diff=True)
    assert not result.failed and result['changed'] is True, result.output
    mine = [r for r in gij.emulator.repositories() if r.get('trackedFolderId') == 1]
    assert [r['projectMappingIds'] for r in mine] == [[10000, 10100]] * 3
    assert [r['displayName'] for r in mine if r['smartCommitsEnabled'] is False] == ['GitLab platform repo-2']
    assert all(r['global'] is True for r in gij.emulator.repositories() if r.get('trackedFolderId') == 2)
    assert len(result['updated']) == 3
    again = gij.run({'repositories': items}, module='git_repositories')
    assert again['changed'] is False and again.writes == [], again.output
    # the integration list (to find it by name), the repository list, one read per project key
    assert sorted(r['path'] for r in again.requests) == sorted([
        '/rest/gitplugin/1.0/integration', '/rest/gitplugin/1.0/repository', '/rest/api/2/project/PLAT',
        '/rest/api/2/project/OPS'])
    assert len(again['unchanged']) == 3


def test_an_unchanged_set_by_integration_id_is_one_list_read(gij, nested):
    items = [{'integration_id': 1, 'revision_indexing': True}, {'integration_id': 2, 'revision_indexing': True}]
    result = gij.run({'repositories': items}, module='git_repositories')
    assert result['changed'] is False and [r['path'] for r in result.requests] == ['/rest/gitplugin/1.0/repository']


@pytest.mark.parametrize('args, message', [
    ({'repositories': [{'integration_id': 1}, {'origin': BASE + '/single.git'}]},
     'List single repositories and repositories of integrations (integration_id, integration_name) in separate tasks.'),
    ({'repositories': [{'integration_id': 1}], 'exclusive': True}, 'exclusive and plan_file are not supported'),
    ({'repositories': [{'integration_id': 1, 'main_branch': 'x'}]},
     'repositories[0] (all of id 1): main_branch is read-only on a repository an integration discovered'),
])
def test_set_mistakes_are_refused_before_any_request(gij, nested, args, message):
    result = gij.run(args, module='git_repositories')
    assert result.failed and result['msg'].startswith(message) and result.requests == [], result.output


def test_the_same_repository_twice_in_a_set_is_refused_before_any_write(gij, nested):
    items = [{'integration_id': 1, 'name': 'GitLab platform repo-1', 'disabled': True},
             {'integration_id': 1, 'origin': BASE + '/repo-1.git', 'disabled': False}]
    result = gij.run({'repositories': items}, module='git_repositories')
    assert result.failed and result.writes == [], result.output
    assert result['msg'] == ('repositories[1] (%s/repo-1.git of id 1): the same repository (id %d) as repositories[0] '
                             '(GitLab platform repo-1 of id 1): list it once.' % (BASE, nested['GitLab platform repo-1']['id']))


def test_an_integration_without_repositories_yet_is_a_warning_not_a_failure(gij):
    gij.emulator.reset([GITLAB], repos_per_integration=0)
    result = gij.run({'repositories': [{'integration_name': 'GitLab platform', 'smart_commits_enabled': False}]},
                     module='git_repositories')
    assert not result.failed and result['changed'] is False, result.output
    assert "Integration 'GitLab platform' (id 1) has no repositories yet" in ' '.join(result.output.splitlines())


def test_an_unchanged_set_of_500_nested_repositories_is_one_list_read_and_one_read_per_key(gij):
    gij.emulator.reset([GITLAB], repos_per_integration=500)
    item = {'integration_id': 1, 'global': False, 'projects': ['PLAT', 'OPS']}
    first = gij.run({'repositories': [item]}, module='git_repositories')
    assert not first.failed and len(first['updated']) == 500, first.output
    again = gij.run({'repositories': [item]}, module='git_repositories')
    assert again['changed'] is False and len(again['unchanged']) == 500
    assert sorted(r['path'] for r in again.requests) == [
        '/rest/api/2/project/OPS', '/rest/api/2/project/PLAT', '/rest/gitplugin/1.0/repository']
