# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""gij.jira.integrations_yaml: the export file is data that reads back exactly, whatever the server's strings hold."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest
import yaml

from ansible.errors import AnsibleError
from ansible.parsing.yaml.loader import AnsibleLoader

from ansible_collections.gij.jira.plugins.filter.integrations_yaml import integrations_yaml
from ansible_collections.gij.jira.tests.unit.hostile_names import HOSTILE_NAMES


def info_of(names, **extra):
    options = [{'name': name, 'type': 'GITHUB', 'disabled': False, 'tags_filter': name, 'project_mapping_ids': [10000]}
               for name in names]
    info = {'changed': False, 'integrations': [dict(item, id=number) for number, item in enumerate(options, 1)],
            'integration_options': options, 'jira_version': '9.12.2', 'app_version': '4.28.6'}
    info.update(extra)
    return info


def read(text):
    """As vars_files reads it: Ansible's own YAML loader."""
    return json.loads(json.dumps(AnsibleLoader(text).get_single_data()))


def test_hostile_names_read_back_exactly_and_every_template_is_tagged_unsafe():
    info = info_of(HOSTILE_NAMES)
    text = integrations_yaml(info, 'https://jira.example.com')
    assert read(text) == {'gij_integrations': info['integration_options']}
    # Every value holding a template delimiter carries the !unsafe tag; what is not tagged holds none.
    untagged = [line for line in text.splitlines() if not line.lstrip().startswith('#') and '!unsafe' not in line]
    assert not [line for line in untagged if '{{' in line or '{%' in line or '{#' in line], untagged
    assert text.count("name: !unsafe \"{{ lookup('pipe','id > /tmp/gij-pwned') }}\"") == 1


def test_yaml_words_stay_strings():
    text = integrations_yaml(info_of(['yes', 'null', '0x10', '~']), None)
    assert [item['name'] for item in read(text)['gij_integrations']] == ['yes', 'null', '0x10', '~']
    assert [item['name'] for item in yaml.safe_load(text.replace('!unsafe ', ''))['gij_integrations']] == ['yes', 'null', '0x10', '~']


@pytest.mark.parametrize('version', ['9.12.2\ngij_evil: 1', '9\u20282', '{{ 7 * 7 }}\r\n# x', '\x7f'])
def test_server_text_in_comments_cannot_add_structure(version):
    text = integrations_yaml(info_of(['GitHub'], jira_version=version, app_version=version), 'https://jira.example.com')
    assert list(read(text)) == ['gij_integrations']
    assert len(text.splitlines()) == len(integrations_yaml(info_of(['GitHub']), 'https://jira.example.com').splitlines())


def test_unknown_versions_and_an_empty_server():
    text = integrations_yaml(info_of([], jira_version=None, app_version=None), 'https://jira.example.com')
    assert '(Jira "unknown", app "unknown")' in text
    assert read(text) == {'gij_integrations': []}
    info = info_of(['GitHub'])
    del info['jira_version'], info['app_version']
    assert read(integrations_yaml(info))['gij_integrations'][0]['name'] == 'GitHub'


def test_the_comment_above_an_item_names_what_creating_it_needs_and_a_long_name_is_cut_there():
    info = info_of(['CodeCommit', 'y' * 500])
    info['integration_options'][0]['type'] = 'AWS'
    text = integrations_yaml(info, None)
    assert '  # "CodeCommit": to create it elsewhere, add username (access key id), password (secret access key) and aws_region\n' in text
    assert '  # "%s...": to create it elsewhere, add pat\n' % ('y' * 100) in text


@pytest.mark.parametrize('names, message', [
    (['Same', 'Other', 'Same'], '"Same" is the name of integrations 1, 3. Give each integration its own name first'),
    (['GitHub', None], 'Integration id 2 has no display name, and the file matches integrations by name'),
    (['GitHub', '  '], 'Integration id 2 has no display name'),
])
def test_names_the_file_could_not_match_are_refused(names, message):
    with pytest.raises(AnsibleError, match=message):
        integrations_yaml(info_of(names))


def test_anything_but_an_info_result_is_refused():
    with pytest.raises(AnsibleError, match='integrations_yaml takes the registered result of gij.jira.git_integration_info'):
        integrations_yaml({'integrations': []})


def repositories_of(names, projects=None):
    """A registered git_repository_info result: for each name one single repository and one nested repository."""
    repositories, options = [], []
    for number, name in enumerate(names):
        repositories.append({'id': 2 * number + 1, 'name': name, 'integration_id': None, 'integration_name': None,
                             'projects': projects})
        options.append({'name': name, 'origin': name, 'tags_filter': name, 'global': True})
        repositories.append({'id': 2 * number + 2, 'name': name, 'integration_id': 7, 'integration_name': name,
                             'projects': projects})
        options.append({'integration_name': name, 'origin': name, 'name': name, 'global': False,
                        'project_mapping_ids': [10000]})
    return {'changed': False, 'repositories': repositories, 'repository_options': options}


def test_repositories_read_back_exactly_as_two_lists_and_every_template_is_tagged_unsafe():
    repositories = repositories_of(HOSTILE_NAMES, projects=HOSTILE_NAMES[:3] + [None])
    text = integrations_yaml(info_of(['GitHub']), 'https://jira.example.com', repositories=repositories)
    data = read(text)
    assert list(data) == ['gij_integrations', 'gij_repositories', 'gij_nested_repositories']
    options = repositories['repository_options']
    assert data['gij_repositories'] == options[0::2] and data['gij_nested_repositories'] == options[1::2]
    untagged = [line for line in text.splitlines() if not line.lstrip().startswith('#') and '!unsafe' not in line]
    assert not [line for line in untagged if '{{' in line or '{%' in line or '{#' in line], untagged
    # Each item has one comment line above it, whatever its name and its projects' keys hold.
    comments = [line for line in text.splitlines() if line.startswith('  # ')]
    assert len(comments) == 1 + len(options)
    assert comments[-1].startswith('  # "%s..." of integration "%s..."; projects "{{' % ('x' * 100, 'x' * 100))


def test_a_server_without_repositories_exports_empty_lists():
    text = integrations_yaml(info_of([]), None, repositories=repositories_of([]))
    assert read(text) == {'gij_integrations': [], 'gij_repositories': [], 'gij_nested_repositories': []}
    assert '# Repositories: gij.jira.git_repositories applies gij_repositories and gij_nested_repositories' in text


def test_the_comment_above_a_repository_names_its_integration_and_its_projects_keys():
    repositories = repositories_of(['app'], projects=['PLAT', None, 'OPS'])
    repositories['repositories'][1]['integration_name'] = None  # an integration the integration list did not hold
    text = integrations_yaml(info_of([]), None, repositories=repositories)
    assert '  # "app": to add it elsewhere, add its credentials (pat, or username and password) if its host needs ' \
           'them; projects "PLAT", "OPS"\n' in text
    assert '  # "app" of integration "id 7"; projects "PLAT", "OPS"\n' in text


@pytest.mark.parametrize('repositories', [
    {'repositories': []},
    {'repositories': [{'id': 1}], 'repository_options': []},
    {'repositories': None, 'repository_options': []},
    [],
])
def test_anything_but_a_repository_info_result_is_refused(repositories):
    with pytest.raises(AnsibleError, match='integrations_yaml takes as repositories the registered result of '
                                           'gij.jira.git_repository_info'):
        integrations_yaml(info_of([]), repositories=repositories)


def test_the_comment_says_when_an_item_is_matched_by_id_and_its_origin_left_out():
    repositories = repositories_of(['app'])
    for repository, item in zip(repositories['repositories'], repositories['repository_options']):
        repository['origin'] = 'https://bot:token@git.example.com/app.git'
        item.pop('origin')
        item['id'] = repository['id']
    text = integrations_yaml(info_of([]), None, repositories=repositories)
    assert '  # "app": to add it elsewhere, add its credentials (pat, or username and password) if its host needs ' \
           "them; matched by this server's id (its origin is left out: it carries credentials)\n" in text
    assert '  # "app" of integration "app"; matched by this server\'s id (its origin is left out)\n' in text
    assert 'token' not in text
