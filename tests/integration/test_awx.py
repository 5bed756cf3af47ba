# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The collection as AWX/AAP runs it: ansible-runner with injected credentials, and an execution environment."""

import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from ansible_collections.gij.jira.tests.unit.module_harness import GIT_PAT, JIRA_PASSWORD, JIRA_TOKEN, assert_no_secret

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
# What AWX shows of a job's environment: values of these names are replaced (awx build_safe_env).
AWX_HIDDEN_ENV = re.compile(r'API|TOKEN|KEY|SECRET|PASS', re.I)


# ansible-runner forks a pty for ansible-playbook: done from this multi-threaded test process, Python 3.12+ warns that
# the child may deadlock. Like AWX's own workers, a process of its own runs the job.
RUN_JOB = '''
import json, sys
import ansible_runner
job = ansible_runner.run(**json.load(sys.stdin))
json.dump({'status': job.status, 'rc': job.rc, 'events': list(job.events), 'stdout': job.stdout.read()}, sys.stdout)
'''


def run_job(emulator, tmp_path, credential_env):
    private = tmp_path / 'job'
    (private / 'project').mkdir(parents=True)
    shutil.copy(os.path.join(ROOT, 'examples', 'awx-job.yml'), str(private / 'project' / 'site.yml'))
    envvars = {
        'JIRA_URL': emulator.base, 'GIJ_GITHUB_TOKEN': GIT_PAT,
        'ANSIBLE_COLLECTIONS_PATH': os.environ.get('ANSIBLE_COLLECTIONS_PATH', ''),
        'ANSIBLE_PYTHON_INTERPRETER': sys.executable, 'PATH': os.path.dirname(sys.executable) + os.pathsep + os.environ['PATH'],
    }
    envvars.update(credential_env)
    # suppress_env_files: AWX's default (AWX_RUNNER_OMIT_ENV_FILES); -vvv as a debugging admin would.
    arguments = {'private_data_dir': str(private), 'playbook': 'site.yml', 'envvars': envvars, 'verbosity': 3, 'quiet': True,
                 'suppress_env_files': True}
    done = subprocess.run([sys.executable, '-c', RUN_JOB], input=json.dumps(arguments), capture_output=True, text=True,
                          timeout=300, check=False)  # ansible_runner is imported there: missing fails, never skips
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout), private


# AWX injects every field of the credential type; the ones left empty arrive as ''.
@pytest.mark.parametrize('credential_env', [
    {'JIRA_TOKEN': JIRA_TOKEN, 'JIRA_USERNAME': '', 'JIRA_PASSWORD': '', 'JIRA_CA_PATH': '', 'JIRA_VALIDATE_CERTS': 'True'},
    {'JIRA_USERNAME': 'admin', 'JIRA_PASSWORD': JIRA_PASSWORD, 'JIRA_TOKEN': '', 'JIRA_CA_PATH': '', 'JIRA_VALIDATE_CERTS': ''},
], ids=['token', 'basic'])
def test_job_through_ansible_runner_leaks_no_secret(gij, tmp_path, credential_env):
    job, private = run_job(gij.emulator, tmp_path, credential_env)
    assert job['status'] == 'successful' and job['rc'] == 0, job['stdout']
    assert [i['displayName'] for i in gij.emulator.state()] == ['GitHub (platform team)']
    events = job['events']
    assert any(e.get('event') == 'runner_on_ok' and e['event_data'].get('task') == 'GitHub integration of the platform team'
               for e in events)
    for folder, _dirs, files in os.walk(str(private)):
        for name in files:
            path = os.path.join(folder, name)
            if path.endswith('site.yml'):
                continue
            with open(path, encoding='utf-8', errors='replace') as handle:
                text = handle.read()
            if name == 'command' and os.path.basename(os.path.dirname(folder)) == 'artifacts':
                # ansible-runner's record of the environment it was given; AWX shows it through build_safe_env.
                record = json.loads(text)
                record['env'] = dict((k, '**********' if AWX_HIDDEN_ENV.search(k) and not k.startswith('ANSIBLE_') else v)
                                     for k, v in record['env'].items())
                text = json.dumps(record)
            assert_no_secret(text, where=path)
