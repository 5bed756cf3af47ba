# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What integrations and repositories have in common at the server boundary: paged lists, reading objects
as facts, and reading an object back after a write whose reply did not carry it."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.gij.jira.plugins.module_utils.api import GijError, expect_list, page_info, printable, unexpected
from ansible_collections.gij.jira.plugins.module_utils.fields import TYPES_BY_NAME, ReplyError, to_bool

PAGE_LIMIT = 100  # the most a paging server is reported to send at once (api-notes.md section 2)


def describe(facts):
    """How messages name an object: "'GitHub' (id 3)"."""
    name, item_id = facts.get('name'), facts.get('id')
    if name and item_id is not None:
        return "'%s' (id %s)" % (name, item_id)
    return "'%s'" % name if name else 'id %s' % item_id


def clone_doubt(table, facts):
    """Why deleting the files of ``facts`` could delete originals rather than the app's own clone: a phrase that names
    the object (for "delete_files: true is refused for ..."), or None when the reply shows a clone.

    The one rule for every deleteFiles=true (design.md: where the reply leaves any doubt, refuse). The app clones into
    its folder in the Jira home, at real_root relative to it (absolute_root false). A ``typed`` object (an integration)
    is a clone only for a type the app clones for: a tracked folder's "clones" are the originals, and a type this
    collection does not know (also one written in another case) may be one. Its path, when it reports one, must say
    the same; an object without a type (a single repository) must report its path.
    """
    noun, typed = table.noun, 'type' in table.by_option
    if typed:
        kind = facts.get('type')
        if kind == 'FILESPACE':
            return 'the tracked folder %s: its "clones" are your original repositories' % describe(facts)
        if kind is None:
            return '%s %s: the server does not say its type, so its files may be originals' % (noun, describe(facts))
        if kind not in TYPES_BY_NAME:
            return "%s %s: its type '%s' is not one this collection knows, so its files may be originals" % (
                noun, describe(facts), printable(kind)[:40])
    raw_root, raw_absolute = facts.get('real_root'), facts.get('absolute_root')  # of integrations: as the server sent them
    real_root = raw_root if isinstance(raw_root, str) and raw_root else None
    absolute = to_bool(raw_absolute)
    if typed and raw_root in (None, '') and (raw_absolute is None or absolute is False):
        return None  # integrations of the cloning types report no path: the type says it
    path = printable(real_root or facts.get('root') or '')[:200]
    if absolute is True:
        return '%s %s: its files are the original repository at the absolute path %s, not a clone' % (noun, describe(facts), path)
    if real_root is None:
        return '%s %s: the server does not say where its files are, so they may be originals' % (noun, describe(facts))
    if absolute is not False:
        return ("%s %s: the server does not say whether its path %s is relative to the app's folder in the Jira home, "
                'so its files may be originals' % (noun, describe(facts), path))
    if re.match(r'^([/\\~]|[A-Za-z]:)', real_root) or '..' in re.split(r'[/\\]', real_root):
        return ("%s %s: its path %s is not inside the app's folder in the Jira home (although the server says it is "
                'relative), so its files may be originals' % (noun, describe(facts), path))
    return None


class Index:
    """Objects of one list, found by id and by name in constant time."""

    def __init__(self, items):
        self.items = items
        self.by_id = dict((item['id'], item) for item in items)
        self.by_name = {}
        for item in items:
            self.by_name.setdefault(item.get('name'), []).append(item)

    def named(self, name, kind=None, noun='integration', kind_option='type'):
        """The object whose display name is exactly ``name``; narrowed by type if several share it.

        More than one match is an error that lists the ids: changing the wrong one is worse than stopping.
        """
        matches = self.by_name.get(name, [])
        if len(matches) > 1 and kind:
            matches = [item for item in matches if item.get(kind_option) == kind] or matches
        if len(matches) > 1:
            ids = ', '.join(str(item['id']) for item in matches)
            raise GijError("%d %ss are named '%s' (ids %s): give id to choose one." % (len(matches), noun, name, ids))
        return matches[0] if matches else None


class Service:
    """The endpoints of one resource. Every method returns facts (option names), never a raw reply."""

    table = None
    list_path = None
    list_key = None

    def __init__(self, client):
        self.client = client

    def facts(self, obj, call):
        try:
            return self.table.facts(obj)
        except ReplyError as err:
            raise GijError('Cannot %s: the server answered with a value of the wrong type (%s). Nothing was changed '
                           'after it.' % (call, err))

    def complete(self, facts):
        """Whether a write's reply carries the object, not only its id (then it is read back). A field the object
        leaves out is unknown, as in any read: replies omit fields whose value is unset (api-notes.md section 3.5)."""
        return any(option in self.table.by_option for option in facts)

    def list(self):
        """Every object, following the pages of a server that pages (offset/limit with total)."""
        call = 'list %ss' % self.table.noun
        items, seen, query = [], set(), None
        while True:
            data = self.client.request('GET', self.list_path, call, query=query)
            page = expect_list(data, self.list_key, call)
            total = page_info(data, call)
            for obj in page:
                if obj['id'] in seen:
                    raise GijError('Cannot %s: the server sent %s id %s again on a later page (does it ignore offset?). '
                                   'Nothing was changed after it.' % (call, self.table.noun, obj['id']))
                seen.add(obj['id'])
                items.append(self.facts(obj, call))
            if total is None or len(items) >= total:
                return items
            if not page:
                raise GijError('Cannot %s: the server says it has %d but sent %d, and no more when asked for the rest. '
                               'Nothing was changed after it.' % (call, total, len(items)))
            query = {'offset': len(items), 'limit': PAGE_LIMIT}

    def written(self, reply_obj, call, read_back):
        """Facts after a write: the reply's object when it is whole, else the object read back."""
        if reply_obj is not None:
            facts = self.facts(reply_obj, call)
            if self.complete(facts):
                return facts
        found = read_back(reply_obj['id'] if reply_obj is not None else None)
        if found is None:
            raise unexpected(call, 'the %s, which cannot be read back either' % self.table.noun, reply_obj)
        return found
