# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The emulator keeps to the documented API (docs/api-notes.md), quirks included, so it cannot drift unnoticed."""

import json

import pytest
import requests

from ansible_collections.gij.jira.tests.emulator import gij_emulator
from ansible_collections.gij.jira.tests.unit.emulator_support import RunningEmulator

GITHUB = {'displayName': 'MyGitHub', 'origin': 'https://api.github.com', 'type': 'GITHUB', 'pat': 'thisisthepat'}


def create(emulator, body=None):
    return emulator.api('POST', '/integration', json=body or GITHUB)


def test_create_answers_string_success_and_an_object_with_integration_type(emulator):
    reply = create(emulator).json()
    assert reply['success'] == 'true'
    item = reply['integration']
    assert isinstance(item, dict) and item['id'] == 1 and isinstance(item['initDate'], int)
    assert item['integrationType'] == 'GITHUB' and 'type' not in item
    assert 'lastIndexedDate' not in item  # not indexed yet


def test_vendor_example_response_fields(emulator):
    item = create(emulator).json()['integration']
    expected = {'displayName': 'MyGitHub', 'origin': 'https://api.github.com', 'disabled': False, 'sendCommitEmails': True,
                'maxMinsToCommitEmail': 1440, 'global': True, 'revisionIndexing': True, 'gitViewerEnabled': True,
                'disableSslVerification': False, 'smartCommitsEnabled': True, 'projectMappingIds': [],
                'sourcesDiffViewEnabled': True, 'refSpecNotes': True, 'refSpecChanges': False, 'trustFolderStat': False}
    assert dict((k, item[k]) for k in expected) == expected


def test_read_one_is_a_one_element_list(emulator):
    create(emulator)
    reply = emulator.api('GET', '/integration/1').json()
    assert reply['success'] == 'true' and isinstance(reply['integration'], list) and len(reply['integration']) == 1


def test_list_has_boolean_success(emulator):
    create(emulator)
    reply = emulator.api('GET', '/integration').json()
    assert reply['success'] is True and [i['id'] for i in reply['integrations']] == [1]


def test_last_indexed_date_appears_later(emulator):
    create(emulator)
    emulator.api('GET', '/integration/1')
    assert 'lastIndexedDate' in emulator.api('GET', '/integration/1').json()['integration'][0]


def test_secrets_and_never_echoed_fields_are_not_returned(emulator):
    body = dict(GITHUB, username='u', password='p', tfsCollection='c', refSpecCustom='+refs/x/*:refs/x/*')
    for reply in (create(emulator).json()['integration'], emulator.api('GET', '/integration').json()['integrations'][0],
                  emulator.api('GET', '/integration/1').json()['integration'][0]):
        assert not set(reply) & {'username', 'password', 'pat', 'tfsCollection', 'awsRegion', 'refSpecCustom', 'folderDepth'}
    assert 'thisisthepat' not in json.dumps(emulator.state.integrations)  # stored as fingerprints only
    del body


def test_unset_fields_are_omitted(emulator):
    item = create(emulator).json()['integration']
    assert not set(item) & {'apiPath', 'apiFilter', 'tagsFilter', 'prHideFilter', 'requireUserPat'}


def test_update_merges_and_keeps_secrets_but_resets_an_omitted_disabled(emulator):
    create(emulator, dict(GITHUB, tagsFilter='v.*', disabled=True))
    secrets = dict(emulator.state.integrations[1]['_secrets'])
    reply = emulator.api('PUT', '/integration/1', json={'smartCommitsEnabled': False}).json()
    assert reply['success'] == 'true' and isinstance(reply['integration'], dict)
    assert reply['integration']['smartCommitsEnabled'] is False and reply['integration']['tagsFilter'] == 'v.*'
    assert reply['integration']['disabled'] is False  # "If left blank, the default setting for this field is false"
    assert emulator.state.integrations[1]['_secrets'] == secrets


def test_strict_update_resets_every_omitted_field(make_emulator):
    emulator = make_emulator(strict=True)
    create(emulator, dict(GITHUB, tagsFilter='v.*', smartCommitsEnabled=False))
    item = emulator.api('PUT', '/integration/1', json={'maxMinsToCommitEmail': 5}).json()['integration']
    assert 'tagsFilter' not in item and item['smartCommitsEnabled'] is True and item['maxMinsToCommitEmail'] == 5
    assert item['displayName'] == 'https://github.com/*'  # derived again from origin
    assert emulator.state.integrations[1]['_secrets']  # secrets survive even here


def test_enable_disable_endpoint(emulator):
    create(emulator)
    reply = emulator.api('PUT', '/repository/1/disable', params={'disable': 'true'}).json()
    assert reply == {'success': True} and emulator.state.integrations[1]['disabled'] is True
    assert emulator.api('PUT', '/repository/1/disable').json()['success'] is False  # parameter required


def test_delete_and_the_documented_missing_body(emulator):
    create(emulator)
    assert emulator.api('DELETE', '/integration/1', params={'deleteFiles': 'false'}).json() == {'success': True}
    reply = emulator.api('DELETE', '/integration/1')
    assert reply.status_code == 200
    assert reply.json() == {'success': False, 'error': 'Repository with id=1 does not exist',
                            'advice': 'Check the id with the integration list.'}


def test_strict_mode_uses_status_codes(make_emulator):
    emulator = make_emulator(strict=True)
    assert emulator.api('GET', '/integration/5').status_code == 404
    assert create(emulator, {'type': 'NOPE'}).status_code == 400


@pytest.mark.parametrize('body, error', [
    ({'type': 'NOPE'}, 'Unknown integration type: NOPE'),
    ({'type': 'GITLAB_SERVER', 'pat': 'p'}, 'The origin field is required for GITLAB_SERVER'),
    ({'type': 'AWS', 'username': 'u', 'password': 'p'}, 'The awsRegion field is required'),
    ({'type': 'AWS', 'username': 'u', 'password': 'p', 'awsRegion': 'mars-1'}, 'Unsupported AWS region: mars-1'),
    ({'type': 'FILESPACE', 'origin': '/srv/*'}, 'The folderDepth field is required'),
    ({'type': 'FILESPACE', 'origin': '/srv/*', 'folderDepth': 9}, 'Invalid folderDepth: 9'),
    ({'type': 'GITHUB', 'pat': 'p', 'apiPath': 'x'}, 'apiPath must start with'),
    ({'type': 'GITHUB', 'pat': 'p', 'global': 'yes'}, 'Invalid value for global'),
    ({'type': 'GITHUB', 'pat': 'p', 'projectMappingIds': ['PRJ']}, 'Invalid value for projectMappingIds'),
    ({'type': 'GITLAB'}, 'Unable to connect to the git host: missing pat'),
])
def test_validation_failures_are_success_false_with_error_and_advice(emulator, body, error):
    reply = create(emulator, body).json()
    assert reply['success'] is False and reply['error'].startswith(error) and reply['advice']
    assert emulator.state.integrations == {}


def test_global_with_project_ids_ignored_or_refused(make_emulator):
    lenient = make_emulator()
    body = dict(GITHUB, projectMappingIds=[10000])
    assert create(lenient, body).json()['integration']['projectMappingIds'] == []
    strict = make_emulator(strict=True)
    assert create(strict, body).json()['error'] == 'projectMappingIds are not accepted for a global integration'


def test_authentication(emulator):
    assert emulator.api('GET', '/integration', auth=None, headers={'Authorization': 'Bearer unit-admin-token'}).status_code == 200
    bad = emulator.api('GET', '/integration', auth=('admin', 'wrong'))
    assert bad.status_code == 401 and bad.headers['X-Seraph-LoginReason'] == 'AUTHENTICATED_FAILED'
    assert bad.headers['Content-Type'].startswith('text/html')
    assert emulator.api('GET', '/integration', auth=('jdoe', 'jdoe-pw')).status_code == 403
    assert emulator.api('GET', '/nothing').status_code == 404


def test_context_path_and_unknown_paths(make_emulator):
    emulator = make_emulator(context_path='/jira')
    assert emulator.api('GET', '/integration').status_code == 200
    assert requests.get(emulator.url.replace('/jira', '') + '/rest/gitplugin/1.0/integration', timeout=5).status_code == 404


def test_pagination_envelope(make_emulator):
    emulator = make_emulator(page_size=2)
    for number in range(3):
        create(emulator, dict(GITHUB, displayName='g%d' % number))
    first = emulator.api('GET', '/integration').json()
    assert (first['total'], first['offset'], first['count']) == (3, 0, 2)
    assert emulator.api('GET', '/integration', params={'offset': 2}).json()['count'] == 1


def test_state_file_survives_a_restart(tmp_path):
    path = str(tmp_path / 'state.json')
    first = RunningEmulator(state_file=path)
    create(first)
    first.stop()
    second = RunningEmulator(state_file=path)
    try:
        assert [i['displayName'] for i in second.api('GET', '/integration').json()['integrations']] == ['MyGitHub']
        assert create(second).json()['integration']['id'] == 2
    finally:
        second.stop()


def test_request_log_says_which_secrets_were_sent_but_never_their_values(emulator):
    create(emulator)
    entry = emulator.state.log[-1]
    assert entry['secrets_sent'] == ['pat'] and 'thisisthepat' not in json.dumps(emulator.state.log)


def test_control_interface_is_off_unless_enabled(make_emulator):
    emulator = make_emulator()
    emulator.server.control = False
    assert requests.get(emulator.url + '/_emulator/state', timeout=5).status_code == 404


REPO = {'displayName': 'MyGitLab-testrepo', 'origin': 'https://github.com/johnsmith/test-repo.git', 'pat': 'thisisthepat'}


def test_add_repository_answers_a_bare_object_like_the_vendor_example(emulator):
    reply = emulator.api('POST', '/repository', json=REPO).json()
    assert 'success' not in reply
    assert reply['id'] == 1 and reply['mainBranch'] == 'master' and reply['realRoot'] == '1_MyGitLab-testrepo'
    assert reply['root'].endswith('/data/git-plugin/1_MyGitLab-testrepo') and reply['absoluteRoot'] is False
    assert not set(reply) & {'pat', 'password', 'username', 'refSpecCustom'}


def test_update_repository_takes_the_id_in_the_body(emulator):
    emulator.api('POST', '/repository', json=REPO)
    reply = emulator.api('PUT', '/repository', json={'id': 1, 'mainBranch': 'main'}).json()
    assert reply['mainBranch'] == 'main' and reply['displayName'] == 'MyGitLab-testrepo'
    assert emulator.state.repositories[1]['_secrets']  # kept


def test_delete_repository_by_query_and_the_missing_body(emulator):
    emulator.api('POST', '/repository', json=REPO)
    assert emulator.api('DELETE', '/repository', params={'id': 1, 'deleteFiles': 'false'}).json() == {'success': True}
    assert emulator.api('DELETE', '/repository', params={'id': 1}).json()['error'] == 'Repository with id=1 does not exist'


def test_repository_rules(emulator):
    assert emulator.api('POST', '/repository', json={'displayName': 'x'}).json()['error'] == 'The origin field is required'
    assert emulator.api('POST', '/repository', json=dict(REPO, realRoot='/srv/x')).json()['error'].startswith('realRoot and absoluteRoot')
    reply = emulator.api('POST', '/repository', json=dict(REPO, **{'global': False, 'gitViewerEnabled': True})).json()
    assert reply['error'] == 'At least one project must be associated with the repository'


def test_discovered_repositories_belong_to_their_integration_and_are_listed_to_any_user(emulator):
    create(emulator)
    listed = emulator.api('GET', '/repository', auth=('jdoe', 'jdoe-pw')).json()
    assert listed['success'] is True and [r['trackedFolderId'] for r in listed['repositories']] == [1, 1]
    # The nested update: writable fields change, a read-only one sent is ignored (vendor's Update Nested Repository API).
    updated = emulator.api('PUT', '/repository', json={'id': 2, 'mainBranch': 'x', 'smartCommitsEnabled': False}).json()
    assert updated['mainBranch'] == 'master' and updated['smartCommitsEnabled'] is False and updated['trackedFolderId'] == 1


def test_discovery_and_first_indexing_take_the_configured_numbers_of_list_reads(emulator):
    emulator.reset(discovery_polls=1, index_polls=2, index_errors=[2])
    create(emulator)

    def listed():
        return [(r['displayName'], r['state'], 'lastIndexedDate' in r)
                for r in emulator.api('GET', '/repository').json()['repositories']]
    assert listed() == []  # the first read after the create: not discovered yet
    assert emulator.view()['repositories'] != []  # the state view shows what the next read will, and moves nothing on
    assert listed() == [('MyGitHub repo-1', 'QUEUED', False), ('MyGitHub repo-2', 'QUEUED', False)]
    assert listed() == [('MyGitHub repo-1', 'SCANNING', False), ('MyGitHub repo-2', 'SCANNING', False)]
    finished = [('MyGitHub repo-1', 'UPDATED', True), ('MyGitHub repo-2', 'ERROR', False)]
    assert listed() == finished and listed() == finished


def test_discovered_repositories_are_indexed_at_once_by_default_and_single_ones_carry_no_state(emulator):
    create(emulator)
    emulator.api('POST', '/repository', json=REPO)
    repositories = emulator.api('GET', '/repository').json()['repositories']
    assert sorted(('trackedFolderId' in r, r.get('state'), 'lastIndexedDate' in r) for r in repositories) == [
        (False, None, False), (True, 'UPDATED', True), (True, 'UPDATED', True)]


def test_reindex_threads_finish_after_a_few_polls(emulator):
    thread = requests.post(emulator.url + '/rest/gitplugin/2.0/reindex', json={}, auth=('admin', 'admin-pw'), timeout=5).json()
    assert thread['success'] is True and thread['threadId']
    polls = [emulator.api('GET', '/index.json', params={'threadId': thread['threadId']}).json() for dummy in range(3)]
    assert [p['finished'] for p in polls] == [False, False, True] and polls[-1]['lastOperationPercent'] == 100


def test_reindex_polls_as_a_list_gives_each_reindex_in_start_order_its_own_length(emulator):
    emulator.reset(reindex_polls=[2, 4])
    started = [requests.post(emulator.url + '/rest/gitplugin/2.0/reindex', json={}, auth=('admin', 'admin-pw'),
                             timeout=5).json()['threadId'] for dummy in range(3)]
    rounds = [[emulator.api('GET', '/index.json', params={'threadId': thread}).json() for thread in started]
              for dummy in range(5)]
    assert [[p['finished'] for p in polls] for polls in rounds] == [
        [False, False, False], [True, False, False], [True, False, False], [True, True, True], [True, True, True]]
    assert [[p['lastOperationPercent'] for p in polls] for polls in rounds] == [
        [50, 25, 25], [100, 50, 50], [100, 75, 75], [100, 100, 100], [100, 100, 100]]


# Rules re-derived from docs/api-notes.md, not from the collection's field table.
@pytest.mark.parametrize('region, vendor', [('us-east-1', True), ('sa-east-1', True), ('me-south-1', True),
                                            ('ap-southeast-3', False), ('il-central-1', False), ('us-gov-west-1', False)])
@pytest.mark.parametrize('reading', ['vendor', 'any'])
def test_aws_regions_follow_the_vendors_list_or_aws_own(emulator, region, vendor, reading):
    emulator.reset(aws_regions=reading)
    reply = create(emulator, {'type': 'AWS', 'username': 'AKIA', 'password': 'p', 'awsRegion': region}).json()
    assert (reply['success'] == 'true') is (vendor or reading == 'any'), reply


@pytest.mark.parametrize('body, accepted', [
    ({'username': 'all', 'pat': 'p'}, True),
    ({'username': 'u', 'password': 'p'}, True),
    ({'pat': 'p'}, False),  # section 5: a pat goes with username "all"
    ({'username': 'u', 'pat': 'p'}, False),
])
def test_tfs_server_credentials_follow_section_5(emulator, body, accepted):
    reply = create(emulator, dict(body, type='TFS_SERVER', origin='https://tfs.example.org/tfs')).json()
    assert (reply['success'] == 'true') is accepted, reply
    if not accepted:
        assert reply['error'] == ('Unable to connect to the git host: missing password and username, '
                                  'or pat and username "all"')


def test_global_ignores_sent_project_ids_but_keeps_the_stored_ones(emulator):
    create(emulator, dict(GITHUB, **{'global': False, 'projectMappingIds': [10000]}))
    item = emulator.api('PUT', '/integration/1', json={'global': True}).json()['integration']
    assert item['global'] is True and item['projectMappingIds'] == [10000]  # the notes do not say they are cleared
    item = emulator.api('PUT', '/integration/1', json={'global': True, 'projectMappingIds': [1]}).json()['integration']
    assert item['projectMappingIds'] == [10000]  # ignored (section 9.7, lenient side)


@pytest.mark.parametrize('strict, status', [(False, 200), (True, 400)], ids=['lenient', 'strict'])
def test_unknown_body_keys_are_refused(make_emulator, strict, status):
    emulator = make_emulator(strict=strict)
    reply = create(emulator, dict(GITHUB, tfsColection='c'))
    assert reply.status_code == status
    assert reply.json() == {'success': False, 'error': 'Unrecognized field "tfsColection"',
                            'advice': 'Send only the documented request fields.'}
    assert emulator.state.integrations == {}
    create(emulator)
    assert emulator.api('PUT', '/integration/1', json={'refSpecCustoms': 'x', 'zz': 1}).json()['error'] == \
        'Unrecognized fields "refSpecCustoms", "zz"'
    assert emulator.api('POST', '/repository', json=dict(REPO, folderDepth=1)).json()['error'] == 'Unrecognized field "folderDepth"'
    reindex = requests.post(emulator.url + '/rest/gitplugin/2.0/reindex', json={'repoid': 1}, auth=('admin', 'admin-pw'), timeout=5)
    assert reindex.status_code == status and reindex.json()['error'] == 'Unrecognized field "repoid"'


def test_integration_type_in_an_update_body_is_the_lenient_reading_only(make_emulator):
    # Section 9.5: a vendor update example names the type "integrationType".
    for strict, accepted in ((False, True), (True, False)):
        emulator = make_emulator(strict=strict)
        create(emulator)
        reply = emulator.api('PUT', '/integration/1', json={'integrationType': 'GITHUB', 'smartCommitsEnabled': False}).json()
        assert (reply['success'] == 'true') is accepted, reply


def test_request_log_keeps_values_with_secrets_as_fingerprints(emulator):
    create(emulator, dict(GITHUB, username='indexer', password='the-password', tfsCollection='Main'))
    entry = emulator.state.log[-1]
    body = entry['body']
    assert body['tfsCollection'] == 'Main' and body['type'] == 'GITHUB' and body['displayName'] == 'MyGitHub'
    for name, value in (('pat', 'thisisthepat'), ('password', 'the-password'), ('username', 'indexer')):
        assert body[name] == 'fingerprint:' + gij_emulator.fingerprint(value)
        assert value not in json.dumps(emulator.state.log)
    assert entry['task'] is None and entry['user'] == 'admin'


def test_task_tokens_authenticate_as_their_user_and_name_the_task(emulator):
    control = emulator.url + '/_emulator/task-tokens'
    assert requests.post(control, json={'prefix': 'runner-1/', 'user': 'admin'}, timeout=5).json() == {'ok': True}
    assert requests.post(control, json={'prefix': 'short'}, timeout=5).status_code == 400
    reply = emulator.api('GET', '/integration', auth=None, headers={'Authorization': 'Bearer runner-1/t3@host-b'})
    assert reply.status_code == 200
    assert emulator.api('GET', '/integration', auth=None, headers={'Authorization': 'Bearer runner-1/'}).status_code == 401
    assert emulator.api('GET', '/integration', auth=None, headers={'Authorization': 'Bearer runner-2/t1'}).status_code == 401
    logged = [(e['task'], e.get('user')) for e in emulator.state.log]
    assert logged == [('t3@host-b', 'admin'), (None, None), (None, None)]


def jira_project(emulator, key, auth=('admin', 'admin-pw')):
    return requests.get(emulator.url + '/rest/api/2/project/' + key, auth=auth, timeout=5)


@pytest.mark.parametrize('wanted', ['PLAT', 'plat', '10000'])
def test_jira_finds_a_project_by_key_in_any_case_or_by_id_and_gives_its_id_as_text(emulator, wanted):
    reply = jira_project(emulator, wanted)
    assert reply.status_code == 200 and reply.json()['id'] == '10000' and reply.json()['key'] == 'PLAT', reply.text


def test_an_unknown_project_key_is_404_with_jiras_error_messages(emulator):
    reply = jira_project(emulator, 'NOPE')
    assert reply.status_code == 404 and reply.json() == {'errorMessages': ["No project could be found with key 'NOPE'."],
                                                         'errors': {}}


def test_the_project_list_is_every_seeded_project_and_follows_the_config(emulator):
    listed = requests.get(emulator.url + '/rest/api/2/project', auth=('admin', 'admin-pw'), timeout=5).json()
    assert [p['key'] for p in listed] == ['PLAT', 'OPS', 'WEB', 'DATA']
    emulator.reset(projects=[{'id': 7, 'key': 'X', 'name': 'x'}])
    assert jira_project(emulator, 'X').json()['id'] == '7' and jira_project(emulator, 'PLAT').status_code == 404


def test_the_project_endpoints_need_credentials(emulator):
    assert jira_project(emulator, 'PLAT', auth=('admin', 'wrong')).status_code == 401


def test_the_repository_list_of_a_project_key_holds_its_repositories_and_the_global_ones(emulator):
    emulator.reset(repositories=[{'id': 1, 'global': False, 'projectMappingIds': [10000]},
                                 {'id': 2, 'global': False, 'projectMappingIds': [10100]},
                                 {'id': 3, 'global': True}])

    def listed(key):
        reply = emulator.api('GET', '/repository', params={'projectKey': key}).json()
        return [r['id'] for r in reply['repositories']] if reply['success'] else reply['error']
    assert [listed('PLAT'), listed('ops'), listed('DATA')] == [[1, 3], [2, 3], [3]]
    assert listed('NOPE') == "No project could be found with key 'NOPE'"
    assert [r['id'] for r in emulator.api('GET', '/repository').json()['repositories']] == [1, 2, 3]
