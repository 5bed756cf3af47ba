# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What integrations and repositories have in common at the server boundary: paged lists, reading objects
as facts, finding one object, and reading an object back after a write whose reply did not carry it."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.gij.jira.plugins.module_utils.api import (
    GijError, expect_list, expect_object, page_info, quote_id, unexpected,
)
from ansible_collections.gij.jira.plugins.module_utils.fields import ReplyError, normalize

PAGE_LIMIT = 100  # the most a paging server is reported to send at once (api-notes.md section 2)


def title(facts):
    """The display name of an object (every resource has one), or None."""
    return facts.get('name')


def describe(facts):
    """How messages name an object: "'GitHub' (id 3)"."""
    name, item_id = title(facts), facts.get('id')
    if name and item_id is not None:
        return "'%s' (id %s)" % (name, item_id)
    return "'%s'" % name if name else 'id %s' % item_id


class Index:
    """Objects of one list, found by id and by their natural key (see FieldTable) in constant time."""

    def __init__(self, items, table):
        self.items = items
        self.table = table
        self.by_id = dict((item['id'], item) for item in items)
        self.by_key = {}
        for item in items:
            self.by_key.setdefault(item.get(table.natural_key) or '', []).append(item)

    def matching(self, params):
        """Every object with the natural key of ``params`` (and its narrow_by option, when given)."""
        key = normalize(self.table.by_option[self.table.natural_key], params[self.table.natural_key])
        narrow = params.get(self.table.narrow_by)
        return [item for item in self.by_key.get(key, []) if narrow is None or item.get(self.table.narrow_by) == narrow]

    def find(self, params):
        """The one object with the natural key of ``params``; narrowed by its narrow_by option if several share it.

        More than one match is an error that lists the ids: changing the wrong one is worse than stopping.
        """
        table = self.table
        value = params[table.natural_key]
        matches = self.by_key.get(normalize(table.by_option[table.natural_key], value), [])
        if len(matches) > 1 and params.get(table.narrow_by) is not None:
            matches = [item for item in matches if item.get(table.narrow_by) == params[table.narrow_by]] or matches
        if len(matches) > 1:
            # Naming the narrowing option helps only when the task did not give it.
            hint = ' or %s' % table.narrow_by if params.get(table.narrow_by) is None else ''
            raise GijError('%d %s %s (ids %s): give id%s to choose one.'
                           % (len(matches), table.plural, table.named[1] % value, ', '.join(str(i['id']) for i in matches), hint))
        return matches[0] if matches else None

    def taken(self, option, value, owner_id):
        """Other objects than ``owner_id`` whose ``option`` is ``value``."""
        if option == self.table.natural_key:
            candidates = self.by_key.get(value, [])
        else:
            candidates = self.items
        return [item for item in candidates if item.get(option) == value and item['id'] != owner_id]


class Service:
    """The endpoints of one resource. Every method takes and returns facts (option names), never a raw reply.

    A subclass names its endpoints: list_path and list_key (the list), object_keys (where a reply carries one object)
    and bare_replies (whether it may be the reply itself), create_verb, and the methods get, update and delete.
    """

    table = None
    list_path = None
    list_key = None
    object_keys = ()
    bare_replies = False
    create_verb = 'create'

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
        call = 'list %s' % self.table.plural
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

    def find(self, params):
        """The object with the natural key of ``params`` (see Index.find), from one list read."""
        return Index(self.list(), self.table).find(params)

    def create(self, values):
        """POST the values of a new object; its facts, from the reply or read back."""
        call = '%s %s %s' % (self.create_verb, self.table.noun, self.table.named[0] % values.get(self.table.natural_key))
        data = self.client.request('POST', self.list_path, call, body=self.table.body(values, create=True))
        obj = expect_object(data, self.object_keys, call, bare=self.bare_replies)
        return self.written(obj, call, lambda item_id: self.get(item_id) if item_id is not None else self.find(values))

    def toggle(self, item_id, value, label):
        """Write the table's own-endpoint field (disabled) through the enable/disable endpoint: under /repository/
        but it takes integration ids too (api-notes.md section 2)."""
        self.client.request('PUT', '/repository/%s/disable' % quote_id(item_id),
                            '%s %s %s' % ('disable' if value else 'enable', self.table.noun, label),
                            query={'disable': 'true' if value else 'false'})

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

    # What the server's facts mean for the rules of a task; a resource answers for its own kind of object.
    def read_only_reason(self, facts):
        """Why an object cannot be changed or deleted by this module, or None."""
        return None

    def originals_reason(self, facts):
        """Why deleting an object's files could delete original repositories (not the app's clones), or None."""
        return None
