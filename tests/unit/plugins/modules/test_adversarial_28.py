# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Adversarial cases for the issue-28 code: odd server replies, bad input, truth after a write that fails halfway."""

import pytest

GITLAB = {'displayName': 'GitLab platform', 'type': 'GITLAB_SERVER', 'origin': 'https://gitlab.example.org', 'pat': 'p'}


@pytest.fixture()
def five(gij):
    gij.emulator.reset([GITLAB], repos_per_integration=5)
    return gij.emulator.repositories()


def test_a_set_failing_at_the_third_nested_put_says_changed_and_what_was_applied(gij, five):
    gij.emulator.fault(kind='status', status=500, method='PUT', path=r'/repository$', skip=2)
    result = gij.run({'repositories': [{'integration_id': 1, 'smart_commits_enabled': False}]}, module='git_repositories')
    assert result.failed and result['changed'] is True, result.output
    assert len(result['updated']) == 2, result.output


def test_a_nested_put_answered_with_an_empty_object_is_read_back(gij, five):
    gij.emulator.fault(kind='reply', status=200, body={}, method='PUT', path=r'/repository$', after=True)
    result = gij.run({'integration_id': 1, 'name': 'GitLab platform repo-2', 'tags_filter': 'v.*'}, module='git_repository')
    assert not result.failed and result['changed'] is True, result.output
    assert result['repository']['tags_filter'] == 'v.*'


def test_a_nested_put_answered_with_another_repository_fails(gij, five):
    other = dict((k, v) for k, v in five[0].items())
    gij.emulator.fault(kind='reply', status=200, body=other, method='PUT', path=r'/repository$', after=True)
    result = gij.run({'integration_id': 1, 'name': 'GitLab platform repo-2', 'tags_filter': 'v.*'}, module='git_repository')
    assert result['changed'] is True, result.output
    assert result.failed or result['repository']['name'] == 'GitLab platform repo-2', result.output


@pytest.mark.parametrize('projects', [[0], [''], ['PLAT', 5], ['PLÄT']])
def test_odd_project_entries_are_refused_before_any_request(gij, five, projects):
    result = gij.run({'integration_id': 1, 'name': 'GitLab platform repo-2', 'projects': projects}, module='git_repository')
    assert result.failed and result.writes == [] and '\n' not in result['msg'], result.output


@pytest.mark.parametrize('name', ['', '   '])
def test_a_blank_integration_name_is_refused_before_any_request(gij, five, name):
    result = gij.run({'integration_name': name, 'tags_filter': 'x'}, module='git_repository')
    assert result.failed and result.requests == [], result.output


@pytest.mark.parametrize('fault', [
    {'kind': 'reply', 'status': 200, 'body': '<html><body>Log in</body></html>'},
    {'kind': 'status', 'status': 500},
    {'kind': 'reply', 'status': 200, 'body': [{'id': '10000', 'key': 'PLAT'}]},
    {'kind': 'reply', 'status': 200, 'body': {'id': 10000.0, 'key': 'PLAT'}},
    {'kind': 'reply', 'status': 200, 'body': {'id': '99999999999999999999', 'key': 'PLAT'}},
    {'kind': 'reply', 'status': 200, 'body': {'id': '-5', 'key': 'PLAT'}},
    {'kind': 'reply', 'status': 200, 'body': {'id': '10100', 'key': 'OPS'}},
    {'kind': 'reply', 'status': 302, 'body': ''},
], ids=['html', '500', 'list', 'float', 'huge', 'negative', 'other-key', '302'])
def test_an_odd_jira_project_reply_fails_before_any_write(gij, five, fault):
    gij.emulator.fault(path=r'/rest/api/2/project', **fault)
    result = gij.run({'integration_id': 1, 'name': 'GitLab platform repo-2', 'projects': ['PLAT']}, module='git_repository')
    assert result.failed and result.writes == [] and result['changed'] is False, result.output
    assert '\n' not in result['msg'] and 'Traceback' not in result.output, result.output


def listing(five, **changes):
    items = [dict(item) for item in five]
    items[1].update(changes)
    return {'success': True, 'repositories': items}


def test_an_integration_id_sent_as_text_is_that_integration(gij, five):
    # Before: trackedFolderId "1" left the repository out of integration 1, silently.
    gij.emulator.fault(kind='reply', status=200, body=listing(five, trackedFolderId='1'), method='GET', path=r'/repository$')
    result = gij.run({'repositories': [{'integration_id': 1, 'smart_commits_enabled': False}]}, module='git_repositories')
    assert not result.failed and len(result.writes) == 5, result.output


@pytest.mark.parametrize('odd', [{'trackedFolderId': 1.0}, {'trackedFolderId': True}, {'trackedFolderId': 0},
                                 {'id': 'x'}, {'id': None}], ids=['float', 'bool', 'zero', 'text-id', 'null-id'])
def test_a_repository_list_with_odd_ids_fails_before_any_write(gij, five, odd):
    gij.emulator.fault(kind='reply', status=200, body=listing(five, **odd), method='GET', path=r'/repository$')
    result = gij.run({'repositories': [{'integration_id': 1, 'smart_commits_enabled': False}]}, module='git_repositories')
    assert result.failed and result.writes == [] and '\n' not in result['msg'], result.output
    assert 'value of the wrong type' in result['msg'] or 'objects with ids' in result['msg'], result['msg']


def test_a_repository_list_with_a_duplicate_id_fails_before_any_write(gij, five):
    body = listing(five)
    body['repositories'].append(dict(body['repositories'][0], displayName='twin'))
    gij.emulator.fault(kind='reply', status=200, body=body, method='GET', path=r'/repository$')
    result = gij.run({'repositories': [{'integration_id': 1, 'smart_commits_enabled': False}]}, module='git_repositories')
    assert result.failed and result.writes == [], result.output
