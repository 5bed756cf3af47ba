# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Integrations: their endpoints and reply shapes, their rules, and reconciling one or a whole set."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.gij.jira.plugins.module_utils.api import SERVER_INFO, GijError, expect_object, quote_id
from ansible_collections.gij.jira.plugins.module_utils.fields import INTEGRATION, check_not_blank, check_positive_id
from ansible_collections.gij.jira.plugins.module_utils.service import Index, Service


# Jira's plugin manager (UPM) reports the app's version and whether it is enabled, to administrators.
APP_IN_PLUGIN_MANAGER = '/rest/plugins/1.0/com.xiplink.jira.git.jira_git_plugin-key'
# What a version of Jira or of the app looks like (9.12.2, 10.0.0-m0004, 4.28.6; suffixes too): nothing else is shown.
VERSION_LIMIT = 64
VERSION = re.compile(r'[0-9A-Za-z][0-9A-Za-z._+~-]{0,%d}' % (VERSION_LIMIT - 1))


class IntegrationService(Service):
    """The integration endpoints, each reply checked against the shape its call documents (api-notes.md section 2)."""

    table = INTEGRATION
    list_path = '/integration'
    list_key = 'integrations'
    object_keys = ('integration',)

    def get(self, item_id):
        """One integration, or None when the server says it does not exist."""
        call = 'read integration id %s' % item_id
        try:
            data = self.client.request('GET', '/integration/%s' % quote_id(item_id), call)
        except GijError as err:
            if err.missing:
                return None
            raise
        # Documented: a one-element list under 'integration'; the vendor's example said 'integrations' until 2023-10.
        obj = expect_object(data, ('integration', 'integrations'), call)
        if obj is None or set(obj) == {'id'}:
            raise GijError('Cannot %s: the server answered with success but without the integration.' % call)
        return self.facts(obj, call)

    def update(self, item_id, values, label):
        call = 'update integration %s' % label
        data = self.client.request('PUT', '/integration/%s' % quote_id(item_id), call, body=self.table.body(values))
        return self.written_object(data, call, item_id)

    def delete(self, item_id, delete_files, label):
        self.client.delete('/integration/%s' % quote_id(item_id), 'delete integration %s' % label,
                           {'deleteFiles': 'true' if delete_files else 'false'})

    def select(self, params):
        """The integrations an info task asks for: by id, else by name, else all; then of its type only."""
        if params.get('id') is not None:
            found = self.get(params['id'])
            items = [found] if found else []
        elif params.get('name') is not None:
            items = Index(self.list(), self.table).matching(params)
        else:
            items = self.list()
        return [item for item in items if params.get('type') is None or item.get('type') == params['type']]


def integration_named(integrations, name):
    """The one integration of ``integrations`` whose display name is exactly ``name``, for a task that takes
    integration_name (git_reindex, git_repository_info); one line when none or several have it."""
    matches = Index(integrations, INTEGRATION).matching({INTEGRATION.natural_key: name})
    if not matches:
        raise GijError("No integration is named '%s'." % name)
    if len(matches) > 1:
        raise GijError("%d integrations are named '%s' (ids %s): give integration_id to choose one."
                       % (len(matches), name, ', '.join(str(item['id']) for item in matches)))
    return matches[0]


class IntegrationInfo:
    """git_integration_info: integrations read and filtered, nothing changed."""

    def validate(self, params):
        check_positive_id(params, 'id', 'integration id')
        check_not_blank(params, 'name')

    def run(self, client, params):
        items = IntegrationService(client).select(params)
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
