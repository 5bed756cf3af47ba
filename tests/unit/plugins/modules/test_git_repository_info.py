# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""gij.jira.git_repository_info in-process (issue 28): every repository, single and nested, with its integration,
projects by id and key, state and last index; its filters; what it costs in requests; and git_reindex by name.

The emulator seeds Jira projects PLAT 10000, OPS 10100, WEB 10200, DATA 10300."""

import json
from urllib.parse import quote

import pytest

from ansible_collections.gij.jira.plugins.module_utils.fields import NESTED_WRITABLE
from ansible_collections.gij.jira.tests.unit.module_harness import GIT_PAT, JIRA_PASSWORD, assert_no_secret, settled

MODULE = 'git_repository_info'
REPOSITORIES = '/rest/gitplugin/1.0/repository'
INTEGRATIONS = '/rest/gitplugin/1.0/integration'
PROJECTS = '/rest/api/2/project'
REINDEX = '/rest/gitplugin/2.0/reindex'

# Integrations 1 and 2 discover no repositories of their own here: the nested ones are seeded, with what the list of a
# real server may carry (state, lastIndexedDate, encrypted credentials).
INTEGRATIONS_SEED = [{'displayName': 'GitLab group', 'type': 'GITLAB', 'pat': GIT_PAT},
                     {'displayName': 'GitHub org', 'type': 'GITHUB', 'pat': 'p'}]
REPOSITORIES_SEED = [
    {'id': 10, 'displayName': 'app', 'origin': 'https://gitlab.com/platform/app.git', 'trackedFolderId': 1,
     'global': False, 'projectMappingIds': [10000, 10100], 'state': 'UPDATED', 'lastIndexedDate': 1695468517355,
     'encryptedPat': 'ENCRYPTED-PAT-VALUE', 'encryptedPassword': 'ENCRYPTED-PASSWORD-VALUE'},
    {'id': 11, 'displayName': 'api', 'origin': 'https://gitlab.com/platform/api.git', 'trackedFolderId': 1,
     'global': False, 'projectMappingIds': [10200], 'state': 'ERROR', 'disabled': True},
    {'id': 12, 'displayName': 'app', 'origin': 'https://github.com/org/app.git', 'trackedFolderId': 2, 'global': False,
     'state': 'scanning'},
    {'id': 13, 'displayName': 'single', 'origin': 'https://git.example.com/single.git'},  # global, as the server's default
]


def seed(gij, repositories=None, **config):
    gij.emulator.reset(INTEGRATIONS_SEED, REPOSITORIES_SEED if repositories is None else repositories,
                       repos_per_integration=0, **config)


def paths(result):
    return [r['path'] for r in result.requests]


def by_id(result):
    return dict((r['id'], r) for r in result['repositories'])


def test_every_repository_with_its_integration_projects_state_and_last_index(gij):
    seed(gij)
    result = gij.run({}, module=MODULE)
    assert not result.failed and result['changed'] is False, result.output
    assert [r['id'] for r in result['repositories']] == [10, 11, 12, 13]
    app, api, github_app, single = (by_id(result)[i] for i in (10, 11, 12, 13))
    assert (app['name'], app['origin'], app['integration_id'], app['integration_name']) == (
        'app', 'https://gitlab.com/platform/app.git', 1, 'GitLab group')
    assert (app['project_mapping_ids'], app['projects']) == ([10000, 10100], ['PLAT', 'OPS'])
    assert (app['state'], app['last_indexed_date'], app['disabled']) == ('UPDATED', 1695468517355, False)
    assert (api['state'], api['disabled'], api['projects']) == ('ERROR', True, ['WEB'])
    assert (github_app['integration_name'], github_app['state'], github_app['last_indexed_date']) == ('GitHub org', 'SCANNING', None)
    assert (single['integration_id'], single['integration_name'], single['state'], single['projects']) == (None, None, None, [])
    assert app['smart_commits_enabled'] is True and app['main_branch'] == 'master'  # the shape of git_repository's result
    # One list of repositories, one of integrations (their names), one of Jira's projects (ids to keys).
    assert paths(result) == [REPOSITORIES, INTEGRATIONS, PROJECTS], paths(result)
    assert result.writes == [] and result.warnings == []


def test_encrypted_credentials_and_task_secrets_never_show(gij):
    seed(gij)
    result = gij.run({}, module=MODULE, env={'JIRA_TOKEN': None, 'JIRA_USERNAME': 'admin', 'JIRA_PASSWORD': JIRA_PASSWORD})
    assert not result.failed, result.output
    assert 'ENCRYPTED-' not in result.output and 'encrypted' not in result.output.lower(), result.output
    assert_no_secret(result.result, result.output)


@pytest.mark.parametrize('args, ids', [
    ({'id': 11}, [11]),
    ({'id': 99}, []),
    ({'integration_id': 1}, [10, 11]),
    ({'integration_id': 7}, []),
    ({'integration_name': 'GitHub org'}, [12]),
    ({'name': 'app'}, [10, 12]),
    ({'display_name': 'app', 'integration_id': 2}, [12]),
    ({'origin': 'https://gitlab.com/platform/api.git/'}, [11]),  # a trailing slash does not count
    ({'state': 'ERROR'}, [11]),
    ({'state': 'SCANNING'}, [12]),  # the server's 'scanning', in any case
    ({'state': 'UPDATED', 'integration_id': 2}, []),
])
def test_filters(gij, args, ids):
    seed(gij)
    result = gij.run(args, module=MODULE)
    assert not result.failed, result.output
    assert [r['id'] for r in result['repositories']] == ids


def test_a_state_filter_says_which_repositories_report_no_state(gij):
    seed(gij)
    result = gij.run({'state': 'ERROR'}, module=MODULE)
    assert [r['id'] for r in result['repositories']] == [11]
    assert result.warnings == ['The server reports no indexing state for repository id 13, so state: ERROR cannot tell '
                               'whether they are in it: left out.'], result.warnings


@pytest.mark.parametrize('args, expected', [
    # No repository shown maps a project or belongs to an integration: the repository list alone.
    ({'id': 13}, [REPOSITORIES]),
    ({'integration_id': 7}, [REPOSITORIES]),
    # Nested, without projects: the integration list for its name.
    ({'id': 12}, [REPOSITORIES, INTEGRATIONS]),
    # integration_name: the integration list once, for the filter and the names.
    ({'integration_name': 'GitHub org'}, [INTEGRATIONS, REPOSITORIES]),
    ({'integration_name': 'GitLab group'}, [INTEGRATIONS, REPOSITORIES, PROJECTS]),
    # project: the key first; the project list only for other projects' keys.
    ({'project': 'web'}, [PROJECTS + '/WEB', REPOSITORIES, INTEGRATIONS]),
    ({'project': 'PLAT'}, [PROJECTS + '/PLAT', REPOSITORIES, INTEGRATIONS, PROJECTS]),
])
def test_request_counts(gij, args, expected):
    seed(gij)
    result = gij.run(args, module=MODULE)
    assert not result.failed, result.output
    assert paths(result) == expected


def test_the_list_is_read_in_pages_and_counted_as_one_list(gij):
    seed(gij, repository_page_size=2)
    result = gij.run({'id': 13}, module=MODULE)
    assert [r['id'] for r in result['repositories']] == [13]
    assert paths(result) == [REPOSITORIES, REPOSITORIES], 'four repositories in two pages'


@pytest.mark.parametrize('key, ids', [('WEB', [11]), ('ops', [10]), ('DATA', [])])
def test_project_asks_the_server_for_the_projects_repositories(gij, key, ids):
    seed(gij)
    result = gij.run({'project': key}, module=MODULE)
    assert not result.failed, result.output
    assert [r['id'] for r in result['repositories']] == ids + [13], 'a global repository is associated with every project'
    listed = [r for r in result.requests if r['path'] == REPOSITORIES]
    assert [r['query'] for r in listed] == [{'projectKey': key.upper()}]


def test_an_unknown_project_key_is_one_line_before_the_repository_list(gij):
    seed(gij)
    result = gij.run({'project': 'NOPE'}, module=MODULE)
    assert result.failed and result['msg'] == ("No Jira project has the key NOPE (Jira answered: HTTP 404: No project "
                                               "could be found with key 'NOPE'): nothing was changed. Check the key on "
                                               "Jira's project list."), result.output
    assert paths(result) == [PROJECTS + '/NOPE']


def test_a_server_that_ignores_project_key_fails_closed(gij):
    seed(gij)
    # The reply of a server without the filter: every repository.
    listed = gij.emulator.view()['repositories']
    body = {'success': True, 'repositories': [dict((k, v) for k, v in r.items() if k != 'secrets') for r in listed]}
    gij.emulator.fault(kind='reply', body=body, path='^/rest/gitplugin/1.0/repository$')
    result = gij.run({'project': 'WEB'}, module=MODULE)
    assert result.failed and result['msg'] == (
        'Cannot list repositories of project WEB: the server answered with 2 repositories (ids 10, 12), neither global '
        'nor associated with WEB (does this app version ignore projectKey?). Nothing was changed after it.'), result.output


@pytest.mark.parametrize('args, message', [
    ({'integration_name': 'nope'}, "No integration is named 'nope'."),
    ({'integration_name': 'twin'}, "2 integrations are named 'twin' (ids 3, 4): give integration_id to choose one."),
    ({'integration_id': 1, 'integration_name': 'GitLab group'},
     'parameters are mutually exclusive: integration_id|integration_name'),
    ({'project': '1X'}, "project must hold Jira project keys (a letter, then letters, digits or _), got '1X'."),
    ({'integration_id': 0}, 'integration_id must be a positive integration id, got 0.'),
    ({'name': ' '}, 'name must not be empty.'),
])
def test_mistakes_are_one_line(gij, args, message):
    gij.emulator.reset(INTEGRATIONS_SEED + [{'displayName': 'twin', 'type': 'GITHUB', 'pat': 'p'}] * 2,
                       REPOSITORIES_SEED, repos_per_integration=0)
    result = gij.run(args, module=MODULE)
    assert result.failed and result['msg'] == message and result.writes == [], result.output


@pytest.mark.parametrize('body, problem', [
    ({'success': True, 'repositories': {'id': 1}}, "where a list of objects with ids under 'repositories' was expected"),
    ({'success': True, 'repositories': [{'id': 1, 'displayName': 'x', 'projectMappingIds': '10000'}]},
     "projectMappingIds is '10000', not a list of integers"),
    ({'success': True, 'repositories': [{'id': 1, 'displayName': 'x', 'disabled': 'maybe'}]}, "disabled is 'maybe', not a boolean"),
    ({'success': True, 'repositories': [], 'hasMore': True}, 'hasMore'),
])
def test_an_odd_list_reply_fails_closed_in_one_line(gij, body, problem):
    seed(gij)
    gij.emulator.fault(kind='reply', body=body, path='^/rest/gitplugin/1.0/repository$')
    result = gij.run({}, module=MODULE)
    assert result.failed and result['msg'].startswith('Cannot list repositories: ') and problem in result['msg'], result.output
    assert '\n' not in result['msg'] and 'repositories' not in result
    assert_no_secret(result.output)


def test_an_odd_state_or_date_is_null_with_a_warning_that_does_not_show_it(gij):
    seed(gij, [{'id': 20, 'displayName': 'a', 'state': 3, 'lastIndexedDate': 'yesterday \x1b[31m'},
               {'id': 21, 'displayName': 'b', 'state': 'BROKEN \x1b[2J', 'lastIndexedDate': '1695468517355'}])
    result = gij.run({}, module=MODULE)
    assert not result.failed, result.output
    assert [(r['state'], r['last_indexed_date']) for r in result['repositories']] == [(None, None), (None, 1695468517355)]
    assert result.warnings == [
        "The server's state of 2 repositories (ids 20, 21) is not one of QUEUED, UPDATED, SCANNING, ERROR: reported as null.",
        "The server's lastIndexedDate of repository id 20 is not a time in epoch milliseconds: reported as null."]
    assert 'BROKEN' not in result.output and 'yesterday' not in result.output


def test_a_project_id_jira_does_not_list_has_no_key(gij):
    seed(gij, [{'id': 20, 'displayName': 'a', 'global': False, 'projectMappingIds': [10000, 55555]}])
    result = gij.run({}, module=MODULE)
    assert result['repositories'][0]['projects'] == ['PLAT', None]


def test_check_mode_reads_the_same(gij):
    seed(gij)
    real, checked = gij.run({'integration_id': 1}, module=MODULE), gij.run({'integration_id': 1}, module=MODULE, check=True)
    assert checked['repositories'] == real['repositories'] and checked['changed'] is False and checked.writes == []
    assert paths(checked) == paths(real)


def test_discovered_repositories_of_a_new_integration_are_listed(gij):
    created = gij.run({'name': 'GH', 'type': 'GITHUB', 'pat': GIT_PAT})
    result = gij.run({'integration_name': 'GH'}, module=MODULE)
    assert not result.failed, result.output
    assert [(r['integration_id'], r['integration_name']) for r in result['repositories']] == [(created['id'], 'GH')] * 2


# --- git_reindex by the repository's name ----------------------------------------------------------------------------

def test_reindex_a_repository_by_its_name(gij):
    seed(gij)
    result = gij.run({'repository_name': 'api'}, module='git_reindex')
    assert not result.failed and result['changed'] is True and result['repository_ids'] == [11], result.output
    assert [(w['path'], w['body']) for w in result.writes] == [(REINDEX, {'repoId': 11})]
    checked = gij.run({'repository_name': 'single'}, module='git_reindex', check=True)
    assert checked['changed'] is True and checked['repository_ids'] == [13] and checked.writes == []


@pytest.mark.parametrize('args, message', [
    ({'repository_name': 'app'},
     "2 repositories are named 'app' (ids 10, 12): nothing was started. Give repository_id to choose one."),
    ({'repository_name': 'nope'},
     "No repository is named 'nope' in the repository list: nothing was started. Check the name with "
     'gij.jira.git_repository_info.'),
    ({'repository_name': 'api', 'repository_id': 11}, 'are mutually exclusive: give one of them, not repository_id and repository_name.'),
    ({'repository_name': ''}, 'repository_name must not be empty.'),
])
def test_reindex_by_name_mistakes_start_nothing(gij, args, message):
    seed(gij)
    for check in (False, True):
        result = gij.run(args, module='git_reindex', check=check)
        assert result.failed and message in result['msg'] and result.writes == [], result.output
        assert '\n' not in result['msg']


def test_reindex_by_an_ambiguous_integration_name_names_the_option_to_use(gij):
    gij.emulator.reset([{'displayName': 'twin', 'type': 'GITHUB', 'pat': 'p'}] * 2)
    result = gij.run({'integration_name': 'twin'}, module='git_reindex')
    assert result.failed and result['msg'] == "2 integrations are named 'twin' (ids 1, 2): give integration_id to choose one."
    assert result.writes == []


def applied_unchanged(gij, options, **expected):
    """Each kind of item of repository_options (single, nested) applied by git_repositories: nothing changes, and it
    costs the reads ``expected`` names per kind."""
    for kind, items in (('single', [o for o in options if not set(o) & {'integration_id', 'integration_name'}]),
                        ('nested', [o for o in options if set(o) & {'integration_id', 'integration_name'}])):
        if not items:
            continue
        before = settled(gij.emulator.repositories())
        result = gij.run({'repositories': items}, module='git_repositories')
        assert not result.failed and result['changed'] is False, (kind, result.output)
        assert result.writes == [] and paths(result) == expected[kind], (kind, paths(result))
        assert settled(gij.emulator.repositories()) == before


def test_repository_options_apply_unchanged_to_the_same_server(gij):
    seed(gij)
    result = gij.run({}, module=MODULE)
    options = result['repository_options']
    assert list(options[0])[:3] == ['integration_name', 'name', 'origin']
    app = {'integration_name': 'GitLab group', 'name': 'app', 'origin': 'https://gitlab.com/platform/app.git',
           'global': False, 'project_mapping_ids': [10000, 10100]}
    assert dict((option, options[0].get(option)) for option in app) == app
    assert options[0]['global'] is False and options[1]['disabled'] is True and options[2]['integration_name'] == 'GitHub org'
    assert (options[3]['name'], options[3]['origin'], options[3]['global']) == ('single', 'https://git.example.com/single.git', True)
    assert 'project_mapping_ids' not in options[3], 'a global repository maps no projects'
    # Where the app keeps its clone ('13_single', in its own folder) is this server's choice, not a setting.
    assert result['repositories'][3]['real_root'] == '13_single' and not set(options[3]) & {'real_root', 'absolute_root'}
    # Nested items carry only what the nested update may change; none carries a read-only fact or a credential.
    for item in options[:3]:
        assert set(item) <= set(NESTED_WRITABLE) | {'integration_name', 'origin'}, item
    for item in options:
        assert not set(item) & {'id', 'state', 'last_indexed_date', 'projects', 'pat', 'password', 'username'}, item
    applied_unchanged(gij, options, single=[REPOSITORIES], nested=[INTEGRATIONS, REPOSITORIES])


def test_repository_options_use_ids_where_names_and_origins_do_not_tell_repositories_apart(gij):
    """Two integrations with one name, two nested repositories with one origin, two single ones with one origin and
    name: such an item names this server's ids, which still apply unchanged here."""
    gij.emulator.reset(INTEGRATIONS_SEED + [{'displayName': 'GitHub org', 'type': 'GITHUB', 'pat': 'p'}], [
        {'id': 20, 'displayName': 'a', 'origin': 'https://gitlab.com/g/a.git', 'trackedFolderId': 1},
        {'id': 21, 'displayName': 'a copy', 'origin': 'https://gitlab.com/g/a.git', 'trackedFolderId': 1},
        {'id': 22, 'displayName': 'b', 'origin': 'https://github.com/o/b.git', 'trackedFolderId': 2},
        {'id': 23, 'displayName': 'same', 'origin': 'https://git.example.com/s.git'},
        {'id': 24, 'displayName': 'same', 'origin': 'https://git.example.com/s.git'},
    ], repos_per_integration=0)
    result = gij.run({}, module=MODULE)
    addresses = [dict((k, v) for k, v in item.items() if k in ('id', 'integration_id', 'integration_name', 'origin'))
                 for item in result['repository_options']]
    assert addresses == [{'integration_name': 'GitLab group', 'id': 20}, {'integration_name': 'GitLab group', 'id': 21},
                         {'integration_id': 2, 'origin': 'https://github.com/o/b.git'},
                         {'id': 23, 'origin': 'https://git.example.com/s.git'},
                         {'id': 24, 'origin': 'https://git.example.com/s.git'}]
    applied_unchanged(gij, result['repository_options'], single=[REPOSITORIES], nested=[INTEGRATIONS, REPOSITORIES])


# A password, a token as the user name (as GitHub takes one, also with its x-oauth-basic password), written
# percent-encoded as a URL must carry it.
SECRET_ORIGINS = ['https://bot:%s@git.example.com/a.git' % quote(GIT_PAT, safe=''),
                  'HTTPS://%s@github.com/o/a.git' % quote(GIT_PAT, safe=''),
                  'https://%s:x-oauth-basic@github.com/o/a.git' % quote(GIT_PAT, safe=''),
                  ' https://bot:%s@git.example.com/a.git' % quote(GIT_PAT, safe='')]  # as a server may keep it


@pytest.mark.parametrize('origin', SECRET_ORIGINS)
def test_an_origin_with_credentials_in_it_is_left_out_of_repository_options_and_masked_everywhere(gij, origin):
    """An export file is committed, and task output is logged: a token in an origin must reach neither. The
    repository is found by id; a short user name (git@, ssh://git@) is no secret and stays."""
    gij.emulator.reset(INTEGRATIONS_SEED, [
        {'id': 30, 'displayName': 'single', 'origin': origin},
        {'id': 31, 'displayName': 'nested', 'origin': origin, 'trackedFolderId': 1},
        {'id': 32, 'displayName': 'scp', 'origin': 'git@github.com:o/a.git'},
        {'id': 33, 'displayName': 'ssh', 'origin': 'ssh://git@github.com/o/b.git'},
    ], repos_per_integration=0)
    result = gij.run({}, module=MODULE)
    single, nested, scp, ssh = result['repository_options']
    assert (single['id'], nested['id'], nested['integration_name']) == (30, 31, 'GitLab group')
    assert 'origin' not in single and 'origin' not in nested and 'id' not in scp and 'id' not in ssh
    assert (scp['origin'], ssh['origin']) == ('git@github.com:o/a.git', 'ssh://git@github.com/o/b.git')
    assert result['repositories'][0]['origin'].endswith('********@git.example.com/a.git') or \
        result['repositories'][0]['origin'].endswith('********@github.com/o/a.git')
    assert_no_secret(result.output)
    applied_unchanged(gij, result['repository_options'], single=[REPOSITORIES], nested=[INTEGRATIONS, REPOSITORIES])


def test_a_user_who_may_not_list_integrations_gets_the_repositories_without_integration_names(gij):
    """The repository list is open to any Jira user, the integration list only to an administrator (user-token is
    jdoe's, who is not one)."""
    seed(gij)
    result = gij.run({}, module=MODULE, env={'JIRA_TOKEN': 'user-token'})
    assert not result.failed, result.output
    assert [(r['id'], r['integration_id'], r['integration_name']) for r in result['repositories']] == [
        (10, 1, None), (11, 1, None), (12, 2, None), (13, None, None)]
    assert result.warnings == ['Only a Jira administrator may list the integrations, so integration_name is null '
                               '(integration_id names the integration).']
    assert result['repository_options'][0]['integration_id'] == 1


def test_integration_name_as_a_filter_still_needs_the_integration_list(gij):
    seed(gij)
    result = gij.run({'integration_name': 'GitLab group'}, module=MODULE, env={'JIRA_TOKEN': 'user-token'})
    assert result.failed and 'HTTP 403' in result['msg'], result.output


@pytest.mark.parametrize('origin', SECRET_ORIGINS)
def test_a_task_whose_origin_carries_credentials_never_shows_them(gij, origin):
    gij.emulator.reset()
    added = gij.run({'origin': origin, 'name': 'with token'}, module='git_repository', diff=True)
    assert not added.failed and added['changed'] is True, added.output
    again = gij.run({'origin': origin, 'name': 'with token', 'disabled': True}, module='git_repository', diff=True)
    assert not again.failed and again['changed'] is True, again.output
    assert_no_secret(added.output, again.output)


@pytest.mark.parametrize('repositories, by_id', [
    # A nested repository with a single one's origin and name: git_repositories finds a single repository among all.
    ([{'id': 40, 'displayName': 'same', 'origin': 'https://gitlab.com/g/s.git'},
      {'id': 41, 'displayName': 'same', 'origin': 'https://gitlab.com/g/s.git', 'trackedFolderId': 1}], [40]),
    # A repository without an origin: no lookup by origin can rule it out, so every single one goes by id.
    ([{'id': 42, 'displayName': 's', 'origin': 'https://x.example.com/s.git'},
      {'id': 43, 'displayName': 'n', 'origin': None, 'trackedFolderId': 1}], [42, 43]),
    ([{'id': 44, 'displayName': 'none', 'origin': None}, {'id': 45, 'displayName': 'k', 'origin': 'https://x.example.com/k.git'}],
     [44, 45]),
    ([{'id': 46, 'displayName': 'empty', 'origin': ''}], [46]),
])
def test_single_repositories_go_by_id_where_their_origin_cannot_find_them(gij, repositories, by_id):
    gij.emulator.reset(INTEGRATIONS_SEED, repositories, repos_per_integration=0)
    result = gij.run({}, module=MODULE)
    assert [item['id'] for item in result['repository_options'] if 'id' in item] == by_id
    applied_unchanged(gij, result['repository_options'], single=[REPOSITORIES], nested=[INTEGRATIONS, REPOSITORIES])


def test_a_value_that_holds_a_secret_is_left_out_of_repository_options_not_masked_into_it(gij):
    """The result is masked for every secret, those an origin of the server carries included: a value holding one
    ('pass' in 'passport') would reach the export as '********port' and rename the repository when applied. It is left
    out, and the repository found by id; an integration name holding one gives way to integration_id."""
    gij.emulator.reset([{'displayName': 'passing group', 'type': 'GITLAB', 'pat': 'p'}], [
        {'id': 70, 'displayName': 'credentials', 'origin': 'https://bob:pass@x.example.com/a.git'},
        {'id': 71, 'displayName': 'passport', 'origin': 'https://x.example.com/passport.git', 'tagsFilter': 'pass.*'},
        {'id': 72, 'displayName': 'passes', 'origin': 'https://gitlab.com/g/b.git', 'trackedFolderId': 1},
    ], repos_per_integration=0)
    result = gij.run({}, module=MODULE)
    assert not result.failed, result.output
    assert '********' not in json.dumps(result['repository_options'])
    single, passport, nested = result['repository_options']
    assert (passport['id'], passport['main_branch']) == (71, 'master') and not set(passport) & {'name', 'origin', 'real_root', 'absolute_root', 'tags_filter'}
    assert (nested['integration_id'], nested['origin']) == (1, 'https://gitlab.com/g/b.git') and 'name' not in nested
    assert result.warnings == ['repository_options leave out the values of 3 repositories (ids 70, 71, 72) that hold a '
                               'secret (masked in this output): applied, they leave those values as they are.']
    applied_unchanged(gij, result['repository_options'], single=[REPOSITORIES], nested=[REPOSITORIES])


def test_a_repository_of_an_integration_with_a_blank_name_goes_by_integration_id(gij):
    """git_repositories refuses a blank integration_name: such an item names the integration's id."""
    gij.emulator.reset([{'displayName': '  ', 'type': 'GITLAB', 'pat': 'p'}],
                       [{'id': 80, 'displayName': 'a', 'origin': 'https://gitlab.com/g/a.git', 'trackedFolderId': 1}],
                       repos_per_integration=0)
    result = gij.run({}, module=MODULE)
    assert (result['repository_options'][0]['integration_id'], result['repositories'][0]['integration_name']) == (1, '  ')
    applied_unchanged(gij, result['repository_options'], nested=[REPOSITORIES])
