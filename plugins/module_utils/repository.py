# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Single repositories: the repository endpoints with their bare-object replies, and their rules."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.gij.jira.plugins.module_utils.fields import REPOSITORY
from ansible_collections.gij.jira.plugins.module_utils.service import Service


class RepositoryService(Service):
    """List, add, update, delete and enable/disable repositories. Add and update answer with bare objects."""

    table = REPOSITORY
    list_path = '/repository'
    list_key = 'repositories'
    object_keys = ('repository',)
    bare_replies = True
    create_verb = 'add'

    def get(self, item_id):
        # No single-read endpoint is documented: the list is the read.
        found = [item for item in self.list() if item['id'] == item_id]
        return found[0] if found else None

    def of_integration(self, integration_id):
        """Ids of the repositories the background discovery found for an integration."""
        return [item['id'] for item in self.nested_in(integration_id)]

    def nested_in(self, integration_id):
        """The repositories the background discovery found for an integration, from one list read."""
        return [item for item in self.list() if item.get('integration_id') == integration_id]

    def update(self, item_id, values, label):
        call = 'update repository %s' % label
        data = self.client.request('PUT', '/repository', call, body=dict(self.table.body(values), id=item_id))
        return self.written_object(data, call, item_id)

    def delete(self, item_id, delete_files, label):
        self.client.delete('/repository', 'delete repository %s' % label,
                                  {'id': item_id, 'deleteFiles': 'true' if delete_files else 'false'})

    def read_only_reason(self, facts):
        if facts.get('integration_id') is not None:
            return ('it belongs to integration id %s and is read-only here. Manage it through the integration '
                    '(gij.jira.git_integration)' % facts['integration_id'])
        return None
