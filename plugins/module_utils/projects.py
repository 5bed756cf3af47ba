# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Jira projects by key: the app maps repositories to project ids, administrators think in keys (PLAT), and ids
differ between staging and production. Keys are resolved through Jira's own REST API, each once per task."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.gij.jira.plugins.module_utils.api import GijError, describe_reply, quote_id, unexpected
from ansible_collections.gij.jira.plugins.module_utils.fields import INTEGER_TEXT, JAVA_LONG_MAX, PROJECT_KEY

JIRA_API = '/rest/api/2'


class JiraProjects:
    """Jira's projects of one task: a key is read once (GET /rest/api/2/project/{key}) and then known both ways."""

    def __init__(self, client):
        self.client = client
        self.ids = {}  # KEY -> id
        self.keys = {}  # id -> KEY
        self.reads = 0
        self.listed = False

    def id_of(self, key):
        """The id of the project with ``key`` (any case); one clear line when Jira has none."""
        wanted = key.upper()
        if wanted not in self.ids:
            action = "read Jira project %s" % wanted
            self.reads += 1
            try:
                data = self.client.request('GET', '/project/%s' % quote_id(wanted), action, api=JIRA_API)
            except GijError as err:
                if err.missing:
                    raise GijError('No Jira project has the key %s (Jira answered: %s): nothing was changed. Check the '
                                   "key on Jira's project list." % (wanted, str(err).partition(': ')[2].rstrip('.')))
                raise
            self.remember(wanted, project_id(data, action, wanted))
        return self.ids[wanted]

    def ids_of(self, keys):
        return [self.id_of(key) for key in keys]

    def remember(self, key, item_id):
        self.ids[key] = item_id
        self.keys[item_id] = key

    def keys_of(self, ids):
        """The keys of project ids: those this task resolved, the others from Jira's project list, read once (None
        for an id Jira does not list)."""
        if any(item_id not in self.keys for item_id in ids) and not self.listed:
            self.read_list()
        return [self.keys.get(item_id) for item_id in ids]

    def read_list(self):
        """Every project the user can see (GET /rest/api/2/project, a bare list): one request for many ids."""
        action = 'list Jira projects'
        self.reads += 1
        self.listed = True
        data = self.client.request('GET', '/project', action, api=JIRA_API)
        if not isinstance(data, list) or not all(isinstance(item, dict) and isinstance(item.get('key'), str)
                                                 and PROJECT_KEY.match(item['key']) for item in data):
            raise unexpected(action, 'a list of projects, each with a key', data)
        for item in data:
            self.remember(item['key'].upper(), project_id(item, action, item['key'].upper()))


def project_id(data, action, key):
    """The numeric id of a Jira project reply ({"id": "10000", "key": "PLAT", ...}; Jira sends the id as text)."""
    text = data.get('id') if isinstance(data, dict) else None
    if isinstance(text, bool) or not (isinstance(text, int) or (isinstance(text, str) and INTEGER_TEXT.match(text))):
        raise GijError('Cannot %s: Jira answered with %s, where a project with a numeric id was expected. Nothing was '
                       'changed after it.' % (action, describe_reply(data)))
    if not isinstance(data.get('key'), str) or data['key'].upper() != key:
        raise GijError('Cannot %s: Jira answered with project %r, not %s. Nothing was changed after it.'
                       % (action, str(data.get('key'))[:40], key))
    item_id = int(text)
    if not 0 < item_id <= JAVA_LONG_MAX:
        raise GijError('Cannot %s: Jira answered with the project id %s, which is not a Jira id. Nothing was changed '
                       'after it.' % (action, item_id))
    return item_id
