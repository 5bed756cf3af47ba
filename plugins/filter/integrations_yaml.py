# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""gij.jira.integrations_yaml: the text of an export file (examples/export.yml), written by a YAML dumper.

Everything in it comes from the server, and whoever can create an integration writes it. So every string value
is tagged !unsafe (Ansible never templates it, however the file is loaded) and double-quoted (escapes keep line
separators, tabs and trailing spaces inside it); server text in comments is JSON-escaped to one ASCII line. The
text is read back with Ansible's own YAML loader before it is returned: a file that would not read back as the
exported options is never written.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import yaml

from ansible.errors import AnsibleFilterError
from ansible.parsing.yaml.loader import AnsibleLoader

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
COMMENT_NAME_LIMIT = 100  # a name in a comment is cut here; the item itself carries it whole
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


STR = 'tag:yaml.org,2002:str'


class ExportDumper(yaml.SafeDumper):  # pylint: disable=too-many-ancestors
    """Every string value double-quoted and, unless it reads as a YAML 1.1 word or number, tagged !unsafe."""

    def increase_indent(self, flow=False, indentless=False):
        # Lists indented under their key, as ansible-lint's yaml rule wants them.
        return super(ExportDumper, self).increase_indent(flow, False)


def _string(dumper, value):
    # Ansible's !unsafe reads its scalar as if it were plain, so "yes", "null" or "0x10" would come back as True,
    # None or 16. Those hold no template delimiters: quoted without the tag, they stay strings and stay inert.
    if dumper.resolve(yaml.ScalarNode, value, (True, False)) != STR:
        return dumper.represent_scalar(STR, value, style='"')
    return dumper.represent_scalar('!unsafe', value, style='"')


def _mapping(dumper, data):
    """Keys are option names (from the collection's field table), written plain; values as above."""
    pairs = [(dumper.represent_scalar(STR, key), dumper.represent_data(value)) for key, value in data.items()]
    return yaml.MappingNode('tag:yaml.org,2002:map', pairs, flow_style=False)


ExportDumper.add_representer(str, _string)
ExportDumper.add_representer(dict, _mapping)


def comment_text(value, limit=None):
    """Server text for a comment: JSON-escaped, ASCII only, so nothing in it can end the comment line."""
    text = '%s' % value
    if limit and len(text) > limit:
        text = text[:limit] + '...'
    return json.dumps(text, ensure_ascii=True).replace('\x7f', '\\u007f')


def _dump(data):
    return yaml.dump(data, Dumper=ExportDumper, default_flow_style=False, sort_keys=False, allow_unicode=True,
                     width=2 ** 30, explicit_start=False)


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


def integrations_yaml(info, jira_url=None):
    """The whole export file, from a registered gij.jira.git_integration_info result."""
    if not isinstance(info, dict) or not isinstance(info.get('integration_options'), list):
        raise AnsibleFilterError('integrations_yaml takes the registered result of gij.jira.git_integration_info '
                                 '(with its integration_options list).')
    _check_names(info)
    # Plain dicts and strings: the dumper must not meet Ansible's tagged or lazy types.
    options = json.loads(json.dumps(info['integration_options']))
    parts = [HEADER.format(url=comment_text(jira_url or 'unknown'), jira=comment_text(info.get('jira_version') or 'unknown'),
                           app=comment_text(info.get('app_version') or 'unknown'))]
    if not options:
        parts.append('gij_integrations: []\n')
    else:
        parts.append('gij_integrations:\n')
        for item in options:
            parts.append('  # %s: to create it elsewhere, add %s\n' % (
                comment_text(item.get('name'), COMMENT_NAME_LIMIT), CREATE_NEEDS.get(item.get('type'), 'its credentials')))
            parts.extend('  %s\n' % line for line in _dump([item]).splitlines())
    text = ''.join(parts)
    try:
        read_back = AnsibleLoader(text).get_single_data()
    except yaml.YAMLError as err:
        raise AnsibleFilterError('The export does not read back as YAML (%s): nothing was written; please report this.'
                                 % ('%s' % err).splitlines()[0])
    if json.loads(json.dumps(read_back)) != {'gij_integrations': options}:
        raise AnsibleFilterError('The export does not read back as the integrations exported: nothing was written; please '
                                 'report this.')
    return text


class FilterModule(object):
    def filters(self):
        return {'integrations_yaml': integrations_yaml}
