# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Jira projects by key (issue 28): ``projects: [PLAT]`` wherever a module maps projects, resolved through Jira's own
REST API (GET /rest/api/2/project/{key}) once per key per task; the emulator seeds PLAT 10000, OPS 10100, WEB 10200."""

import pytest

from ansible_collections.gij.jira.tests.unit.module_harness import GIT_PAT, assert_no_secret

GH = {'name': 'GH', 'type': 'GITHUB', 'pat': GIT_PAT, 'global': False}
REPO = {'origin': 'https://git.example.org/platform/app.git', 'pat': GIT_PAT, 'global': False}


def project_reads(result):
    return [r['path'] for r in result.requests if r['path'].startswith('/rest/api/2/project')]


def test_an_integration_is_mapped_to_projects_by_key_and_shows_keys_and_ids(gij):
    created = gij.run(dict(GH, projects=['PLAT', 'ops']))
    assert not created.failed and created['changed'] is True, created.output
    assert gij.emulator.integrations()[0]['projectMappingIds'] == [10000, 10100]
    assert created['integration']['project_mapping_ids'] == [10000, 10100]
    assert created['integration']['projects'] == ['PLAT', 'OPS']
    assert project_reads(created) == ['/rest/api/2/project/PLAT', '/rest/api/2/project/OPS']
    again = gij.run(dict(GH, projects=['OPS', 'PLAT']))
    assert again['changed'] is False and again.writes == [], again.output
    assert len(again.requests) == 3, 'one list read and one read per key: %s' % [r['path'] for r in again.requests]


def test_check_mode_predicts_the_ids_and_keys(gij):
    gij.emulator.reset([{'displayName': 'GH', 'type': 'GITHUB', 'pat': 'p', 'global': False, 'projectMappingIds': [10000]}])
    planned = gij.run(dict(GH, projects=['PLAT', 'WEB']), check=True, diff=True)
    assert planned['changed'] is True and planned.writes == [], planned.output
    assert planned['integration']['project_mapping_ids'] == [10000, 10200]
    assert planned['integration']['projects'] == ['PLAT', 'WEB']
    assert planned['diff']['after']['project_mapping_ids'] == [10000, 10200]


def test_a_set_reads_each_distinct_key_once(gij):
    items = [dict(GH, name='GH %d' % n, projects=keys) for n, keys in enumerate([['PLAT'], ['PLAT', 'OPS'], ['ops']])]
    result = gij.run({'integrations': items}, module='git_integrations')
    assert not result.failed and result['changed'] is True, result.output
    assert sorted(project_reads(result)) == ['/rest/api/2/project/OPS', '/rest/api/2/project/PLAT']
    assert [i['projectMappingIds'] for i in gij.emulator.integrations()] == [[10000], [10000, 10100], [10100]]
    again = gij.run({'integrations': items}, module='git_integrations')
    assert again['changed'] is False and again.writes == [] and len(again.requests) == 3, again.output


@pytest.mark.parametrize('module, task', [
    ('git_repository', REPO),
    ('git_repositories', None),
])
def test_repositories_are_mapped_to_projects_by_key(gij, module, task):
    args = dict(REPO, projects=['DATA']) if task else {'repositories': [dict(REPO, projects=['DATA'])]}
    result = gij.run(args, module=module)
    assert not result.failed and result['changed'] is True, result.output
    assert gij.emulator.repositories()[0]['projectMappingIds'] == [10300]
    if task:
        assert result['repository']['projects'] == ['DATA']


@pytest.mark.parametrize('args, message', [
    (dict(GH, projects=['PLAT'], project_mapping_ids=[10000]),
     'projects and project_mapping_ids are mutually exclusive: give the projects by key or by id, not both.'),
    (dict(GH, projects=['PLAT'], **{'global': True}), 'projects needs global: false (otherwise the server ignores or refuses it).'),
    (dict(GH, projects=['1PLAT']), "projects must hold Jira project keys (a letter, then letters, digits or _), got '1PLAT'."),
    (dict(GH, projects=['PLAT', 'plat']), 'projects names the project PLAT twice.'),
])
def test_mistakes_in_keys_are_refused_before_any_request(gij, args, message):
    result = gij.run(args)
    assert result.failed and result['msg'] == message and result.requests == [], result.output


def test_an_unknown_key_is_one_line_before_any_write(gij):
    result = gij.run(dict(GH, projects=['PLAT', 'NOPE']))
    assert result.failed and result['changed'] is False and result.writes == [], result.output
    assert result['msg'] == ("No Jira project has the key NOPE (Jira answered: HTTP 404: No project could be found with "
                             "key 'NOPE'): nothing was changed. Check the key on Jira's project list.")
    in_a_set = gij.run({'integrations': [dict(GH, projects=['PLAT']), dict(GH, name='B', projects=['NOPE'])]},
                       module='git_integrations')
    assert in_a_set.failed and in_a_set['msg'].startswith('integrations[1] (B): No Jira project has the key NOPE')
    assert in_a_set.writes == []


@pytest.mark.parametrize('body', [
    {'id': 'ten', 'key': 'PLAT'},
    {'id': '10000', 'key': 'OPS'},
    {'id': True, 'key': 'PLAT'},
    {'id': '0', 'key': 'PLAT'},
    [{'id': '10000', 'key': 'PLAT'}],
])
def test_an_odd_project_reply_stops_the_task_before_any_write(gij, body):
    gij.emulator.fault(kind='reply', body=body, path=r'/rest/api/2/project/PLAT$')
    result = gij.run(dict(GH, projects=['PLAT']))
    assert result.failed and result.writes == [] and result['msg'].startswith('Cannot read Jira project PLAT: '), result.output
    assert '\n' not in result['msg']
    assert_no_secret(result.output)


def test_a_refused_project_read_says_it_is_about_the_project_not_the_app(gij):
    """A 403 from Jira's own project endpoint is a project permission, not the app's administrator check."""
    gij.emulator.fault(kind='status', status=403, path=r'/rest/api/2/project/PLAT$')
    result = gij.run(dict(GH, projects=['PLAT']))
    assert result.failed and result.writes == []
    assert result['msg'].startswith('Cannot read Jira project PLAT: HTTP 403: Jira refused this user (reading a project '
                                    'needs its Browse Projects permission).'), result['msg']
    assert 'Git Integration for Jira' not in result['msg']
