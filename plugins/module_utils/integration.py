# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reading, looking up and reconciling integrations: the logic behind the integration modules."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.gij.jira.plugins.module_utils.api import GijError, payload_of, quote_id, single_object
from ansible_collections.gij.jira.plugins.module_utils.fields import (
    AWS_REGIONS, CLOUD_ORIGINS, INTEGRATION, MICROSOFT_TYPES, REQUIRED_CREDENTIALS, SELF_HOSTED_TYPES,
)
from ansible_collections.gij.jira.plugins.module_utils.reconcile import Reconciler, describe

PAGE_LIMIT = 100


def check_task_rules(params):
    """Rules that need nothing from the server. Raises GijError naming the option."""
    kind = params.get('type')
    if params.get('name') is not None and not params['name'].strip():
        raise GijError('name must not be empty.')
    if params.get('id') is not None and params['id'] <= 0:
        raise GijError('id must be a positive integration id, got %s.' % params['id'])
    if params.get('state', 'present') == 'absent':
        return
    if kind in SELF_HOSTED_TYPES and not params.get('origin'):
        what = 'the folder pattern, e.g. /srv/git/*' if kind == 'FILESPACE' else 'the URL of your server'
        raise GijError('origin is required for type %s (%s).' % (kind, what))
    check_type_specific(params, kind)
    if params.get('folder_depth') is not None and not 1 <= params['folder_depth'] <= 5:
        raise GijError('folder_depth must be between 1 and 5, got %s.' % params['folder_depth'])
    api_path = params.get('api_path')
    if api_path and not api_path.startswith('/'):
        raise GijError('api_path must start with "/" (a path relative to the git host API), got %r.' % api_path)
    for option in ('api_path', 'api_filter'):
        if len(params.get(option) or '') > 2000:
            raise GijError('%s must be at most 2000 characters long.' % option)
    if (params.get('max_mins_to_commit_email') or 0) < 0:
        raise GijError('max_mins_to_commit_email must not be negative.')
    if params.get('project_mapping_ids') and params.get('global') is not False:
        raise GijError('project_mapping_ids needs global: false (a global integration applies to all projects and '
                       'the server ignores or refuses project ids).')


def check_type_specific(params, kind):
    """Options that belong to one family of types. ``kind`` is the task's or the server's type."""
    if kind is None:
        return
    if params.get('aws_region') and kind != 'AWS':
        raise GijError('aws_region is only valid for type AWS, not %s.' % kind)
    if kind == 'AWS' and not params.get('aws_region'):
        raise GijError('aws_region is required for type AWS (one of %s). The server never returns it, so every '
                       'task for an AWS integration must set it.' % ', '.join(AWS_REGIONS))
    if params.get('tfs_collection') and kind not in MICROSOFT_TYPES:
        raise GijError('tfs_collection is only valid for the Microsoft types (%s), not %s.' % (', '.join(MICROSOFT_TYPES), kind))
    if params.get('folder_depth') is not None and kind != 'FILESPACE':
        raise GijError('folder_depth is only valid for type FILESPACE, not %s.' % kind)
    if kind == 'FILESPACE' and params.get('folder_depth') is None:
        raise GijError('folder_depth (1-5) is required for type FILESPACE. The server never returns it, so every '
                       'task for a tracked folder must set it.')


def check_create_credentials(params, kind):
    alternatives = REQUIRED_CREDENTIALS[kind]
    if any(all(params.get(name) for name in names) for names in alternatives):
        return
    wanted = ' or '.join(' and '.join(names) for names in alternatives)
    raise GijError('Creating a %s integration needs %s.' % (kind, wanted))


def no_such_id(item_id):
    """A task that names an id to manage (not to delete) must find it: creating by id is impossible."""
    return GijError('Integration id %s does not exist: leave id out to create one by name.' % item_id)


def pick_by_name(integrations, name, kind=None):
    """The integration whose display name is exactly ``name``; narrowed by type if several share it.

    More than one match is an error that lists the ids: changing the wrong one is worse than stopping.
    """
    matches = [item for item in integrations if item.get('displayName') == name]
    if len(matches) > 1 and kind:
        matches = [item for item in matches if item.get('integrationType') == kind] or matches
    if len(matches) > 1:
        ids = ', '.join(str(item.get('id')) for item in matches)
        raise GijError("%d integrations are named '%s' (ids %s): give id to choose one." % (len(matches), name, ids))
    return matches[0] if matches else None


class IntegrationService:
    """Integration endpoints with their documented reply shapes normalised away."""

    def __init__(self, client):
        self.client = client

    def list(self):
        """Every integration; follows offset/limit pagination if the server uses it."""
        items = []
        query = None
        while True:
            data = self.client.request('GET', '/integration', 'list integrations', query=query)
            page = payload_of(data)
            page = page if isinstance(page, list) else [page] if page else []
            items.extend(page)
            total = data.get('total') if isinstance(data, dict) else None
            if total is None or not page or len(items) >= int(total):
                return items
            query = {'offset': len(items), 'limit': PAGE_LIMIT}

    def get(self, item_id):
        """One integration, or None when the server says it does not exist."""
        try:
            data = self.client.request('GET', '/integration/%s' % quote_id(item_id), 'read integration id %s' % item_id)
        except GijError as err:
            if err.missing:
                return None
            raise
        return single_object(payload_of(data), 'integration')

    def find_by_name(self, name, kind=None):
        return pick_by_name(self.list(), name, kind)

    def create(self, body):
        data = self.client.request('POST', '/integration', "create integration '%s'" % body.get('displayName'), body=body)
        return single_object(payload_of(data), 'integration')

    def update(self, item_id, body, label):
        data = self.client.request('PUT', '/integration/%s' % quote_id(item_id), 'update integration %s' % label, body=body)
        return single_object(payload_of(data), 'integration')

    def set_disabled(self, item_id, disabled, label):
        self.client.set_disabled(item_id, disabled, '%s integration %s' % ('disable' if disabled else 'enable', label))

    def delete(self, item_id, delete_files, label):
        """Delete; True if it was deleted, False if it was already gone."""
        return self.client.delete('/integration/%s' % quote_id(item_id), 'delete integration %s' % label,
                                  {'deleteFiles': 'true' if delete_files else 'false'})


class IntegrationReconciler(Reconciler):
    """Makes one integration match a task (git_integration's behaviour, reusable for many items)."""

    noun = 'integration'
    table = INTEGRATION
    deleted_summary = ('name', 'type', 'origin', 'disabled')

    def check_rules(self, params):
        check_task_rules(params)

    def lookup(self, params):
        if params.get('id') is not None:
            current = self.service.get(params['id'])
            if current is None and params.get('state', 'present') == 'present':
                raise no_such_id(params['id'])
            return current
        return self.service.find_by_name(params['name'], params.get('type'))

    def check_delete(self, params, current):
        if params.get('delete_files') and current.get('integrationType') == 'FILESPACE':
            raise GijError('delete_files: true is refused for the tracked folder %s: its "clones" are your original '
                           'repositories. Delete it with delete_files: false.' % describe(current))

    def check_create(self, params):
        kind = params.get('type')
        if not kind:
            raise GijError("No integration named '%s' exists and type is not set: type is required to create one." % params['name'])
        check_create_credentials(params, kind)

    def predict_created(self, expected, params):
        if not expected.get('origin') and params['type'] in CLOUD_ORIGINS:
            expected['origin'] = CLOUD_ORIGINS[params['type']]
        return expected

    def check_update(self, params, current):
        kind = current.get('integrationType')
        if params.get('type') and kind and params['type'] != kind:
            raise GijError('Integration %s is of type %s and cannot be changed to %s: delete it (state: absent) and '
                           'create it again, or pick another name.' % (describe(current), kind, params['type']))
        check_type_specific(params, kind)


def match_item(item, integrations):
    """The integration an item of a set refers to, from an already read list (None if absent)."""
    if item.get('id') is not None:
        found = [i for i in integrations if str(i.get('id')) == str(item['id'])]
        if not found and item.get('state', 'present') == 'present':
            raise no_such_id(item['id'])
        return found[0] if found else None
    return pick_by_name(integrations, item['name'], item.get('type'))


class IntegrationSetReconciler:
    """Makes the server's integrations match a list of items, with one list request for all of them.

    Every item is first reconciled in check mode against the list just read, so a wrong item, an ambiguous name
    or a duplicate fails the task before anything is written. Then the writes happen item by item.
    """

    def __init__(self, service, check_mode=False, diff_mode=False):
        self.service = service
        self.check_mode = check_mode
        self.diff_mode = diff_mode

    def run(self, items, exclusive=False, delete_files=False):
        integrations = self.service.list()
        plans = []
        claimed = {}
        for index, item in enumerate(items):
            label = 'integrations[%d] (%s)' % (index, item.get('name') or 'id %s' % item.get('id'))
            if item.get('id') is None and not item.get('name'):
                raise GijError('%s: give name or id.' % label)
            try:
                current = match_item(item, integrations)
                planned = IntegrationReconciler(self.service, check_mode=True, diff_mode=self.diff_mode).run(item, current)
            except GijError as err:
                raise GijError('%s: %s' % (label, err))
            key = current['id'] if current else ('new', item.get('name'))
            if key in claimed:
                raise GijError('%s and integrations[%d] are the same integration: list it once.' % (label, claimed[key]))
            claimed[key] = index
            plans.append((item, current, planned))
        listed = set(key for key in claimed if not isinstance(key, tuple))
        extra = [i for i in integrations if i.get('id') not in listed] if exclusive else []

        results = []
        for item, current, planned in plans:
            if self.check_mode or not planned['changed']:
                results.append((item, current, planned))
            else:
                real = IntegrationReconciler(self.service, check_mode=False, diff_mode=self.diff_mode).run(item, current)
                results.append((item, current, real))
        removed = []
        for integration in extra:
            wipe = delete_files and integration.get('integrationType') != 'FILESPACE'  # never a tracked folder's files
            if not self.check_mode:
                self.service.delete(integration['id'], wipe, describe(integration))
            removed.append(integration)
        return self.summarize(results, removed)

    def summarize(self, results, removed):
        summary = {'created': [], 'updated': [], 'deleted': [], 'unchanged': []}
        facts = []
        before, after = {}, {}
        for item, current, result in results:
            name = result['integration'].get('name') or (current or {}).get('displayName') or item.get('name')
            entry = {'name': name, 'id': result.get('id')}
            key = '%s (id %s)' % (name, entry['id']) if entry['id'] is not None else name
            if not result['changed']:
                summary['unchanged'].append(entry)
            elif item.get('state', 'present') == 'absent':
                summary['deleted'].append(entry)
            elif current is None:
                summary['created'].append(entry)
            else:
                summary['updated'].append(entry)
            if result['integration']:
                facts.append(result['integration'])
            if self.diff_mode and result['changed']:
                before[key] = result['diff']['before']
                after[key] = result['diff']['after']
        for integration in removed:
            name, item_id = integration.get('displayName'), integration.get('id')
            summary['deleted'].append({'name': name, 'id': item_id})
            if self.diff_mode:
                before['%s (id %s)' % (name, item_id)] = {'name': name, 'type': integration.get('integrationType')}
                after['%s (id %s)' % (name, item_id)] = {}
        changed = bool(summary['created'] or summary['updated'] or summary['deleted'])
        result = dict(summary, changed=changed, integrations=facts)
        if self.diff_mode:
            result['diff'] = {'before': before, 'after': after}
        return result
