# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every module's documentation is YAML that ansible-doc can read (sanity's validate-modules checks more, slowly).

Controller code (ansible-doc's reader), so this test is not under tests/unit/plugins/modules.
"""

import glob
import importlib
import os

import pytest
import yaml

from ansible.parsing.plugin_docs import read_docstring

MODULES = sorted(glob.glob(os.path.join(os.path.dirname(__file__), '..', '..', '..', 'plugins', 'modules', '*.py')))


@pytest.mark.parametrize('path', MODULES, ids=[os.path.basename(p) for p in MODULES])
def test_documentation_examples_and_return_are_yaml_ansible_doc_reads(path):
    docs = read_docstring(path)
    name = os.path.basename(path)[:-3]
    assert isinstance(docs['doc'], dict) and docs['doc']['module'] == name, '%s: ansible-doc cannot read its DOCUMENTATION' % name
    assert isinstance(yaml.safe_load(docs['plainexamples']), list), name
    assert isinstance(docs['returndocs'], dict), name


FRAGMENTS = sorted(glob.glob(os.path.join(os.path.dirname(__file__), '..', '..', '..', 'plugins', 'doc_fragments', '*.py')))


@pytest.mark.parametrize('path', FRAGMENTS, ids=[os.path.basename(p) for p in FRAGMENTS])
def test_every_doc_fragment_is_yaml(path):
    """A fragment ansible-doc cannot read breaks every module that extends it (read_docstring does not merge them)."""
    name = os.path.basename(path)[:-3]
    fragment = importlib.import_module('ansible_collections.gij.jira.plugins.doc_fragments.' + name).ModuleDocFragment
    texts = [value for name, value in vars(fragment).items() if name.isupper() and isinstance(value, str)]
    assert texts, path
    for text in texts:
        assert isinstance(yaml.safe_load(text), dict), path


def test_every_module_is_in_the_action_group_and_the_readme():
    """module_defaults: {group/gij.jira.gij: ...} reaches a module only when meta/runtime.yml lists it."""
    root = os.path.join(os.path.dirname(__file__), '..', '..', '..')
    names = sorted(os.path.basename(p)[:-3] for p in MODULES)
    with open(os.path.join(root, 'meta', 'runtime.yml'), encoding='utf-8') as handle:
        assert sorted(yaml.safe_load(handle)['action_groups']['gij']) == names
    with open(os.path.join(root, 'README.md'), encoding='utf-8') as handle:
        readme = handle.read()
    assert [name for name in names if '| [`gij.jira.%s`](plugins/modules/%s.py) |' % (name, name) not in readme] == []
