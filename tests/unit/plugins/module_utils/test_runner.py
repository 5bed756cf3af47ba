# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""runner.py's own rules: credentials in jira_url hidden, git credentials stripped and masked (in set items too),
the echoed invocation without the unset options of list items. (Whole modules: tests/unit/plugins/modules/.)"""

import pytest

from ansible_collections.gij.jira.plugins.module_utils.api import GijError, Secrets
from ansible_collections.gij.jira.plugins.module_utils.runner import clean_git_credentials, hide_url_credentials, invocation


class Module:
    """What the runner reads and writes of an AnsibleModule: its params and its no_log values."""

    def __init__(self, **params):
        self.params = params
        self.no_log_values = set()


def test_a_password_in_jira_url_is_masked_in_every_form():
    module = Module(jira_url='https://admin:p%40ss@jira.example.com/jira')
    secrets = Secrets()
    hide_url_credentials(module, secrets)
    assert {'admin:p%40ss', 'p%40ss', 'p@ss'} <= module.no_log_values
    assert 'p@ss' not in secrets.mask('the password p@ss, quoted p%40ss')


def test_a_url_without_credentials_adds_nothing():
    module = Module(jira_url='https://jira.example.com/')
    hide_url_credentials(module, Secrets())
    assert module.no_log_values == set()


def test_git_credentials_are_stripped_and_masked_in_the_task_and_in_every_item():
    module = Module(pat=' top-pat\n', username=' bot ', integrations=[{'password': ' item-pw ', 'username': 'u'}, 'not an item'])
    secrets = Secrets()
    clean_git_credentials(module, module.params, secrets)
    assert module.params['pat'] == 'top-pat' and module.params['username'] == 'bot'
    assert module.params['integrations'][0]['password'] == 'item-pw'
    assert {'top-pat', 'item-pw'} <= module.no_log_values and 'bot' not in module.no_log_values  # a username is no secret
    assert secrets.mask('top-pat and item-pw') == '******** and ********'


def test_a_control_character_inside_a_credential_is_refused_without_its_value():
    module = Module(integrations=[{'pat': 'abc\ndef'}])
    with pytest.raises(GijError, match='^pat contains a control character') as caught:
        clean_git_credentials(module, module.params, Secrets())
    assert 'abc' not in str(caught.value)


def test_the_invocation_leaves_out_the_unset_options_of_list_items_only():
    module = Module(name=None, integrations=[{'name': 'a', 'pat': None, 'disabled': False}, 'plain'], ids=[1, 2])
    assert invocation(module) == {'module_args': {'name': None, 'integrations': [{'name': 'a', 'disabled': False}, 'plain'],
                                                  'ids': [1, 2]}}
