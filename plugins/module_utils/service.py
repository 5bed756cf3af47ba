# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What integrations and repositories have in common at the server boundary: paged lists, reading objects
as facts, finding one object, and telling a write's clear answer from one that only a read can settle."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
import time

from ansible_collections.gij.jira.plugins.module_utils.api import (
    GijError, describe_reply, expect_list, expect_object, next_page, printable, quote_id,
)
from ansible_collections.gij.jira.plugins.module_utils.fields import ReplyError, normalize, origin_secrets, to_bool

# The bounds of one walk over a paged list (api-notes.md section 2.1): far above any real list, low enough that a
# server paging without end cannot hold a task.
LIST_MAX_PAGES = 1000
LIST_MAX_ITEMS = 100000
LIST_MAX_SECONDS = 300


def title(facts):
    """The display name of an object (every resource has one), or None."""
    return facts.get('name')


def describe(facts):
    """How messages name an object: "'GitHub' (id 3)"."""
    name, item_id = title(facts), facts.get('id')
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
    noun, typed = table.noun, table.kind_option is not None
    if typed:
        kind = facts.get(table.kind_option)
        if kind == 'FILESPACE':
            return 'the tracked folder %s: its "clones" are your original repositories' % describe(facts)
        if kind is None:
            return '%s %s: the server does not say its type, so its files may be originals' % (noun, describe(facts))
        if kind not in table.kinds:
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
    """Objects of one list, found by id and by their natural key (see FieldTable) in constant time."""

    def __init__(self, items, table):
        self.items = items
        self.table = table
        self.by_id = dict((item['id'], item) for item in items)
        self.by_key = {}
        self.unkeyed = []  # ids of objects whose natural key could not be read: a lookup by key cannot rule them out
        for item in items:
            key = item.get(table.natural_key)
            if isinstance(key, str) and key:
                self.by_key.setdefault(key, []).append(item)
            else:
                self.unkeyed.append(item['id'])

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
        if self.unkeyed:
            field = table.by_option[table.natural_key]
            raise GijError('Cannot find %s %s: %s id %s has no %s that can be read (%s missing, null or not a string), '
                           'so it may be the one. Nothing was changed; give id to manage it.'
                           % (table.noun, table.named[1] % value, table.noun, self.unkeyed[0], table.natural_key, field.reply))
        matches = self.by_key.get(normalize(table.by_option[table.natural_key], value), [])
        if len(matches) > 1 and params.get(table.narrow_by) is not None:
            matches = [item for item in matches if item.get(table.narrow_by) == params[table.narrow_by]] or matches
        if len(matches) > 1:
            # Naming the narrowing option helps only when the task did not give it.
            hint = ' or %s' % table.narrow_by if params.get(table.narrow_by) is None else ''
            raise GijError('%d %s %s (ids %s): give id%s to choose one.'
                           % (len(matches), table.plural, table.named[2] % value, ', '.join(str(i['id']) for i in matches), hint))
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
    item_options = {}  # options of the resource's modules besides its fields and the state options
    list_path = None
    list_key = None
    object_keys = ()
    bare_replies = False
    create_verb = 'create'

    max_pages, max_items, max_seconds = LIST_MAX_PAGES, LIST_MAX_ITEMS, LIST_MAX_SECONDS

    def __init__(self, client):
        self.client = client
        self.lists_read = 0  # how many times the list was read, so a caller can tell a read after its write
        self.last_list = None  # the facts of the latest list read
        self.pages_read = 0  # the pages of the latest list read: a list read in pages may shift while it is read

    def facts(self, obj, call):
        try:
            facts = self.table.facts(obj)
        except ReplyError as err:
            raise GijError('Cannot %s: the server answered with a value of the wrong type (%s). Nothing was changed '
                           'after it.' % (call, err))
        for secret in origin_secrets(facts.get('origin')):  # masked in every output, as the task's own secrets
            self.client.secrets.add(secret)
        return facts

    def complete(self, facts):
        """Whether a write's reply carries the object, not only its id (then it is read back). A field the object
        leaves out is unknown, as in any read: replies omit fields whose value is unset (api-notes.md section 3.5)."""
        return any(option in self.table.by_option for option in facts)

    def list(self, query=None, of=None):
        """Every object, following the pages of a server that pages (api-notes.md section 2.1), within the bounds.

        ``query`` narrows the list on the server (GET /repository?projectKey=), ``of`` says how in messages."""
        call = 'list %s%s' % (self.table.plural, ' of %s' % of if of else '')
        items, seen, page_query, pages = [], set(), None, 0
        started = time.monotonic()
        while True:
            data = self.client.request('GET', self.list_path, call, query=dict(query or {}, **(page_query or {})) or None)
            page = expect_list(data, self.list_key, call)
            pages += 1
            for obj in page:
                if obj['id'] in seen:
                    raise GijError('Cannot %s: the server sent %s id %s again on a later page (does it ignore offset?). '
                                   'Nothing was changed after it.' % (call, self.table.noun, obj['id']))
                seen.add(obj['id'])
                items.append(self.facts(obj, call))
            page_query = next_page(data, self.list_key, len(items), len(page), call)
            if page_query is None:
                break
            self.check_bounds(call, pages, len(items), time.monotonic() - started)
        self.lists_read, self.last_list, self.pages_read = self.lists_read + 1, items, pages
        return items

    def check_bounds(self, call, pages, count, seconds):
        """Stop a walk that goes on past a bound (there are more pages to read)."""
        bound = None
        if pages >= self.max_pages:
            bound = 'after %d pages' % pages
        elif count > self.max_items:
            bound = 'at more than %d %ss' % (self.max_items, self.table.noun)
        elif seconds > self.max_seconds:
            bound = 'after reading for more than %s seconds' % self.max_seconds
        if bound:
            raise GijError('Cannot %s: stopped %s, and the server says there is more (a list that never ends?). '
                           'Nothing was changed after it.' % (call, bound))

    def find(self, params):
        """The object with the natural key of ``params`` (see Index.find), from one list read."""
        return Index(self.list(), self.table).find(params)

    def create(self, values, is_new):
        """POST the values of a new object; its facts when the reply carries it whole and ``is_new(facts)`` (the id is
        new, the identity the task's). Any other answer raises GijError with outcome_unknown: the caller reads the
        list to tell whether the object was created (never by sending it again)."""
        label = values.get(self.table.natural_key)
        call = '%s %s %s' % (self.create_verb, self.table.noun, self.table.named[0] % label)
        data = self.client.request('POST', self.list_path, call, body=self.table.body(values, create=True))
        facts = self.written_object(data, call)
        if not is_new(facts):
            raise GijError('Cannot %s: the reply carries %s %s, not the one created.' % (call, self.table.noun, describe(facts)),
                           200, outcome_unknown=True, accepted=True)
        return facts

    def toggle(self, item_id, value, label):
        """Write the table's own-endpoint field (disabled) through the enable/disable endpoint: under /repository/
        but it takes integration ids too (api-notes.md section 2). Its documented answer is {"success": true}; an
        answer that is not an object leaves the outcome unknown."""
        call = '%s %s %s' % ('disable' if value else 'enable', self.table.noun, label)
        data = self.client.request('PUT', '/repository/%s/disable' % quote_id(item_id), call,
                                   query={'disable': 'true' if value else 'false'})
        if data is not None and not isinstance(data, dict):
            raise GijError('Cannot %s: the server answered with %s, where an object was expected.' % (call, describe_reply(data)),
                           200, outcome_unknown=True, accepted=True)

    def written_object(self, data, call, item_id=None):
        """The facts of the object a write's 2xx reply carries whole (with ``item_id``: that object). Any other
        reply raises GijError with outcome_unknown (``quiet`` for a plain success without the object): only a read
        can tell what the server holds then."""
        try:
            obj = expect_object(data, self.object_keys, call, bare=self.bare_replies)
            facts = self.facts(obj, call) if obj is not None else None
        except GijError as err:
            raise GijError(str(err).split(' Nothing was changed after it', maxsplit=1)[0].rstrip('.') + '.', 200, outcome_unknown=True, accepted=True)
        if facts is None or not self.complete(facts):
            err = GijError('Cannot %s: the server answered with success, without the %s.' % (call, self.table.noun),
                           200, outcome_unknown=True, accepted=True, quiet=True)
            err.named_id = facts and facts['id']
            raise err
        if item_id is not None and facts['id'] != item_id:
            raise GijError('Cannot %s: the reply carries %s %s, not the one written.' % (call, self.table.noun, describe(facts)),
                           200, outcome_unknown=True, accepted=True)
        return facts

    # What the server's facts mean for the rules of a task; a resource answers for its own kind of object.
    def read_only_reason(self, facts):
        """Why an object cannot be changed or deleted by this module, or None."""
        return None

    def in_scope(self, items):
        """The ids of the objects of ``items`` a set module manages (read-only ones never are): what exclusive may
        delete, and what a saved plan records as the set."""
        return [obj['id'] for obj in items if not self.read_only_reason(obj)]
