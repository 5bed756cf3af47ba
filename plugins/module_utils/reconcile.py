# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The state pipeline shared by every resource, in option names only, for one object and for a whole set.

read -> changes of the options the task sets -> (check mode stops here with the prediction) -> write ->
put the field with its own endpoint back -> verify what the server kept -> result with diff.
What is special about a field is in its row (fields.py); what the server's facts mean is in the service.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.gij.jira.plugins.module_utils.api import RETRY_WAITS, GijError
from ansible_collections.gij.jira.plugins.module_utils.fields import (
    SECRET_PLACEHOLDER, SECRET_SENT, SECRET_WOULD_BE_SENT, Sentinel, diff_view, normalize,
)
from ansible_collections.gij.jira.plugins.module_utils.service import Index, clone_doubt, describe, title

NOT_READ = Sentinel('NOT_READ')  # the caller has not read the object yet
# After a create whose answer leaves the outcome open: how long to keep looking for the new object, in seconds between
# looks (a server may finish the create after answering).
UNCLEAR_CREATE_LOOKS = (1.0, 2.0)


class Reconciler:
    """Makes one object match a task. ``service`` (see service.Service) gives the endpoints and the field table."""

    def __init__(self, service, check_mode=False, diff_mode=False, index=None):
        self.service = service
        self.table = service.table
        self.check_mode = check_mode
        self.diff_mode = diff_mode
        self.index = index  # the objects already listed, when the caller has read them (the set modules)
        self.applied = []  # what the server accepted, for the result of a task that fails after a write
        self.created_id = None  # the id of the object this run created, once known
        self.warnings = []

    @property
    def noun(self):
        return self.table.noun

    def lookup(self, params, fresh=False):
        """The object the task means: by id, else by its natural key (see Index.find); None if there is none.
        ``fresh``: read the server again, never a list read earlier."""
        index = None if fresh else self.index
        item_id = params.get('id')
        if item_id is None:
            return (index or Index(self.service.list(), self.table)).find(params)
        current = index.by_id.get(item_id) if index is not None else self.service.get(item_id)
        if current is None and params.get('state', 'present') == 'present':
            raise GijError('%s id %s does not exist: leave id out to create one by %s.'
                           % (self.noun.capitalize(), item_id, self.table.natural_key))
        return current

    def same_identity(self, found, params):
        """Whether ``found`` is what this task would have created: every identity option the task gives, not the
        lookup key alone (a namesake of another type is someone else's)."""
        return all(found.get(option) == normalize(self.table.by_option[option], params[option])
                   for option in self.table.identity if params.get(option) is not None)

    def run(self, params, current=NOT_READ):
        """Reconcile and return the module result; a failure after a write says what was applied."""
        try:
            if current is NOT_READ:
                current = self.lookup(params)
            if params.get('state', 'present') == 'absent':
                return self.absent(params, current)
            if current is None:
                return self.create(params)
            return self.update(params, current)
        except GijError as err:
            if self.applied:
                err.partial = {'changed': True, 'applied': list(self.applied)}
                if self.created_id is not None:
                    err.partial['id'] = self.created_id
            raise

    def absent(self, params, current):
        if current is None:
            return self.result(False, params)
        self.check_delete(params, current)
        if not self.check_mode:
            self.delete_object(current, bool(params.get('delete_files')))
        return self.result(True, params, before=current, item_id=current['id'])

    def delete_object(self, obj, delete_files):
        """Delete ``obj``: it existed when the task read it, so its being gone afterwards is this task's change."""
        label = describe(obj)
        self.confirmed('delete %s %s' % (self.noun, label), lambda: self.service.delete(obj['id'], delete_files, label),
                       read=lambda answer: self.service.get(obj['id']), landed=lambda seen: seen is None)
        self.applied.append('deleted %s %s' % (self.noun, label))

    def confirmed(self, action, send, read, landed, not_applied=None, unsettled=None, resend=True):
        """Send one write and return what the server holds after it: once a write is sent, the server decides the
        outcome, not the reply.

        ``send()`` returns the facts of a clear answer (or None). When its answer leaves the outcome open
        (GijError.outcome_unknown), ``read(answer)`` reads the object once and ``landed(facts)`` tells whether the write was
        applied (None: the read cannot show it). Applied: the facts read, and a warning that names the odd answer.
        Not applied: sent again after a pause if the failure was transient and ``resend`` allows it, else a failure
        saying nothing was changed (``not_applied(answer)`` words it). A read that fails or cannot tell: a failure
        that counts the write as applied and says the outcome is unknown (``unsettled(answer, error)`` words it).
        """
        for attempt in range(len(RETRY_WAITS) + 1):
            try:
                return send()
            except GijError as err:
                if not err.outcome_unknown:
                    raise
                answer = err
            try:
                seen = read(answer)
            except GijError as read_error:
                self.applied.append('perhaps: %s' % action)
                raise unsettled(answer, read_error) if unsettled else GijError(
                    '%s The read back did not settle it (%s), so whether the server applied it is unknown: check it '
                    'before running the task again.' % (answer, read_error))
            verdict = landed(seen)
            if verdict:
                if not answer.quiet:
                    self.warnings.append('The server answered "%s" oddly (%s), but the %s read back shows it was applied.'
                                         % (action, answer_of(answer, action), self.noun))
                return seen
            if verdict is None:
                self.applied.append('perhaps: %s' % action)
                raise GijError('%s The %s read back cannot show whether it was applied (the server never returns what '
                               'it changes), so the outcome is unknown: check it before running the task again.'
                               % (answer, self.noun))
            if not (resend and answer.transient) or attempt == len(RETRY_WAITS):
                raise not_applied(answer) if not_applied else GijError(
                    '%s Read back, the %s shows it was not applied: nothing was changed.' % (answer, self.noun))
            self.service.client.sleep(RETRY_WAITS[attempt])
        return None  # not reached: the last attempt returns or raises

    def read_again(self, obj):
        found = self.service.get(obj['id'])
        if found is None:
            raise GijError('%s %s disappeared while it was being changed.' % (self.noun.capitalize(), describe(obj)))
        return found

    def check_delete(self, params, current):
        self.refuse_read_only(current, 'delete')
        doubt = clone_doubt(self.table, current) if params.get('delete_files') else None
        if doubt:
            raise GijError('delete_files: true is refused for %s. Delete it with delete_files: false.' % doubt)

    def refuse_read_only(self, current, what):
        reason = self.service.read_only_reason(current)
        if reason:
            raise GijError('Cannot %s %s %s: %s.' % (what, self.noun, describe(current), reason))

    def create(self, params):
        self.table.check_create(params)
        wanted = self.table.wanted(params)
        values = self.table.create_values(wanted)
        expected = self.table.predict_created(values)
        if self.check_mode:
            return self.result(True, params, after=expected, wanted=wanted, sent=values)
        found = self.confirm_absent(params)
        if found is not None:
            return self.update(params, found)
        lists_before = self.service.lists_read
        known = self.known_ids()
        action = '%s %s %s' % (self.service.create_verb, self.noun, self.table.named[0] % values.get(self.table.natural_key))
        # Never sent twice: a create that is not seen may still be finished by the server.
        created = self.confirmed(
            action, lambda: self.service.create(values, lambda facts: self.is_created(facts, params, known)),
            read=lambda answer: self.find_created(params, known, answer.named_id), landed=lambda found: found is not None,
            not_applied=lambda answer: self.not_created(answer, action, params),
            unsettled=lambda answer, error: self.unsettled_create(answer, error, action, params), resend=False)
        self.record_created(created)
        self.warn_of_namesakes(created, lists_before)
        # The create body carries the toggled field too; put it back through its endpoint if the server ignored it.
        created = self.apply_toggle(created, values.get(self.table.toggle))
        self.verify(created, wanted)
        return self.result(True, params, after=created, wanted=wanted, item_id=created['id'], sent=values)

    def record_created(self, created):
        self.created_id = created.get('id')
        self.applied.append('created %s %s' % (self.noun, describe(created)))

    def confirm_absent(self, params):
        """A list read in pages may shift while it is read (an object deleted on page 1 moves the next one out of
        view): before a create decided on such a list, look again. A list of one page, or a set's own list (it
        confirms for all its items at once), needs no second look."""
        if self.index is not None or self.service.pages_read < 2:
            return None
        return self.lookup(params, fresh=True)

    def warn_of_namesakes(self, created, lists_before):
        """A list read after the create that shows others of the same name: two tasks may have created it at once."""
        key = self.table.natural_key
        if self.service.lists_read == lists_before or created.get(key) is None:
            return
        ids = sorted(item['id'] for item in self.service.last_list if item.get(key) == created[key])
        if len(ids) > 1:
            listed = ', '.join(str(item_id) for item_id in ids[:-1]) + ' and %s' % ids[-1]
            self.warnings.append("Created %s %s, and the server now has %d of that %s (ids %s): another task, such as "
                                 "the same task on another host, may have created one at the same time. Give such a "
                                 "task run_once: true, and delete the one you do not want."
                                 % (self.noun, describe(created), len(ids), key, listed))

    def known_ids(self):
        """The ids the server had when the task read it: a reply or a list after a create may only show another."""
        items = self.index.items if self.index is not None else (self.service.last_list or [])
        return set(item['id'] for item in items)

    def is_created(self, facts, params, known):
        """Whether ``facts`` are of the object this task just created: a new id and the task's whole identity."""
        return facts['id'] not in known and self.same_identity(facts, params)

    def find_created(self, params, known, named_id):
        """The object this task created, looked for a while (bounded, the list read again each time): None if not seen.
        A namesake that was there before, or of another type, is never taken for it; of several new ones, only the one
        whose id the answer named."""
        for wait in (0,) + UNCLEAR_CREATE_LOOKS:
            self.service.client.sleep(wait)
            matching = Index(self.service.list(), self.table).matching(params)
            found = [item for item in matching if self.is_created(item, params, known)]
            if len(found) > 1:
                new, found = found, [item for item in found if item['id'] == named_id]
                if not found:
                    raise GijError('the list now has %d new %s %s (ids %s), and nothing tells which one this task created'
                                   % (len(new), self.table.plural, self.table.named[1] % params[self.table.natural_key],
                                      ', '.join(str(item['id']) for item in new)))
            if found:
                return found[0]
        return None

    def created_name(self, params, item_id):
        return "%s %s" % (self.noun, describe({'name': title(params) or params.get(self.table.natural_key), 'id': item_id}))

    def unsettled_create(self, answer, error, action, params):
        if not answer.accepted:
            return GijError('%s The read back did not settle it (%s), so whether the %s was created is unknown. Check the '
                            "list (gij.jira.git_integration_info or the app's admin page) before running the task again."
                            % (answer, error, self.noun))
        self.created_id = answer.named_id
        return GijError("The server accepted the create of %s, but it could not be read back: %s. Check the list "
                        "(gij.jira.git_integration_info or the app's admin page) before running the task again."
                        % (self.created_name(params, answer.named_id), str(error).rstrip('.')))

    def not_created(self, answer, action, params):
        """The failure when the list read after an unclear create does not show the object."""
        name = self.created_name(params, answer.named_id)
        if answer.accepted:
            self.created_id = answer.named_id
            self.applied.append('created %s (accepted, not found)' % name)
            return GijError("The server accepted the create of %s, but it cannot be found afterwards (its answer: %s): "
                            "running the task again may create another. Check the list (gij.jira.git_integration_info or "
                            "the app's admin page) before running it again." % (name, answer_of(answer, action)))
        return GijError("%s The %s may still appear on the server: the list read back after the failure does not show it, "
                        "but the server may finish the request later. Check the list (gij.jira.git_integration_info or "
                        "the app's admin page) before running the task again." % (answer, self.noun))

    def check_change(self, params, current, changes):
        """Rules for making ``current`` match the task; ``changes`` may be empty."""
        for option in self.table.fixed:
            if option in changes:
                raise GijError('%s %s is of %s %s and cannot be changed to %s: delete it (state: absent) and create it '
                               'again, or pick another %s.' % (self.noun.capitalize(), describe(current), option,
                                                               current.get(option), changes[option], self.table.natural_key))
        kind_option = self.table.kind_option
        self.table.check_kind(params, current.get(kind_option) if kind_option else None)
        fields = sorted(option for option in changes if option != self.table.toggle)
        if changes:
            self.refuse_read_only(current, 'change %s of' % ', '.join(fields) if fields else 'change')
        unique = self.table.unique
        if unique in changes:
            index = self.index if self.index is not None else Index(self.service.list(), self.table)
            taken = index.taken(unique, changes[unique], current['id'])
            if taken:
                raise GijError("Cannot rename %s %s to '%s': %s id %s already has that %s."
                               % (self.noun, describe(current), changes[unique], self.noun,
                                  ', '.join(str(item['id']) for item in taken), unique))

    def update(self, params, current):
        label = describe(current)
        if params.get('delete_files'):
            raise GijError('delete_files only applies with state: absent.')
        toggle = self.table.toggle
        wanted = self.table.wanted(params)
        changes = self.table.differences(wanted, current)
        self.check_change(params, current, changes)
        rotate = params.get('update_secrets') == 'always' and any(o in wanted for o in self.table.write_only)
        field_changes = dict((k, v) for k, v in changes.items() if k != toggle)
        if not field_changes and not rotate and toggle not in changes:
            return self.result(False, params, before=current, after=current, wanted=wanted, item_id=current['id'])
        sent = {}
        expected = current
        if field_changes or rotate:
            sent = self.table.update_values(wanted, current, rotate)
            expected = self.table.predict(current, sent)
        final_toggle = wanted.get(toggle, current.get(toggle))
        if final_toggle is not None:
            expected = dict(expected, **{toggle: final_toggle})
        if self.check_mode:
            return self.result(True, params, before=current, after=expected, wanted=wanted, item_id=current['id'], sent=sent)
        if sent:
            updated = self.confirmed('update %s %s' % (self.noun, label), lambda: self.service.update(current['id'], sent, label),
                                     read=lambda answer: self.read_again(current),
                                     landed=lambda seen: self.moved(seen, wanted, field_changes))
            self.applied.append('updated %s %s' % (self.noun, label))
            # An update without the toggled field may reset it (re-enable the object): put it back.
            final = self.apply_toggle(updated, final_toggle)
        else:
            final = self.toggle(current, final_toggle) or self.read_again(current)
        self.verify(final, wanted)
        return self.result(True, params, before=current, after=final, wanted=wanted, item_id=current['id'], sent=sent)

    def moved(self, seen, wanted, changes):
        """Whether ``seen`` shows an update applied: a changed option the server returns now has its wanted value
        (None when every changed option is one the server never returns)."""
        readable = dict((option, wanted[option]) for option in changes if self.table.by_option[option].echoed != 'never')
        if not readable:
            return None
        return len(self.table.differences(readable, seen)) < len(readable)

    def toggle(self, obj, value):
        """Set the toggled field through its endpoint; the facts read back when the answer needed a read, else None."""
        toggle, label = self.table.toggle, describe(obj)
        seen = self.confirmed('%s %s %s' % ('disable' if value else 'enable', self.noun, label),
                              lambda: self.service.toggle(obj['id'], value, label), read=lambda answer: self.read_again(obj),
                              landed=lambda facts: not self.table.missed({toggle: value}, facts))
        self.applied.append('set %s of %s %s to %s' % (toggle, self.noun, label, str(value).lower()))
        return seen

    def apply_toggle(self, obj, value):
        if value is None or obj.get(self.table.toggle) == value:
            return obj
        return self.toggle(obj, value) or dict(obj, **{self.table.toggle: value})

    def verify(self, facts, wanted):
        """Fail naming every requested value the server did not keep."""
        missed = self.table.missed(wanted, facts)
        if missed:
            raise GijError('The server did not apply %s to %s %s.' % (', '.join(missed), self.noun, describe(facts)))

    def result(self, changed, params, before=None, after=None, wanted=None, item_id=None, sent=None):
        """The module result: ``before`` and ``after`` are facts (None: the object does not exist then)."""
        facts = after or {}
        result = {'changed': changed, self.noun: facts, 'id': item_id if item_id is not None else facts.get('id')}
        if self.warnings:
            result['warnings'] = list(self.warnings)
        if self.diff_mode:
            result['diff'] = self.diff(params, before, after, wanted or {}, sent or {})
        return result

    def diff(self, params, before, after, wanted, sent):
        if params.get('state') == 'absent':
            return {'before': diff_view(before, self.table.summary) if before else {}, 'after': {}}
        managed = [f.option for f in self.table.fields if f.option in wanted and f.echoed != 'never']
        before_view = diff_view(before, managed) if before else {}
        after_view = diff_view(after, managed) if after else {}
        for option in self.table.write_only:
            if option in sent:
                secret = option in self.table.secret_options
                if secret:
                    after_view[option] = SECRET_WOULD_BE_SENT if self.check_mode else SECRET_SENT
                else:
                    after_view[option] = sent[option]
                if before:
                    before_view[option] = SECRET_PLACEHOLDER if secret else '(not returned by the server)'
        return {'before': before_view, 'after': after_view}


class SetReconciler:
    """Makes the server's objects of one resource match a list of items, with one list request for all of them.

    Every item is first reconciled in check mode against the list just read, so a wrong item, an ambiguous key or a
    duplicate fails the task before anything is written. Then the writes happen item by item.
    """

    def __init__(self, service, check_mode=False, diff_mode=False, after_create=None):
        self.service = service
        self.table = service.table
        self.check_mode = check_mode
        self.diff_mode = diff_mode
        # Called with the facts of each object created (in check mode, to be), before the next item is applied.
        self.after_create = after_create
        self.summary = {'created': [], 'updated': [], 'deleted': [], 'unchanged': []}
        self.warnings = []

    @staticmethod
    def validate(table, items, exclusive):
        """Every item's rules, before any request (see FieldTable.check_task)."""
        if exclusive and not items:
            raise GijError('exclusive: true with an empty list of %s would delete every %s: refused. To delete them all, '
                           'list each one with state: absent.' % (table.plural, table.noun))
        for position, item in enumerate(items):
            try:
                table.check_task(item)
            except GijError as err:
                raise GijError('%s: %s' % (label_of(table, position, item), err))

    def prepare(self, items, exclusive=False, exclusive_delete_files=False, with_diffs=False):
        """Read the list once and reconcile every item against it in check mode: what ``run`` will do, refused as a
        whole when any item is wrong. ``with_diffs``: each planned change carries its diff (for a saved plan)."""
        index = Index(self.service.list(), self.table)
        plans, claimed = [], {}
        for position, item in enumerate(items):
            label = label_of(self.table, position, item)
            reconciler = Reconciler(self.service, check_mode=True, diff_mode=self.diff_mode or with_diffs, index=index)
            try:
                current = reconciler.lookup(item)
                planned = reconciler.run(item, current)
            except GijError as err:
                raise GijError('%s: %s' % (label, err))
            # Two new items are the same object when their keys compare equal (an origin's trailing slash does not count).
            key = current['id'] if current else ('new', normalize(self.table.by_option[self.table.natural_key], item.get(self.table.natural_key)))
            if key in claimed:
                raise GijError('%s and %s[%d] are the same %s: list it once.' % (label, self.table.plural, claimed[key], self.table.noun))
            claimed[key] = position
            plans.append((position, item, current, planned))
        # Objects this module cannot manage (read-only ones) are never in scope for exclusive.
        in_scope = self.service.in_scope(index.items)
        extra = [index.by_id[item_id] for item_id in in_scope if item_id not in claimed] if exclusive else []
        for obj in extra if exclusive_delete_files else []:
            doubt = clone_doubt(self.table, obj)
            if doubt:
                raise GijError('exclusive_delete_files: true is refused for %s. No item lists it: to delete it without its '
                               'files, list it with state: absent.' % doubt)
        return Prepared(index, plans, extra, in_scope)

    def run(self, items, exclusive=False, exclusive_delete_files=False, prepared=None):
        """Make the server match ``items``; ``prepared``: the check-mode pass already made (see prepare)."""
        if prepared is None:
            prepared = self.prepare(items, exclusive, exclusive_delete_files)
        index, plans, extra = prepared.index, prepared.plans, prepared.extra
        self.confirm_absent(plans)
        results = []
        try:
            for position, item, current, planned in plans:
                if not self.check_mode and planned['changed']:
                    reconciler = Reconciler(self.service, diff_mode=self.diff_mode, index=index)
                    try:
                        planned = reconciler.run(item, current)
                    except GijError as err:
                        if reconciler.applied:
                            self.count(item, current, {'changed': True, self.table.noun: current or {},
                                                       'id': current['id'] if current else reconciler.created_id})
                        raise GijError('%s: %s' % (label_of(self.table, position, item), err))
                    self.warnings.extend(planned.pop('warnings', []))
                results.append((item, current, planned))
                self.count(item, current, planned)
                if self.after_create and current is None and planned['changed'] and item.get('state', 'present') == 'present':
                    self.after_create(planned[self.table.noun])
            for obj in extra:
                if not self.check_mode:
                    remover = Reconciler(self.service, index=index)
                    try:
                        remover.delete_object(obj, exclusive_delete_files)
                    finally:
                        self.warnings.extend(remover.warnings)
                        if remover.applied:
                            self.summary['deleted'].append({'name': title(obj), 'id': obj['id']})
                else:
                    self.summary['deleted'].append({'name': title(obj), 'id': obj['id']})
        except GijError as err:
            err.partial = dict(self.summary, changed=self.changed())
            raise
        return self.result(results, extra)

    def confirm_absent(self, plans):
        """Before creating on a list that came in pages, read it again: an object that slipped past a shifting page
        must not be created twice. Refused, before any write, when one is found now."""
        creates = [(position, item) for position, item, current, planned in plans
                   if current is None and planned['changed'] and item.get('state', 'present') == 'present']
        if self.check_mode or not creates or self.service.pages_read < 2:
            return
        finder = Reconciler(self.service, index=Index(self.service.list(), self.table))
        for position, item in creates:
            found = finder.lookup(item)
            if found is not None:
                raise GijError('%s: the %s list changed while it was read in pages: %s was not in it, and is now. '
                               'Nothing was changed; run the task again.'
                               % (label_of(self.table, position, item), self.table.noun, describe(found)))

    def changed(self):
        return bool(self.summary['created'] or self.summary['updated'] or self.summary['deleted'])

    def count(self, item, current, result):
        entry = {'name': self.title(item, current, result), 'id': result.get('id')}
        if not result['changed']:
            self.summary['unchanged'].append(entry)
        elif item.get('state', 'present') == 'absent':
            self.summary['deleted'].append(entry)
        elif current is None:
            self.summary['created'].append(entry)
        else:
            self.summary['updated'].append(entry)

    def title(self, item, current, result):
        """How the summary and the diff name an item: as the server now has it, else as the task gives it."""
        return title(result[self.table.noun]) or title(current or {}) or title(item) or item.get(self.table.natural_key)

    def result(self, results, removed):
        # Unchanged objects are listed (name and id) under 'unchanged' only: echoing the whole object of every one
        # would make a run over thousands of them cost many times its one request.
        noun = self.table.noun
        facts = [result[noun] for dummy, dummy2, result in results if result['changed'] and result[noun]]
        result = dict(self.summary, changed=self.changed(), **{self.table.plural: facts})
        if self.warnings:
            result['warnings'] = list(self.warnings)
        if self.diff_mode:
            before, after = {}, {}
            for item, current, planned in results:
                if planned['changed']:
                    key = diff_key(self.title(item, current, planned), planned.get('id'))
                    before[key], after[key] = planned['diff']['before'], planned['diff']['after']
            for obj in removed:
                key = diff_key(title(obj), obj['id'])
                before[key], after[key] = diff_view(obj, self.table.summary), {}
            result['diff'] = {'before': before, 'after': after}
        return result


class Prepared:
    """A set's check-mode pass: the list read, each item's (position, item, current object, planned result), the
    unlisted objects ``exclusive`` deletes, and the ids of every object in scope of the set module."""

    def __init__(self, index, plans, extra, in_scope):
        self.index = index
        self.plans = plans
        self.extra = extra
        self.in_scope = in_scope


def answer_of(err, action):
    """What the server answered, from an error about ``action``: its text after "Cannot <action>: "."""
    text, prefix = str(err), 'Cannot %s: ' % action
    return text[len(prefix):].rstrip('.') if text.startswith(prefix) else text.rstrip('.')


def label_of(table, position, item):
    return '%s[%d] (%s)' % (table.plural, position, item.get(table.natural_key) or 'id %s' % item.get('id'))


def diff_key(name, item_id):
    return '%s (id %s)' % (name, item_id) if item_id is not None else name
