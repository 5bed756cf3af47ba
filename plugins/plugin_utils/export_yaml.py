# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The export file's YAML (filter gij.jira.integrations_yaml), written by a dumper.

Everything in it comes from the server, and whoever can create an integration (or get a repository discovered)
writes it. So every string value is tagged !unsafe (Ansible never templates it, however the file is loaded) and
double-quoted (escapes keep line separators, tabs and trailing spaces inside it); server text in comments is
JSON-escaped to one ASCII line. A file is read back with Ansible's own YAML loader before it is returned: a file
that would not read back as the exported options is never written.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import yaml

from ansible.errors import AnsibleFilterError
from ansible.parsing.yaml.loader import AnsibleLoader

COMMENT_NAME_LIMIT = 100  # a name in a comment is cut here; the item itself carries it whole
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


def plain(data):
    """Plain dicts, lists and strings: the dumper must not meet Ansible's tagged or lazy types."""
    return json.loads(json.dumps(data))


def item_lines(item):
    """One list item (a dict of options) as the lines of a list under a top-level key."""
    dumped = yaml.dump([item], Dumper=ExportDumper, default_flow_style=False, sort_keys=False, allow_unicode=True,
                       width=2 ** 30, explicit_start=False)
    return ['  %s\n' % line for line in dumped.splitlines()]


def checked(text, expected, what):
    """``text`` when it reads back, with Ansible's YAML loader, as exactly ``expected``; else the filter fails."""
    try:
        read_back = AnsibleLoader(text).get_single_data()
    except yaml.YAMLError as err:
        raise AnsibleFilterError('The export does not read back as YAML (%s): nothing was written; please report this.'
                                 % ('%s' % err).splitlines()[0])
    if plain(read_back) != expected:
        raise AnsibleFilterError('The export does not read back as the %s exported: nothing was written; please '
                                 'report this.' % what)
    return text
