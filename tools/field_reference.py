# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes docs/field-reference.md from the field table (run with the collection importable).

    python tools/field_reference.py > docs/field-reference.md
A unit test checks the committed page matches the table.
"""

import re

from ansible_collections.gij.jira.plugins.module_utils.fields import INTEGRATION, INTEGRATION_TYPES, REPOSITORY, describe_bounds

ECHOED = {'always': 'yes', 'when_set': 'when set', 'never': 'never'}
# Create-time defaults that the vendor does not document as defaults (the others are documented ones).
DEFAULT_SOURCES = {
    'global': 'default: our reading of the app\'s "all projects" default, not stated by the API page',
    'sources_diff_view_enabled': 'default: from a vendor example request only',
}


def notes(field):
    """The rules of a field, in words, from its row of the table."""
    parts = []
    if field.option == 'type':
        parts.append('required to create; cannot change')
    if field.required_for:
        parts.append('required to create ' + ', '.join(field.required_for))
    if field.types:
        parts.append('only for ' + ', '.join(field.types))
    if field.kind == 'int' and field.bounds:
        parts.append(describe_bounds(field.bounds))
    if field.kind == 'list' and field.bounds:
        parts.append('each ' + describe_bounds(field.bounds))
    if field.kind == 'str' and field.bounds:
        parts.append('at most %d characters' % field.bounds)
    if field.option == 'project_mapping_ids':
        parts.append('needs `global: false`')
    if field.option == 'disabled':
        parts.append('set through the enable/disable endpoint')
    if field.option == 'aws_region':
        parts.append('the 17 codes of the vendor\'s API page')
    if field.option in DEFAULT_SOURCES and field.default is not None:
        parts.append(DEFAULT_SOURCES[field.option])
    return '; '.join(parts)


def render():
    lines = [
        '# Field reference',
        '',
        'Every option of `gij.jira.git_integration` that maps to a field of the integration API, generated from the',
        'field table in `plugins/module_utils/fields.py` (`python tools/field_reference.py`).',
        '',
        '- *Create-time default*: sent when the task does not set the option and the integration is created.',
        '  After that, an option the task does not set is not managed: its value on the server is kept.',
        '  The defaults are the vendor\'s documented ones unless the rules say otherwise.',
        '- *Returned*: whether the server returns the field, as the vendor\'s examples show it (no real server',
        '  was observed). Fields it never returns cannot be compared, so',
        '  they never cause a change by themselves; they are needed only to create. The credentials (`username`,',
        '  `password`, `pat`) are sent on an update only with `update_secrets: always`; the others are sent along',
        '  with every update that gives them.',
        '- Not options: `group` and the `githubApp*` fields of the vendor\'s Java request object, whose REST use',
        '  is undocumented.',
        '',
    ]
    lines += table(INTEGRATION)
    lines += ['', '## Integration types and the credentials each needs to be created', '',
              '| type | git host | credentials | origin |', '|---|---|---|---|']
    for kind in INTEGRATION_TYPES:
        text = ' or '.join(' + '.join('`%s`' % n for n in names) for names in kind.credentials if names) or 'none'
        origin = 'required' if kind.self_hosted else ('`%s` when not given (vendor examples)' % kind.cloud_origin if kind.cloud_origin
                                                      else 'not documented')
        lines.append('| `%s` | %s | %s | %s |' % (kind.name, kind.target, text, origin))
    lines += ['', '## gij.jira.git_repository', '',
              'Single repositories (the Add New Repository page). Nested repositories of an integration are read-only.', '']
    lines += table(REPOSITORY)
    return '\n'.join(lines) + '\n'


def table(resource):
    lines = ['| option | API field | type | meaning | create-time default | returned | secret | rules |',
             '|---|---|---|---|---|---|---|---|']
    for field in resource.fields:
        kind = 'list of int' if field.kind == 'list' else field.kind
        if field.choices:
            kind += ' (%d choices)' % len(field.choices)
        default = '`%s`' % (str(field.default).lower() if isinstance(field.default, bool) else field.default) \
            if field.default is not None else ''
        api = '`%s`' % field.api + (' (returned as `%s`)' % field.reply if field.reply != field.api else '')
        meaning = re.sub(r'\b[VOCE]\(([^)]*)\)', r'`\1`', ' '.join(field.doc)).replace('|', '\\|')
        lines.append('| `%s` | %s | %s | %s | %s | %s | %s | %s |' % (
            field.option, api, kind, meaning, default, ECHOED[field.echoed], 'yes (no_log)' if field.secret else '',
            notes(field)))
    return lines


if __name__ == '__main__':
    print(render(), end='')
