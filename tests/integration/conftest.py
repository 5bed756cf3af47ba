# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures: a real emulator process per test worker, and a runner for real ansible-playbook tasks."""

import json
import os
import subprocess
import sys
import tempfile
import time

import pytest
import requests

HERE = os.path.dirname(os.path.abspath(__file__))
EMULATOR = os.path.join(HERE, '..', 'emulator', 'gij_emulator.py')

# Sentinels: none of these may ever appear in anything a user can see.
JIRA_TOKEN = 'SENTINEL-jira-token-6c1f0b'
JIRA_PASSWORD = 'SENTINEL-jira-password-93ad2e'
GIT_PAT = 'SENTINEL-git-pat-4be7a1'
GIT_PASSWORD = 'SENTINEL-git-password-d20c55'
SENTINELS = (JIRA_TOKEN, JIRA_PASSWORD, GIT_PAT, GIT_PASSWORD)


class Emulator:
    """A running gij_emulator.py and its /_emulator control interface."""

    def __init__(self, workdir, extra_args=()):
        self.workdir = workdir
        port_file = os.path.join(workdir, 'port')
        self.log_file = open(os.path.join(workdir, 'emulator.log'), 'w')  # pylint: disable=consider-using-with
        args = [sys.executable, EMULATOR, '--control', '--port-file', port_file,
                '--user', 'admin:%s:admin' % JIRA_PASSWORD, '--user', 'jdoe:jdoe:user',
                '--token', '%s:admin' % JIRA_TOKEN, '--token', 'user-token:jdoe'] + list(extra_args)
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

    def reset(self, integrations=(), **config):
        self.control('POST', '/reset', {'integrations': list(integrations), 'config': config})

    def state(self):
        return self.control('GET', '/state')['integrations']

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
    """What one ansible-playbook run of one task produced."""

    def __init__(self, result, requests_made, output, returncode):
        self.result = result
        self.requests = requests_made
        self.output = output
        self.returncode = returncode

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
        env = dict(os.environ)
        for name in ('JIRA_URL', 'JIRA_TOKEN', 'JIRA_USERNAME', 'JIRA_PASSWORD', 'JIRA_VALIDATE_CERTS', 'JIRA_CA_PATH'):
            env.pop(name, None)
        env.update({
            'JIRA_URL': self.emulator.base, 'JIRA_TOKEN': JIRA_TOKEN,
            'ANSIBLE_CALLBACK_PLUGINS': os.path.join(HERE, 'callback_plugins'), 'ANSIBLE_CALLBACKS_ENABLED': 'result_file',
            'ANSIBLE_NOCOLOR': '1', 'ANSIBLE_FORCE_COLOR': '0',
            'ANSIBLE_LOCALHOST_WARNING': '0', 'ANSIBLE_INVENTORY_UNPARSED_WARNING': '0',
            'ANSIBLE_PYTHON_INTERPRETER': sys.executable,
        })
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
        """Run a play; return one TaskResult per task result, each with the requests made while it ran."""
        path = self.playbook(tasks, play_extra)
        result_file = path + '.results.json'
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
        environment = self.env(GIJ_RESULT_FILE=result_file, **(env or {}))
        proc = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=120, check=False)
        output = proc.stdout + proc.stderr
        try:
            with open(result_file, encoding='utf-8') as handle:
                results = json.load(handle)
        except (OSError, ValueError):
            raise AssertionError('ansible-playbook recorded no result:\n%s' % output)
        if not results:
            raise AssertionError('ansible-playbook ran no task:\n%s' % output)
        made = self.emulator.requests()
        return [TaskResult(result, [r for r in made if result['_started'] <= r['time'] <= result['_finished']], output, proc.returncode)
                for result in results]

    def state_task(self):
        """A task that records the emulator's state at that point of a play (its result's json.integrations)."""
        return {'name': 'emulator state', 'ansible.builtin.uri': {'url': self.emulator.base + '/_emulator/state', 'validate_certs': False}}


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


def assert_no_secret(*texts):
    for text in texts:
        blob = text if isinstance(text, str) else json.dumps(text)
        for sentinel in SENTINELS:
            assert sentinel not in blob, 'secret %s leaked' % sentinel[:14]


def repositories_of(emulator):
    return emulator.control('GET', '/state')['repositories']
