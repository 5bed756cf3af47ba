# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The example files a user builds from (docs/awx.md): as far as this machine can take them without AWX or a container engine.

Linting them (ansible-lint --profile production) is done with the doc snippets, in one run: test_doc_snippets.py.
"""

import glob
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tarfile

import pytest
import yaml

from test_doc_snippets import SNIPPETS

# The example files and their tools, not the modules: make test runs these in the first lane only (conftest.py).
pytestmark = pytest.mark.interpreter_independent

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
BIN = os.path.dirname(sys.executable)


def tool(name):
    path = shutil.which(name, path=BIN) or shutil.which(name)
    assert path, '%s is not installed: make test installs it' % name
    return path


class UnsafeLoader(yaml.SafeLoader):  # pylint: disable=too-many-ancestors
    """Reads Ansible's !unsafe strings as plain strings."""


UnsafeLoader.add_constructor('!unsafe', lambda loader, node: loader.construct_scalar(node))


def test_credential_types_on_the_awx_page_are_the_ones_the_awx_playbook_creates():
    with open(os.path.join(ROOT, 'examples', 'awx', 'credential_types.yml'), encoding='utf-8') as handle:
        defined = yaml.load(handle, Loader=UnsafeLoader)
    shown = {}
    for snippet in SNIPPETS:
        found = re.match(r'(input|injector) configuration of the AWX credential type "(.+)"\.$', snippet.marker_text)
        if snippet.source == 'docs/awx.md' and found:
            shown[(found.group(2), found.group(1))] = snippet.data
    expected = {}
    for credential_type in defined.values():
        expected[(credential_type['name'], 'input')] = credential_type['inputs']
        expected[(credential_type['name'], 'injector')] = credential_type['injectors']
    assert len(expected) == 4
    assert shown == expected


def test_git_host_tokens_are_injected_under_names_awx_hides():
    """AWX masks environment values whose names contain these words when it shows a job's environment."""
    with open(os.path.join(ROOT, 'examples', 'awx', 'credential_types.yml'), encoding='utf-8') as handle:
        defined = yaml.load(handle, Loader=UnsafeLoader)
    for credential_type in defined.values():
        secret_fields = [f['id'] for f in credential_type['inputs']['fields'] if f.get('secret')]
        for name, value in credential_type['injectors']['env'].items():
            assert not name.startswith('ANSIBLE_'), name
            if any('{{ %s }}' % field in value for field in secret_fields):
                assert re.search(r'API|TOKEN|KEY|SECRET|PASS', name), '%s carries a secret under a name AWX shows' % name


def documented_block(page, marker):
    """The lines of the ```bash block of ``page`` that contains ``marker``, without comments."""
    with open(os.path.join(ROOT, page), encoding='utf-8') as handle:
        blocks = re.findall(r'^```bash\n(.*?)^```', handle.read(), re.M | re.S)
    (block,) = [b for b in blocks if marker in b]
    return [line.split('#')[0].strip() for line in block.splitlines() if line.split('#')[0].strip()]


def clone_of_the_checkout(dest):
    """A checkout as a user has it, reusing this run's virtualenvs (tests/tools/venv.sh finds them up to date)."""
    shutil.copytree(ROOT, str(dest), ignore=shutil.ignore_patterns('.git', '.venv', 'build', 'output', '__pycache__', '*.tar.gz'))
    venvs = os.path.dirname(sys.prefix)
    os.makedirs(str(dest / '.venv'))
    for name in os.listdir(venvs):
        if re.match(r'py3\.\d+$', name):
            os.symlink(os.path.join(venvs, name), str(dest / '.venv' / name))


def galaxy():
    with open(os.path.join(ROOT, 'galaxy.yml'), encoding='utf-8') as handle:
        return yaml.safe_load(handle)


def test_execution_environment_builds_as_docs_awx_says_up_to_ansible_builder_create(tmp_path):
    """docs/awx.md's commands as they stand, in a clone: make build, cp, then ansible-builder create instead of build."""
    clone = tmp_path / 'clone'
    clone_of_the_checkout(clone)
    env = dict((k, v) for k, v in os.environ.items() if not k.startswith(('MAKE', 'MFLAGS')))
    env.update(PYTHON=sys.executable, PATH=BIN + os.pathsep + env.get('PATH', ''))  # make build for this interpreter only
    context = tmp_path / 'context'
    commands = documented_block('docs/awx.md', 'ansible-builder build')
    assert commands[:2] == ['make build', 'cp build/gij-jira-*.tar.gz examples/gij-jira.tar.gz'], commands
    for command in commands:
        if command.startswith('pip install'):
            assert tool(command.split()[-1])  # installed by make test
            continue
        if command.startswith('ansible-builder build'):
            args = shlex.split(command)
            del args[args.index('-t'):args.index('-t') + 2]
            command = ' '.join(shlex.quote(a) for a in [tool('ansible-builder'), 'create'] + args[2:] + ['-c', str(context)])
        done = subprocess.run(['bash', '-c', command], cwd=str(clone), env=env, capture_output=True, text=True, timeout=600, check=False)
        assert done.returncode == 0, '%s\n%s' % (command, done.stdout[-3000:] + done.stderr[-3000:])
        assert 'No matches' not in done.stdout + done.stderr, done.stdout + done.stderr
        if ' create ' in command:
            break
    tarball = clone / 'build' / ('gij-jira-%s.tar.gz' % galaxy()['version'])
    assert tarball.is_file() and (clone / 'examples' / 'gij-jira.tar.gz').read_bytes() == tarball.read_bytes()
    with open(os.path.join(ROOT, 'examples', 'execution-environment.yml'), encoding='utf-8') as handle:
        definition = yaml.safe_load(handle)
    # The tarball is in the build context, and the galaxy stage installs it from there (COPY _build /build).
    copied = context / '_build' / 'collections' / 'gij-jira.tar.gz'
    assert copied.read_bytes() == tarball.read_bytes()
    requirements = yaml.safe_load((context / '_build' / 'requirements.yml').read_text())
    assert requirements == {'collections': [{'name': 'collections/gij-jira.tar.gz', 'type': 'file'}]}
    containerfile = next(p for p in (context / 'Containerfile', context / 'Dockerfile') if p.is_file()).read_text()
    assert 'COPY _build /build' in containerfile and 'WORKDIR /build' in containerfile
    assert 'ansible-galaxy collection install' in containerfile
    # Pinned: the base image by a release tag or digest, ansible-core and ansible-runner to exact versions.
    base = definition['images']['base_image']['name']
    assert re.search(r'(:[0-9][\w.-]*|@sha256:[0-9a-f]{64})$', base) and not base.endswith(':latest'), base
    assert 'EE_BASE_IMAGE="%s"' % base in containerfile
    for key in ('ansible_core', 'ansible_runner'):
        assert re.search(r'==[0-9][\w.]*$', definition['dependencies'][key]['package_pip']), definition['dependencies'][key]
    # The tarball really is gij.jira, and carries the file that tells ansible-builder about `requests`.
    with tarfile.open(str(copied)) as archive:
        manifest = json.load(archive.extractfile('MANIFEST.json'))
        names = archive.getnames()
    assert (manifest['collection_info']['namespace'], manifest['collection_info']['name']) == ('gij', 'jira')
    assert 'meta/execution-environment.yml' in names and 'requirements.txt' in names
    # What ansible-builder finds in the installed collection (it runs this inside the image at build time).
    installed = tmp_path / 'installed'
    subprocess.run([tool('ansible-galaxy'), 'collection', 'install', '--force', '-p', str(installed), str(tarball)],
                   check=True, capture_output=True, text=True, timeout=300)
    found = subprocess.run([tool('ansible-builder'), 'introspect', str(installed)], check=True, capture_output=True, text=True,
                           timeout=120).stdout
    assert re.search(r'requests.*# from collection gij\.jira', found), found


def test_requirements_file_installs_the_collection_from_a_git_url(tmp_path):
    """collections/requirements.yml, with its URL pointed at a local clone of this tree (no network here)."""
    with open(os.path.join(ROOT, 'collections', 'requirements.yml'), encoding='utf-8') as handle:
        requirements = yaml.safe_load(handle)
    (entry,) = requirements['collections']
    assert entry['type'] == 'git' and entry['name'].startswith('https://') and entry['name'].endswith('.git')
    repo = tmp_path / 'repo'
    shutil.copytree(ROOT, str(repo), ignore=shutil.ignore_patterns('.git', 'tests', '*.tar.gz', '__pycache__'))
    git = ['git', '-C', str(repo), '-c', 'user.name=test', '-c', 'user.email=test@example.com']
    subprocess.run(['git', 'init', '-q', '-b', entry['version'], str(repo)], check=True, timeout=60)
    subprocess.run(git + ['add', '-A'], check=True, timeout=60)
    subprocess.run(git + ['commit', '-q', '-m', 'snapshot'], check=True, timeout=60)
    entry['name'] = 'git+file://%s' % repo
    local = tmp_path / 'requirements.yml'
    local.write_text(yaml.safe_dump(requirements))
    installed = tmp_path / 'collections'
    done = subprocess.run([tool('ansible-galaxy'), 'collection', 'install', '--force', '-r', str(local), '-p', str(installed)],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    with open(str(installed / 'ansible_collections' / 'gij' / 'jira' / 'MANIFEST.json'), encoding='utf-8') as handle:
        assert json.load(handle)['collection_info']['name'] == 'jira'
    assert (installed / 'ansible_collections' / 'gij' / 'jira' / 'plugins' / 'modules' / 'git_integration.py').is_file()


# Pages a user reads: where the install commands and the supported versions must say one thing.
USER_PAGES = ['README.md', 'CONTRIBUTING.md', 'SECURITY.md', 'tools/docsite/index.rst', 'collections/requirements.yml',
              'examples/execution-environment.yml', 'plugins/filter/integrations_yaml.yml']


def user_pages():
    pages = USER_PAGES + sorted(os.path.relpath(p, ROOT) for p in glob.glob(os.path.join(ROOT, 'docs', '**', '*.md'), recursive=True))
    for page in pages:
        with open(os.path.join(ROOT, page), encoding='utf-8') as handle:
            yield page, handle.read()


def test_install_commands_say_one_thing_everywhere():
    version, repository = galaxy()['version'], galaxy()['repository']
    allowed = {
        'ansible-galaxy collection install build/gij-jira-%s.tar.gz' % version,
        'ansible-galaxy collection install gij-jira-%s.tar.gz' % version,
        'ansible-galaxy collection install git+%s.git,main' % repository,
        'ansible-galaxy collection install git+%s.git,<version>' % repository,
        'ansible-galaxy collection install -r collections/requirements.yml',
        'ansible-galaxy collection install awx.awx',
        'ansible-galaxy collection install gij.jira',
    }
    for page, text in user_pages():
        for paragraph in re.split(r'\n\s*\n', text):
            for command in re.findall(r'ansible-galaxy collection install [^`\n#]*', paragraph):
                command = command.strip().rstrip('.')
                assert command in allowed, '%s: %s' % (page, command)
                if command.endswith(' gij.jira'):  # from Galaxy: only as what works once it is released there
                    assert re.search(r'once it is released|not on Galaxy yet|lead with', paragraph), '%s: %s' % (page, paragraph)
            assert not re.search(r'not published on Galaxy|or a release\b', paragraph), '%s: %s' % (page, paragraph)
    # The statement itself: the README's install section, word for word on the docs site's front page.
    with open(os.path.join(ROOT, 'README.md'), encoding='utf-8') as handle:
        readme = handle.read()
    install = readme.split('\n## Install\n', 1)[1].split('\n## ', 1)[0]
    block = re.search(r'```bash\n(.*?)```', install, re.S).group(1)
    with open(os.path.join(ROOT, 'tools', 'docsite', 'index.rst'), encoding='utf-8') as handle:
        front = handle.read()
    assert '\n'.join('   ' + line for line in block.splitlines()) in front
    assert words(install.split('```')[0]) in words(front)
    for page in ('docs/guide.md', 'docs/awx.md', 'collections/requirements.yml', 'examples/execution-environment.yml'):
        with open(os.path.join(ROOT, page), encoding='utf-8') as handle:
            assert 'not on Galaxy yet' in handle.read(), page
    # make build leaves the tarball where docs/awx.md and the execution environment copy it from.
    with open(os.path.join(ROOT, 'Makefile'), encoding='utf-8') as handle:
        makefile = handle.read()
    assert re.search(r'^build:\n(\t.*\n)*\t@cp "\$\$\(ls -t build/build-\*/dist/gij-jira-\*\.tar\.gz \| head -1\)" build/\n', makefile, re.M)
    with open(os.path.join(ROOT, 'collections', 'requirements.yml'), encoding='utf-8') as handle:
        assert yaml.safe_load(handle)['collections'][0]['name'] == repository + '.git'


def words(text):
    """Text without markup (Markdown or reStructuredText), as a string of words."""
    text = re.sub(r'\[([^\]]*)\]\([^)]*\)', r'\1', text)  # [text](url)
    text = re.sub(r':(?:doc|ref):`([^`<]*?)(?:\s*<[^>]*>)?`', r'\1', text)  # :doc:`text <target>`
    text = re.sub(r'[*`]', '', text)
    return ' '.join(text.split())


def tested_matrix():
    """(Python, ansible-core) pairs that make test runs: noxfile.py's interpreters, the pins of tests/tools/requirements.txt."""
    with open(os.path.join(ROOT, 'noxfile.py'), encoding='utf-8') as handle:
        pythons = re.findall(r"'(3\.\d+)'", re.search(r'^SUPPORTED = \(([^)]*)\)', handle.read(), re.M).group(1))
    with open(os.path.join(ROOT, 'tests', 'tools', 'requirements.txt'), encoding='utf-8') as handle:
        pins = re.findall(r'^ansible-core==(\d+\.\d+)\.\d+; python_version (<|>=) "(3\.\d+)"', handle.read(), re.M)
    assert pins

    def applies(python, operator, bound):
        version, limit = tuple(int(n) for n in python.split('.')), tuple(int(n) for n in bound.split('.'))
        return version < limit if operator == '<' else version >= limit
    return [(python, next(core for core, operator, bound in pins if applies(python, operator, bound))) for python in pythons]


def test_supported_versions_agree_with_meta_runtime_and_the_test_matrix():
    matrix = tested_matrix()
    with open(os.path.join(ROOT, 'meta', 'runtime.yml'), encoding='utf-8') as handle:
        requires = yaml.safe_load(handle)['requires_ansible']
    oldest_core = re.match(r'>=(\d+\.\d+)\.0$', requires).group(1)
    oldest_python = min(matrix, key=lambda pair: tuple(int(n) for n in pair[0].split('.')))[0]
    assert oldest_core == min(core for python, core in matrix), 'requires_ansible is not the oldest ansible-core tested'
    cores, pythons = set(core for python, core in matrix), set(python for python, core in matrix)
    for page, text in user_pages():
        text = ' '.join(text.split())
        for core in re.findall(r'ansible-core[ =]+(\d+\.\d+)', text):
            assert core in cores, '%s names ansible-core %s; make test runs %s' % (page, core, sorted(cores))
        for core in re.findall(r'ansible-core (\d+\.\d+)(?:\+| or later| and later| or newer)', text):
            assert core == oldest_core, '%s: ansible-core %s or later; meta/runtime.yml says %s' % (page, core, requires)
        for python in re.findall(r'Python (3\.\d+)', text):
            assert python in pythons, '%s names Python %s; make test runs %s' % (page, python, sorted(pythons))
        for python in re.findall(r'Python (3\.\d+)(?:\+| or later| and later| or newer)', text):
            assert python == oldest_python, page
    with open(os.path.join(ROOT, 'README.md'), encoding='utf-8') as handle:
        table = [line for line in handle.read().splitlines() if line.startswith('| ansible-core |')]
    assert table == ['| ansible-core | %s and later (`requires_ansible: "%s"`) | %s |' % (
        oldest_core, requires, ', '.join('%s on Python %s' % (core, python) for python, core in matrix))]
    with open(os.path.join(ROOT, 'examples', 'execution-environment.yml'), encoding='utf-8') as handle:
        pin = yaml.safe_load(handle)['dependencies']['ansible_core']['package_pip']
    with open(os.path.join(ROOT, 'tests', 'tools', 'requirements.txt'), encoding='utf-8') as handle:
        assert '%s;' % pin in handle.read(), 'the execution environment pins %s, which make test does not run' % pin


def test_the_docs_front_page_carries_what_was_verified():
    with open(os.path.join(ROOT, 'README.md'), encoding='utf-8') as handle:
        section = handle.read().split('\n## What was verified, and against what\n', 1)[1].split('\n## ', 1)[0]
    with open(os.path.join(ROOT, 'tools', 'docsite', 'index.rst'), encoding='utf-8') as handle:
        front = handle.read()
    assert 'What was verified, and against what' in front
    readme_words = words(section).replace('docs/emulator.md', 'docs/emulator')
    assert readme_words in words(front)
