# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The make test-real suite (tests/real/suite.py), run against the emulator under each of its update readings."""

import base64
import glob
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from urllib.parse import quote

import pytest

from ansible_collections.gij.jira.tests.unit.module_harness import GIT_PAT, JIRA_PASSWORD, JIRA_TOKEN, assert_no_secret, secret_forms, settled
from conftest import HERE, Emulator

# The suite's own driving and cleanup, not the modules: make test runs these in the first lane only (conftest.py).
pytestmark = pytest.mark.interpreter_independent

SUITE = os.path.join(HERE, '..', 'real', 'suite.py')
BYSTANDERS = [
    {'displayName': 'Production GitHub', 'type': 'GITHUB', 'pat': 'p', 'smartCommitsEnabled': False},
    {'displayName': 'Shared folders', 'type': 'FILESPACE', 'origin': '/srv/git/*', 'folderDepth': 2},
]


def suite_env(emulator, **extra):
    env = dict((k, v) for k, v in os.environ.items() if not k.startswith(('JIRA_', 'GIJ_TEST_')))
    # The opt-in names the Jira's host: here the emulator's, 127.0.0.1.
    env.update({'JIRA_URL': emulator.base, 'JIRA_TOKEN': JIRA_TOKEN, 'GIJ_TEST_REAL': '127.0.0.1', 'GIJ_TEST_GITHUB_PAT': GIT_PAT,
                'ANSIBLE_PYTHON_INTERPRETER': sys.executable})
    env.update(extra)
    return dict((k, v) for k, v in env.items() if v is not None)


def start_suite(emulator, output_dir, **extra):
    command = [sys.executable, SUITE, '--output-dir', str(output_dir), '--repo-wait', '3', '--repo-interval', '0.5']
    return subprocess.Popen(command, env=suite_env(emulator, **extra), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def run_suite(emulator, output_dir, **extra):
    proc = start_suite(emulator, output_dir, **extra)
    output = proc.communicate(timeout=600)[0]
    return proc.returncode, output


def report_of(output_dir):
    with open(os.path.join(str(output_dir), 'real-report.json'), encoding='utf-8') as handle:
        return json.load(handle)


@pytest.fixture()
def own_emulator(request):
    started = []

    def start(*args):
        started.append(Emulator(tempfile.mkdtemp(prefix='gij-real-suite-'), list(args)))
        return started[-1]
    yield start
    for emulator in started:
        emulator.stop()


@pytest.mark.parametrize('reading', ['lenient', 'strict'])
def test_the_suite_passes_and_its_report_names_the_emulators_reading(own_emulator, tmp_path, reading):
    emulator = own_emulator(*(['--strict'] if reading == 'strict' else []))
    emulator.reset(BYSTANDERS)
    before = emulator.state()
    status, output = run_suite(emulator, tmp_path)
    report = report_of(tmp_path)
    assert status == 0 and report['result'] == 'passed', output + json.dumps(report['problems'])

    assert report['emulator_comparison']['reading'] == reading
    with open(str(tmp_path / 'real-report.md'), encoding='utf-8') as handle:
        markdown = handle.read()
    assert "This server behaves like the emulator's **%s** reading." % reading in markdown

    assert report['types']['tried'] == ['GITHUB', 'FILESPACE']  # FILESPACE needs no git host; GITHUB had its variable
    not_tried = report['types']['not_tried']
    assert len(not_tried) == 10 and not_tried['GITLAB'] == 'needs a git host: set GIJ_TEST_GITLAB_PAT'
    assert 'GIJ_TEST_AWS_REGION' in not_tried['AWS']
    for kind in ('GITHUB', 'FILESPACE'):
        assert all(entry['ok'] for entry in report['lifecycle'][kind].values()), report['lifecycle'][kind]
        assert len(report['lifecycle'][kind]) == 10
    assert report['set_tasks']['set_exclusive_check_mode']['would_delete_others'] == 2
    assert report['set_tasks']['others_untouched'] is True

    observed = report['observations']
    expected = {'lenient': ('kept', True, 200), 'strict': ('reset', False, 404)}[reading]
    assert observed['update_omitting_fields']['verdict'] == expected[0]
    assert observed['update_omitting_fields']['omitted_disabled'] == 'reset'
    assert observed['update_omitting_write_only']['accepted'] is expected[1]
    assert observed['read_missing_id']['status'] == expected[2] and observed['read_missing_id']['success_flag'] is False
    assert 'delete a missing id' not in observed['reply_shapes']  # a freed id may be someone else's by then
    assert observed['duplicate_display_names']['accepted'] is True
    assert observed['write_only_returned']['folderDepth'] == {'FILESPACE': 'never seen'}
    assert observed['write_only_returned']['pat'] == {'GITHUB': 'never seen'}
    waited = observed['repositories_after_create']
    assert waited['appeared_after_seconds'] is not None and waited['waited_seconds'] < waited['wait_limit_seconds'] == 3
    assert observed['reply_shapes']['read one']['shape']['success'] == 'string "true"'
    assert observed['reply_shapes']['list integrations']['shape']['success'] == 'boolean true'

    # It touched only its own integrations, and removed every one of them; the report lists both, by id and name.
    assert settled(emulator.state()) == settled(before)
    assert report['cleanup']['left_ids'] == []
    assert report['created'] and sorted(e['id'] for e in report['created']) == sorted(e['id'] for e in report['deleted'])
    assert all(e['name'].startswith(report['prefix']) for e in report['created'] + report['deleted'])
    assert report['server'] == 'the bundled emulator' and markdown.startswith('# gij.jira against the bundled emulator')
    assert '| %s | `%sFILESPACE` | FILESPACE |' % (report['created'][0]['id'], report['prefix']) in markdown or \
        '`%sFILESPACE` | FILESPACE |' % report['prefix'] in markdown
    assert "would have deleted 2 integration(s) that this run did not create (this Jira's own integrations)" in markdown
    writes = [r for r in emulator.requests() if r['method'] != 'GET']
    assert writes and all(r['method'] != 'DELETE' or r['query'].get('deleteFiles') == 'false' for r in writes)
    with open(str(tmp_path / 'real-playbook.log'), encoding='utf-8') as handle:
        assert_no_secret(output, markdown, json.dumps(report), handle.read())


def test_it_refuses_to_start_unless_the_opt_in_names_the_jiras_host(emulator, tmp_path):
    emulator.reset(BYSTANDERS)
    emulator.clear_log()
    for extra in ({'GIJ_TEST_REAL': None}, {'GIJ_TEST_REAL': 'yes'}, {'GIJ_TEST_REAL': 'jira-staging.example.com'}):
        status, output = run_suite(emulator, tmp_path, **extra)
        assert status == 2, output
        assert output.startswith('test-real: refused: no opt-in. It creates and deletes integrations on the Jira at 127.0.0.1. '
                                 'To confirm that this is a staging Jira you may change, set GIJ_TEST_REAL=127.0.0.1'), output
    status, output = run_suite(emulator, tmp_path, JIRA_TOKEN=None)
    assert status == 2 and output.startswith('test-real: refused: no credentials.'), output
    # Credentials in JIRA_URL: refused, and never repeated.
    url = emulator.base.replace('://', '://admin:%s@' % quote(JIRA_PASSWORD, safe=''))
    status, output = run_suite(emulator, tmp_path, JIRA_URL=url, JIRA_TOKEN=None, JIRA_USERNAME='admin', JIRA_PASSWORD=JIRA_PASSWORD)
    assert status == 2 and 'JIRA_URL must not contain credentials' in output, output
    assert_no_secret(output)
    assert emulator.requests() == [] and not os.path.exists(str(tmp_path / 'real-report.json'))


def test_make_test_real_refuses_without_opt_in_and_make_names_the_status(tmp_path):
    """Through make, a failure is make's own status 2; its last line names the suite's (docs/test-real.md)."""
    env = dict((k, v) for k, v in os.environ.items() if not k.startswith(('JIRA_', 'GIJ_TEST_', 'MAKE', 'MFLAGS')))
    env['JIRA_URL'] = 'https://jira-staging.example.com'
    done = subprocess.run(['make', '-C', os.path.join(HERE, '..', '..'), 'test-real'], env=env, capture_output=True, text=True,
                          timeout=60, check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 2 and 'test-real: refused: no opt-in.' in output and 'set GIJ_TEST_REAL=jira-staging.example.com' in output
    assert re.search(r'make(\[\d+\])?: \*\*\* \[.*test-real\] Error 2', output), output


@pytest.mark.parametrize('config, env, message', [
    ({'app_installed': False}, {}, 'Git Integration for Jira does not answer at {base}/rest/gitplugin/1.0/integration (HTTP 404, not JSON); '
                                   'Jira answers at {base} (version 9.12.2). Nothing was written.'),
    ({}, {'JIRA_URL': '{base}/jira'}, 'Jira itself does not answer at {base}/jira/rest/api/2/serverInfo either: check JIRA_URL'),
    ({}, {'JIRA_TOKEN': 'not-the-token'}, 'Jira refused the credentials for {base}/rest/gitplugin/1.0/integration (HTTP 401: the credentials were rejected)'),
])
def test_it_checks_that_the_app_answers_before_its_first_write(emulator, tmp_path, config, env, message):
    emulator.reset(BYSTANDERS, **config)
    try:
        status, output = run_suite(emulator, tmp_path, **dict((k, v.format(base=emulator.base)) for k, v in env.items()))
        writes = [r for r in emulator.requests() if r['method'] != 'GET']
    finally:
        emulator.reset()
    assert status == 3 and message.format(base=emulator.base) in output, output
    why = 'the credentials were refused' if 'JIRA_TOKEN' in env else 'the app does not answer'
    assert writes == [] and report_of(tmp_path)['result'] == 'refused: %s' % why
    assert 'test-real: refused: %s. Report:' % why in output


def test_an_interrupted_run_removes_what_it_created_and_nothing_else(own_emulator, tmp_path):
    emulator = own_emulator()
    emulator.reset(BYSTANDERS)
    before = emulator.state()
    proc = start_suite(emulator, tmp_path, GIJ_TEST_TYPES='FILESPACE')
    deadline = time.time() + 120
    while not any(i['displayName'].startswith('gij-test-') for i in emulator.state()):
        assert proc.poll() is None and time.time() < deadline, 'the suite created nothing: %s' % proc.stdout.read()
        time.sleep(0.1)
    proc.send_signal(signal.SIGINT)
    output = proc.communicate(timeout=120)[0]
    assert proc.returncode == 130, output
    assert report_of(tmp_path)['result'] == 'interrupted'
    assert settled(emulator.state()) == settled(before)


def test_on_a_paged_server_that_reuses_ids_it_deletes_only_its_own_and_masks_every_secret(own_emulator, tmp_path):
    """The list comes in pages of 2 and one read of it fails once; every deleted id is given at once to a new integration
    of another admin; the user and password reach the server in a basic-auth header, and the server repeats them."""
    emulator = own_emulator()
    other = {'displayName': 'Another admin\'s integration', 'type': 'GITHUB', 'pat': 'p'}
    emulator.reset(BYSTANDERS + [{'displayName': 'Third', 'type': 'GITLAB', 'pat': 'p'}], page_size=2, reuse_ids=True,
                   create_after_delete=other)
    before = emulator.state()
    echoed = ' '.join(sorted(secret_forms(JIRA_PASSWORD) | secret_forms(GIT_PAT)))
    emulator.faults({'kind': 'reply', 'method': 'GET', 'path': 'serverInfo$', 'count': 1,
                     'body': {'version': '9.12.2 (Basic %s) %s' % (base64.b64encode(('admin:' + JIRA_PASSWORD).encode()).decode(), echoed),
                              'serverTitle': 'Jira (GIJ emulator)'}},
                    {'kind': 'status', 'status': 503, 'method': 'GET', 'path': '/integration$', 'skip': 3, 'count': 1})
    status, output = run_suite(emulator, tmp_path, GIJ_TEST_TYPES='FILESPACE', JIRA_TOKEN=None, JIRA_USERNAME='admin',
                               JIRA_PASSWORD=JIRA_PASSWORD)
    report = report_of(tmp_path)
    assert status == 0 and report['result'] == 'passed', output + json.dumps(report['problems'])
    assert report['preflight']['integrations_before'] == 3  # every page counted, not the first

    after = emulator.state()
    deletes = [r for r in emulator.requests() if r['method'] == 'DELETE']
    others = [item for item in after if item['displayName'] == other['displayName']]
    assert deletes and len(others) == len(deletes), 'an integration of another admin was deleted'
    assert settled([item for item in after if item['displayName'] != other['displayName']]) == settled(before)
    assert report['cleanup']['left_ids'] == [] and all(e['name'].startswith(report['prefix']) for e in report['deleted'])
    assert 'delete a missing id' not in report['observations']['reply_shapes']
    assert report['observations']['read_missing_id']['id_given_to_another_integration'] is True

    files = sorted(glob.glob(str(tmp_path / '*')))
    assert [os.path.basename(f) for f in files] == ['real-playbook.log', 'real-report.json', 'real-report.md']
    contents = []
    for path in files:
        with open(path, encoding='utf-8') as handle:
            contents.append(handle.read())
    assert '9.12.2 (Basic ********)' in contents[2]
    assert_no_secret(output, *contents, secrets=(JIRA_PASSWORD, GIT_PAT, 'admin:' + JIRA_PASSWORD))
