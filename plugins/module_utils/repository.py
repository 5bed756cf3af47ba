# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Single repositories: the repository endpoints with their bare-object replies, and their rules."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.gij.jira.plugins.module_utils.api import GijError, expect_object
from ansible_collections.gij.jira.plugins.module_utils.fields import REPOSITORY, normalize
from ansible_collections.gij.jira.plugins.module_utils.reconcile import Reconciler, check_identity
from ansible_collections.gij.jira.plugins.module_utils.service import Service, accepted, describe


class RepositoryService(Service):
    """List, add, update, delete and enable/disable repositories. Add and update answer with bare objects."""

    table = REPOSITORY
    list_path = '/repository'
    list_key = 'repositories'

    def get(self, item_id):
        # No single-read endpoint is documented: the list is the read.
        found = [item for item in self.list() if item['id'] == item_id]
        return found[0] if found else None

    def find(self, origin, name=None):
        """The repository with exactly this origin (trailing slash aside), narrowed by display name if several."""
        field = REPOSITORY.by_option['origin']
        items = self.list()
        unreadable = [item['id'] for item in items if not isinstance(item.get('origin'), str) or not item['origin']]
        if unreadable:
            raise GijError('Cannot find repository %s by origin: repository id %s has no origin that can be read (missing, '
                           'null or not a string), so it may be the one. Nothing was changed; give id to manage a '
                           'repository.' % (origin, unreadable[0]))
        matches = [item for item in items if item['origin'] == normalize(field, origin)]
        if len(matches) > 1 and name:
            matches = [item for item in matches if item.get('name') == name] or matches
        if len(matches) > 1:
            raise GijError("%d repositories have the origin %s (ids %s): give id or name to choose one."
                           % (len(matches), origin, ', '.join(str(item['id']) for item in matches)))
        return matches[0] if matches else None

    def of_integration(self, integration_id):
        """Ids of the repositories the background discovery found for an integration."""
        return [item['id'] for item in self.list() if item.get('integration_id') == integration_id]

    def create(self, body, params):
        call = 'add repository %s' % body['origin']
        data = self.client.request('POST', '/repository', call, body=body)
        try:
            obj = expect_object(data, ('repository',), call, bare=True)
        except GijError as err:
            raise accepted(err, None)  # a 2xx reply: whatever it says, the server took the add
        return self.created(obj, call, body.get('displayName') or body['origin'],
                            lambda item_id: self.get(item_id) if item_id is not None
                            else self.find(body['origin'], body.get('displayName')))

    def update(self, item_id, body, label):
        call = 'update repository %s' % label
        data = self.client.request('PUT', '/repository', call, body=dict(body, id=item_id))
        obj = expect_object(data, ('repository',), call, bare=True)
        return self.written(obj, call, lambda dummy: self.get(item_id))

    def set_disabled(self, item_id, disabled, label):
        self.client.set_disabled(item_id, disabled, '%s repository %s' % ('disable' if disabled else 'enable', label))

    def delete(self, item_id, delete_files, label):
        """Delete; True if it was deleted, False if it was already gone."""
        return self.client.delete('/repository', 'delete repository %s' % label,
                                  {'id': item_id, 'deleteFiles': 'true' if delete_files else 'false'})


class RepositoryReconciler(Reconciler):
    """Makes one single repository match a task (git_repository)."""

    table = REPOSITORY
    natural_key = 'origin'
    deleted_summary = ('name', 'origin', 'disabled')

    def validate(self, params):
        check_identity(params, REPOSITORY, 'origin')
        if params.get('state', 'present') == 'absent':
            return
        if (params.get('real_root') is None) != (params.get('absolute_root') is None):
            raise GijError('real_root and absolute_root go together: absolute_root says whether real_root is an absolute '
                           'path or one relative to the Jira home git-plugin folder.')
        if params.get('project_mapping_ids') and params.get('global') is not False:
            raise GijError('project_mapping_ids needs global: false (a global repository applies to all projects).')

    def lookup(self, params, fresh=False):
        if params.get('id') is not None:
            current = self.service.get(params['id'])
            if current is None and params.get('state', 'present') == 'present':
                raise GijError('Repository id %s does not exist: leave id out to add one by origin.' % params['id'])
            return current
        return self.service.find(params['origin'], params.get('name'))

    def same_identity(self, found, params):
        """The origin (the lookup key) and the display name when the task gives one."""
        return params.get('name') is None or found.get('name') == params['name']

    def check_delete(self, params, current):
        self.refuse_nested(current, 'delete')

    def check_change(self, params, current, changes):
        if changes:
            fields = sorted(option for option in changes if option != 'disabled')
            self.refuse_nested(current, 'change %s of' % ', '.join(fields) if fields else 'change')

    @staticmethod
    def refuse_nested(current, what):
        if current.get('integration_id') is not None:
            raise GijError('Cannot %s repository %s: it belongs to integration id %s and is read-only here. Manage it '
                           'through the integration (gij.jira.git_integration).' % (what, describe(current), current['integration_id']))
