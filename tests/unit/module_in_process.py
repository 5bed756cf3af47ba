# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run a module's ``main()`` in this process with the given arguments and return its JSON result.

Milliseconds per run, against about a second for ansible-playbook: the module's own argument checks, runner,
client and ``exit_json``/``fail_json`` (with their ``no_log`` masking) all run as they would on a host.
"""

import contextlib
import importlib
import io
import json

from ansible.module_utils.testing import patch_module_args

MODULES = ('git_integration', 'git_integration_info', 'git_integrations', 'git_repository', 'git_reindex')


def run_module(name, args):
    """The result of module ``name`` (e.g. git_integration) run with ``args``; ``failed`` is set when it failed."""
    module = importlib.import_module('ansible_collections.gij.jira.plugins.modules.%s' % name)
    output = io.StringIO()
    with patch_module_args(dict(args, _ansible_module_name='gij.jira.%s' % name)), contextlib.redirect_stdout(output):
        try:
            module.main()
        except SystemExit:
            pass
    text = output.getvalue()
    try:
        result = json.loads(text)
    except ValueError:
        raise AssertionError('module %s printed no JSON result: %r' % (name, text[:500]))
    result['_output'] = text  # exactly what the controller would receive
    return result
