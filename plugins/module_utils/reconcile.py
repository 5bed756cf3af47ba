# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The state-module pipeline shared by integrations and repositories, in option names only.

read -> changes of the options the task sets -> (check mode stops here with the prediction) -> write ->
put ``disabled`` back through its endpoint -> verify what the server kept -> result with diff.
Subclasses give the field table, the lookup and the rules of their resource.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.gij.jira.plugins.module_utils.api import GijError
from ansible_collections.gij.jira.plugins.module_utils.fields import SECRET_PLACEHOLDER, SECRET_SENT, SECRET_WOULD_BE_SENT, Sentinel, diff_view
from ansible_collections.gij.jira.plugins.module_utils.service import clone_doubt, describe

NOT_READ = Sentinel('NOT_READ')  # the caller has not read the object yet
# After a create whose outcome is unknown: how long to keep looking for the new object, in seconds between looks.
UNCLEAR_CREATE_LOOKS = (1.0, 2.0)


def check_positive_id(params, option, what):
    """An id option, when given, is a positive integer (Ansible's int type lets a boolean through)."""
    if params.get(option) is not None and (isinstance(params[option], bool) or params[option] <= 0):
        raise GijError('%s must be a positive %s, got %s.' % (option, what, params[option]))


def check_not_blank(params, option):
    """A name option, when given, is not blank."""
    if params.get(option) is not None and not params[option].strip():
        raise GijError('%s must not be empty.' % option)


def check_identity(params, table, natural_key):
    """What every module checks first: a positive id (not a boolean), a natural key that is not blank, values in bounds."""
    check_positive_id(params, 'id', '%s id' % table.noun)
    check_not_blank(params, natural_key)
    if params.get('id') is None and params.get(natural_key) is None:
        raise GijError('%s must be set (it was left empty): %ss are found by %s, or by id.' % (natural_key, table.noun, natural_key))
    problem = table.check_values(params)
    if problem:
        raise GijError(problem)


class Reconciler:
    """Makes one object match a task. ``service`` offers get/create/update/set_disabled/delete, all in facts."""

    table = None
    natural_key = 'name'  # the option an object is found by when no id is given
    deleted_summary = ('name',)  # what the diff shows of a deleted object

    def __init__(self, service, check_mode=False, diff_mode=False, index=None):
        self.service = service
        self.check_mode = check_mode
        self.diff_mode = diff_mode
        self.index = index  # the objects already listed, when the caller has read them (git_integrations)
        self.applied = []  # what the server accepted, for the result of a task that fails after a write
        self.created_id = None  # the id of the object this run created, once known
        self.warnings = []

    @property
    def noun(self):
        return self.table.noun

    # hooks of a resource: one per moment ---------------------------------------------------------------------
    def validate(self, params):
        """Rules that need nothing from the server: checked before any request."""

    def lookup(self, params, fresh=False):
        """The object the task means, or None. ``fresh``: read the server again, never a list read earlier."""
        raise NotImplementedError

    def same_identity(self, found, params):
        """Whether ``found`` is what this task would have created (all of its identity, not the lookup key alone)."""
        raise NotImplementedError

    def check_create(self, params):
        """Rules for creating (the object does not exist)."""

    def check_change(self, params, current, changes):
        """Rules for making ``current`` match the task; ``changes`` may be empty."""

    def check_delete(self, params, current):
        """Rules for deleting ``current``."""

    def predict_created(self, expected, params):
        """Fill in what the server sets on create that the prediction can know."""
        return expected

    # the pipeline ---------------------------------------------------------------------------------------------
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
        doubt = clone_doubt(self.table, current) if params.get('delete_files') else None
        if doubt:
            raise GijError('delete_files: true is refused for %s. Delete it with delete_files: false.' % doubt)
        deleted = True
        if not self.check_mode:
            deleted = self.service.delete(current['id'], bool(params.get('delete_files')), describe(current))
        return self.result(deleted, params, before=current, item_id=current['id'])

    def create(self, params):
        self.check_create(params)
        wanted = self.table.wanted(params)
        values = self.table.create_values(wanted)
        body = self.table.body(values)
        body['disabled'] = values['disabled']  # a documented create field; re-applied below if ignored
        expected = self.predict_created(self.table.predict({}, values), params)
        if self.check_mode:
            return self.result(True, params, after=expected, wanted=wanted, sent=values)
        found = self.confirm_absent(params)
        if found is not None:
            return self.update(params, found)
        lists_before = self.service.lists_read
        try:
            created = self.service.create(body, params)
        except GijError as err:
            if getattr(err, 'accepted', False):
                self.record_created({'id': err.accepted_id, 'name': params.get('name') or params.get(self.natural_key)})
                raise
            if not err.outcome_unknown:
                raise
            created = self.find_after_unclear_create(params, err)
        self.record_created(created)
        self.warn_of_namesakes(created, lists_before)
        created = self.apply_disabled(created, values['disabled'])
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
        key = self.natural_key
        if self.service.lists_read == lists_before or created.get(key) is None:
            return
        ids = sorted(item['id'] for item in self.service.last_list if item.get(key) == created[key])
        if len(ids) > 1:
            listed = ', '.join(str(item_id) for item_id in ids[:-1]) + ' and %s' % ids[-1]
            self.warnings.append("Created %s %s, and the server now has %d of that %s (ids %s): another task, such as "
                                 "the same task on another host, may have created one at the same time. Give such a "
                                 "task run_once: true, and delete the one you do not want."
                                 % (self.noun, describe(created), len(ids), key, listed))

    def find_after_unclear_create(self, params, err):
        """The create may have been applied: look for it (a while, bounded, reading the server again each time) and
        adopt it only if it matches the task's whole identity; never send it twice."""
        for wait in (0,) + UNCLEAR_CREATE_LOOKS:
            self.service.client.sleep(wait)
            try:
                found = self.lookup(params, fresh=True)
            except GijError:
                found = None
            if found is not None and self.same_identity(found, params):
                return found
        raise GijError('%s The %s may still appear on the server: it was not found after the failure, but the server '
                       'may finish the request later. Check the list (gij.jira.git_integration_info or the app\'s admin '
                       'page) before running the task again.' % (err, self.noun))

    def update(self, params, current):
        label = describe(current)
        if params.get('delete_files'):
            raise GijError('delete_files only applies with state: absent.')
        wanted = self.table.wanted(params)
        changes = self.table.differences(wanted, current)
        self.check_change(params, current, changes)
        changes.pop('type', None)  # refused by check_change when it differs; never sent in an update
        rotate = params.get('update_secrets') == 'always' and any(o in wanted for o in self.table.write_only)
        field_changes = dict((k, v) for k, v in changes.items() if k != 'disabled')
        if not field_changes and not rotate and 'disabled' not in changes:
            return self.result(False, params, before=current, after=current, wanted=wanted, item_id=current['id'])
        sent = {}
        expected = current
        if field_changes or rotate:
            sent = self.table.update_values(wanted, current, rotate)
            expected = self.table.predict(current, sent)
        final_disabled = wanted.get('disabled', current.get('disabled'))
        if final_disabled is not None:
            expected = dict(expected, disabled=final_disabled)
        if self.check_mode:
            return self.result(True, params, before=current, after=expected, wanted=wanted, item_id=current['id'], sent=sent)
        if sent:
            updated = self.service.update(current['id'], self.table.body(sent), label)
            self.applied.append('updated %s %s' % (self.noun, label))
            # An update without "disabled" may re-enable the object: put the state back.
            final = self.apply_disabled(updated, final_disabled)
        else:
            self.set_disabled(current, final_disabled)
            final = self.service.get(current['id'])
            if final is None:
                raise GijError('%s %s disappeared while it was being updated.' % (self.noun.capitalize(), label))
        self.verify(final, wanted)
        return self.result(True, params, before=current, after=final, wanted=wanted, item_id=current['id'], sent=sent)

    def set_disabled(self, obj, disabled):
        self.service.set_disabled(obj['id'], disabled, describe(obj))
        self.applied.append('%s %s %s' % ('disabled' if disabled else 'enabled', self.noun, describe(obj)))

    def apply_disabled(self, obj, disabled):
        if disabled is None or obj.get('disabled') == disabled:
            return obj
        self.set_disabled(obj, disabled)
        return dict(obj, disabled=disabled)

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
            return {'before': diff_view(before, self.deleted_summary) if before else {}, 'after': {}}
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
