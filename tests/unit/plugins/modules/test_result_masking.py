# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A server that echoes a secret of the task, in any form, in what it returns: no module's result shows it.

Ansible's no_log masks a secret's raw value, in values only; a server may send it URL-encoded, JSON-escaped or in
base64, in a name or in a key of its own.
"""

import pytest

from ansible_collections.gij.jira.tests.unit.module_harness import GIT_PAT, JIRA_PASSWORD, assert_no_secret, secret_forms

BASIC_AUTH = {'JIRA_TOKEN': None, 'JIRA_USERNAME': 'admin', 'JIRA_PASSWORD': JIRA_PASSWORD}
FORMS = sorted(secret_forms(JIRA_PASSWORD) | secret_forms(GIT_PAT))


def seed(gij):
    seeded = [{'displayName': 'echo %d %s' % (n, form), 'type': 'GITHUB', 'pat': 'p', 'tagsFilter': form}
              for n, form in enumerate(FORMS)]
    gij.emulator.reset(seeded, stray_keys={'1': dict(('k%d %s' % (n, form), form) for n, form in enumerate(FORMS))})


@pytest.mark.parametrize('module, args', [
    ('git_integration_info', {}),
    ('git_repository_info', {}),
    ('git_integration', {'id': 1, 'smart_commits_enabled': False, 'pat': GIT_PAT, 'update_secrets': 'always'}),
    ('git_integrations', {'integrations': [{'id': 1, 'smart_commits_enabled': False, 'pat': GIT_PAT},
                                           {'id': 2, 'disabled': True}]}),
])
@pytest.mark.parametrize('check', [True, False], ids=['check', 'run'])
def test_no_form_of_a_secret_the_server_echoes_reaches_a_result(gij, module, args, check):
    seed(gij)
    result = gij.run(args, module=module, check=check, diff=True, env=BASIC_AUTH)
    assert not result.failed, result.output
    known = (JIRA_PASSWORD, GIT_PAT) if 'pat' in str(args) else (JIRA_PASSWORD,)  # only the task's secrets are known to it
    assert_no_secret(result.result, result.output, secrets=known, where='the result of %s' % module)


@pytest.mark.parametrize('depth', [600, 100000])
def test_a_reply_nested_without_end_is_one_line_not_a_traceback(gij, depth):
    """Python's json module and Ansible (any walk over the result) recurse into what the server sent: a reply nested
    hundreds deep stops the task in one line, before it reaches a result."""
    body = '{"integrations": [{"id": 1, "displayName": "deep", "integrationType": "GITHUB", "extra": %s%s}]}' % (
        '[' * depth, ']' * depth)
    gij.emulator.fault(kind='reply', body=body, method='GET')
    result = gij.run({}, module='git_integration_info')
    assert result.failed and 'nested deeper than' in result['msg'] and '\n' not in result['msg'], result.output


# An empty secret (an empty vault variable, an AWX credential field left empty, which AWX injects as "") or one of a
# few characters: masking it as text would garble every message and result (every space, every letter "x").
SHORT_SECRETS = ['', ' ', 'x']


@pytest.mark.parametrize('value', SHORT_SECRETS, ids=['empty', 'space', 'one-letter'])
def test_an_empty_or_very_short_secret_leaves_results_readable(gij, value):
    gij.emulator.reset([{'displayName': 'GH x', 'type': 'GITHUB', 'pat': 'p', 'tagsFilter': 'v x'}])
    result = gij.run({'name': 'GH x', 'pat': value, 'tags_filter': 'v x y', 'update_secrets': 'always'},
                     module='git_integration')
    assert not result.failed, result.output
    assert result['integration']['name'] == 'GH x' and result['integration']['tags_filter'] == 'v x y', result.result
    assert '********' not in result.output.replace('"pat": "********"', ''), result.output
    sent = ['pat' in w['body_keys'] for w in result.writes]
    assert sent == [bool(value.strip())], 'an empty pat is "not given": %s' % result.writes


@pytest.mark.parametrize('value', SHORT_SECRETS, ids=['empty', 'space', 'one-letter'])
def test_an_empty_or_very_short_jira_password_leaves_messages_readable(gij, value):
    result = gij.run({'jira_username': 'admin', 'jira_password': value}, module='git_integration_info',
                     env={'JIRA_TOKEN': None})
    assert result.failed, result.output
    assert '********' not in result['msg'] and ' ' in result['msg'], result['msg']
