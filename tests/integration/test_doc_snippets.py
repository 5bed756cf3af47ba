# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every YAML snippet a user can copy is linted, and run against the emulator where it can run.

Sources: the ```yaml blocks of README.md and docs/**/*.md, and the EXAMPLES of every module.
ansible-lint --profile production runs ONCE over a directory holding all of them.

A snippet says what it is in its first comment line when it is not a complete, runnable piece:
  # Partial: <why>           tasks that need a play or earlier tasks of your own: linted as tasks, not run
  # File: <path>             a file of another kind (execution environment, requirements): linted under
                             that name, so ansible-lint applies that kind's schema; not run
  # Not a playbook: <what>   YAML for another tool (an AWX credential type): linted as plain YAML, not run
Anything else is a list of plays or a list of tasks, and runs against the emulator once `jira_url` and the
variables below (the secrets a user keeps in a vault) are filled in.
"""

import ast
import glob
import json
import os
import re
import subprocess

import pytest
import yaml

from ansible_collections.gij.jira.tests.unit.module_harness import GIT_PASSWORD, GIT_PAT, JIRA_TOKEN, assert_no_secret

# What the docs say does not change with the interpreter: make test runs these in the first lane only (conftest.py).
pytestmark = pytest.mark.interpreter_independent

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
EXAMPLE_URL = 'https://jira.example.com'
FENCE = re.compile(r'^```ya?ml[ \t]*\n(.*?)^```[ \t]*$', re.M | re.S)
MARKER = re.compile(r'\A(?:#[^\n]*\n)*?# (Partial|File|Not a playbook): *(.*)$', re.M)

# What a user keeps in a vault or in group_vars; the documented snippets may use any of these names.
USER_VARS = {
    'jira_admin_token': JIRA_TOKEN, 'vault_jira_admin_token': JIRA_TOKEN, 'vault_jira_token': JIRA_TOKEN,
    'github_pat': GIT_PAT, 'new_github_pat': GIT_PAT + '-new', 'vault_github_pat': GIT_PAT,
    'vault_new_github_pat': GIT_PAT + '-new', 'gitlab_pat': GIT_PAT, 'vault_gitlab_pat': GIT_PAT,
    'vault_new_gitlab_pat': GIT_PAT + '-new', 'tfs_pat': GIT_PAT, 'ghe_pat': GIT_PAT, 'git_pat': GIT_PAT,
    'vault_git_pat': GIT_PAT, 'azure_pat': GIT_PAT, 'azure_devops_pat': GIT_PAT, 'vsts_pat': GIT_PAT,
    'aws_access_key_id': 'AKIAEXAMPLE', 'aws_secret_access_key': GIT_PASSWORD, 'gerrit_password': GIT_PASSWORD,
    'gitlab_password': GIT_PASSWORD,
    'jira_git_hosts': [{'name': 'GitHub (platform)', 'type': 'GITHUB', 'pat': GIT_PAT}],
}
# The server the runnable snippets meet: the integrations and the repository they refer to by name or id.
SEED = {
    'integrations': [
        {'id': 42, 'displayName': 'GitHub', 'type': 'GITHUB', 'pat': 'seeded'},
        {'displayName': 'GitHub (platform)', 'type': 'GITHUB', 'pat': 'seeded'},
        {'displayName': 'GitLab platform group', 'type': 'GITLAB_SERVER', 'origin': 'https://gl.example.com', 'pat': 'seeded'},
    ],
    'repositories': [{'id': 68, 'displayName': 'MyGitLab-testrepo'},
                     # Discovered by 'GitLab platform group' (id 44), mapped to PLAT, and failing to index.
                     {'id': 69, 'displayName': 'platform/api', 'origin': 'https://gl.example.com/platform/api.git',
                      'trackedFolderId': 44, 'integrationType': 'GITLAB_SERVER', 'global': False,
                      'projectMappingIds': [10000], 'state': 'ERROR'},
                     {'id': 70, 'displayName': 'billing', 'origin': 'https://gl.example.com/platform/billing.git',
                      'trackedFolderId': 44, 'integrationType': 'GITLAB_SERVER', 'state': 'UPDATED'}],
    'config': {'reindex_polls': 1},
}
# Pages that promise that their snippet is declarative: a second run reports ok.
IDEMPOTENT_SOURCES = ('README.md', 'docs/types/')


class Snippet:
    def __init__(self, source, line, text):
        self.source = source
        self.line = line
        self.text = text
        found = MARKER.search(text)
        self.marker, self.marker_text = (found.group(1), found.group(2).strip()) if found else (None, '')
        self.id = '%s:%d' % (source, line)

    @property
    def data(self):
        return yaml.safe_load(self.text)

    @property
    def kind(self):
        """'plays', 'tasks' (both run), or what is only linted: 'partial', 'file', 'yaml'."""
        if self.marker == 'Partial':
            return 'partial'
        if self.marker == 'File':
            return 'file'
        if self.marker == 'Not a playbook':
            return 'yaml'
        try:
            data = self.data
        except yaml.YAMLError:
            return 'unknown'
        if isinstance(data, list) and data and all(isinstance(item, dict) for item in data):
            return 'plays' if all('hosts' in item or 'import_playbook' in item for item in data) else 'tasks'
        return 'unknown'

    def lint_path(self):
        folder = re.sub(r'[^A-Za-z0-9]+', '_', self.id)
        if self.kind in ('tasks', 'partial'):
            return os.path.join(folder, 'tasks', 'snippet.yml')
        if self.kind == 'file':
            return os.path.join(folder, self.marker_text)
        return os.path.join(folder, 'snippet.yml')


def markdown_snippets():
    paths = ['README.md'] + sorted(os.path.relpath(p, ROOT) for p in glob.glob(os.path.join(ROOT, 'docs', '**', '*.md'), recursive=True))
    for path in paths:
        with open(os.path.join(ROOT, path), encoding='utf-8') as handle:
            text = handle.read()
        for match in FENCE.finditer(text):
            yield Snippet(path, text.count('\n', 0, match.start()) + 1, match.group(1))


def module_snippets():
    for path in sorted(glob.glob(os.path.join(ROOT, 'plugins', 'modules', '*.py'))):
        with open(path, encoding='utf-8') as handle:
            tree = ast.parse(handle.read())
        examples = [node for node in tree.body if isinstance(node, ast.Assign) and getattr(node.targets[0], 'id', None) == 'EXAMPLES']
        assert examples, 'no EXAMPLES in %s' % path
        # The string starts on the line after EXAMPLES = r''' (ansible-doc shows it from there).
        yield Snippet(os.path.relpath(path, ROOT), examples[0].lineno + 1, examples[0].value.value.lstrip('\n'))


SNIPPETS = list(markdown_snippets()) + list(module_snippets())
RUNNABLE = [s for s in SNIPPETS if s.kind in ('plays', 'tasks')]


def test_every_snippet_declares_what_it_is():
    unknown = [s.id for s in SNIPPETS if s.kind == 'unknown']
    assert not unknown, 'not valid YAML, or neither plays nor tasks without a "# Partial:", "# File:" or "# Not a playbook:" line: %s' % unknown
    for snippet in SNIPPETS:
        if snippet.kind == 'file':
            assert snippet.marker_text and '..' not in snippet.marker_text and not snippet.marker_text.startswith('/'), snippet.id
    # Every module's EXAMPLES is a list of tasks (ansible-doc shows it as such; a play inside fails syntax-check).
    for snippet in SNIPPETS:
        if snippet.source.startswith('plugins/modules/'):
            assert snippet.kind == 'tasks', '%s: EXAMPLES must be a list of tasks' % snippet.id


CANARY = '- name: lower-case task name, which the production profile refuses\n  ansible.builtin.debug:\n    msg: canary\n'


class IndentedDumper(yaml.SafeDumper):  # pylint: disable=too-many-ancestors
    """Lists indented under their key, as yamllint wants them."""

    def increase_indent(self, flow=False, indentless=False):
        return super(IndentedDumper, self).increase_indent(flow, False)


def lint_config():
    """The project's own ansible-lint settings (its mocked modules included) with the production profile."""
    with open(os.path.join(ROOT, '.ansible-lint'), encoding='utf-8') as handle:
        config = yaml.safe_load(handle) or {}
    config = dict((k, v) for k, v in config.items() if k in ('mock_modules', 'mock_roles', 'skip_list', 'warn_list', 'enable_list'))
    config.update({'profile': 'production', 'offline': True})
    return config


# Example files that the collection's own lint run may not see as a user would: linted here too, at their paths.
EXAMPLE_FILES = ('examples/awx/configure.yml', 'examples/awx/credential_types.yml', 'examples/execution-environment.yml',
                 'examples/awx-job.yml', 'examples/awx-plan.yml', 'collections/requirements.yml')


def test_every_snippet_passes_ansible_lint_production(tmp_path):
    """One ansible-lint run over all snippets; a canary snippet proves the run really lints them."""
    where = {}
    for snippet in SNIPPETS + [Snippet('canary', 1, CANARY)]:
        path = tmp_path / snippet.lint_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(snippet.text, encoding='utf-8')
        where[snippet.lint_path().split(os.sep)[0]] = snippet.id
    for name in EXAMPLE_FILES:
        path = tmp_path / 'files' / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(os.path.join(ROOT, name), encoding='utf-8') as handle:
            path.write_text(handle.read(), encoding='utf-8')
    where['files'] = 'example files'
    (tmp_path / '.ansible-lint').write_text(yaml.dump(lint_config(), Dumper=IndentedDumper), encoding='utf-8')
    done = subprocess.run(['ansible-lint', '--offline', '-c', '.ansible-lint', '-f', 'json', '--nocolor', '.'], cwd=str(tmp_path),
                          capture_output=True, text=True, timeout=600, check=False)
    try:
        findings = json.loads(done.stdout or '[]')
    except ValueError:
        raise AssertionError('ansible-lint printed no JSON (rc %d):\n%s\n%s' % (done.returncode, done.stdout, done.stderr[-3000:]))
    problems = {}
    for finding in findings:
        path = finding['location']['path']
        line = finding['location'].get('lines', {}).get('begin') or finding['location'].get('positions', {}).get('begin', {}).get('line')
        problems.setdefault(where.get(path.split('/')[0], path), []).append('%s %s (line %s): %s' % (
            path, finding['check_name'], line, finding['description']))
    assert any('name[casing]' in p for p in problems.pop('canary:1', [])), 'ansible-lint did not lint the snippets:\n' + done.stderr[-3000:]
    assert not problems, 'ansible-lint --profile production:\n' + '\n'.join(
        '%s\n    %s' % (snippet_id, '\n    '.join(found)) for snippet_id, found in sorted(problems.items()))
    assert done.returncode == 2, 'ansible-lint exited %d (2 = violations found: the canary):\n%s' % (done.returncode, done.stderr[-3000:])


def plays_of(snippet, base_url):
    """The snippet as plays, with the example URL pointing at the emulator and the user's variables set."""
    data = yaml.safe_load(snippet.text.replace(EXAMPLE_URL, base_url))
    plays = data if snippet.kind == 'plays' else [{'hosts': 'localhost', 'gather_facts': False, 'tasks': data}]
    for play in plays:
        play['vars'] = dict(USER_VARS, **play.get('vars', {}))
    return plays


def run_plays(gij, plays):
    results = []
    for play in plays:
        extra = dict((k, v) for k, v in play.items() if k != 'tasks')
        ran = gij.run_tasks(play['tasks'], play_extra=extra)
        for result in ran:
            assert not result.failed and result.returncode == 0, result.output
            assert_no_secret(result.output, result.result)
        results += ran
    return results


@pytest.mark.parametrize('snippet', RUNNABLE, ids=[s.id for s in RUNNABLE])
def test_snippet_runs_against_the_emulator(gij, snippet):
    gij.emulator.control('POST', '/reset', SEED)
    plays = plays_of(snippet, gij.emulator.base)
    first = run_plays(gij, plays)
    assert [r for r in first if r.get('_status') == 'ok'], 'nothing ran: %s' % [r.get('_task') for r in first]
    if snippet.source.startswith(IDEMPOTENT_SOURCES):
        again = run_plays(gij, plays)
        changed = [r.get('_task') for r in again if r.get('changed')]
        assert not changed, '%s says a second run changes nothing, but: %s' % (snippet.id, changed)


def github_anchor(heading):
    """The anchor GitHub gives a Markdown heading."""
    text = re.sub(r'[^\w\- ]', '', heading.strip().lower().replace('`', ''))
    return text.replace(' ', '-')


def test_relative_links_of_the_docs_resolve():
    """Links between the pages (files and #anchors) point at something that exists."""
    pages = ['README.md', 'SECURITY.md'] + sorted(os.path.relpath(p, ROOT) for p in glob.glob(os.path.join(ROOT, 'docs', '**', '*.md'), recursive=True))
    anchors = {}
    broken = []
    for page in pages:
        with open(os.path.join(ROOT, page), encoding='utf-8') as handle:
            text = re.sub(r'^```.*?^```', '', handle.read(), flags=re.M | re.S)
        for target in re.findall(r'\]\(([^)\s]+)\)', text):
            if re.match(r'[a-z]+:', target):
                continue
            path, _hash, anchor = target.partition('#')
            resolved = os.path.normpath(os.path.join(os.path.dirname(page), path)) if path else page
            if not os.path.exists(os.path.join(ROOT, resolved)):
                broken.append('%s -> %s' % (page, target))
                continue
            if anchor and resolved.endswith('.md'):
                if resolved not in anchors:
                    with open(os.path.join(ROOT, resolved), encoding='utf-8') as handle:
                        body = re.sub(r'^```.*?^```', '', handle.read(), flags=re.M | re.S)
                    anchors[resolved] = set(github_anchor(h) for h in re.findall(r'^#+ (.+)$', body, re.M))
                if anchor not in anchors[resolved]:
                    broken.append('%s -> %s (no such heading)' % (page, target))
    assert not broken, '\n'.join(broken)


def message_literal(node):
    """The constant text of a message expression: 'text', 'text %s' % x, 'a' + x + 'b' (placeholders as %s)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return message_literal(node.left)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = message_literal(node.left), message_literal(node.right)
        return (left or '') + '%s' + (right or '') if (left or right) else None
    return None


def module_messages():
    """(where, text) of every GijError, fail_json(msg=) and warn() message under plugins/."""
    for path in sorted(glob.glob(os.path.join(ROOT, 'plugins', '**', '*.py'), recursive=True)):
        with open(path, encoding='utf-8') as handle:
            tree = ast.parse(handle.read())
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, 'id', None) or getattr(node.func, 'attr', None)
            if name == 'GijError':
                arguments = node.args[:1]
            elif name in ('fail_json', 'warn'):
                arguments = [k.value for k in node.keywords if k.arg == 'msg'] or node.args[:1]
            else:
                continue
            for argument in arguments:
                text = message_literal(argument)
                if text:
                    yield '%s:%d' % (os.path.relpath(path, ROOT), node.lineno), text


def test_troubleshooting_lists_every_message_of_the_modules():
    """Each message's first constant piece (8+ characters, up to 40) appears on docs/troubleshooting.md."""
    def normal(text):
        return re.sub(r'\s+', ' ', text.replace('`', ''))

    with open(os.path.join(ROOT, 'docs', 'troubleshooting.md'), encoding='utf-8') as handle:
        page = normal(handle.read())
    messages = list(module_messages())
    assert len(messages) > 30, messages
    missing = []
    for where, text in messages:
        pieces = [piece.strip(' .:()') for piece in re.split(r'%[-\d.]*[sdrf]', text)]
        piece = next((p for p in pieces if len(p) >= 8), None)
        if piece and normal(piece)[:40].strip() not in page:
            missing.append('%s: %s' % (where, text))
    assert not missing, 'not on docs/troubleshooting.md (add a section per message):\n' + '\n'.join(missing)
