# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The server boundary, as ansible-playbook shows it at -vvvv: secrets in every form never appear.

The module behaviours at the server boundary (odd replies, success without a body, partial failures) are tested
in-process in tests/unit/plugins/modules/test_server_boundary.py.
"""

import pytest

from ansible_collections.gij.jira.tests.unit.module_harness import GIT_PASSWORD, GIT_PAT, JIRA_TOKEN, assert_no_secret

GITHUB = {'name': 'GH', 'type': 'GITHUB', 'pat': GIT_PAT}


def one_line(result):
    assert result.failed, result.output
    assert '\n' not in result['msg'] and 'Traceback' not in result.output and 'MODULE FAILURE' not in result.output, result.output


@pytest.mark.parametrize('where', ['task', 'environment'])
def test_a_jira_token_with_a_trailing_newline_works_and_never_shows(gij, where):
    padded = JIRA_TOKEN + '\n'
    env = {'JIRA_TOKEN': padded} if where == 'environment' else {}
    args = dict(GITHUB) if where == 'environment' else dict(GITHUB, jira_token=padded)
    result = gij.run(args, env=env, verbosity=4)
    assert result['_status'] == 'ok' and result['changed'] is True, result.output
    assert_no_secret(result.output, result.result)


def test_a_server_that_quotes_the_request_back_never_shows_the_secret(gij):
    secret = 'pa"ss\\word/+% ' + GIT_PASSWORD
    gij.emulator.faults({'kind': 'echo', 'method': 'POST', 'status': 200})
    result = gij.run({'name': 'Gerrit', 'type': 'GERRIT', 'origin': 'https://r.example.org', 'username': 'u',
                      'password': secret}, verbosity=4)
    one_line(result)
    assert 'Could not process request' in result['msg']
    assert_no_secret(result.output, result.result, secrets=(secret,))
