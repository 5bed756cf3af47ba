# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""gij.jira.integrations_yaml: the text of an export file (examples/export.yml) of integrations and, given the
repositories, of single repositories and the settings of nested ones, written by a YAML dumper that keeps every
server text data (plugin_utils/export_yaml.py)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError

from ansible_collections.gij.jira.plugins.module_utils.repository import is_nested
from ansible_collections.gij.jira.plugins.plugin_utils.export_yaml import (
    COMMENT_NAME_LIMIT, checked, comment_text, item_lines, plain,
)

# What creating an integration of each type needs that no server returns (docs/api-notes.md section 5).
CREATE_NEEDS = {
    'GITHUB': 'pat',
    'GITHUB_SERVER': 'pat',
    'GITLAB': 'pat',
    'GITLAB_SERVER': 'pat',
    'GITLAB_SERVER_LEGACY': 'username and password',
    'FILESPACE': 'folder_depth (1-5)',
    'AZURE': 'pat',
    'AZURE_DEVOPS': 'pat (or username and password)',
    'VSTS': 'pat',
    'TFS_SERVER': 'pat with username "all" (or username and password)',
    'AWS': 'username (access key id), password (secret access key) and aws_region',
    'GERRIT': 'username and password',
}
HEADER = '''\
# Git Integration for Jira integrations of {url}
# (Jira {jira}, app {app}), written by examples/export.yml.
# Apply it with examples/apply.yml, or gij.jira.git_integrations (see docs/adopt.md):
#   integrations: "{{{{ gij_integrations }}}}"
# Text values are double-quoted and tagged !unsafe (those that read as YAML words or numbers, such as "yes",
# only quoted): Ansible uses them as they are and never evaluates them as templates.
# Integrations are matched by their exact display name; rename one through its id (gij.jira.git_integration).
#
# Left out, because the server never returns them: the credentials (pat, password, username) and
# aws_region, folder_depth, tfs_collection, ref_spec_custom. This server needs none of them to apply this file.
# Before this file can re-create an integration elsewhere (another Jira, or after a delete), add to its item
# what the comment above it names, with secrets from a vault, e.g. pat: "{{{{ vault_github_pat }}}}",
# and any tfs_collection or ref_spec_custom you had set.
'''
REPOSITORIES_HEADER = '''\
#
# Repositories: gij.jira.git_repositories applies gij_repositories and gij_nested_repositories, each in a task
# of its own, after the integrations (examples/apply.yml does):
#   gij_repositories         single repositories, matched by origin and name; added where missing.
#   gij_nested_repositories  settings of the repositories integrations discovered, matched by their integration's
#                            name and their origin; never added or deleted.
# An item that names an id (id, integration_id) is matched by this server's ids: here, names and origins do not
# tell it apart. Projects are listed by id (project_mapping_ids), with their keys in the comment above the item.
# Left out: the credentials (pat, password, username) and ref_spec_custom, which the server never returns, and
# read-only facts such as the indexing state.
'''


def _check_names(info):
    """The file matches integrations by name: a name missing or used twice could not be applied."""
    ids_by_name = {}
    for item in info.get('integrations') or []:
        name = item.get('name')
        if not isinstance(name, str) or not name.strip():
            raise AnsibleFilterError('Integration id %s has no display name, and the file matches integrations by name: '
                                     'give it one first (gij.jira.git_integration with id and name), then export again.'
                                     % item.get('id'))
        ids_by_name.setdefault(name, []).append(item.get('id'))
    shared = ['%s is the name of integrations %s.' % (comment_text(name), ', '.join(str(i) for i in ids))
              for name, ids in ids_by_name.items() if len(ids) > 1]
    if shared:
        raise AnsibleFilterError('%s Give each integration its own name first (gij.jira.git_integration with id and a new '
                                 'name), then export again.' % ' '.join(shared))


def _repository_lists(repositories):
    """The file's two repository lists, from a registered gij.jira.git_repository_info result: for each key, the
    (options, repository) of its repositories in the server's order."""
    if not isinstance(repositories, dict) or not isinstance(repositories.get('repositories'), list) \
            or not isinstance(repositories.get('repository_options'), list) \
            or len(repositories['repositories']) != len(repositories['repository_options']):
        raise AnsibleFilterError('integrations_yaml takes as repositories the registered result of '
                                 'gij.jira.git_repository_info (with its repositories and repository_options lists).')
    lists = {'gij_repositories': [], 'gij_nested_repositories': []}
    for repository, item in zip(repositories['repositories'], plain(repositories['repository_options'])):
        lists['gij_nested_repositories' if is_nested(item) else 'gij_repositories'].append((item, repository))
    return lists


def _repository_comment(repository, item, nested):
    """Server text, each value JSON-escaped: the name, the integration of a nested one, the projects' keys."""
    name = comment_text(repository.get('name'), COMMENT_NAME_LIMIT)
    if nested:
        integration = repository.get('integration_name') or 'id %s' % repository.get('integration_id')
        text = '%s of integration %s' % (name, comment_text(integration, COMMENT_NAME_LIMIT))
    else:
        text = '%s: to add it elsewhere, add its credentials (pat, or username and password) if its host needs them' % name
    if 'id' in item:
        text += "; matched by this server's id"
        if 'origin' not in item and repository.get('origin'):
            # A single repository's origin is left out only for its credentials; a nested one's also when shared.
            text += ' (its origin is left out%s)' % ('' if nested else ': it carries credentials')
    keys = [key for key in repository.get('projects') or [] if key is not None]
    if keys:
        text += '; projects %s' % ', '.join(comment_text(key) for key in keys)
    return '  # %s\n' % text


def integrations_yaml(info, jira_url=None, repositories=None):
    """The whole export file, from a registered gij.jira.git_integration_info result and, optionally, a registered
    gij.jira.git_repository_info result."""
    if not isinstance(info, dict) or not isinstance(info.get('integration_options'), list):
        raise AnsibleFilterError('integrations_yaml takes the registered result of gij.jira.git_integration_info '
                                 '(with its integration_options list).')
    _check_names(info)
    options = plain(info['integration_options'])
    parts = [HEADER.format(url=comment_text(jira_url or 'unknown'), jira=comment_text(info.get('jira_version') or 'unknown'),
                           app=comment_text(info.get('app_version') or 'unknown'))]
    if not options:
        parts.append('gij_integrations: []\n')
    else:
        parts.append('gij_integrations:\n')
        for item in options:
            parts.append('  # %s: to create it elsewhere, add %s\n' % (
                comment_text(item.get('name'), COMMENT_NAME_LIMIT), CREATE_NEEDS.get(item.get('type'), 'its credentials')))
            parts.extend(item_lines(item))
    expected = {'gij_integrations': options}
    if repositories is not None:
        parts.append(REPOSITORIES_HEADER)
        for key, mine in _repository_lists(repositories).items():
            expected[key] = [item for item, repository in mine]
            parts.append('%s:%s\n' % (key, '' if mine else ' []'))
            for item, repository in mine:
                parts.append(_repository_comment(repository, item, key == 'gij_nested_repositories'))
                parts.extend(item_lines(item))
    return checked(''.join(parts), expected, 'integrations' if repositories is None else 'integrations and repositories')


class FilterModule(object):
    def filters(self):
        return {'integrations_yaml': integrations_yaml}
