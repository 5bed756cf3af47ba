# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A module's main() run in-process with its arguments, its JSON result read back (milliseconds, not a playbook)."""

import contextlib
import json

import pytest

from ansible.module_utils import _internal as ansible_internal
from ansible.module_utils.common import warnings as ansible_warnings
from ansible.module_utils.testing import patch_module_args

from ansible_collections.gij.jira.tests.unit.emulator_support import TOKEN


@contextlib.contextmanager
def outside_the_controller():
    was = ansible_internal.is_controller
    ansible_internal.is_controller = False
    try:
        yield
    finally:
        ansible_internal.is_controller = was


def run_main(main, capsys, emulator, **args):
    """The module's result; ``failed`` is set when it failed. Connects to ``emulator`` with the admin token.

    ``warnings`` are the warnings' texts, as the controller shows them.
    """
    capsys.readouterr()  # what earlier output there was is not this result
    # Warnings are collected per process: those of an earlier run in this process are not this module's.
    ansible_warnings._global_warnings.clear()  # pylint: disable=protected-access
    # A module runs outside the controller: once a test has imported controller code (a filter plugin's tests do),
    # warnings would go to the controller's display instead of the result.
    with patch_module_args(dict({'jira_url': emulator.url, 'jira_token': TOKEN}, **args)):
        with pytest.raises(SystemExit) as ended, outside_the_controller():
            main()
    result = json.loads(capsys.readouterr().out)
    if 'warnings' in result:  # since core 2.19 each is a summary with the text in event.msg
        result['warnings'] = [w['event']['msg'] if isinstance(w, dict) else w for w in result['warnings']]
    assert bool(result.get('failed')) == (ended.value.code != 0), result
    return result
