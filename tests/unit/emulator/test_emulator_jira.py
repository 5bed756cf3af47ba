# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The emulator's Jira around the app: serverInfo, the plugin manager, and the app-not-installed switch."""

import requests

PLUGIN = '/rest/plugins/1.0/com.xiplink.jira.git.jira_git_plugin-key'


def get(emulator, path, auth=('admin', 'admin-pw')):
    return requests.get(emulator.url + path, auth=auth, timeout=10)


def test_server_info_answers_anonymously_and_authenticated(emulator):
    for auth in (None, ('admin', 'admin-pw'), ('jdoe', 'jdoe-pw')):
        reply = get(emulator, '/rest/api/2/serverInfo', auth)
        assert reply.status_code == 200 and reply.json()['version'] == '9.12.2'
        assert reply.json()['versionNumbers'] == [9, 12, 2]


def test_server_info_refuses_wrong_credentials(emulator):
    assert get(emulator, '/rest/api/2/serverInfo', ('admin', 'wrong')).status_code == 401


def test_plugin_manager_answers_administrators_only(emulator):
    reply = get(emulator, PLUGIN)
    assert reply.status_code == 200 and 'json' in reply.headers['Content-Type']
    assert (reply.json()['version'], reply.json()['enabled']) == ('4.28.6', True)
    assert get(emulator, PLUGIN, ('jdoe', 'jdoe-pw')).status_code == 403
    assert get(emulator, PLUGIN, None).status_code == 401


def test_versions_come_from_the_config(emulator):
    emulator.state.set_config({'jira_version': '10.3.4', 'app_version': '5.1.1'})
    assert get(emulator, '/rest/api/2/serverInfo').json()['version'] == '10.3.4'
    assert get(emulator, PLUGIN).json()['version'] == '5.1.1'


def test_app_not_installed_hides_every_app_path_but_jira_still_answers(emulator):
    emulator.state.set_config({'app_installed': False})
    for path in ('/integration', '/integration/1', '/repository'):
        reply = emulator.api('GET', path)
        assert reply.status_code == 404 and reply.headers['Content-Type'].startswith('text/html')
    assert emulator.api('POST', '/integration', json={'type': 'GITHUB', 'pat': 'p'}).status_code == 404
    assert emulator.state.integrations == {}
    assert get(emulator, PLUGIN).status_code == 404
    assert get(emulator, '/rest/api/2/serverInfo').status_code == 200
    assert emulator.api('GET', '/integration', auth=('admin', 'wrong')).status_code == 401


def test_a_disabled_app_is_reported_disabled_and_its_paths_are_gone(emulator):
    emulator.state.set_config({'app_enabled': False})
    assert get(emulator, PLUGIN).json()['enabled'] is False
    assert emulator.api('GET', '/integration').status_code == 404


def test_reset_restores_the_installed_app(emulator):
    emulator.state.set_config({'app_installed': False})
    emulator.state.reset()
    assert emulator.api('GET', '/integration').status_code == 200
