# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The server boundary fails closed (modules in-process): odd replies, success without a body, partial failures, secrets.

Each test is a case a careless user or a flaky server produced (issue "Fail closed at the server boundary").
"""

from urllib.parse import quote

import pytest

from ansible_collections.gij.jira.tests.unit.module_harness import GIT_PASSWORD, GIT_PAT, assert_no_secret

GITHUB = {'name': 'GH', 'type': 'GITHUB', 'pat': GIT_PAT}
SEEDED = {'displayName': 'GH', 'type': 'GITHUB', 'pat': 'seeded'}


def one_line(result):
    assert result.failed, result.output
    assert '\n' not in result['msg'] and 'Traceback' not in result.output and 'MODULE FAILURE' not in result.output, result.output


def test_a_list_under_an_unknown_key_stops_the_task_instead_of_creating(gij):
    gij.emulator.reset([SEEDED], list_key='values')
    result = gij.run(GITHUB)
    one_line(result)
    assert result['msg'].startswith("Cannot list integrations: the server answered with an object with keys success, values, "
                                    "where a list of objects with ids under 'integrations' was expected."), result['msg']
    assert result.writes == [] and len(gij.emulator.integrations()) == 1


@pytest.mark.parametrize('reply', [
    {'success': True, 'integrations': ['GH', 'GL']},
    {'success': True, 'integrations': [{'displayName': 'GH'}]},
    {'success': True, 'integrations': {'id': 1}},
    {'success': True, 'integrations': [{'id': 1, 'displayName': 'GH', 'disabled': 'maybe'}]},
    [{'id': 1, 'displayName': 'GH'}],
], ids=['strings', 'no-ids', 'object', 'bad-boolean', 'bare-list'])
def test_a_list_of_the_wrong_shape_stops_the_task(gij, reply):
    gij.emulator.faults({'kind': 'reply', 'body': reply, 'path': '/integration$', 'method': 'GET'})
    result = gij.run(GITHUB)
    one_line(result)
    assert result['msg'].startswith('Cannot list integrations: the server answered with'), result['msg']
    assert result.writes == []


def test_a_paged_total_that_is_not_a_number_stops_the_task(gij):
    gij.emulator.faults({'kind': 'reply', 'body': {'success': True, 'integrations': [], 'total': 'many'}, 'method': 'GET'})
    result = gij.run(GITHUB)
    one_line(result)
    assert 'a whole number in total' in result['msg'] and result.writes == []


@pytest.mark.parametrize('shape', ['minimal', 'id_only'])
def test_writes_answered_without_the_object_read_it_back(gij, shape):
    gij.emulator.reset(reply_shape=shape)
    created, updated, toggled, deleted = [gij.run(args) for args in (
        dict(GITHUB, tags_filter='v.*', disabled=True),
        {'name': 'GH', 'tags_filter': 'release-.*', 'smart_commits_enabled': False},
        {'name': 'GH', 'disabled': False},
        {'name': 'GH', 'state': 'absent'},
    )]
    for result in (created, updated, toggled, deleted):
        assert not result.failed and result['changed'] is True, result.output
    assert created['integration']['tags_filter'] == 'v.*' and created['integration']['disabled'] is True
    assert created['integration']['id'] == created['id'] and created['integration']['type'] == 'GITHUB'
    assert updated['integration']['tags_filter'] == 'release-.*' and updated['integration']['disabled'] is True
    assert updated['integration']['smart_commits_enabled'] is False
    assert toggled['integration']['disabled'] is False
    assert gij.emulator.integrations() == []
    # A reply with the object costs no read back; one without it costs one.
    assert [r['method'] for r in created.requests][:3] == ['GET', 'POST', 'GET']


def test_a_create_whose_reply_carries_the_object_stays_at_two_requests(gij):
    result = gij.run(GITHUB)
    assert result['changed'] is True and [r['method'] for r in result.requests] == ['GET', 'POST']


def test_string_booleans_are_booleans(gij):
    gij.emulator.reset([dict(SEEDED, disabled=True)], string_booleans=True)
    results = [gij.run({'name': 'GH', 'disabled': True, 'smart_commits_enabled': True}),
               gij.run({'name': 'GH'}, module='git_integration_info'),
               gij.run({'all': True, 'wait': True, 'poll_interval': 0.05}, module='git_reindex')]
    assert results[0]['changed'] is False and results[0].writes == [], results[0].output
    assert results[1]['integrations'][0]['disabled'] is True
    assert results[2]['threads'][0]['finished'] is True, results[2].output


@pytest.mark.parametrize('fault, message', [
    ({'kind': 'truncated', 'method': 'GET', 'count': 9}, 'Cannot list integrations: the connection to'),
    ({'kind': 'reply', 'status': 503, 'headers': {'Retry-After': '-5'}, 'body': '<html>busy</html>',
      'content_type': 'text/html', 'count': 9}, 'Cannot list integrations: HTTP 503 after 4 attempts'),
    ({'kind': 'reply', 'status': 429, 'headers': {'Retry-After': 'nan'}, 'body': {'message': 'slow down'}, 'count': 9},
     'Cannot list integrations: HTTP 429: slow down.'),
])
def test_broken_replies_end_in_one_line(gij, fault, message):
    gij.emulator.faults(fault)
    result = gij.run(GITHUB)
    one_line(result)
    assert result['msg'].startswith(message), result['msg']
    assert result.writes == []


def test_a_trickling_reply_is_bounded_by_timeout(gij):
    # Each reply would take 30 s to arrive whole; each attempt must give up after about 1 s (timeout), not at the end.
    gij.emulator.faults({'kind': 'trickle', 'seconds': 30, 'count': 9})
    result = gij.run(dict(GITHUB, timeout=1))
    one_line(result)
    assert 'no complete answer from' in result['msg'] and 'within 1 seconds' in result['msg'], result['msg']
    started = [r['time'] for r in result.requests]
    assert len(started) == 4 and started[-1] - started[0] < 15, started  # 3 retries: 1 s each and 7.5 s in all


@pytest.mark.parametrize('url, message', [
    ('http://[::1', 'jira_url is not a valid URL'),
    ('http://127.0.0.1:99999', 'jira_url is not a valid URL'),
    ('https://admin:%s@jira.example.com' % quote(GIT_PASSWORD, safe=''), 'jira_url must not contain credentials'),
])
def test_bad_jira_urls_are_refused_without_echoing_credentials(gij, url, message):
    result = gij.run(GITHUB, env={'JIRA_URL': url})
    one_line(result)
    assert message in result['msg'] and result.requests == []
    assert_no_secret(result.output, result.result)


def test_a_post_that_times_out_but_happens_is_adopted_not_repeated(gij):
    # The server takes 2 s, the client waits 1 s, then looks again and finds the integration.
    gij.emulator.faults({'kind': 'slow', 'seconds': 2, 'method': 'POST'})
    result = gij.run(dict(GITHUB, timeout=1))
    assert not result.failed and result['changed'] is True, result.output
    assert len(gij.emulator.integrations()) == 1
    assert [r['method'] for r in result.writes] == ['POST']
    again = gij.run(GITHUB)
    assert again['changed'] is False and len(gij.emulator.integrations()) == 1


def test_a_create_that_fails_unclearly_and_is_not_found_says_it_may_appear(gij):
    gij.emulator.faults({'kind': 'status', 'status': 502, 'method': 'POST'})
    result = gij.run(GITHUB)
    one_line(result)
    assert 'may still appear on the server' in result['msg'] and 'nothing was created' not in result['msg']
    assert [r['method'] for r in result.writes] == ['POST']


def test_a_5xx_after_the_create_was_applied_adopts_it(gij):
    gij.emulator.faults({'kind': 'status', 'status': 500, 'method': 'POST', 'after': True})
    result = gij.run(GITHUB)
    assert not result.failed and result['changed'] is True, result.output
    assert len(gij.emulator.integrations()) == 1 and result['integration']['name'] == 'GH'


def test_an_update_applied_before_the_toggle_failed_reports_changed(gij):
    gij.emulator.reset([SEEDED])
    gij.emulator.faults({'kind': 'failure', 'error': 'Toggle broken', 'path': '/disable', 'count': 9})
    result = gij.run({'name': 'GH', 'tags_filter': 'v.*', 'disabled': True})
    one_line(result)
    assert result['changed'] is True and "updated integration 'GH' (id 1)" in result['applied'], result.result
    assert 'Toggle broken' in result['msg']


def test_a_set_that_fails_halfway_reports_what_it_created(gij):
    gij.emulator.faults({'kind': 'failure', 'error': 'No more', 'method': 'POST', 'path': '/integration$', 'count': 1,
                         'skip': 1})
    items = [GITHUB, dict(GITHUB, name='GH2')]
    result = gij.run({'integrations': items}, module='git_integrations')
    one_line(result)
    assert result['changed'] is True and [i['name'] for i in result['created']] == ['GH'], result.result
    assert 'integrations[1] (GH2)' in result['msg'] and 'No more' in result['msg']


def test_control_characters_inside_a_secret_are_refused_without_the_value(gij):
    result = gij.run(dict(GITHUB, pat='abc\ndef' + GIT_PAT))
    one_line(result)
    assert 'pat contains a control character' in result['msg'] and result.requests == []
    assert_no_secret(result.output, result.result)


@pytest.mark.parametrize('args, message', [
    ({'name': None, 'type': 'GITHUB', 'pat': GIT_PAT}, 'name must be set'),
    ({'name': '  ', 'type': 'GITHUB', 'pat': GIT_PAT}, 'name must not be empty'),
    ({'name': 'GH', 'max_mins_to_commit_email': True}, 'max_mins_to_commit_email must be an integer, got a boolean'),
    ({'name': 'GH', 'global': False, 'project_mapping_ids': [True]}, 'project_mapping_ids must be a list of integers'),
    ({'id': True, 'name': 'GH'}, 'id must be'),
])
def test_input_that_ansible_lets_through_is_refused_before_any_request(gij, args, message):
    gij.emulator.reset([SEEDED])
    result = gij.run(args)
    one_line(result)
    assert message in result['msg'], result['msg']
    assert result.requests == []


def test_renaming_to_a_taken_name_is_refused(gij):
    gij.emulator.reset([SEEDED, dict(SEEDED, displayName='Other')])
    result = gij.run({'id': 2, 'name': 'GH'})
    one_line(result)
    assert "Cannot rename integration 'Other' (id 2) to 'GH': integration id 1 already has that name." == result['msg']
    assert result.writes == []


def test_exclusive_with_an_empty_list_is_refused(gij):
    gij.emulator.reset([SEEDED])
    result = gij.run({'integrations': [], 'exclusive': True}, module='git_integrations')
    one_line(result)
    assert 'would delete every integration' in result['msg'] and result.requests == []


def test_paged_integration_lists_are_followed_and_a_server_ignoring_offset_fails(gij):
    seeded = [dict(SEEDED, displayName='GH%d' % n) for n in range(1, 8)]
    gij.emulator.reset(seeded, page_size=3)
    found = gij.run({'name': 'GH7', 'smart_commits_enabled': True})
    assert found['changed'] is False and found['id'] == 7, found.output
    assert len([r for r in found.requests if r['method'] == 'GET']) == 3
    gij.emulator.reset(seeded, page_size=3, ignore_offset=True)
    looping = gij.run({'name': 'GH7', 'smart_commits_enabled': True})
    one_line(looping)
    assert 'sent integration id 1 again on a later page' in looping['msg'] and looping.writes == []


def test_git_repository_finds_a_repository_on_page_two(gij):
    repositories = [{'displayName': 'r%d' % n, 'origin': 'https://git.example.org/r%d.git' % n} for n in range(1, 6)]
    gij.emulator.reset(repositories=repositories, repository_page_size=2)
    results = [gij.run({'origin': 'https://git.example.org/r5.git', 'name': 'r5'}, module='git_repository') for _twice in range(2)]
    for result in results:
        assert not result.failed and result['changed'] is False and result['id'] == 5, result.output
        assert result.writes == []


def test_a_reindex_that_started_and_then_timed_out_reports_changed(gij):
    gij.emulator.reset(reindex_polls=1000)
    result = gij.run({'all': True, 'wait': True, 'wait_timeout': 1, 'poll_interval': 0.2}, module='git_reindex')
    one_line(result)
    assert result['changed'] is True and len(result['threads']) == 1 and result['threads'][0]['thread_id'], result.result


def test_reindex_errors_given_as_a_map_keep_the_servers_text(gij):
    gij.emulator.reset(reindex_errors={'Indexing app': 'fetch failed: Authentication failed'})
    result = gij.run({'all': True, 'wait': True, 'poll_interval': 0.05}, module='git_reindex')
    one_line(result)
    assert result['msg'] == ('The reindex reported errors: all repositories: Indexing app: fetch failed: '
                             'Authentication failed.'), result['msg']
    assert result['threads'][0]['errors'] == ['Indexing app: fetch failed: Authentication failed']
    assert result['changed'] is True


def test_delete_files_is_refused_for_a_repository_on_an_absolute_path(gij):
    gij.emulator.reset(repositories=[
        {'displayName': 'local', 'origin': '/srv/git/app.git', 'realRoot': '/srv/git/app.git', 'absoluteRoot': True}])
    result = gij.run({'origin': '/srv/git/app.git', 'state': 'absent', 'delete_files': True}, module='git_repository')
    one_line(result)
    assert 'delete_files: true is refused for repository' in result['msg'] and result.writes == []
