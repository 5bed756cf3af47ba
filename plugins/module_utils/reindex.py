# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Starting a reindex and following it to the end (POST /rest/gitplugin/2.0/reindex, GET .../index.json)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

from ansible_collections.gij.jira.plugins.module_utils.api import GijError, payload_of


class ReindexService:
    def __init__(self, client, clock=time.time, sleep=time.sleep):
        self.client = client
        self.clock = clock
        self.sleep = sleep

    def repositories_of(self, integration_id):
        """Ids of the repositories the background discovery found for an integration (by trackedFolderId)."""
        data = self.client.request('GET', '/repository', 'list repositories')
        items = payload_of(data, 'repository', 'repositories') or []
        return [item['id'] for item in items if str(item.get('trackedFolderId')) == str(integration_id)]

    def start(self, repository_id=None, priority=None):
        """Start a reindex of one repository (or of everything with None); returns the thread id."""
        body = {}
        if repository_id is not None:
            body['repoId'] = repository_id
        if priority is not None:
            body['priority'] = priority
        what = 'repository %s' % repository_id if repository_id is not None else 'all repositories'
        # Starting twice only queues the same work twice, so a retry on 429/503 is harmless here.
        data = self.client.request('POST', '/reindex', 'start a reindex of %s' % what, body=body, version='2.0', retry=True)
        thread_id = data.get('threadId') if isinstance(data, dict) else None
        if not thread_id:
            raise GijError('Cannot start a reindex of %s: the server answered without a threadId.' % what)
        return thread_id

    def status(self, thread):
        query = {'threadId': thread['thread_id']}
        if thread['repository_id'] is not None:
            query['repoId'] = thread['repository_id']
        data = self.client.request('GET', '/index.json', 'read the progress of reindex %s' % thread['thread_id'], query=query)
        thread.update(finished=bool(data.get('finished')), percent=data.get('lastOperationPercent'),
                      messages=list(data.get('messages') or []), errors=list(data.get('errors') or []))
        return thread

    def wait(self, threads, timeout, interval):
        """Poll every unfinished thread until all are finished or ``timeout`` seconds have passed."""
        deadline = self.clock() + timeout
        while True:
            for thread in threads:
                if not thread['finished']:
                    self.status(thread)
            running = [t for t in threads if not t['finished']]
            if not running:
                return threads
            if self.clock() >= deadline:
                raise GijError('The reindex did not finish within %s seconds (%s); it goes on in the background. '
                               'Raise wait_timeout, or run without wait.'
                               % (timeout, ', '.join('%s at %s%%' % (_target(t), t.get('percent') or 0) for t in running)))
            self.sleep(interval)


def _target(thread):
    return 'repository %s' % thread['repository_id'] if thread['repository_id'] is not None else 'all repositories'


def failures(threads):
    """One line naming every reindex that reported errors, with the server's messages."""
    bad = ['%s: %s' % (_target(t), '; '.join(str(e) for e in t['errors'])) for t in threads if t.get('errors')]
    return 'The reindex reported errors: %s.' % ' | '.join(bad) if bad else None
