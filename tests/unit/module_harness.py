# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run a module in-process: its ``main()`` with the task's arguments, against an emulator, as Ansible would.

awx.awx tests its modules this way. A call costs milliseconds where an ``ansible-playbook`` run costs about a second
of CPU before its first task, so a behaviour of a module (what it sends, what it returns, ``changed``, check and diff
mode, its one-line failures, secrets masked in its result) is tested here. What crosses Ansible itself (``no_log`` in
the controller's output, ``module_defaults``, ``--check``/``--diff`` on the command line, callbacks, ansible-runner)
stays in tests/integration with real runs.

The result is what the module printed (its JSON, as the controller reads it); the requests are the emulator's log of
that call. The environment of the call (``JIRA_URL``, ``JIRA_TOKEN`` by default) is set for its length only.

The sentinels, ``assert_no_secret`` and ``settled`` are also those of tests/integration (its conftest.py puts the
collection's root on the import path), so both kinds of test look for the same secrets in the same forms.
"""

import base64
import contextlib
import importlib
import io
import json
import os
from urllib.parse import quote, quote_plus

from ansible.module_utils import _internal as ansible_internal
from ansible.module_utils.common import warnings as ansible_warnings
from ansible.module_utils.testing import patch_module_args

# Sentinels: none of these may ever appear in anything a user can see.
# Each holds the characters that change between a secret's forms: '"', '\\', '/', '+', '%' and a space.
JIRA_TOKEN = 'SENTINEL-jira-token "6c1f" \\/0b+%'
JIRA_PASSWORD = 'SENTINEL-jira-password "93ad" \\/2e+%'
GIT_PAT = 'SENTINEL-git-pat "4be7" \\/a1+%'
GIT_PASSWORD = 'SENTINEL-git-password "d20c" \\/55+%'
SENTINELS = (JIRA_TOKEN, JIRA_PASSWORD, GIT_PAT, GIT_PASSWORD)

# The principals of an emulator these tests run against (gij_emulator.py --user / --token).
USERS = ['admin:%s:admin' % JIRA_PASSWORD, 'jdoe:jdoe:user']
TOKENS = ['%s:admin' % JIRA_TOKEN, 'user-token:jdoe']


def secret_forms(secret):
    """Every form a secret can take in output: raw, JSON-escaped, URL-encoded, base64 (and in a Basic header)."""
    forms = {secret, json.dumps(secret)[1:-1], quote(secret, safe=''), quote(secret), quote_plus(secret),
             base64.b64encode(secret.encode('utf-8')).decode('ascii')}
    if secret == JIRA_PASSWORD:
        forms.add(base64.b64encode(('admin:' + secret).encode('utf-8')).decode('ascii'))
    return forms


def assert_no_secret(*texts, secrets=SENTINELS, where='output'):
    """No form of any of ``secrets`` (see secret_forms) in any of ``texts`` (strings, or anything JSON can hold)."""
    for text in texts:
        blob = text if isinstance(text, str) else json.dumps(text)
        for secret in secrets:
            for form in secret_forms(secret):
                assert form not in blob, 'a form of secret %s leaked into %s: %r' % (secret[:14], where, form[:20])


def settled(items):
    """The server's integrations or repositories without what the app's indexer moves on its own (lastIndexedDate, and a
    nested repository's state)."""
    return [dict((k, v) for k, v in item.items() if k not in ('lastIndexedDate', 'state')) for item in items]


class ModuleResult:
    """One module call: its JSON result, what it printed, and the requests the emulator logged during it."""

    def __init__(self, result, output, requests_made):
        self.result = result
        self.output = output
        self.requests = requests_made

    @property
    def writes(self):
        return [r for r in self.requests if r['method'] != 'GET']

    @property
    def failed(self):
        return bool(self.result.get('failed'))

    @property
    def warnings(self):
        """The warnings' texts (since ansible-core 2.19 each warning is a summary with its text in event.msg)."""
        return [warning if isinstance(warning, str) else warning.get('event', warning).get('msg', str(warning))
                for warning in self.result.get('warnings', [])]

    def __getitem__(self, key):
        return self.result[key]

    def __contains__(self, key):
        return key in self.result

    def get(self, key, default=None):
        return self.result.get(key, default)


@contextlib.contextmanager
def environment(values):
    """Set (a value) or unset (None) environment variables for the length of the block."""
    saved = dict((name, os.environ.get(name)) for name in values)
    try:
        for name, value in values.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextlib.contextmanager
def outside_the_controller():
    """A module runs outside the controller: once a test has imported controller code (the filter's tests do),
    ansible-core would send the module's warnings to the controller's display instead of into its result."""
    was = ansible_internal.is_controller
    ansible_internal.is_controller = False
    try:
        yield
    finally:
        ansible_internal.is_controller = was


def call_module(name, args, check=False, diff=False, env=None):
    """Run plugins/modules/NAME.py's main() with ``args``; return (result dict, printed output: stdout and stderr).

    A module ends through exit_json or fail_json (SystemExit, its JSON on stdout, exit code 0 or 1, ``failed`` set
    with 1 only); anything else escaping main() is a bug the test must see, so it is not caught here. ``env`` sets
    (a value) or unsets (None) environment variables for the call; without it the call sees the test's environment.
    """
    module = importlib.import_module('ansible_collections.gij.jira.plugins.modules.' + name)
    args = dict(args, _ansible_check_mode=check, _ansible_diff=diff, _ansible_module_name='gij.jira.' + name)
    stdout, stderr = io.StringIO(), io.StringIO()
    ansible_warnings._global_warnings.clear()  # pylint: disable=protected-access  # one process, many module runs
    ansible_warnings._global_deprecations.clear()  # pylint: disable=protected-access
    ended = None
    with environment(env or {}), patch_module_args(args), contextlib.redirect_stdout(stdout), \
            contextlib.redirect_stderr(stderr), outside_the_controller():
        try:
            module.main()
        except SystemExit as exit_call:
            ended = exit_call
    output = stdout.getvalue() + stderr.getvalue()
    if ended is None:
        raise AssertionError('%s: main() returned without exit_json or fail_json:\n%s' % (name, output))
    try:
        result = json.loads(stdout.getvalue())
    except ValueError:
        raise AssertionError('%s printed no JSON result:\n%s' % (name, output))
    failed = ended.code not in (0, None)
    assert bool(result.get('failed')) == failed, '%s exited with %r: %s' % (name, ended.code, output)
    return result, output


class ModuleRunner:
    """Calls modules in-process against ``emulator`` (a RunningEmulator), with its URL and the admin token.

    ``run(args, module=..., check=, diff=, env=)`` returns a ModuleResult; ``env`` overrides the connection
    environment (a value of None unsets a variable, as for a task without it).
    """

    def __init__(self, emulator):
        self.emulator = emulator

    def env(self, **overrides):
        values = {'JIRA_URL': self.emulator.url, 'JIRA_TOKEN': JIRA_TOKEN, 'JIRA_USERNAME': None, 'JIRA_PASSWORD': None}
        values.update(overrides)
        return values

    def run(self, args, module='git_integration', check=False, diff=False, env=None):
        self.emulator.clear_log()
        result, output = call_module(module.rpartition('.')[2], args, check=check, diff=diff, env=self.env(**(env or {})))
        return ModuleResult(result, output, self.emulator.requests())
