# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What users see in real playbooks: module_defaults, ad-hoc commands, secrets in the output, bad input, server failures.

The connection settings a module reads (credentials from the task or the environment, TLS with ca_path) are tested
in-process in tests/unit/plugins/modules/test_connection.py.
"""

import json
import subprocess

import pytest

from ansible_collections.gij.jira.tests.unit.module_harness import GIT_PASSWORD, GIT_PAT, JIRA_PASSWORD, JIRA_TOKEN, assert_no_secret, settled
from conftest import Runner, repositories_of

GITHUB = {'name': 'GH', 'type': 'GITHUB', 'pat': GIT_PAT}
SEEDED = {'displayName': 'GH', 'type': 'GITHUB', 'pat': 'seeded', 'smartCommitsEnabled': True}


def test_module_defaults_group_supplies_the_connection(gij):
    play = {'module_defaults': {'group/gij.jira.gij': {'jira_url': gij.emulator.base, 'jira_token': JIRA_TOKEN}}}
    results = gij.run_tasks([{'gij.jira.git_integration': GITHUB}, {'gij.jira.git_integration_info': {'name': 'GH'}}],
                            env={'JIRA_URL': None, 'JIRA_TOKEN': None}, play_extra=play)
    assert results[0]['changed'] is True and results[0]['_status'] == 'ok', results[0].output
    assert [i['name'] for i in results[1]['integrations']] == ['GH']
    # The toolchain's pins (tests/tools/requirements.txt) keep Python's warnings out of every run, such as the
    # CryptographyDeprecationWarning that cryptography 51 makes ansible-core print on every command.
    assert 'Warning:' not in results[0].output, results[0].output


def test_git_repositories_under_module_defaults_with_diff_shows_no_credential_at_v(gij):
    play = {'module_defaults': {'group/gij.jira.gij': {'jira_url': gij.emulator.base, 'jira_token': JIRA_TOKEN}}}
    items = [{'origin': 'https://git.example.org/platform/app.git', 'name': 'app', 'pat': GIT_PAT},
             {'origin': 'https://git.example.org/platform/lib.git', 'name': 'lib', 'username': 'git', 'password': GIT_PASSWORD}]
    task = {'gij.jira.git_repositories': {'repositories': items, 'exclusive': True}}
    results = gij.run_tasks([task, task], diff=True, verbosity=1, env={'JIRA_URL': None, 'JIRA_TOKEN': None}, play_extra=play)
    created, again = (results + results)[:2]  # both tasks ran, or the first one's output says why not
    assert created['_status'] == 'ok' and created['changed'] is True and len(results) == 2, created.output
    assert [e['name'] for e in created['created']] == ['app', 'lib']
    assert created['diff']['after']['app (id 1)']['pat'] == '******** (new value sent)'
    assert again['_status'] == 'ok' and again['changed'] is False and [e['name'] for e in again['unchanged']] == ['app', 'lib']
    assert sorted(r['origin'] for r in repositories_of(gij.emulator)) == [i['origin'] for i in items]
    made = gij.emulator.requests()
    assert [r['method'] for r in made] == ['GET', 'POST', 'POST', 'GET'], made  # the second run: one list request
    assert [r['secrets_sent'] for r in made if r['method'] == 'POST'] == [['pat'], ['password', 'username']]
    # -v printed both results and --diff the credentials' placeholders: what would leak is on screen.
    assert '"unchanged": [{"id": 1, "name": "app"}' in created.output and '"pat": "******** (new value sent)"' in created.output
    assert_no_secret(created.output, created.result, again.result)


def test_ad_hoc_command_with_environment_credentials(gij):
    env = gij.env()
    # JSON arguments: the token holds quotes, a backslash and a space, which key=value cannot carry.
    command = ['ansible', 'localhost', '-m', 'gij.jira.git_integration', '-a',
               json.dumps({'name': 'adhoc', 'type': 'GITHUB', 'pat': GIT_PAT})]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0 and 'CHANGED' in done.stdout, done.stdout + done.stderr
    info = subprocess.run(['ansible', 'localhost', '-m', 'gij.jira.git_integration_info', '-a', 'type=GITHUB'],
                          env=env, capture_output=True, text=True, timeout=60, check=False)
    assert info.returncode == 0 and '"name": "adhoc"' in info.stdout, info.stdout + info.stderr
    assert_no_secret(done.stdout, done.stderr, info.stdout)


# Bad input: each fails with one line, sends no write and leaves the server exactly as it was.
BAD_INPUT = [
    ({'name': 'GH2', 'type': 'GITHUB_SERVER', 'pat': GIT_PAT}, 'origin is required for type GITHUB_SERVER'),
    ({'name': 'GH2', 'type': 'AWS', 'username': 'a', 'password': GIT_PASSWORD}, 'aws_region is required for type AWS'),
    ({'name': 'GH', 'aws_region': 'eu-west-1'}, 'aws_region is only valid for type AWS, not GITHUB'),
    ({'name': 'GH', 'tfs_collection': 'c'}, 'tfs_collection is only valid for the Microsoft types'),
    ({'name': 'GH', 'project_mapping_ids': [1]}, 'project_mapping_ids needs global: false'),
    ({'name': 'GH', 'type': 'GITLAB', 'pat': GIT_PAT}, 'is of type GITHUB and cannot be changed to GITLAB'),
    ({'name': 'GH', 'max_mins_to_commit_email': 'soon'}, "max_mins_to_commit_email"),
    ({'name': 'GH', 'type': 'GITHUBB'}, 'value of type must be one of'),
    ({'name': 'GH', 'aws_region': 'mars-1'}, 'value of aws_region must be one of'),
    ({'name': 'GH', 'project_mapping_ids': ['PROJ'], 'global': False}, 'project_mapping_ids'),
    ({'name': 'GH', 'no_such_option': 1}, 'Unsupported parameters'),
    ({'name': 'GH2', 'pat': GIT_PAT}, 'type is required to create one'),
    ({'name': 'GH2', 'type': 'GERRIT', 'origin': 'https://r.example.org', 'pat': GIT_PAT}, 'Creating a GERRIT integration needs username and password'),
    ({'name': 'GH', 'state': 'absent', 'delete_files': True, 'jira_token': JIRA_TOKEN, 'jira_password': JIRA_PASSWORD},
     'Give one authentication method, not both'),
    ({'id': 99, 'name': 'x'}, 'Integration id 99 does not exist'),
    ({'name': 'GH', 'api_path': 'orgs/x'}, 'api_path must start with "/"'),
]


@pytest.fixture(scope='module')
def bad_input_run(emulator, tmp_path_factory):
    """One play with a task per case, once per test process (the xdist_group keeps the cases on one worker)."""
    emulator.reset([SEEDED])
    before = emulator.state()
    runner = Runner(emulator, tmp_path_factory.mktemp('bad-input'))
    results = runner.run_tasks([{'name': message, 'gij.jira.git_integration': args, 'ignore_errors': True}
                                for args, message in BAD_INPUT], diff=True)
    return {'results': dict((r['_task'], r) for r in results), 'before': settled(before), 'after': settled(emulator.state())}


@pytest.mark.xdist_group('bad-input')
@pytest.mark.parametrize('args, message', BAD_INPUT, ids=[case[1][:40] for case in BAD_INPUT])
def test_bad_input_changes_nothing(bad_input_run, args, message):
    result = bad_input_run['results'][message]
    assert result.failed and message in result['msg'], result.output
    assert '\n' not in result['msg'] and 'Traceback' not in result.output
    assert result.writes == []
    assert bad_input_run['after'] == bad_input_run['before']  # and so no case of the play changed the server
    assert_no_secret(result.output, result.result)


# Server failures: one line naming the action, the object and the reason; nothing leaks.
FAULTS = [
    ({'kind': 'failure', 'error': 'Database is read-only', 'advice': 'Ask your Jira admin.', 'method': 'PUT'},
     "Cannot update integration 'GH' (id 1): HTTP 200: Database is read-only. Ask your Jira admin."),
    ({'kind': 'echo', 'method': 'PUT'}, "Cannot update integration 'GH' (id 1): HTTP 500: Could not process request"),
    ({'kind': 'status', 'status': 503, 'count': 9}, 'Cannot list integrations: HTTP 503 after 4 attempts'),
    ({'kind': 'html_login'}, 'Cannot list integrations: HTTP 200: Jira answered with an HTML page instead of JSON'),
    ({'kind': 'anonymous'}, 'Cannot list integrations: HTTP 200: Jira served the request anonymously'),
    ({'kind': 'redirect'}, 'Cannot list integrations: HTTP 302: Jira redirected to /login.jsp'),
    ({'kind': 'captcha'}, 'Cannot list integrations: HTTP 403: Jira requires a CAPTCHA'),
    ({'kind': 'bad_json'}, 'Cannot list integrations: HTTP 200: the reply is not valid JSON'),
]


@pytest.fixture(scope='module')
def faults_run(emulator, tmp_path_factory):
    """One play, each task meeting its own fault (faults with 'task', see emulator.md), once per test process."""
    emulator.reset([SEEDED])
    emulator.faults(*[dict(fault, task='t%d@localhost' % number) for number, (fault, _message) in enumerate(FAULTS, 1)])
    runner = Runner(emulator, tmp_path_factory.mktemp('faults'))
    task = dict(GITHUB, smart_commits_enabled=False, update_secrets='always')
    # -vv prints every result in full; -vvv and more would print each task's own token (see Runner.run_tasks):
    # the secrets at -vvvv are test_secrets_never_appear_even_at_vvvv's and test_server_boundary's.
    results = runner.run_tasks([{'name': fault['kind'], 'gij.jira.git_integration': task, 'ignore_errors': True}
                                for fault, _message in FAULTS], verbosity=2)
    return dict((r['_task'], r) for r in results)


@pytest.mark.xdist_group('faults')
@pytest.mark.parametrize('fault, message', FAULTS, ids=[case[0]['kind'] for case in FAULTS])
def test_server_failures_are_one_clear_line_without_secrets(faults_run, fault, message):
    result = faults_run[fault['kind']]
    assert result.failed and result['msg'].startswith(message), result['msg']
    assert '\n' not in result['msg'] and 'Traceback' not in result.output
    assert_no_secret(result.output, result.result)


@pytest.mark.parametrize('env', [{}, {'JIRA_TOKEN': None, 'JIRA_USERNAME': 'admin', 'JIRA_PASSWORD': JIRA_PASSWORD}],
                         ids=['token', 'basic'])
def test_secrets_never_appear_even_at_vvvv(gij, env):
    task = {'name': 'Legacy', 'type': 'GITLAB_SERVER_LEGACY', 'origin': 'https://gl.example.org', 'username': 'indexer',
            'password': GIT_PASSWORD, 'update_secrets': 'always'}
    results = gij.run_tasks([
        {'gij.jira.git_integration': task, 'diff': True},
        {'gij.jira.git_integration': dict(task, pat=GIT_PAT), 'diff': True},
        {'gij.jira.git_integration': dict(task, name='Other', pat=GIT_PAT), 'diff': True, 'check_mode': True},
        {'gij.jira.git_integration': dict(task, state='absent'), 'diff': True},
    ], verbosity=4, env=env)
    assert [r['_status'] for r in results] == ['ok'] * 4, results[0].output
    assert results[1]['diff']['after']['password'] == '******** (new value sent)'
    assert_no_secret(results[0].output, [r.result for r in results])


def test_an_empty_vault_variable_or_a_one_letter_secret_leaves_registered_results_readable(gij):
    """An empty secret (as an empty vault variable, or an AWX credential field left empty, arrives) means "not given";
    a secret too short to mask is not masked: no registered value is interleaved with ********."""
    gij.emulator.reset([dict(SEEDED, displayName='GH x')])
    task = {'name': 'GH x', 'tags_filter': 'v x y', 'update_secrets': 'always'}
    results = gij.run_tasks([{'gij.jira.git_integration': dict(task, pat=value)} for value in ('', ' ', 'x')], diff=True,
                            verbosity=2)
    assert [(r['_status'], r['changed']) for r in results] == [('ok', True), ('ok', False), ('ok', True)], results[0].output
    for result in results:
        assert result['integration']['name'] == 'GH x' and result['integration']['tags_filter'] == 'v x y', result.result
        assert '********G' not in result.output and '* *' not in result.output, result.output
