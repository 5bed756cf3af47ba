# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every documented example works as a new user would run it: copied, with the URL and tokens filled in."""

import ast
import json
import os
import re
import subprocess

import pytest
import yaml

from conftest import GIT_PASSWORD, GIT_PAT, JIRA_TOKEN, assert_no_secret

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
EXAMPLE_URL = 'https://jira.example.com'
USER_VARS = {
    'jira_admin_token': JIRA_TOKEN, 'vault_jira_admin_token': JIRA_TOKEN,
    'github_pat': GIT_PAT, 'new_github_pat': GIT_PAT + '-new', 'gitlab_pat': GIT_PAT, 'tfs_pat': GIT_PAT,
    'vault_github_pat': GIT_PAT, 'vault_gitlab_pat': GIT_PAT,
    'aws_access_key_id': 'AKIAEXAMPLE', 'aws_secret_access_key': GIT_PASSWORD, 'gerrit_password': GIT_PASSWORD,
    'ghe_pat': GIT_PAT, 'git_pat': GIT_PAT, 'gitlab_password': GIT_PASSWORD, 'azure_pat': GIT_PAT, 'azure_devops_pat': GIT_PAT, 'vsts_pat': GIT_PAT,
}
TYPE_PAGES = sorted(name for name in os.listdir(os.path.join(ROOT, 'docs', 'types')) if name != 'README.md')


def module_examples(name):
    with open(os.path.join(ROOT, 'plugins', 'modules', name + '.py'), encoding='utf-8') as handle:
        tree = ast.parse(handle.read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and node.targets[0].id == 'EXAMPLES':
            return node.value.value
    raise AssertionError('no EXAMPLES in %s' % name)


def markdown_playbook(path):
    with open(os.path.join(ROOT, path), encoding='utf-8') as handle:
        return re.search(r'```yaml\n(.*?)```', handle.read(), re.S).group(1)


def as_playbook(text, base_url):
    """Tasks become one play; plays stay plays; every play gets the user's variables."""
    items = yaml.safe_load(text.replace(EXAMPLE_URL, base_url))
    tasks = [item for item in items if 'hosts' not in item]
    plays = [item for item in items if 'hosts' in item]
    if tasks:
        plays.insert(0, {'name': 'examples', 'hosts': 'localhost', 'gather_facts': False, 'tasks': tasks})
    for play in plays:
        play['vars'] = dict(USER_VARS, **play.get('vars', {}))
    return plays


@pytest.mark.parametrize('source', ['git_integration', 'git_integration_info', 'git_integrations', 'git_reindex', 'git_repository', 'README.md',
                                    'examples/awx-job.yml']
                         + ['docs/types/' + name for name in TYPE_PAGES])
def test_documented_examples_run_against_the_emulator(gij, source, tmp_path):
    gij.emulator.control('POST', '/reset', {'integrations': [
        {'id': 42, 'displayName': 'GitHub', 'type': 'GITHUB', 'pat': 'seeded'},
        {'displayName': 'GitHub (platform)', 'type': 'GITHUB', 'pat': 'seeded'},
        {'displayName': 'GitLab platform group', 'type': 'GITLAB_SERVER', 'origin': 'https://gl.example.com', 'pat': 'seeded'},
    ], 'repositories': [{'id': 68, 'displayName': 'MyGitLab-testrepo'}], 'config': {'reindex_polls': 1}})
    if source.endswith('.md'):
        text = markdown_playbook(source)
    elif source.startswith('examples/'):
        with open(os.path.join(ROOT, source), encoding='utf-8') as handle:
            text = handle.read()
    else:
        text = module_examples(source)
    path = tmp_path / 'examples.yml'
    path.write_text(json.dumps(as_playbook(text, gij.emulator.base)))
    env = gij.env(GIJ_GIT_TOKEN=GIT_PAT, ANSIBLE_STDOUT_CALLBACK='default')
    done = subprocess.run(['ansible-playbook', str(path)], env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert 'failed=0' in done.stdout
    assert_no_secret(done.stdout, done.stderr)
    again = subprocess.run(['ansible-playbook', str(path)], env=env, capture_output=True, text=True, timeout=300, check=False)
    assert again.returncode == 0, again.stdout + again.stderr
    if source.endswith('.md'):  # declarative pages: the second run is idempotent
        assert 'changed=0' in again.stdout, again.stdout
