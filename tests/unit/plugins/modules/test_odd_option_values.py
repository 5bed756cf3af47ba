# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Odd values for every option of every module (in-process, against the emulator): each run ends in a result or in
one clear line, never in the last safety net ("Unexpected error") and never in a traceback (issue 20, case 13)."""

import importlib

import pytest

from ansible_collections.gij.jira.tests.unit.module_harness import JIRA_TOKEN

MODULES = ('git_integration', 'git_integration_info', 'git_integrations', 'git_repository', 'git_repositories', 'git_reindex',
           'git_repository_info')
ODD_VALUES = (
    0, -1, 2 ** 31, 1e23, 1.5, float('nan'), float('inf'), True, '\u00b2', '', '\x00', 'x' * 10000, ['x'], [1e23, -1],
    {'a': [1]},
)
# A task each module can run as it is; each odd value replaces one option of it.
BASE = {
    'git_integration': {'name': 'GH', 'type': 'GITHUB', 'pat': 'p-123'},
    'git_integration_info': {},
    'git_integrations': {'integrations': [{'name': 'GH', 'type': 'GITHUB', 'pat': 'p-123'}]},
    'git_repository': {'name': 'app', 'origin': 'https://example.com/app.git'},
    'git_repositories': {'repositories': [{'name': 'app', 'origin': 'https://example.com/app.git'}]},
    'git_reindex': {'integration_name': 'GH', 'poll_interval': 0.01},
    'git_repository_info': {'integration_name': 'GH'},
}


def argument_spec(name):
    """The module's argument spec, as its main() builds it (captured from AnsibleModule)."""
    module = importlib.import_module('ansible_collections.gij.jira.plugins.modules.%s' % name)
    captured = {}

    class Capture(Exception):
        pass

    def capture(argument_spec, **dummy):
        captured.update(argument_spec)
        raise Capture()
    original = module.run_module if hasattr(module, 'run_module') else None
    runner = importlib.import_module('ansible_collections.gij.jira.plugins.module_utils.runner')
    saved = runner.AnsibleModule
    runner.AnsibleModule = capture
    try:
        module.main()
    except Capture:
        pass
    finally:
        runner.AnsibleModule = saved
    assert captured, original
    return captured


def cases(name):
    spec = argument_spec(name)
    for option in sorted(spec):
        for value in ODD_VALUES:
            args = dict(BASE[name])
            args[option] = value
            yield option, value, args
    for items in ('integrations', 'repositories'):  # the options of each item of a set module
        if items in BASE[name]:
            for option in sorted(spec[items]['options']):
                for value in ODD_VALUES:
                    yield '%s[].%s' % (items, option), value, {items: [dict(BASE[name][items][0], **{option: value})]}


@pytest.mark.parametrize('name', MODULES)
def test_no_odd_value_reaches_the_last_safety_net(gij, name):
    bad = []
    for option, value, args in cases(name):
        gij.emulator.state.reset(integrations=[{'displayName': 'GH', 'type': 'GITHUB'}])
        # The connection in the task's options only, so that an odd jira_url or jira_token is all the module has.
        connection = {'jira_url': gij.emulator.url, 'jira_token': JIRA_TOKEN, 'timeout': 2}
        result = gij.run(dict(connection, **args), module=name, env={'JIRA_URL': None, 'JIRA_TOKEN': None})
        message = str(result.get('msg', ''))
        if 'Unexpected error' in message or 'Traceback' in result.output or '\n' in message:
            bad.append('%s=%r: %s' % (option, value if not isinstance(value, str) else value[:20], message[:300]))
    assert not bad, '\n'.join(bad)
