# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Connection settings in-process: credentials from the task or the environment, their mistakes, TLS with ca_path.

(module_defaults and ad-hoc commands cross Ansible itself: tests/integration/test_playbook_behaviour.py.)
"""

import pytest

from ansible_collections.gij.jira.tests.unit.emulator_support import RunningEmulator
from ansible_collections.gij.jira.tests.unit.module_harness import GIT_PAT, JIRA_PASSWORD, TOKENS, USERS, ModuleRunner

GITHUB = {'name': 'GH', 'type': 'GITHUB', 'pat': GIT_PAT}


def test_basic_auth_from_the_environment(gij):
    result = gij.run(GITHUB, env={'JIRA_TOKEN': None, 'JIRA_USERNAME': 'admin', 'JIRA_PASSWORD': JIRA_PASSWORD})
    assert result['changed'] is True, result.output
    assert result.requests[0]['user'] == 'admin'


def test_task_credentials_win_over_the_environment(gij):
    # The environment holds a non-admin token; the task's basic auth must be the one used.
    result = gij.run(dict(GITHUB, jira_username='admin', jira_password=JIRA_PASSWORD), env={'JIRA_TOKEN': 'user-token'})
    assert result['changed'] is True, result.output
    assert {r['user'] for r in result.requests} == {'admin'}


@pytest.mark.parametrize('env, message', [
    ({'JIRA_TOKEN': None}, 'No Jira credentials'),
    ({'JIRA_USERNAME': 'admin'}, 'Give one authentication method, not both'),
    ({'JIRA_URL': None}, 'missing required arguments: jira_url'),
    ({'JIRA_URL': 'jira.example.com'}, 'jira_url must be an http'),
])
def test_connection_mistakes_fail_clearly_without_a_request(gij, env, message):
    result = gij.run(GITHUB, env=env)
    assert result.failed and message in result['msg'], result.output
    assert result.requests == []


def test_https_with_ca_path_over_the_environment_bundle(tmp_path):
    import trustme  # pylint: disable=import-outside-toplevel  # make test installs it: missing fails, never skips
    authority = trustme.CA()
    cert = authority.issue_cert('127.0.0.1')
    cert.private_key_and_cert_chain_pem.write_to_path(str(tmp_path / 'cert.pem'))
    cert.private_key_pem.write_to_path(str(tmp_path / 'key.pem'))
    authority.cert_pem.write_to_path(str(tmp_path / 'ca.pem'))
    server = RunningEmulator(users=USERS, tokens=TOKENS, tls_cert=str(tmp_path / 'cert.pem'), tls_key=str(tmp_path / 'key.pem'))
    try:
        runner = ModuleRunner(server)
        trusted = runner.run(dict(GITHUB, ca_path=str(tmp_path / 'ca.pem')), env={'REQUESTS_CA_BUNDLE': '/etc/ssl/certs/ca-certificates.crt'})
        assert trusted['changed'] is True, trusted.output
        untrusted = runner.run(GITHUB, env={'REQUESTS_CA_BUNDLE': None, 'CURL_CA_BUNDLE': None})
        assert untrusted.failed and 'TLS verification of https://127.0.0.1' in untrusted['msg'], untrusted.output
        from_env = runner.run(GITHUB, env={'JIRA_CA_PATH': str(tmp_path / 'ca.pem')})
        assert from_env['changed'] is False and not from_env.failed, from_env.output
        insecure = runner.run(dict(GITHUB, validate_certs=False))
        assert insecure['changed'] is False and not insecure.failed, insecure.output
    finally:
        server.stop()
