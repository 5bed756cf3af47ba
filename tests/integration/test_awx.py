# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The collection as AWX/AAP runs it: ansible-runner with injected credentials, and an execution environment."""

import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import pytest
import requests

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


def run_job(emulator, tmp_path, credential_env, playbook='awx-job.yml', job='job', **options):
    """One AWX job: ``playbook`` of examples/ through ansible-runner; ``options`` such as cmdline and extravars."""
    private = tmp_path / job
    (private / 'project').mkdir(parents=True)
    shutil.copy(os.path.join(ROOT, 'examples', playbook), str(private / 'project' / 'site.yml'))
    envvars = {
        'JIRA_URL': emulator.base, 'GIJ_GITHUB_TOKEN': GIT_PAT,
        # Each AWX job has a /tmp of its own (its container); so do these, run side by side. A short path: ansible-core
        # 2.21 puts a Unix socket there, whose path may not exceed about 100 characters.
        'TMPDIR': tempfile.mkdtemp(prefix='gij-job-', dir='/tmp'),
        'ANSIBLE_COLLECTIONS_PATH': os.environ.get('ANSIBLE_COLLECTIONS_PATH', ''),
        'ANSIBLE_PYTHON_INTERPRETER': sys.executable, 'PATH': os.path.dirname(sys.executable) + os.pathsep + os.environ['PATH'],
    }
    envvars.update(credential_env)
    # suppress_env_files: AWX's default (AWX_RUNNER_OMIT_ENV_FILES); -vvv as a debugging admin would.
    arguments = dict({'private_data_dir': str(private), 'playbook': 'site.yml', 'envvars': envvars, 'verbosity': 3,
                      'quiet': True, 'suppress_env_files': True}, **options)
    done = subprocess.run([sys.executable, '-c', RUN_JOB], input=json.dumps(arguments), capture_output=True, text=True,
                          timeout=300, check=False)  # ansible_runner is imported there: missing fails, never skips
    shutil.rmtree(envvars['TMPDIR'], ignore_errors=True)
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


TOKEN_ENV = {'JIRA_TOKEN': JIRA_TOKEN, 'JIRA_USERNAME': '', 'JIRA_PASSWORD': '', 'JIRA_CA_PATH': '', 'JIRA_VALIDATE_CERTS': ''}


def writes_of(emulator):
    return [r for r in emulator.requests() if r['method'] != 'GET']


def artifacts_of(job):
    """What the job's set_stats hands on to the next node of a workflow (AWX reads it from the stats event)."""
    stats = [e for e in job['events'] if e.get('event') == 'playbook_on_stats']
    return stats[-1]['event_data'].get('artifact_data') or {}


def test_reviewed_change_workflow_plans_hands_on_and_applies_the_plan(gij, tmp_path):
    """examples/awx-plan.yml as the workflow runs it: a check-mode job writes the plan and hands it on as an artifact,
    (the approval), then the apply job applies exactly it. A second workflow, whose Jira changes between plan and
    apply, is refused before any write, with the object that moved named."""
    gij.emulator.reset([{'displayName': 'stray', 'type': 'GITLAB', 'pat': 'p'}])
    plan, _private = run_job(gij.emulator, tmp_path, TOKEN_ENV, playbook='awx-plan.yml', job='plan', cmdline='--check --diff')
    assert plan['status'] == 'successful', plan['stdout']
    handed_on = artifacts_of(plan)
    assert handed_on['gij_plan_summary'] == '1 to create, 1 to delete' and writes_of(gij.emulator) == []
    assert_no_secret(json.dumps(handed_on), base64.b64decode(handed_on['gij_plan']).decode('utf-8'), where='the artifact')

    applied, _private = run_job(gij.emulator, tmp_path, TOKEN_ENV, playbook='awx-plan.yml', job='apply',
                                extravars={'gij_plan': handed_on['gij_plan']})
    assert applied['status'] == 'successful', applied['stdout']
    assert [i['displayName'] for i in gij.emulator.state()] == ['GitHub (platform team)']

    gij.emulator.reset([{'displayName': 'stray', 'type': 'GITLAB', 'pat': 'p'}])
    plan, _private = run_job(gij.emulator, tmp_path, TOKEN_ENV, playbook='awx-plan.yml', job='plan2', cmdline='--check')
    assert plan['status'] == 'successful', plan['stdout']
    stray = gij.emulator.state()[0]
    changed = requests.put('%s/rest/gitplugin/1.0/integration/%s' % (gij.emulator.base, stray['id']), json={'smartCommitsEnabled': False},
                           headers={'Authorization': 'Bearer %s' % JIRA_TOKEN}, timeout=10)
    assert changed.status_code == 200, changed.text
    gij.emulator.clear_log()
    refused, private = run_job(gij.emulator, tmp_path, TOKEN_ENV, playbook='awx-plan.yml', job='apply2',
                               extravars={'gij_plan': artifacts_of(plan)['gij_plan']})
    assert refused['status'] == 'failed' and writes_of(gij.emulator) == [], refused['stdout']
    assert "Jira changed since plan_file" in refused['stdout'], refused['stdout']
    assert "integration 'stray' (id 1) was changed: smart_commits_enabled" in refused['stdout'], refused['stdout']
    assert [i['displayName'] for i in gij.emulator.state()] == ['stray']
    for folder, _dirs, files in os.walk(str(tmp_path)):
        for name in files:
            if name not in ('site.yml', 'command'):
                with open(os.path.join(folder, name), encoding='utf-8', errors='replace') as handle:
                    assert_no_secret(handle.read(), where=os.path.join(folder, name))
