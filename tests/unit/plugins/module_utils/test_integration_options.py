# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""fields.integration_options: a server object as git_integration options, the basis of the export."""

from ansible_collections.gij.jira.plugins.module_utils import fields
from ansible_collections.gij.jira.plugins.module_utils.integration import IntegrationService
from ansible_collections.gij.jira.plugins.module_utils.runner import item_argument_spec

# A reply as the service turns it into facts; the export starts from there.
SERVER_OBJECT = {
    'id': 7, 'integrationType': 'GITLAB_SERVER', 'displayName': 'GitLab', 'origin': 'https://gitlab.example.com',
    'disabled': 'false', 'sendCommitEmails': True, 'maxMinsToCommitEmail': '720', 'global': False,
    'projectMappingIds': [10100, 10000, 10100], 'tagsFilter': 'v.*', 'apiPath': '', 'initDate': 1700000000000,
    'lastIndexedDate': 1700000001000, 'showAllTags': True, 'someFutureField': 'x',
    # never returned by a real server, but a careless one must not make them appear:
    'pat': 'leaked', 'password': 'leaked', 'username': 'bot', 'awsRegion': 'eu-west-1', 'folderDepth': 2,
}
FACTS = fields.INTEGRATION.facts(SERVER_OBJECT)


def test_options_only_with_the_option_types():
    options = fields.INTEGRATION.options(FACTS)
    assert options == {
        'name': 'GitLab', 'type': 'GITLAB_SERVER', 'origin': 'https://gitlab.example.com', 'disabled': False,
        'send_commit_emails': True, 'max_mins_to_commit_email': 720, 'global': False,
        'project_mapping_ids': [10000, 10100], 'tags_filter': 'v.*',
    }
    assert list(options)[:3] == ['name', 'type', 'origin']  # table order: reads well in an exported file


def test_every_option_is_an_option_of_an_item_of_git_integrations():
    spec = item_argument_spec(IntegrationService)
    for option, value in fields.INTEGRATION.options(FACTS).items():
        assert option in spec and not spec[option].get('no_log')
        assert isinstance(value, {'str': str, 'bool': bool, 'int': int, 'list': list}[spec[option]['type']])


def test_project_ids_of_a_global_integration_are_left_out():
    facts = fields.INTEGRATION.facts({'id': 1, 'displayName': 'x', 'global': 'true', 'projectMappingIds': []})
    assert fields.INTEGRATION.options(facts) == {'name': 'x', 'global': True}
