# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Options the server never returns are needed only to create: an existing integration is managed without them."""

import pytest

from ansible_collections.gij.jira.tests.unit.module_harness import GIT_PASSWORD

EXISTING = [
    {'displayName': 'cc', 'type': 'AWS', 'username': 'AKIA', 'password': 'seeded', 'awsRegion': 'eu-west-1'},
    {'displayName': 'folders', 'type': 'FILESPACE', 'origin': '/srv/git/*', 'folderDepth': 2},
    {'displayName': 'ghe', 'type': 'GITHUB_SERVER', 'origin': 'https://ghe.example.org', 'pat': 'seeded'},
]


@pytest.mark.parametrize('name', ['cc', 'folders', 'ghe'])
def test_an_existing_integration_is_managed_without_its_create_only_options(gij, name):
    gij.emulator.reset(EXISTING)
    results = [gij.run(args) for args in ({'name': name, 'disabled': True}, {'name': name, 'disabled': True},
                                          {'name': name, 'disabled': False, 'smart_commits_enabled': False},
                                          {'name': name, 'state': 'absent'})]
    assert [r.failed for r in results] == [False] * 4, [r.get('msg') for r in results]
    assert [r['changed'] for r in results] == [True, False, True, True]
    assert results[1].writes == []
    assert [i['displayName'] for i in gij.emulator.integrations()] == [n['displayName'] for n in EXISTING if n['displayName'] != name]


def test_items_of_a_set_need_them_only_to_create(gij):
    gij.emulator.reset(EXISTING)
    items = [{'name': 'cc', 'disabled': True}, {'name': 'folders', 'revision_indexing': False}, {'name': 'ghe'}]
    result = gij.run({'integrations': items}, module='git_integrations')
    assert not result.failed and [i['name'] for i in result['updated']] == ['cc', 'folders'], result.output
    new = gij.run({'integrations': [{'name': 'cc2', 'type': 'AWS', 'username': 'AKIA', 'password': GIT_PASSWORD}]},
                  module='git_integrations')
    assert new.failed and 'aws_region is required for type AWS' in new['msg'] and new.writes == [], new.output


def test_when_given_they_go_into_every_update_body(gij):
    gij.emulator.reset(EXISTING)
    result = gij.run({'name': 'folders', 'folder_depth': 3, 'revision_indexing': False})
    assert result['changed'] is True, result.output
    puts = [r for r in result.writes if r['method'] == 'PUT' and '/integration/' in r['path']]
    assert len(puts) == 1 and 'folderDepth' in puts[0]['body_keys']
    assert gij.emulator.integrations()[1]['folderDepth'] == 3
