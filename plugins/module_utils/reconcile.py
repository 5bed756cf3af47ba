# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The state-module pipeline shared by integrations and repositories.

read -> changes of the options the task sets -> (check mode stops here with the prediction) -> write ->
put ``disabled`` back through its endpoint -> verify what the server kept -> result with diff.
Subclasses give the field table, the lookup and the rules of their resource.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.gij.jira.plugins.module_utils.api import CONNECTION_ARGUMENT_SPEC, GijError
from ansible_collections.gij.jira.plugins.module_utils.fields import (
    SECRET_PLACEHOLDER, SECRET_SENT, api_body, argument_spec, create_values, desired_values, diff_view, differences,
    normalize, predicted_object, server_value, to_facts, update_values,
)

# Options of every state module (and of every item of git_integrations), besides the resource's fields.
STATE_OPTIONS = dict(
    id=dict(type='int'),
    state=dict(type='str', default='present', choices=['present', 'absent']),
    delete_files=dict(type='bool', default=False),
    update_secrets=dict(type='str', default='on_create', choices=['on_create', 'always'], no_log=False),
)


def item_argument_spec(table):
    """The resource's field options plus the state options."""
    spec = argument_spec(table)
    spec.update(STATE_OPTIONS)
    return spec


def state_module_argument_spec(table):
    """Connection options, the resource's field options and the state options."""
    spec = dict(CONNECTION_ARGUMENT_SPEC)
    spec.update(item_argument_spec(table))
    return spec


def run_state_module(module, reconciler):
    """Reconcile the module's parameters and exit with the result, or fail with the one-line reason."""
    try:
        result = reconciler.run(module.params)
    except GijError as err:
        module.fail_json(msg=str(err))
    module.exit_json(**result)


def describe(obj):
    """How messages name an object: "'GitHub' (id 3)"."""
    name, item_id = obj.get('displayName'), obj.get('id')
    if name and item_id:
        return "'%s' (id %s)" % (name, item_id)
    return "'%s'" % name if name else 'id %s' % item_id


class Reconciler:
    """Makes one object match a task. ``service`` offers get/create/update/set_disabled/delete."""

    noun = 'object'
    table = None
    deleted_summary = ('name',)  # what the diff shows of a deleted object

    def __init__(self, service, check_mode=False, diff_mode=False):
        self.service = service
        self.check_mode = check_mode
        self.diff_mode = diff_mode

    # hooks of a resource -----------------------------------------------------------------------
    def check_rules(self, params):
        """Rules that need nothing from the server (before any request)."""

    def lookup(self, params):
        raise NotImplementedError

    def check_delete(self, params, current):
        """Rules for deleting ``current``."""

    def check_create(self, params):
        """Rules for creating (the object does not exist)."""

    def check_update(self, params, current):
        """Rules for changing ``current``."""

    def predict_created(self, expected, params):
        """Fill in what the server sets on create that the prediction can know."""
        return expected

    # the pipeline ------------------------------------------------------------------------------
    def run(self, params, current=Ellipsis):
        """Reconcile and return the module result. ``current`` may be passed in when already read."""
        self.check_rules(params)
        if current is Ellipsis:
            current = self.lookup(params)
        if params.get('state', 'present') == 'absent':
            return self.absent(params, current)
        if current is None:
            return self.create(params)
        return self.update(params, current)

    def absent(self, params, current):
        if current is None:
            return self.result(False, None, {}, {}, params)
        self.check_delete(params, current)
        if not self.check_mode:
            self.service.delete(current['id'], bool(params.get('delete_files')), describe(current))
        return self.result(True, current, {}, {}, params, item_id=current['id'])

    def create(self, params):
        self.check_create(params)
        wanted = desired_values(params, self.table)
        values = create_values(wanted, self.table)
        body = api_body(values, self.table)
        body['disabled'] = values['disabled']  # a documented create field; re-applied below if ignored
        expected = self.predict_created(predicted_object({}, values, self.table), params)
        if self.check_mode:
            return self.result(True, None, expected, wanted, params, sent=values)
        try:
            created = self.service.create(body)
        except GijError as err:
            if not err.ambiguous and not (err.status and err.status >= 500):
                raise
            # The POST may have been applied: look before deciding, never send it blindly again.
            created = self.lookup(params)
            if created is None:
                raise GijError('%s The %s does not exist on the server, so nothing was created; run the task again.'
                               % (err, self.noun))
        if created is None or created.get('id') is None:
            raise GijError('Creating %s %s returned no id; check the list.' % (self.noun, describe(body)))
        created = self.apply_disabled(created, values['disabled'])
        self.verify(created, wanted)
        return self.result(True, None, created, wanted, params, item_id=created['id'], sent=values)

    def update(self, params, current):
        label = describe(current)
        self.check_update(params, current)
        if params.get('delete_files'):
            raise GijError('delete_files only applies with state: absent.')
        wanted = desired_values(params, self.table)
        wanted.pop('type', None)  # checked by check_update; never sent in an update
        changes = differences(wanted, current, self.table)
        rotate = params.get('update_secrets') == 'always' and any(option in wanted for option in self.table.write_only)
        field_changes = dict((k, v) for k, v in changes.items() if k != 'disabled')
        want_disabled = changes.get('disabled')
        if not field_changes and not rotate and want_disabled is None:
            return self.result(False, current, current, wanted, params, item_id=current['id'])
        self.check_change(params, current, field_changes, rotate)
        sent = {}
        expected = current
        if field_changes or rotate:
            sent = update_values(wanted, current, rotate, self.table)
            expected = predicted_object(current, sent, self.table)
        final_disabled = wanted.get('disabled', normalize(self.table.by_option['disabled'], current.get('disabled')))
        expected = dict(expected, disabled=final_disabled)
        if self.check_mode:
            return self.result(True, current, expected, wanted, params, item_id=current['id'], sent=sent)
        if sent:
            updated = self.service.update(current['id'], api_body(sent, self.table), label) or current
            # An update without "disabled" may re-enable the object: put the state back.
            final = self.apply_disabled(updated, final_disabled)
        else:
            self.service.set_disabled(current['id'], final_disabled, label)
            final = self.service.get(current['id'])
            if final is None:
                raise GijError('%s %s disappeared while it was being updated.' % (self.noun.capitalize(), label))
        self.verify(final, wanted)
        return self.result(True, current, final, wanted, params, item_id=current['id'], sent=sent)

    def check_change(self, params, current, field_changes, rotate):
        """Rules for a change that is about to be made (after the comparison)."""

    def apply_disabled(self, obj, disabled):
        current = normalize(self.table.by_option['disabled'], obj.get('disabled', False))
        if current == disabled:
            return obj
        self.service.set_disabled(obj['id'], disabled, describe(obj))
        return dict(obj, disabled=disabled)

    def verify(self, obj, wanted):
        """Fail naming every requested value the server did not keep."""
        missed = []
        for option, value in sorted(wanted.items()):
            field = self.table.by_option[option]
            if field.echoed == 'never' or option == 'type':
                continue
            got = server_value(field, obj)
            if got is Ellipsis or (field.kind == 'str' and (got or '') == (value or '')) or got == value:
                continue
            missed.append('%s (wanted %r, server has %r)' % (option, value, got))
        if missed:
            raise GijError('The server did not apply %s to %s %s.' % (', '.join(missed), self.noun, describe(obj)))

    def result(self, changed, before, after, wanted, params, item_id=None, sent=None):
        facts = to_facts(after, self.table) if after else {}
        result = {'changed': changed, self.noun: facts, 'id': item_id if item_id is not None else facts.get('id')}
        if self.diff_mode:
            managed = [f.option for f in self.table.fields if f.option in wanted and f.echoed != 'never']
            before_view = diff_view(to_facts(before, self.table), managed) if before else {}
            after_view = diff_view(facts, managed) if after else {}
            for option in self.table.write_only:
                if option in (sent or {}):
                    secret = option in self.table.secret_options
                    after_view[option] = SECRET_SENT if secret else sent[option]
                    if before:
                        before_view[option] = SECRET_PLACEHOLDER if secret else '(not returned by the server)'
            if params.get('state') == 'absent' and before:
                before_view = diff_view(to_facts(before, self.table), self.deleted_summary)
            result['diff'] = {'before': before_view, 'after': after_view}
        return result
