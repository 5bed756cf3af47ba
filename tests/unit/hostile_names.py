# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Names anyone who can create an integration may give it, so names the server can hand back.

The unit tests of gij.jira.integrations_yaml (tests/unit/plugins/filter/test_integrations_yaml.py) and the export
and apply playbooks (tests/integration/test_export.py) run this same list.
"""

# Jinja expressions, blocks and comments, YAML specials and words, line separators, tabs, leading and trailing spaces,
# non-ASCII, a very long one.
HOSTILE_NAMES = [
    "{{ lookup('pipe','id > /tmp/gij-pwned') }}",
    '{% for x in range(3) %}{{ x }}{% endfor %}',
    '{# comment #}',
    ": # - ! & * ' \" | > % @ ` , [ ] { }",
    '- leading dash',
    'yes', 'null', '0x10', '1e3', '2001-12-14', '~', 'True',
    'line\u2028separator', 'next\u0085line', 'new\nline',
    'a\ttab', 'trailing spaces   ', '  leading spaces',
    'J\u00efr\u00e4 \u2713 \u65e5\u672c\u8a9e',
    'x' * 10000,
]
