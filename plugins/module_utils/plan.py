# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Saved plans of the set modules: check mode writes what the run would do and the server state it saw; a real run
with the plan applies exactly that, or refuses before any write when Jira or the task moved meanwhile.

A plan holds no secret: it says which secret options will be sent, never their values, and the fingerprint of the
task's arguments leaves their values out. The server's fields are kept as digests keyed with a random key of the plan's
own. Everything from the server in it is data (JSON), never a template.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import binascii
import datetime
import hashlib
import hmac
import json
import os
import re
import stat
import tempfile

from ansible_collections.gij.jira.plugins.module_utils.api import GijError, nesting, printable
from ansible_collections.gij.jira.plugins.module_utils.fields import UNKNOWN
from ansible_collections.gij.jira.plugins.module_utils.service import describe, title

COLLECTION_VERSION = '0.1.0'  # galaxy.yml's version (a test keeps them equal)
PLAN_FORMAT = 'gij.jira plan 2'
OLDER_FORMATS = ('gij.jira plan 1',)  # one digest per object, which could not name the fields that changed
# A plan that deletes 100,000 objects (the longest list the modules read) is about 120 MiB of integrations, 160 MiB
# of repositories.
PLAN_FILE_LIMIT = 256 << 20
SECRET_GIVEN = '(secret given)'
ACTIONS = ('create', 'update', 'delete')
CREATION_DATE = 'init_date'  # an object deleted and made again under a freed id is another one
DIGEST_KEY_BYTES = 16
DIGEST_KEY_PATTERN = re.compile(r'[0-9a-f]{%d}' % (2 * DIGEST_KEY_BYTES))
FIELD_DIGEST_LENGTH = 16  # hex digits: 64 bits tell a change, and keep a plan of many objects small
NAMED_AT_MOST = 10  # objects in a refusal, and fields of one object
# Lists and objects in a plan nest 5 deep (the plan > changes > a change > its fields > a list value); a file that nests
# deeper was not written by this module.
PLAN_NESTING_LIMIT = 12


def fingerprint(data):
    """A short, stable digest of JSON data."""
    text = json.dumps(data, sort_keys=True, separators=(',', ':'), ensure_ascii=True)
    return 'sha256:' + hashlib.sha256(text.encode('utf-8')).hexdigest()


def new_digest_key():
    return binascii.hexlify(os.urandom(DIGEST_KEY_BYTES)).decode('ascii')


def field_digest(key, item_id, option, value):
    """A digest of one field of one object, keyed with the plan's own random key: it tells whether the value changed,
    and matches no digest of the same value made elsewhere (a server may echo a secret in any field)."""
    text = json.dumps([str(item_id), option, value], sort_keys=True, separators=(',', ':'), ensure_ascii=True)
    return hmac.new(binascii.unhexlify(key), text.encode('utf-8'), hashlib.sha256).hexdigest()[:FIELD_DIGEST_LENGTH]


def watched_options(table, item, written):
    """The fields a plan fingerprints of an object it read. One it writes (updates or deletes): every field the server
    reports, since the write was reviewed against all of them. One it leaves alone: only the fields its item sets (a
    change of any other field is none of the task's business). Both: the creation date. Write-only fields are never
    read back, and dates the server moves on its own (the last index date) are left out, so that a reindex in between
    does not void a plan."""
    if written:
        options = [field.option for field in table.fields if field.echoed != 'never']
    else:
        options = [option for option, value in item.items() if value is not None
                   and option in table.by_option and table.by_option[option].echoed != 'never']
    return options + [CREATION_DATE]


def field_value(table, facts, option):
    """What the server holds for ``option``, as the modules compare it (a field it omits while unset is at its
    default); None when it says nothing."""
    field = table.by_option.get(option)
    value = table.current(field, facts) if field is not None else facts.get(option)
    return None if value is UNKNOWN else value


def fields_seen(table, key, facts, options):
    return dict((option, field_digest(key, facts['id'], option, field_value(table, facts, option))) for option in options)


def arguments_of(table, params):
    """The task's own arguments, without the connection and without secret values (their presence counts)."""
    items = []
    for item in params[table.plural]:
        items.append(dict((option, SECRET_GIVEN if option in table.secret_options else value)
                          for option, value in item.items() if value is not None))
    return {'items': [fingerprint(item) for item in items],
            'exclusive': params['exclusive'], 'exclusive_delete_files': params['exclusive_delete_files']}


def now():
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat()


class Plan:
    """A set module's plan: made from a prepared run (SetReconciler.prepare) and compared with one."""

    def __init__(self, table, module_name, jira_url, secrets):
        self.table = table
        self.module_name = module_name
        self.jira_url = jira_url
        self.secrets = secrets

    def make(self, params, prepared):
        """The plan document of ``prepared`` (a check-mode pass over the list read once)."""
        table, key = self.table, new_digest_key()
        changes, read = self.changes_of(params, prepared), {}
        for dummy, item, current, planned in prepared.plans:
            if current is not None:
                options = watched_options(table, item, written=planned['changed'])
                read[str(current['id'])] = {'name': title(current), 'fields': fields_seen(table, key, current, options)}
        for obj in prepared.extra:
            options = watched_options(table, {}, written=True)
            read[str(obj['id'])] = {'name': title(obj), 'fields': fields_seen(table, key, obj, options)}
        document = {
            'format': PLAN_FORMAT, 'collection_version': COLLECTION_VERSION, 'module': self.module_name,
            'jira_url': self.jira_url, 'created_at': now(), 'arguments': arguments_of(table, params),
            'summary': summary_of(changes), 'changes': changes, 'read': read, 'digest_key': key,
        }
        if params['exclusive']:
            # The whole set the plan saw: under exclusive, an object that appears later would be deleted unreviewed.
            document['set'] = sorted(prepared.in_scope)
        return document

    def changes_of(self, params, prepared):
        """What ``prepared`` would do, item by item, then the deletes by exclusive."""
        changes = [self.change(position, item, current, planned)
                   for position, item, current, planned in prepared.plans if planned['changed']]
        return changes + [{'action': 'delete', 'name': title(obj), 'id': obj['id'], 'unlisted': True,
                           'delete_files': params['exclusive_delete_files']} for obj in prepared.extra]

    def change(self, position, item, current, planned):
        absent = item.get('state', 'present') == 'absent'
        action = 'delete' if absent else 'create' if current is None else 'update'
        noun = self.table.noun
        entry = {'action': action, 'item': position, 'name': title(planned[noun]) or title(current or {}) or title(item)
                 or item.get(self.table.natural_key), 'id': current['id'] if current else None}
        if absent:
            entry['delete_files'] = bool(item.get('delete_files'))
            return entry
        before, after = planned['diff']['before'], planned['diff']['after']
        if current is not None:  # an update: the fields it changes (or sends), not every managed one
            changed = [option for option in after if before.get(option) != after[option]]
            before, after = dict((o, before.get(o)) for o in changed), dict((o, after[o]) for o in changed)
        entry['before'], entry['after'] = before, after
        secrets = sorted(option for option in self.table.secret_options if option in after)
        if secrets:
            entry['secrets_sent'] = secrets  # that they will be sent, taken from the task: never their values
        return entry

    def check_task(self, stored, params, path):
        """Refuse, before any request, a plan made by another module, for another Jira, used already, or from other
        arguments than the task's."""
        table = self.table
        if stored.get('module') != self.module_name:
            raise GijError('plan_file %s was made by %s, not by %s: make the plan with the module that applies it.'
                           % (path, printable(str(stored.get('module')))[:60], self.module_name))
        if stored.get('jira_url') != self.jira_url:
            raise GijError('plan_file %s was made for %s, not for %s. Nothing was changed.'
                           % (path, printable(str(stored.get('jira_url')))[:200], self.jira_url))
        if 'applied' in stored:
            halfway = ', and failed halfway: only part of it was made' if stored['applied'].get('failed_halfway') else ''
            raise GijError('plan_file %s was applied already (at %s%s): a plan is used once. Make a new plan in check '
                           'mode.' % (path, printable(str(stored['applied'].get('at')))[:40], halfway))
        moved = arguments_moved(stored.get('arguments') or {}, arguments_of(table, params), table)
        if moved:
            raise GijError("The task's arguments are not the ones plan_file %s was made from (%s). Nothing was changed: "
                           'apply the plan with the task it was made from, or make a new plan.' % (path, '; '.join(moved)))

    def check_state(self, stored, params, prepared, path):
        """Refuse, with one line naming what moved, unless ``prepared`` (the server read now) is what ``stored`` saw."""
        # Masked as the stored plan was: a secret the server echoes must not read as a change.
        fresh = self.secrets.mask_data(self.changes_of(params, prepared))
        if stored.get('changes') and not fresh:
            raise GijError('plan_file %s: the server already holds what this plan changes (was it applied before?). '
                           'Nothing was changed; make a new plan in check mode.' % path)
        refuse_moved(path, state_moved(stored, fresh, prepared, self.table))

    def explain(self, stored, service, path):
        """After a task that failed on the server's list (an item that cannot be applied any more): the objects that
        moved since the plan, when any did, say why better than the item's own message."""
        if service.last_list is not None:
            refuse_moved(path, objects_moved(stored, service.last_list, service.in_scope(service.last_list), self.table))


def listed(names, separator):
    """At most NAMED_AT_MOST of ``names``, and how many more there are."""
    more = len(names) - NAMED_AT_MOST
    return separator.join(names[:NAMED_AT_MOST]) + ('%sand %d more' % (separator, more) if more > 0 else '')


def refuse_moved(path, moved):
    if moved:
        named = listed(moved, '; ')
        raise GijError('Jira changed since plan_file %s was made: %s. Nothing was changed; make a new plan in check mode '
                       'and review it.' % (path, named))


def arguments_moved(stored, current, table):
    moved = []
    for option in ('exclusive', 'exclusive_delete_files'):
        if stored.get(option) != current[option]:
            moved.append('%s is %s, the plan has %s' % (option, str(current[option]).lower(), str(stored.get(option)).lower()))
    old, new = stored.get('items') or [], current['items']
    if len(old) != len(new):
        moved.append('%d %s, the plan has %d' % (len(new), table.plural, len(old)))
    else:
        moved.extend('%s[%d] differs' % (table.plural, position) for position, (a, b) in enumerate(zip(old, new)) if a != b)
    return moved[:10]


def objects_moved(stored, items, in_scope, table):
    """The objects the plan read that were deleted or changed since, and under exclusive the ones that appeared."""
    moved = []
    now_by_id = dict((str(obj['id']), obj) for obj in items)
    for item_id, seen in sorted((stored.get('read') or {}).items()):
        label = '%s %s' % (table.noun, describe({'name': seen.get('name'), 'id': item_id}))
        current = now_by_id.get(item_id)
        if current is None:
            moved.append('%s was deleted' % label)
            continue
        changed = fields_changed(table, stored['digest_key'], current, seen['fields'])
        if CREATION_DATE in changed:
            moved.append('%s was deleted and created again' % label)
        elif changed:
            moved.append('%s was changed: %s' % (label, listed([printable(option)[:40] for option in changed], ', ')))
    if 'set' in stored:
        by_id = dict((obj['id'], obj) for obj in items)
        for item_id in sorted(set(in_scope) - set(stored['set'])):
            moved.append('%s %s appeared' % (table.noun, describe(by_id[item_id])))
    return moved


def state_moved(stored, fresh, prepared, table):
    """What differs between the server the plan saw and the one just read (``fresh``: the changes it would make now),
    named object by object."""
    moved = objects_moved(stored, prepared.index.items, prepared.in_scope, table)
    currents = dict((position, current) for position, dummy, current, dummy2 in prepared.plans)
    for change in stored.get('changes') or []:
        found = currents.get(change.get('item')) if change.get('action') == 'create' else None
        if found is not None:
            moved.append('the plan creates %s %s, and the server has it now (id %s)'
                         % (table.noun, describe({'name': change.get('name')}), found['id']))
    if not moved and canonical(stored.get('changes')) != canonical(fresh):
        before = dict((key_of(change), change) for change in stored.get('changes') or [])
        for change in fresh:
            planned = before.pop(key_of(change), None)
            if planned is None or planned.get('action') != change['action']:
                moved.append("the plan does not %s %s %s, it would now" % (change['action'], table.noun, describe(change)))
        moved.extend("the plan %ss %s %s, it would not now" % (c.get('action'), table.noun, describe(c)) for c in before.values())
        if not moved:
            moved.append('the changes it would make now differ from the planned ones')
    return moved


def fields_changed(table, key, current, seen):
    """The fingerprinted fields (see watched_options) whose value on the server is not the one the plan saw."""
    return sorted(option for option, digest in seen.items()
                  if field_digest(key, current['id'], option, field_value(table, current, option)) != digest)


def key_of(change):
    return (change.get('action'), change.get('item'), change.get('id') if change.get('action') != 'create' else None)


def canonical(changes):
    return json.dumps(changes, sort_keys=True)


def summary_of(changes):
    counts = dict((action, sum(1 for c in changes if c['action'] == action)) for action in ACTIONS)
    if not changes:
        return 'nothing to do'
    return ', '.join('%d to %s' % (count, action) for action, count in counts.items() if count)


def read_plan(path):
    """The plan document at ``path``, or a one-line refusal."""
    try:
        # Not blocking: opening a named pipe would otherwise wait for a writer, and the task with it.
        with os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK), 'rb') as handle:
            regular = stat.S_ISREG(os.fstat(handle.fileno()).st_mode)
            data = handle.read(PLAN_FILE_LIMIT + 1) if regular else b''
    except (IOError, OSError, ValueError) as err:  # ValueError: a path with a NUL byte
        raise GijError('Cannot read plan_file %s (%s): make the plan first, in check mode.'
                       % (printable(path), getattr(err, 'strerror', None) or err))
    if not regular:  # a folder, a pipe, a device
        raise GijError('Cannot read plan_file %s (not a regular file): make the plan first, in check mode.' % printable(path))
    if len(data) > PLAN_FILE_LIMIT:
        raise GijError('plan_file %s is larger than %d MiB: it is not a plan of this collection.'
                       % (printable(path), PLAN_FILE_LIMIT >> 20))
    try:
        document = json.loads(data.decode('utf-8'))
    except (ValueError, RecursionError):  # RecursionError: lists or objects nested thousands deep
        document = None
    if isinstance(document, dict) and document.get('format') in OLDER_FORMATS:
        raise GijError('plan_file %s was made by an older version of gij.jira (format %s): make the plan again in check '
                       'mode.' % (printable(path), document['format']))
    if not isinstance(document, dict) or document.get('format') != PLAN_FORMAT or not well_formed(document):
        raise GijError("plan_file %s is not a plan of this collection (JSON with format '%s'): make it in check mode with "
                       'plan_file.' % (printable(path), PLAN_FORMAT))
    return document


def well_formed(document):
    """Whether a plan's parts have the shapes this module writes (a file edited by hand may not): anything else is
    refused as not a plan, before any request, rather than read as a change of Jira."""
    arguments, read, changes = document.get('arguments'), document.get('read'), document.get('changes')
    return (nesting(document, PLAN_NESTING_LIMIT) <= PLAN_NESTING_LIMIT
            and all(isinstance(document.get(key), str) for key in ('module', 'jira_url', 'summary'))
            and isinstance(arguments, dict) and list_of(arguments.get('items'), str)
            and all(isinstance(arguments.get(key), bool) for key in ('exclusive', 'exclusive_delete_files'))
            and isinstance(document.get('digest_key'), str) and bool(DIGEST_KEY_PATTERN.fullmatch(document['digest_key']))
            and isinstance(read, dict) and all(read_well_formed(seen) for seen in read.values())
            and isinstance(changes, list) and all(change_well_formed(change) for change in changes)
            and document['summary'] == summary_of(changes)  # what a reviewer reads first must say what the plan does
            and list_of(document.get('set', []), int)
            and ('applied' not in document or isinstance(document['applied'], dict) and bool(document['applied'])))


def read_well_formed(seen):
    return (isinstance(seen, dict) and isinstance(seen.get('name'), (str, type(None)))
            and isinstance(seen.get('fields'), dict) and all(isinstance(digest, str) for digest in seen['fields'].values()))


def change_well_formed(change):
    return (isinstance(change, dict) and change.get('action') in ACTIONS
            and isinstance(change.get('name'), (str, type(None)))
            and (change.get('id') is None or is_number(change['id']))
            and ('item' not in change or is_number(change['item']))
            and all(isinstance(change.get(key, {}), dict) for key in ('before', 'after')))


def list_of(value, kind):
    return isinstance(value, list) and all(isinstance(item, kind) and not isinstance(item, bool) for item in value)


def is_number(value):
    return isinstance(value, int) and not isinstance(value, bool)


def write_plan(path, document, secrets):
    """Write the plan atomically (a temporary file beside it, then a rename), every string masked."""
    text = json.dumps(secrets.mask_data(document), indent=2, sort_keys=True, ensure_ascii=False) + '\n'
    folder = os.path.dirname(os.path.abspath(path))
    try:
        handle, temporary = tempfile.mkstemp(prefix='.%s.' % os.path.basename(path), dir=folder)
        try:
            # backslashreplace: a lone surrogate from the server (UTF-8 has no form for it) is written as its JSON escape
            with os.fdopen(handle, 'w', encoding='utf-8', errors='backslashreplace') as stream:
                stream.write(text)
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except (IOError, OSError, ValueError) as err:  # ValueError: a path with a NUL byte
        raise GijError('Cannot write plan_file %s (%s).' % (printable(path), getattr(err, 'strerror', None) or err))


def run_with_plan(reconciler, params, path, check_mode, module_name, client):
    """A set module's run with plan_file: check mode writes the plan; a real run applies it exactly, or refuses."""
    table = reconciler.table
    items, exclusive, wipe = params[table.plural], params['exclusive'], params['exclusive_delete_files']
    plan = Plan(table, module_name, client.base_url, client.secrets)
    shown = printable(path)  # how messages name the file: on one line
    stored = read_from = None
    if not check_mode:
        stored = read_plan(path)
        plan.check_task(stored, params, shown)  # before any request
        # The file read, not a symlink to it, is marked as used: the plan is used up under every name it has.
        read_from = os.path.realpath(path)
    try:
        prepared = reconciler.prepare(items, exclusive, wipe, with_diffs=True)
    except GijError:
        if stored is not None:
            plan.explain(stored, reconciler.service, shown)
        raise
    if check_mode:
        document = plan.make(params, prepared)
        write_plan(path, document, client.secrets)
        result = reconciler.run(items, exclusive, wipe, prepared=prepared)
        result.update(plan_file=path, plan_summary=document['summary'])
        return result
    plan.check_state(stored, params, prepared, shown)
    try:
        result = reconciler.run(items, exclusive, wipe, prepared=prepared)
    except GijError as err:
        partial = getattr(err, 'partial', None)
        if partial:  # the names of what was done (or left unchanged) before the failure
            if partial.get('changed'):
                mark_used(read_from, stored, {'at': now(), 'failed_halfway': True}, client.secrets, partial)
        raise
    result.update(plan_file=path, plan_summary=stored['summary'])
    mark_used(read_from, stored, {'at': now(), 'changed': result['changed']}, client.secrets, result)
    return result


def mark_used(path, stored, applied, secrets, result):
    """Record in the plan file that it was applied, so that it is never applied twice. The changes are made by now:
    a file that cannot be written is a warning, not a failure."""
    try:
        write_plan(path, dict(stored, applied=applied), secrets)
    except GijError as err:
        result.setdefault('warnings', []).append('The plan was applied, but plan_file could not be marked as used: %s '
                                                 'Delete the file so that it is not applied again.' % err)
