# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Type rules, lookup and reconciliation against the emulator (both update readings)."""

import copy

import pytest

from ansible_collections.gij.jira.plugins.module_utils.api import GijClient, GijError
from ansible_collections.gij.jira.plugins.module_utils.fields import INTEGRATION
from ansible_collections.gij.jira.plugins.module_utils.integration import IntegrationService
from ansible_collections.gij.jira.plugins.module_utils.reconcile import Reconciler

from ansible_collections.gij.jira.tests.unit.emulator_support import TOKEN


def params_for(**options):
    params = {'state': 'present', 'update_secrets': 'on_create', 'delete_files': False, 'id': None}
    params.update(options)
    return params


def reconciler(emulator, check_mode=False, diff_mode=False):
    client = GijClient({'jira_url': emulator.url, 'jira_token': TOKEN, 'timeout': 5}, environ={}, sleep=lambda s: None)
    return Reconciler(IntegrationService(client), check_mode=check_mode, diff_mode=diff_mode)


@pytest.mark.parametrize('options, message', [
    ({'type': 'GITHUB_SERVER', 'pat': 'p'}, r'origin is required for type GITHUB_SERVER'),
    ({'type': 'FILESPACE', 'folder_depth': 1}, r'origin is required for type FILESPACE \(the folder pattern'),
    ({'type': 'AWS', 'username': 'u', 'password': 'p'}, 'aws_region is required for type AWS'),
    ({'type': 'FILESPACE', 'origin': '/srv/*'}, r'folder_depth \(1-5\) is required for type FILESPACE'),
])
def test_create_rules_fail_before_any_write(emulator, options, message):
    # Needed to create only: an existing integration is managed without them (see the integration tests).
    with pytest.raises(GijError, match=message):
        reconciler(emulator).run(params_for(**dict({'name': 'x'}, **options)))
    assert emulator.writes() == []


@pytest.mark.parametrize('options, message', [
    ({'type': 'GITHUB', 'aws_region': 'eu-west-1'}, 'aws_region is only valid for type AWS, not GITHUB'),
    ({'type': 'GITLAB', 'tfs_collection': 'c'}, 'tfs_collection is only valid for the Microsoft types'),
    ({'type': 'FILESPACE', 'origin': '/srv/*', 'folder_depth': 6}, 'folder_depth must be between 1 and 5'),
    ({'type': 'GITHUB', 'folder_depth': 2}, 'folder_depth is only valid for type FILESPACE'),
    ({'api_path': 'groups/x'}, 'api_path must start with "/"'),
    ({'api_filter': 'x' * 2001}, 'api_filter must be at most 2000 characters'),
    ({'max_mins_to_commit_email': -1}, 'max_mins_to_commit_email must not be negative'),
    ({'project_mapping_ids': [1]}, 'project_mapping_ids needs global: false'),
    ({'project_mapping_ids': [1], 'global': True}, 'project_mapping_ids needs global: false'),
    ({'name': '  '}, 'name must not be empty'),
    ({'id': 0}, 'id must be a positive integration id'),
])
def test_task_rules_fail_before_any_request(options, message):
    with pytest.raises(GijError, match=message):
        INTEGRATION.check_task(params_for(**dict({'name': 'x'}, **options)))


@pytest.mark.parametrize('kind, credentials', [
    ('GITHUB', {}), ('GITHUB_SERVER', {'username': 'u', 'password': 'p'}), ('GERRIT', {'pat': 'p'}), ('AWS', {'username': 'u'}),
])
def test_create_needs_the_credentials_of_its_type(emulator, kind, credentials):
    extra = {'origin': 'https://h.example.org'} if kind in ('GITHUB_SERVER', 'GERRIT') else {}
    extra.update({'aws_region': 'us-east-1'} if kind == 'AWS' else {})
    with pytest.raises(GijError, match='Creating a %s integration needs' % kind):
        reconciler(emulator).run(params_for(name='x', type=kind, **dict(extra, **credentials)))
    assert emulator.writes() == []


def test_create_requires_type(emulator):
    with pytest.raises(GijError, match="No integration named 'x' exists and type is not set"):
        reconciler(emulator).run(params_for(name='x', pat='p'))


@pytest.mark.parametrize('strict', [False, True])
def test_update_keeps_untouched_fields_under_both_readings(make_emulator, strict):
    emulator = make_emulator(strict=strict)
    emulator.state.seed({'displayName': 'GL', 'type': 'GITLAB_SERVER', 'origin': 'https://gl.example.org', 'pat': 'p',
                         'apiPath': '/groups/a/projects', 'tagsFilter': 'v.*', 'global': False, 'projectMappingIds': [5],
                         'smartCommitsEnabled': False, 'disabled': True})
    before = copy.deepcopy(emulator.state.integrations[1])
    result = reconciler(emulator).run(params_for(name='GL', max_mins_to_commit_email=30))
    after = emulator.state.integrations[1]
    assert result['changed'] is True and after['maxMinsToCommitEmail'] == 30
    for key in ('apiPath', 'tagsFilter', 'global', 'projectMappingIds', 'smartCommitsEnabled', 'origin', '_secrets'):
        assert after[key] == before[key], key
    assert after['disabled'] is True  # the update reset it; the module put it back
    assert [(e['method'], e['path'].rsplit('/', 2)[-2:]) for e in emulator.writes()] == [
        ('PUT', ['integration', '1']), ('PUT', ['1', 'disable'])]


def test_write_only_values_of_the_task_survive_a_strict_update(make_emulator):
    emulator = make_emulator(strict=True)
    emulator.state.seed({'displayName': 'CC', 'type': 'AWS', 'username': 'AKIA', 'password': 's', 'awsRegion': 'eu-west-1'})
    reconciler(emulator).run(params_for(name='CC', aws_region='eu-west-1', smart_commits_enabled=False))
    assert emulator.state.integrations[1]['awsRegion'] == 'eu-west-1'


def test_check_mode_predicts_the_real_update(emulator):
    emulator.state.seed({'displayName': 'GH', 'type': 'GITHUB', 'pat': 'p', 'tagsFilter': 'v.*'})
    task = params_for(name='GH', tags_filter='', smart_commits_enabled=False, disabled=True)
    predicted = reconciler(emulator, check_mode=True, diff_mode=True).run(task)
    assert emulator.writes() == []
    real = reconciler(emulator, diff_mode=True).run(task)
    for result in (predicted, real):
        result['integration'].pop('last_indexed_date', None)
    assert predicted == real
    assert real['diff']['before'] == {'disabled': False, 'name': 'GH', 'smart_commits_enabled': True, 'tags_filter': 'v.*'}
    assert real['diff']['after'] == {'disabled': True, 'name': 'GH', 'smart_commits_enabled': False}


def test_only_disabled_changes_through_the_endpoint_and_is_read_back(emulator):
    emulator.state.seed({'displayName': 'GH', 'type': 'GITHUB', 'pat': 'p'})
    result = reconciler(emulator).run(params_for(name='GH', disabled=True))
    assert result['integration']['disabled'] is True
    assert [e['method'] for e in emulator.state.log] == ['GET', 'PUT', 'GET']
    assert emulator.state.log[1]['query'] == {'disable': 'true'}


def test_rotation_sends_the_secret_and_reports_a_change(emulator):
    emulator.state.seed({'displayName': 'GH', 'type': 'GITHUB', 'pat': 'old'})
    first = emulator.state.integrations[1]['_secrets']['pat']
    assert reconciler(emulator).run(params_for(name='GH', pat='new'))['changed'] is False
    assert emulator.state.integrations[1]['_secrets']['pat'] == first
    result = reconciler(emulator, diff_mode=True).run(params_for(name='GH', pat='new', update_secrets='always'))
    assert result['changed'] is True and emulator.state.integrations[1]['_secrets']['pat'] != first
    assert result['diff'] == {'before': {'name': 'GH', 'pat': '********'}, 'after': {'name': 'GH', 'pat': '******** (new value sent)'}}


def test_check_mode_says_the_secret_would_be_sent_and_sends_nothing(emulator):
    emulator.state.seed({'displayName': 'GH', 'type': 'GITHUB', 'pat': 'old'})
    first = emulator.state.integrations[1]['_secrets']['pat']
    result = reconciler(emulator, check_mode=True, diff_mode=True).run(params_for(name='GH', pat='new', update_secrets='always'))
    assert result['changed'] is True and emulator.state.integrations[1]['_secrets']['pat'] == first
    assert result['diff']['after']['pat'] == '******** (new value would be sent)'


def test_duplicate_names_fail_listing_ids_unless_type_tells_them_apart(emulator):
    for kind in ('GITHUB', 'GITHUB', 'GITLAB'):
        emulator.state.seed({'displayName': 'Same', 'type': kind})
    with pytest.raises(GijError, match=r"3 integrations are named 'Same' \(ids 1, 2, 3\): give id"):
        reconciler(emulator).run(params_for(name='Same'))
    with pytest.raises(GijError, match=r"2 integrations are named 'Same' \(ids 1, 2\)"):
        reconciler(emulator).run(params_for(name='Same', type='GITHUB'))
    assert reconciler(emulator).run(params_for(name='Same', type='GITLAB'))['id'] == 3


def test_rename_by_id(emulator):
    emulator.state.seed({'displayName': 'Old', 'type': 'GITHUB', 'pat': 'p'})
    result = reconciler(emulator).run(params_for(id=1, name='New'))
    assert result['changed'] is True and emulator.state.integrations[1]['displayName'] == 'New'


def test_unknown_id_fails_for_present_and_is_ok_for_absent(emulator):
    with pytest.raises(GijError, match='Integration id 9 does not exist'):
        reconciler(emulator).run(params_for(id=9, name='x'))
    assert reconciler(emulator).run(params_for(id=9, state='absent'))['changed'] is False


@pytest.mark.parametrize('strict', [False, True], ids=['200-with-success-false', '404'])
def test_delete_of_a_vanished_integration_is_ok(make_emulator, strict):
    emulator = make_emulator(strict=strict)
    service = reconciler(emulator).service
    service.delete(7, False, 'id 7')  # "does not exist" is what a delete wants: no error
    assert service.get(7) is None


def test_type_cannot_change(emulator):
    emulator.state.seed({'displayName': 'GH', 'type': 'GITHUB'})
    with pytest.raises(GijError, match='is of type GITHUB and cannot be changed to GITLAB'):
        reconciler(emulator).run(params_for(name='GH', type='GITLAB', pat='p'))
    assert emulator.writes() == []


def test_delete_files_refused_for_tracked_folders(emulator):
    emulator.state.seed({'displayName': 'Folders', 'type': 'FILESPACE', 'origin': '/srv/git/*', 'folderDepth': 1})
    with pytest.raises(GijError, match='delete_files: true is refused for the tracked folder'):
        reconciler(emulator).run(params_for(name='Folders', state='absent', delete_files=True))
    assert emulator.writes() == []


def test_delete_files_is_sent(emulator):
    emulator.state.seed({'displayName': 'GH', 'type': 'GITHUB'})
    reconciler(emulator).run(params_for(name='GH', state='absent', delete_files=True))
    assert emulator.state.log[-1]['query'] == {'deleteFiles': 'true'}


def test_pagination_is_followed(make_emulator):
    emulator = make_emulator(page_size=100)
    for number in range(250):
        emulator.state.seed({'displayName': 'gh-%d' % number, 'type': 'GITHUB'})
    result = reconciler(emulator).run(params_for(name='gh-249', smart_commits_enabled=True))
    assert result['changed'] is False and result['id'] == 250
    assert [e['query'] for e in emulator.state.log] == [{}, {'offset': '100', 'limit': '100'}, {'offset': '200', 'limit': '100'}]


def test_an_ambiguous_create_failure_looks_before_it_decides(emulator):
    # The server created the integration but the reply was lost: adopt it, do not create a second one.
    emulator.fault(kind='drop', method='POST', after=True)
    result = reconciler(emulator).run(params_for(name='GH', type='GITHUB', pat='p'))
    assert result['changed'] is True
    assert len(emulator.state.integrations) == 1
    assert [e['method'] for e in emulator.state.log] == ['GET', 'POST', 'GET']


def test_a_failed_create_that_did_not_happen_never_invites_a_duplicate(emulator):
    emulator.fault(kind='status', status=503, method='POST')
    with pytest.raises(GijError, match='HTTP 503.* may still appear on the server.* before running the task again'):
        reconciler(emulator).run(params_for(name='GH', type='GITHUB', pat='p'))
    assert emulator.state.integrations == {}


def test_server_that_ignores_a_value_is_named(emulator):
    emulator.state.seed({'displayName': 'GH', 'type': 'GITHUB', 'pat': 'p'})
    emulator.fault(kind='ignore_fields', fields=['revisionIndexing'], method='PUT')
    with pytest.raises(GijError, match=r"did not apply revision_indexing \(wanted False, server has True\) to integration 'GH'"):
        reconciler(emulator).run(params_for(name='GH', revision_indexing=False))
