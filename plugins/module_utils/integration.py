# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Integrations: their endpoints and reply shapes, their rules, and reconciling one or a whole set."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.gij.jira.plugins.module_utils.api import SERVER_INFO, GijError, expect_object, quote_id
from ansible_collections.gij.jira.plugins.module_utils.fields import INTEGRATION, MICROSOFT_TYPES, TYPES_BY_NAME, normalize
from ansible_collections.gij.jira.plugins.module_utils.reconcile import (
    Reconciler, check_identity, check_not_blank, check_positive_id,
)
from ansible_collections.gij.jira.plugins.module_utils.service import Index, Service, accepted, clone_doubt, describe


# Jira's plugin manager (UPM) reports the app's version and whether it is enabled, to administrators.
APP_IN_PLUGIN_MANAGER = '/rest/plugins/1.0/com.xiplink.jira.git.jira_git_plugin-key'
# What a version of Jira or of the app looks like (9.12.2, 10.0.0-m0004, 6.1.0-jira10): anything else is not shown.
VERSION_LIMIT = 64
VERSION = re.compile(r'[0-9A-Za-z][0-9A-Za-z._+~-]{0,%d}' % (VERSION_LIMIT - 1))


def check_task_rules(params):
    """Rules that need nothing from the server. Raises GijError naming the option."""
    check_identity(params, INTEGRATION, 'name')
    if params.get('state', 'present') == 'absent':
        return
    check_type_rules(params, params.get('type'))
    api_path = params.get('api_path')
    if api_path and not api_path.startswith('/'):
        raise GijError('api_path must start with "/" (a path relative to the git host API), got %r.' % api_path)
    if params.get('project_mapping_ids') and params.get('global') is not False:
        raise GijError('project_mapping_ids needs global: false (a global integration applies to all projects and '
                       'the server ignores or refuses project ids).')


def check_type_rules(params, kind):
    """Options that belong to some types only. ``kind`` is the task's or the server's type (None: unknown yet)."""
    if kind is None:
        return
    for field in INTEGRATION.fields:
        if field.types and params.get(field.option) is not None and kind not in field.types:
            raise GijError('%s is only valid for %s, not %s.' % (field.option, name_types(field.types), kind))


def check_create_rules(params, kind):
    """What creating an integration of ``kind`` needs: the options required for it and one set of credentials."""
    for field in INTEGRATION.fields:
        if kind in field.required_for and params.get(field.option) in (None, ''):
            option_hint = ' (1-5)' if field.option == 'folder_depth' else ''
            type_hint = {'origin': ' (the folder pattern, e.g. /srv/git/*)' if kind == 'FILESPACE' else ' (the URL of your server)',
                         'aws_region': ' (a region code such as eu-west-1)'}.get(field.option, '')
            raise GijError('%s%s is required for type %s%s to create the integration; an existing one is found without it.'
                           % (field.option, option_hint, kind, type_hint))
    alternatives = TYPES_BY_NAME[kind].credentials
    if any(all(params.get(name) for name in names) for names in alternatives):
        return
    wanted = ' or '.join(' and '.join(names) for names in alternatives)
    raise GijError('Creating a %s integration needs %s.' % (kind, wanted))


def name_types(types):
    if types == MICROSOFT_TYPES:
        return 'the Microsoft types (%s)' % ', '.join(types)
    return ('types %s' if len(types) > 1 else 'type %s') % ', '.join(types)


class IntegrationService(Service):
    """The integration endpoints, each reply checked against the shape its call documents (api-notes.md section 2)."""

    table = INTEGRATION
    list_path = '/integration'
    list_key = 'integrations'

    def get(self, item_id):
        """One integration, or None when the server says it does not exist."""
        call = 'read integration id %s' % item_id
        try:
            data = self.client.request('GET', '/integration/%s' % quote_id(item_id), call)
        except GijError as err:
            if err.missing:
                return None
            raise
        # Documented: a one-element list under 'integration'; older app versions used 'integrations'.
        obj = expect_object(data, ('integration', 'integrations'), call)
        if obj is None or set(obj) == {'id'}:
            raise GijError('Cannot %s: the server answered with success but without the integration.' % call)
        return self.facts(obj, call)

    def find_by_name(self, name, kind=None):
        return Index(self.list()).named(name, kind)

    def create(self, body, params):
        call = "create integration '%s'" % body.get('displayName')
        data = self.client.request('POST', '/integration', call, body=body)
        try:
            obj = expect_object(data, ('integration',), call)
        except GijError as err:
            raise accepted(err, None)  # a 2xx reply: whatever it says, the server took the create
        return self.created(obj, call, body.get('displayName'), lambda item_id: self.find_created(item_id, params))

    def find_created(self, item_id, params):
        """A new integration its create's reply did not carry, read back from the list (which shows its namesakes)."""
        index = Index(self.list())
        if item_id is not None:
            return index.by_id.get(item_id)
        return index.named(params['name'], params.get('type'))

    def update(self, item_id, body, label):
        call = 'update integration %s' % label
        data = self.client.request('PUT', '/integration/%s' % quote_id(item_id), call, body=body)
        obj = expect_object(data, ('integration',), call)
        return self.written(obj, call, lambda dummy: self.get(item_id))

    def set_disabled(self, item_id, disabled, label):
        self.client.set_disabled(item_id, disabled, '%s integration %s' % ('disable' if disabled else 'enable', label))

    def delete(self, item_id, delete_files, label):
        """Delete; True if it was deleted, False if it was already gone."""
        return self.client.delete('/integration/%s' % quote_id(item_id), 'delete integration %s' % label,
                                  {'deleteFiles': 'true' if delete_files else 'false'})


def no_such_id(item_id):
    """A task that names an id to manage (not to delete) must find it: creating by id is impossible."""
    return GijError('Integration id %s does not exist: leave id out to create one by name.' % item_id)


class IntegrationReconciler(Reconciler):
    """Makes one integration match a task (git_integration's behaviour, reused for every item of a set)."""

    table = INTEGRATION
    deleted_summary = ('name', 'type', 'origin', 'disabled')

    def validate(self, params):
        check_task_rules(params)

    def lookup(self, params, fresh=False):
        if self.index is not None and not fresh:
            return self.pick(self.index, params)
        if params.get('id') is not None:
            current = self.service.get(params['id'])
            if current is None and params.get('state', 'present') == 'present':
                raise no_such_id(params['id'])
            return current
        return self.service.find_by_name(params['name'], params.get('type'))

    @staticmethod
    def pick(index, params):
        if params.get('id') is not None:
            found = index.by_id.get(params['id'])
            if found is None and params.get('state', 'present') == 'present':
                raise no_such_id(params['id'])
            return found
        return index.named(params['name'], params.get('type'))

    def same_identity(self, found, params):
        """Name and type, and the origin when the task gives one: a namesake of another type is someone else's."""
        if found.get('name') != params['name'] or found.get('type') != params.get('type'):
            return False
        return params.get('origin') is None or found.get('origin') == normalize(INTEGRATION.by_option['origin'], params['origin'])

    def check_create(self, params):
        kind = params.get('type')
        if not kind:
            raise GijError("No integration named '%s' exists and type is not set: type is required to create one." % params['name'])
        check_create_rules(params, kind)

    def predict_created(self, expected, params):
        origin = TYPES_BY_NAME[params['type']].cloud_origin
        if not expected.get('origin') and origin:
            expected['origin'] = origin
        return expected

    def check_change(self, params, current, changes):
        kind = current.get('type')
        if 'type' in changes:
            raise GijError('Integration %s is of type %s and cannot be changed to %s: delete it (state: absent) and '
                           'create it again, or pick another name.' % (describe(current), kind, params['type']))
        check_type_rules(params, kind)
        if 'name' in changes:
            index = self.index if self.index is not None else Index(self.service.list())
            taken = [item for item in index.by_name.get(params['name'], []) if item['id'] != current['id']]
            if taken:
                raise GijError("Cannot rename integration %s to '%s': integration id %s already has that name."
                               % (describe(current), params['name'], ', '.join(str(item['id']) for item in taken)))


class IntegrationSetReconciler:
    """Makes the server's integrations match a list of items, with one list request for all of them.

    Every item is first reconciled in check mode against the list just read, so a wrong item, an ambiguous name
    or a duplicate fails the task before anything is written. Then the writes happen item by item.
    """

    def __init__(self, service, check_mode=False, diff_mode=False):
        self.service = service
        self.check_mode = check_mode
        self.diff_mode = diff_mode
        self.summary = {'created': [], 'updated': [], 'deleted': [], 'unchanged': []}
        self.warnings = []

    def validate(self, items, exclusive):
        if exclusive and not items:
            raise GijError('exclusive: true with an empty list of integrations would delete every integration: refused. '
                           'To delete them all, list each one with state: absent.')
        for position, item in enumerate(items):
            try:
                check_task_rules(item)
            except GijError as err:
                raise GijError('%s: %s' % (label_of(position, item), err))

    def run(self, items, exclusive=False, delete_files=False):
        index = Index(self.service.list())
        plans, claimed = [], {}
        for position, item in enumerate(items):
            label = label_of(position, item)
            reconciler = IntegrationReconciler(self.service, check_mode=True, diff_mode=self.diff_mode, index=index)
            try:
                current = reconciler.lookup(item)
                planned = reconciler.run(item, current)
            except GijError as err:
                raise GijError('%s: %s' % (label, err))
            key = current['id'] if current else ('new', item.get('name'))
            if key in claimed:
                raise GijError('%s and integrations[%d] are the same integration: list it once.' % (label, claimed[key]))
            claimed[key] = position
            plans.append((position, item, current, planned))
        extra = [i for i in index.items if i['id'] not in claimed] if exclusive else []
        for integration in extra if delete_files else []:
            doubt = clone_doubt(INTEGRATION, integration)
            if doubt:
                raise GijError('exclusive_delete_files: true is refused for %s. No item lists it: to delete it without its '
                               'files, list it with state: absent.' % doubt)
        self.confirm_absent(plans)
        results = []
        try:
            for position, item, current, planned in plans:
                if not self.check_mode and planned['changed']:
                    reconciler = IntegrationReconciler(self.service, diff_mode=self.diff_mode, index=index)
                    try:
                        planned = reconciler.run(item, current)
                    except GijError as err:
                        if reconciler.applied:
                            self.count(item, current, {'changed': True, 'id': current['id'] if current else reconciler.created_id,
                                                       'integration': current or {'name': item.get('name')}})
                        raise GijError('%s: %s' % (label_of(position, item), err))
                    self.warnings.extend(planned.pop('warnings', []))
                results.append((item, current, planned))
                self.count(item, current, planned)
            for integration in extra:
                if not self.check_mode:
                    self.service.delete(integration['id'], delete_files, describe(integration))
                self.summary['deleted'].append({'name': integration.get('name'), 'id': integration['id']})
        except GijError as err:
            err.partial = dict(self.summary, changed=self.changed())
            raise
        return self.result(results, extra)

    def confirm_absent(self, plans):
        """Before creating on a list that came in pages, read it again: an integration that slipped past a shifting
        page must not be created twice. Refused, before any write, when one is found now."""
        creates = [(position, item) for position, item, current, planned in plans
                   if current is None and planned['changed'] and item.get('state', 'present') == 'present']
        if self.check_mode or not creates or self.service.pages_read < 2:
            return
        index = Index(self.service.list())
        for position, item in creates:
            found = IntegrationReconciler.pick(index, item)
            if found is not None:
                raise GijError('%s: the integration list changed while it was read in pages: %s was not in it, and is '
                               'now. Nothing was changed; run the task again.' % (label_of(position, item), describe(found)))

    def changed(self):
        return bool(self.summary['created'] or self.summary['updated'] or self.summary['deleted'])

    def count(self, item, current, result):
        name = result['integration'].get('name') or (current or {}).get('name') or item.get('name')
        entry = {'name': name, 'id': result.get('id')}
        if not result['changed']:
            self.summary['unchanged'].append(entry)
        elif item.get('state', 'present') == 'absent':
            self.summary['deleted'].append(entry)
        elif current is None:
            self.summary['created'].append(entry)
        else:
            self.summary['updated'].append(entry)

    def result(self, results, removed):
        # Unchanged integrations are listed (name and id) under 'unchanged' only: echoing the whole object of every
        # one would make a run over thousands of them cost many times its one request.
        facts = [result['integration'] for dummy, dummy2, result in results if result['changed'] and result['integration']]
        result = dict(self.summary, changed=self.changed(), integrations=facts)
        if self.warnings:
            result['warnings'] = list(self.warnings)
        if self.diff_mode:
            before, after = {}, {}
            for item, current, planned in results:
                if planned['changed']:
                    key = diff_key(planned['integration'].get('name') or (current or {}).get('name') or item.get('name'),
                                   planned.get('id'))
                    before[key], after[key] = planned['diff']['before'], planned['diff']['after']
            for integration in removed:
                key = diff_key(integration.get('name'), integration['id'])
                before[key], after[key] = {'name': integration.get('name'), 'type': integration.get('type')}, {}
            result['diff'] = {'before': before, 'after': after}
        return result


def label_of(position, item):
    return 'integrations[%d] (%s)' % (position, item.get('name') or 'id %s' % item.get('id'))


def diff_key(name, item_id):
    return '%s (id %s)' % (name, item_id) if item_id is not None else name


class IntegrationSetTask:
    """git_integrations: the whole set in one task."""

    def __init__(self, module):
        self.reconciler = IntegrationSetReconciler(None, check_mode=module.check_mode, diff_mode=module._diff)

    def validate(self, params):
        self.reconciler.validate(params['integrations'], params['exclusive'])

    def run(self, client, params):
        self.reconciler.service = IntegrationService(client)
        return self.reconciler.run(params['integrations'], params['exclusive'], params['exclusive_delete_files'])


class IntegrationInfo:
    """git_integration_info: integrations read and filtered, nothing changed."""

    def __init__(self, module):
        pass

    def validate(self, params):
        check_positive_id(params, 'id', 'integration id')
        check_not_blank(params, 'name')

    def run(self, client, params):
        service = IntegrationService(client)
        if params.get('id') is not None:
            found = service.get(params['id'])
            items = [found] if found else []
        elif params.get('name') is not None:
            items = Index(service.list()).by_name.get(params['name'], [])
        else:
            items = service.list()
        items = [item for item in items if params.get('type') is None or item.get('type') == params['type']]
        result = {'changed': False, 'integrations': items, 'integration_options': [INTEGRATION.options(i) for i in items]}
        if params.get('read_versions'):
            result.update(read_versions(client))
        return result


def read_versions(client):
    """Jira's and the app's versions where the user may read them (None: unknown), and a warning per odd value.

    Two requests outside the app, each one attempt bounded by ``timeout`` and never retried: facts, not the task.
    """
    jira = client.read_jira_optional(SERVER_INFO) or {}
    app = client.read_jira_optional(APP_IN_PLUGIN_MANAGER) or {}
    warnings = []
    facts = {'jira_version': version_or_none('jira_version', jira.get('version'), warnings),
             'app_version': version_or_none('app_version', app.get('version'), warnings),
             'app_enabled': app['enabled'] if isinstance(app.get('enabled'), bool) else None}
    if warnings:
        facts['warnings'] = warnings
    return facts


def version_or_none(name, value, warnings):
    """A version string as the server sent it when it is one; else None, with a warning that does not show the value
    (a version goes into files and terminals: a line break or an escape sequence in it would change what they show)."""
    if value is None:
        return None
    if isinstance(value, str) and VERSION.fullmatch(value):
        return value
    warnings.append('%s: the server\'s value is not a short version string (letters, digits and . _ + ~ -, at most %d '
                    'characters): reported as null.' % (name, VERSION_LIMIT))
    return None
