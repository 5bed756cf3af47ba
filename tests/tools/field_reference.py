# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes docs/field-reference.md from the field table (run with the collection importable).

    python tests/tools/field_reference.py > docs/field-reference.md
A unit test checks the committed page matches the table.
"""

from ansible_collections.gij.jira.plugins.module_utils.fields import (
    INTEGRATION_FIELDS, MICROSOFT_TYPES, REPOSITORY_FIELDS, REQUIRED_CREDENTIALS, SELF_HOSTED_TYPES,
)

ECHOED = {'always': 'yes', 'when_set': 'when set', 'never': 'never'}
TYPE_NOTES = {
    'type': 'required to create; cannot change',
    'origin': 'required for ' + ', '.join(SELF_HOSTED_TYPES),
    'aws_region': 'AWS only, and required there',
    'tfs_collection': ', '.join(MICROSOFT_TYPES) + ' only',
    'folder_depth': 'FILESPACE only, and required there',
    'project_mapping_ids': 'needs `global: false`',
    'api_path': 'GitHub and GitLab types',
    'disabled': 'set through the enable/disable endpoint',
}


def render():
    lines = [
        '# Field reference',
        '',
        'Every option of `gij.jira.git_integration` that maps to a field of the integration API, generated from the',
        'field table in `plugins/module_utils/fields.py` (`python tests/tools/field_reference.py`).',
        '',
        '- *Create-time default*: sent when the task does not set the option and the integration is created.',
        '  After that, an option the task does not set is not managed: its value on the server is kept.',
        '- *Returned*: whether the server returns the field. Fields it never returns cannot be compared, so',
        '  they never cause a change by themselves; they are sent on create and along with every update',
        '  (and on every run with `update_secrets: always`).',
        '',
    ]
    lines += table(INTEGRATION_FIELDS)
    lines += ['', '## Credentials each type needs to be created', '', '| type | credentials |', '|---|---|']
    for kind, alternatives in REQUIRED_CREDENTIALS.items():
        text = ' or '.join(' + '.join('`%s`' % n for n in names) for names in alternatives if names) or 'none'
        lines.append('| `%s` | %s |' % (kind, text))
    lines += ['', '## gij.jira.git_repository', '',
              'Single repositories (the Add New Repository page). Nested repositories of an integration are read-only.', '']
    lines += table(REPOSITORY_FIELDS)
    return '\n'.join(lines) + '\n'


def table(fields):
    lines = ['| option | API field | type | create-time default | returned | secret | notes |', '|---|---|---|---|---|---|---|']
    for field in fields:
        kind = 'list of int' if field.kind == 'list' else field.kind
        if field.choices:
            kind += ' (%d choices)' % len(field.choices)
        default = '`%s`' % (str(field.default).lower() if isinstance(field.default, bool) else field.default) \
            if field.default is not None else ''
        api = '`%s`' % field.api + (' (returned as `integrationType`)' if field.option == 'type' else '')
        lines.append('| `%s` | %s | %s | %s | %s | %s | %s |' % (
            field.option, api, kind, default, ECHOED[field.echoed], 'yes (no_log)' if field.secret else '',
            TYPE_NOTES.get(field.option, '') if fields is INTEGRATION_FIELDS else ''))
    return lines


if __name__ == '__main__':
    print(render(), end='')
