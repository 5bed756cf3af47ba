# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the option doc fragments from the field tables (run with the collection importable).

    python tools/doc_fragments.py      # rewrites plugins/doc_fragments/{integration,repository}.py
A unit test checks the committed fragments match the tables. Each fragment is block-style YAML, options in
alphabetical order, to be read and reviewed in a diff; it is never edited by hand.
"""

import os
import re

import yaml

from ansible_collections.gij.jira.plugins.module_utils.fields import (
    CREDENTIAL_OPTIONS, INTEGRATION, NESTED_READ_ONLY, NESTED_WRITABLE, REPOSITORY, describe_bounds,
)

HEADER = """# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    \"\"\"%s\"\"\"

    # Written by tools/doc_fragments.py from the field table in plugins/module_utils/fields.py: do not edit.
"""
INTEGRATION_REFUSED = ('Refused before anything is sent unless the server\'s answer shows that the files are the app\'s own '
                       'clones: for V(FILESPACE) integrations, whose "clones" are your original repositories, for a type this '
                       'collection does not know (also one written in another case), and for a path outside the app\'s '
                       'folder in the Jira home.')
REPOSITORY_REFUSED = ('Refused before anything is sent unless the server\'s answer shows that the files are the app\'s own '
                      'clone: O(absolute_root=false) and a O(real_root) inside the app\'s folder in the Jira home. A '
                      'repository on an absolute path has the original repository as its files.')


def values(names):
    return ', '.join('V(%s)' % name for name in names)


def field_option(field, table):
    """The documentation of one field's option: its meaning, API name, default and rules, all from its row."""
    lines = list(field.doc)
    api = 'API field C(%s)' % field.api
    if field.reply != field.api:
        api += ', returned as C(%s)' % field.reply
    lines.append(api + '.')
    if field.default is not None:
        default = str(field.default).lower() if isinstance(field.default, bool) else field.default
        lines.append('Create-time default V(%s).' % (default,))
    if field.required_for:
        lines.append('Required to create %s; an existing %s is found and changed without it.'
                     % (values(field.required_for), table.noun))
    if field.types:
        lines.append('Only valid for %s.' % values(field.types))
    if field.kind == 'int' and field.bounds:
        lines.append('Must be %s.' % describe_bounds(field.bounds))
    if field.kind == 'list' and field.bounds:
        lines.append('Each must be %s.' % describe_bounds(field.bounds))
    if field.kind == 'str' and field.bounds:
        lines.append('At most %d characters.' % field.bounds)
    if field.option in CREDENTIAL_OPTIONS:
        lines.append('An empty value, or one of spaces only (as an empty vault variable or an empty AWX credential field '
                     'gives), means it is not given.')
    if field.secret:
        lines.append('Write-only and never shown; see O(update_secrets).')
    elif field.option in CREDENTIAL_OPTIONS:
        lines.append('The server never returns it, so it cannot be compared: like the secrets, it is sent on create and on '
                     'an update only with O(update_secrets=always).')
    elif field.echoed == 'never':
        lines.append('The server never returns it, so it cannot be compared: it is sent on create and with every update '
                     'that gives it, which also protects it on a server that resets omitted fields; see O(update_secrets).')
    option = {'description': lines, 'type': field.kind}
    if field.kind == 'list':
        option['elements'] = 'int'
    if field.choices:
        option['choices'] = list(field.choices)
    if field.aliases:
        option['aliases'] = list(field.aliases)
    return option


def keyed_as_option(keyed_option, field, table):
    """An option that gives a field's ids by Jira project keys (projects for project_mapping_ids)."""
    return {'type': 'list', 'elements': 'str', 'description': [
        'Jira project keys, such as V(PLAT), the %s is associated with: the same as O(%s), by key (keys are the same on '
        'staging and production, ids often are not). Needs O(%s=%s).'
        % (table.noun, field.option, field.only_with[0], str(field.only_with[1]).lower()),
        'Each key is resolved to its id through Jira\'s REST API (C(GET /rest/api/2/project/<key>)), once per key per '
        'task, in any case; an unknown key fails before anything is written.',
        'Compared as a set with the ids the server holds; the result shows the keys beside the ids.',
        'Mutually exclusive with O(%s).' % field.option]}


def state_options(table, natural_key, delete_files_refused):
    """id, state, delete_files and update_secrets of a state module (and of every item of a set)."""
    noun = table.noun
    return {
        'id': {'type': 'int', 'description': [
            'Id of the %s, as returned by the modules of this collection.' % noun,
            'With O(id), O(%s) is the wanted value (for example a rename).' % natural_key,
            'An O(id) that does not exist fails with O(state=present) and is V(ok) with O(state=absent).',
            'One of O(id) and O(%s) is required.' % natural_key]},
        'state': {'type': 'str', 'choices': ['present', 'absent'], 'default': 'present', 'description': [
            'V(present) creates the %s or makes it match the task; V(absent) deletes it.' % noun]},
        'delete_files': {'type': 'bool', 'default': False, 'description': [
            'With O(state=absent), also delete the clones from the shared home of Jira (API query C(deleteFiles)).',
            delete_files_refused]},
        'update_secrets': {'type': 'str', 'choices': ['on_create', 'always'], 'default': 'on_create', 'description': [
            'When to send the write-only values: the credentials %s, and %s.'
            % (values(table.secret_options + ('username',)),
               values(o for o in table.write_only if o not in table.secret_options + ('username',))),
            'The server never returns them, so the module cannot tell whether they changed.',
            'V(on_create) sends credentials only when the %s is created, so a re-run is V(ok); the other write-only '
            'options are sent with every update that gives them.' % noun,
            'V(always) sends all of them on every run and always reports a change; use it to rotate a token.']},
    }


def nested_options():
    """integration_id and integration_name of git_repository (and of git_repositories' items)."""
    writable = values(option for option in NESTED_WRITABLE)
    common = ['It is found among that integration\'s repositories by O(id), else O(origin), else O(name) (exact).',
              'Only the options the vendor\'s nested update may change are allowed: %s, and O(projects). Any other '
              '(%s) is refused before anything is sent, and so is O(state=absent): this collection never deletes a '
              'repository an integration discovered, nor adds one.' % (writable, values(NESTED_READ_ONLY)),
              'In gij.jira.git_repositories, an item without O(id), O(origin) and O(name) is about every repository of '
              'the integration, and an item that names one of them refines it for that one.']
    return {
        'integration_id': {'type': 'int', 'description': [
            'Id of the integration that discovered the repository: the task then changes the settings of that nested '
            'repository.'] + common + ['Mutually exclusive with O(integration_name).']},
        'integration_name': {'type': 'str', 'description': [
            'Name of the integration that discovered the repository, as O(integration_id) (one more request: the '
            'integration list).'] + common},
    }


def options(table, natural_key, delete_files_refused, parent=None):
    """Every option of a state module, from the field table and the state options.

    With ``parent``, they are the suboptions of that list option, and references to them say so.
    """
    documented = dict((f.option, field_option(f, table)) for f in table.fields)
    documented.update((keyed_option, keyed_as_option(keyed_option, field, table)) for keyed_option, field in table.keyed.items())
    documented.update(state_options(table, natural_key, delete_files_refused))
    if table is REPOSITORY:
        documented.update(nested_options())
    if parent:
        for option in documented.values():
            option['description'] = [re.sub(r'\bO\(([a-z_]+)', r'O(%s[].\1' % parent, line) for line in option['description']]
    return documented


class IndentedDumper(yaml.SafeDumper):  # pylint: disable=too-many-ancestors
    """Lists indented under their key, as in the modules' own DOCUMENTATION."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def variable(name, documented):
    """A class attribute holding the options as block-style YAML."""
    text = yaml.dump({'options': documented}, Dumper=IndentedDumper, default_flow_style=False, sort_keys=True, width=110,
                     allow_unicode=True)
    return "    %s = r\'\'\'\n%s\'\'\'\n" % (name, text)


def render():
    """The fragment files, by path relative to the collection root."""
    return {
        'plugins/doc_fragments/integration.py': HEADER % (
            "The options of an integration: git_integration's, and those of git_integrations' items.")
        + variable('DOCUMENTATION', options(INTEGRATION, 'name', INTEGRATION_REFUSED)) + '\n'
        + variable('ITEMS', {'integrations': {'suboptions': options(
            INTEGRATION, 'name', INTEGRATION_REFUSED, parent='integrations')}}),
        'plugins/doc_fragments/repository.py': HEADER % (
            "The options of a single repository: git_repository's, and those of git_repositories' items.")
        + variable('DOCUMENTATION', options(REPOSITORY, 'origin', REPOSITORY_REFUSED)) + '\n'
        + variable('ITEMS', {'repositories': {'suboptions': options(
            REPOSITORY, 'origin', REPOSITORY_REFUSED, parent='repositories')}}),
    }


if __name__ == '__main__':
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
    for path, text in render().items():
        with open(os.path.join(root, path), 'w', encoding='utf-8') as handle:
            handle.write(text)
