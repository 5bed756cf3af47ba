# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures: a real emulator process per test worker, and a runner for real ansible-playbook tasks.

Hermetic: importing this module removes from the test process (and so from every ansible-playbook, ansible and
ansible-runner it starts) the developer's proxies, ``ANSIBLE_*`` settings and ``JIRA_*`` credentials, and points
``ANSIBLE_CONFIG`` at a configuration of its own (strategy pinned to linear; a play may still ask for another).

Requests are matched to the task that sent them by identity: see ``Runner.run_tasks``.

The sentinel credentials, the emulator's principals, ``assert_no_secret`` and ``settled`` are those of the unit tests
(tests/unit/module_harness.py): importing this module puts the collections root of the copy these tests run from on
the import path, so the tests here import them from ``ansible_collections.gij.jira.tests.unit.module_harness`` too.
"""

import atexit
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid

import pytest
import requests

HERE = os.path.dirname(os.path.abspath(__file__))
EMULATOR = os.path.join(HERE, '..', 'emulator', 'gij_emulator.py')

CREDENTIAL_OPTIONS = ('jira_token', 'jira_username', 'jira_password')


def collections_root():
    """The directory holding the ansible_collections/gij/jira copy these tests run from (see noxfile.py)."""
    collection = os.path.abspath(os.path.join(HERE, '..', '..'))
    if collection.split(os.sep)[-3:-2] != ['ansible_collections'] or collection.split(os.sep)[-2:] != ['gij', 'jira']:
        raise RuntimeError('run the integration tests from an ansible_collections/gij/jira copy (make integration), '
                           'not from %s' % collection)
    return os.path.dirname(os.path.dirname(os.path.dirname(collection)))


# pytest puts only this folder on the import path; the shared test pieces are the collection's own modules.
sys.path.insert(0, collections_root())
from ansible_collections.gij.jira.tests.unit.module_harness import JIRA_TOKEN, TOKENS, USERS  # noqa: E402 pylint: disable=wrong-import-position


ANSIBLE_CFG = """[defaults]
strategy = linear
callback_plugins = {callbacks}
callbacks_enabled = result_file
collections_path = {collections}
collections_scan_sys_path = False
interpreter_python = {python}
localhost_warning = False
nocolor = True
force_color = False
retry_files_enabled = False

[inventory]
inventory_unparsed_warning = False
"""


def make_hermetic(environ):
    """Remove what a developer's shell could change about a run, then point Ansible at the tests' own config."""
    for name in list(environ):
        if re.search(r'_proxy$', name, re.I) or name.startswith(('ANSIBLE_', 'JIRA_')) or name == 'GIJ_RESULT_FILE':
            del environ[name]
    folder = tempfile.mkdtemp(prefix='gij-ansible-cfg-')
    atexit.register(shutil.rmtree, folder, True)
    config = os.path.join(folder, 'ansible.cfg')
    with open(config, 'w', encoding='utf-8') as handle:
        handle.write(ANSIBLE_CFG.format(callbacks=os.path.join(HERE, 'callback_plugins'), collections=collections_root(),
                                        python=sys.executable))
    environ['ANSIBLE_CONFIG'] = config
    environ['ANSIBLE_COLLECTIONS_PATH'] = collections_root()  # also for ansible-runner and ansible-builder (test_awx)


make_hermetic(os.environ)


class Emulator:
    """A running gij_emulator.py and its /_emulator control interface."""

    def __init__(self, workdir, extra_args=()):
        self.workdir = workdir
        port_file = os.path.join(workdir, 'port')
        self.log_file = open(os.path.join(workdir, 'emulator.log'), 'w')  # pylint: disable=consider-using-with
        principals = [arg for user in USERS for arg in ('--user', user)] + [arg for token in TOKENS for arg in ('--token', token)]
        args = [sys.executable, EMULATOR, '--control', '--port-file', port_file] + principals + list(extra_args)
        self.process = subprocess.Popen(args, stdout=self.log_file, stderr=subprocess.STDOUT)  # pylint: disable=consider-using-with
        deadline = time.time() + 15
        while not os.path.exists(port_file):
            if self.process.poll() is not None or time.time() > deadline:
                raise RuntimeError('emulator did not start')
            time.sleep(0.02)
        with open(port_file, encoding='utf-8') as handle:
            self.port = int(handle.read())
        self.scheme = 'https' if '--tls-cert' in extra_args else 'http'
        self.base = '%s://127.0.0.1:%d' % (self.scheme, self.port)
        self.control_verify = False

    def control(self, method, path, body=None):
        response = requests.request(method, self.base + '/_emulator' + path, json=body, timeout=10, verify=self.control_verify)
        response.raise_for_status()
        return response.json()

    def reset(self, integrations=(), repositories=(), **config):
        self.control('POST', '/reset', {'integrations': list(integrations), 'repositories': list(repositories),
                                        'config': config})

    def state(self):
        return self.control('GET', '/state')['integrations']

    def repositories(self):
        return self.control('GET', '/state')['repositories']

    def requests(self):
        return [entry for entry in self.control('GET', '/log')['requests'] if '/rest/' in entry['path']]

    def clear_log(self):
        self.control('DELETE', '/log')

    def faults(self, *faults):
        self.control('POST', '/faults', {'faults': list(faults)})

    def stop(self):
        self.process.terminate()
        self.process.wait(10)
        self.log_file.close()


class TaskResult:
    """What one task produced on one host in an ansible-playbook run, and the requests that task made.

    ``requests`` holds the requests the emulator logged under this task's own token (``label``). A task that ran with
    other credentials is unattributed (``label`` None): it gets the requests that carried no task token when it is
    the only such task of its run, and otherwise asking for its requests fails; assert on the emulator's log then.
    """

    def __init__(self, result, label, requests_made, output, returncode):
        self.result = result
        self.label = label
        self._requests = requests_made
        self.output = output
        self.returncode = returncode

    @property
    def requests(self):
        if self._requests is None:
            raise AssertionError('the requests of task %r on %s are unattributed: several tasks of its run used their own '
                                 'credentials; assert on emulator.requests() instead' % (self.result.get('_task'), self.result.get('_host')))
        return self._requests

    @property
    def writes(self):
        return [r for r in self.requests if r['method'] != 'GET']

    @property
    def failed(self):
        return self.result.get('_status') == 'failed' or bool(self.result.get('failed'))

    def __getitem__(self, key):
        return self.result[key]

    def get(self, key, default=None):
        return self.result.get(key, default)


class Runner:
    """Runs one module task with real ansible-playbook and collects its result and HTTP requests."""

    def __init__(self, emulator, tmp_path):
        self.emulator = emulator
        self.tmp_path = tmp_path
        self.count = 0

    def env(self, **overrides):
        """The environment of a run: the hermetic process environment, the emulator's URL and the admin token."""
        env = dict(os.environ)
        env.update({'JIRA_URL': self.emulator.base, 'JIRA_TOKEN': JIRA_TOKEN})
        env.update(overrides)
        return dict((k, v) for k, v in env.items() if v is not None)

    def playbook(self, tasks, play_extra=None):
        self.count += 1
        path = os.path.join(str(self.tmp_path), 'play%d.yml' % self.count)
        play = {'hosts': 'localhost', 'gather_facts': False, 'tasks': tasks}
        play.update(play_extra or {})
        with open(path, 'w', encoding='utf-8') as handle:
            json.dump([play], handle, indent=1)  # JSON is YAML: no quoting surprises
        return path

    def run(self, args, module='gij.jira.git_integration', check=False, diff=False, env=None, verbosity=0, play_extra=None):
        """Run one task; return TaskResult with the task's result dict and the requests it made."""
        return self.run_tasks([{'name': 'task under test', module: args}], check, diff, env, verbosity, play_extra)[0]

    def run_tasks(self, tasks, check=False, diff=False, env=None, verbosity=0, play_extra=None, inventory=None):
        """Run a play; return one TaskResult per task result (per task and host), each with the requests it made.

        Identity, not timing: each task gets its own Jira token through the task keyword ``environment`` (the modules
        read JIRA_TOKEN from it), ``<prefix>t<N>@<host>``, registered with the emulator for the admin user; the
        emulator logs that label with every request. The token contains the JIRA_TOKEN sentinel, so leak checks still
        see it. No token is injected into a task that passes its own Jira credentials, nor into any task of a run
        whose environment replaces JIRA_TOKEN or whose play sets module_defaults, nor at verbosity 3 and more (Ansible
        itself prints a task's environment there): such tasks are unattributed (see TaskResult).
        """
        environment = self.env(**(env or {}))
        prefix = None
        if environment.get('JIRA_TOKEN') == JIRA_TOKEN and verbosity < 3 and 'module_defaults' not in (play_extra or {}):
            prefix = '%s/%s/' % (JIRA_TOKEN, uuid.uuid4().hex[:12])
            self.emulator.control('POST', '/task-tokens', {'prefix': prefix, 'user': 'admin'})
        tasks, tokens = zip(*[self.identify(task, number, prefix) for number, task in enumerate(tasks, 1)])
        with_token = set(t['vars']['gij_task'] for t, token in zip(tasks, tokens) if token)
        path = self.playbook(list(tasks), play_extra)
        result_file = path + '.results.json'
        environment['GIJ_RESULT_FILE'] = result_file
        self.emulator.clear_log()
        command = ['ansible-playbook', path]
        if inventory:
            command += ['-i', inventory]
        if check:
            command.append('--check')
        if diff:
            command.append('--diff')
        if verbosity:
            command.append('-' + 'v' * verbosity)
        proc = subprocess.run(command, env=environment, cwd=str(self.tmp_path), capture_output=True, text=True, timeout=120,
                              check=False)
        output = proc.stdout + proc.stderr
        try:
            with open(result_file, encoding='utf-8') as handle:
                results = json.load(handle)
        except (OSError, ValueError):
            raise AssertionError('ansible-playbook recorded no result:\n%s' % output)
        if not results:
            raise AssertionError('ansible-playbook ran no task:\n%s' % output)
        made = self.emulator.requests()
        labels = [('%s@%s' % (r['_task_id'], r['_host']) if r['_task_id'] in with_token else None) for r in results]
        unattributed = [r for r in made if r.get('task') is None]
        attributed = []
        for result, label in zip(results, labels):
            if label is not None:
                mine = [r for r in made if r.get('task') == label]
            else:  # by elimination when it is the only task of the run without a token; otherwise unknown
                mine = unattributed if labels.count(None) == 1 else None
            attributed.append(TaskResult(result, label, mine, output, proc.returncode))
        return attributed

    @staticmethod
    def identify(task, number, prefix):
        """The task with its number (task var gij_task, recorded by the callback) and whether it got its own token."""
        task = dict(task)
        task['vars'] = dict(task.get('vars') or {}, gij_task='t%d' % number)
        module_args = [v for k, v in task.items() if '.' in k and isinstance(v, dict)]
        own = any(o in args for args in module_args for o in CREDENTIAL_OPTIONS) or 'module_defaults' in task
        environment = task.get('environment') or {}
        if not prefix or own or 'JIRA_TOKEN' in environment:
            return task, False
        task['environment'] = dict(environment, JIRA_TOKEN=prefix + 't%d@{{ inventory_hostname }}' % number)
        return task, True

    def state_task(self):
        """A task that records the emulator's state at that point of a play (its result's json.integrations)."""
        return {'name': 'emulator state', 'ansible.builtin.uri': {'url': self.emulator.base + '/_emulator/state', 'validate_certs': False}}


def pytest_configure(config):
    # make test runs the interpreter's own lane with -m 'not interpreter_independent' on every interpreter but the first
    config.addinivalue_line('markers', 'interpreter_independent: checks what does not change with the interpreter or '
                                       'ansible-core (docs, example files, tools, server load, server readings)')
    # Tests that share one playbook run (marked xdist_group, e.g. test_integration_types) must stay on one worker, or
    # each worker plays the run again: with -n, distribute with xdist's loadgroup (ungrouped tests spread as with load).
    if getattr(config.option, 'dist', 'no') == 'load':
        config.option.dist = 'loadgroup'


def pytest_runtest_setup(item):
    # xdist groups a test by adding '@<group>' to its node id on each worker; pytest 9 ignores that change, and then a
    # shared run is played again on every worker that gets one of its tests. Fail instead of running twice as long.
    if getattr(item.config.option, 'loadgroup', False) and any(item.iter_markers('xdist_group')) and '@' not in item.nodeid:
        pytest.fail('pytest-xdist did not keep this xdist_group on one worker (pytest 9 breaks it): pin a pytest it '
                    'supports in tests/tools/requirements.txt', pytrace=False)


@pytest.fixture(scope='session')
def emulator():
    workdir = tempfile.mkdtemp(prefix='gij-emulator-')
    server = Emulator(workdir)
    yield server
    server.stop()


@pytest.fixture()
def gij(emulator, tmp_path):
    """A clean emulator and a task runner."""
    emulator.reset()
    return Runner(emulator, tmp_path)


def repositories_of(emulator):
    return emulator.control('GET', '/state')['repositories']
