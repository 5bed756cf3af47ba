# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""git_integration_info: the versions are read only when asked, bounded, and only short printable version strings."""

import time

import pytest

SERVER_INFO = '/rest/api/2/serverInfo'
PLUGIN = '/rest/plugins/1.0/com.xiplink.jira.git.jira_git_plugin-key'
VERSION_KEYS = ('jira_version', 'app_version', 'app_enabled')


def paths(emulator):
    return [entry['path'] for entry in emulator.state.log]


def info(gij, **args):
    """git_integration_info run in-process against gij.emulator (its URL and admin token from the environment)."""
    return gij.run(args, module='git_integration_info')


def test_the_plain_call_is_one_request_and_reports_no_versions(gij):
    gij.emulator.state.seed({'displayName': 'GH', 'type': 'GITHUB', 'pat': 'p'})
    result = info(gij)
    assert [i['name'] for i in result['integrations']] == ['GH']
    assert paths(gij.emulator) == ['/rest/gitplugin/1.0/integration']
    assert not any(key in result for key in VERSION_KEYS), result


def test_read_versions_adds_the_two_reads(gij):
    gij.emulator.state.set_config({'jira_version': '10.3.4', 'app_version': '5.1.1-jira10', 'app_enabled': True})
    result = info(gij, read_versions=True)
    assert [result[key] for key in VERSION_KEYS] == ['10.3.4', '5.1.1-jira10', True]
    assert sorted(paths(gij.emulator)) == sorted(['/rest/gitplugin/1.0/integration', SERVER_INFO, PLUGIN])
    assert not result.get('warnings')


@pytest.mark.parametrize('version', [
    '9.12.2\nInjected: yes',  # a line of its own in a file the version is written into
    '\x1b[31m9.12.2\x1b[0m',  # terminal escapes
    '9.12.2\u202e',  # a bidi override
    '9' * 10000,
    '9.12.2 <script>',
    12,
    ['9.12.2'],
], ids=['newline', 'ansi', 'bidi', '10000-characters', 'markup', 'number', 'list'])
def test_a_version_that_is_not_a_short_version_string_is_null_with_a_warning(gij, version):
    gij.emulator.fault(kind='reply', path='^%s' % SERVER_INFO, body={'version': version})
    gij.emulator.fault(kind='reply', path='^/rest/plugins/', body={'version': version, 'enabled': True})
    result = info(gij, read_versions=True)
    assert not result.get('failed'), result
    assert (result['jira_version'], result['app_version'], result['app_enabled']) == (None, None, True)
    warnings = result.warnings
    assert [w.split(':')[0] for w in warnings] == ['jira_version', 'app_version'], warnings
    for warning in warnings:  # the value itself is not shown
        assert 'is not a short version string' in warning and len(warning) < 200, warning
        assert not any(piece in warning for piece in ('Injected', '\x1b', '\u202e', '99999', 'script', '12')), warning


def test_a_missing_version_is_null_without_a_warning(gij):
    gij.emulator.fault(kind='reply', path='^%s' % SERVER_INFO, body={'baseUrl': 'x'})
    gij.emulator.fault(kind='reply', path='^/rest/plugins/', body={'version': None})
    result = info(gij, read_versions=True)
    assert (result['jira_version'], result['app_version'], result['app_enabled']) == (None, None, None)
    assert not result.get('warnings')


def test_a_hanging_version_endpoint_costs_one_timeout_and_no_retry(gij):
    gij.emulator.fault(kind='slow', path='^/rest/plugins/', seconds=4, count=5)
    started = time.monotonic()
    result = info(gij, read_versions=True, timeout=1)
    assert time.monotonic() - started < 2.5
    assert result['app_version'] is None and result['jira_version'] is not None
    assert paths(gij.emulator).count(PLUGIN) == 1


def test_without_read_versions_a_hanging_version_endpoint_costs_nothing(gij):
    gij.emulator.fault(kind='slow', path='^/rest/(plugins/|api/2/serverInfo)', seconds=4, count=5)
    started = time.monotonic()
    info(gij, timeout=1)
    assert time.monotonic() - started < 1
    assert paths(gij.emulator) == ['/rest/gitplugin/1.0/integration']
