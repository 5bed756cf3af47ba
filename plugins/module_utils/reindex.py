# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Starting a reindex and following it to the end (POST /rest/gitplugin/2.0/reindex, GET .../index.json)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

from ansible_collections.gij.jira.plugins.module_utils.api import (
    GITPLUGIN_2, SERVER_TEXT_LIMIT, GijError, server_words, unexpected,
)
from ansible_collections.gij.jira.plugins.module_utils.fields import check_not_blank, check_positive_id, to_bool
from ansible_collections.gij.jira.plugins.module_utils.integration import IntegrationService
from ansible_collections.gij.jira.plugins.module_utils.repository import RepositoryService

TARGET_OPTIONS = ('repository_id', 'integration_id', 'integration_name')


class ReindexService:
    def __init__(self, client):
        self.client = client

    def start(self, repository_id=None, priority=None):
        """Start a reindex of one repository (or of everything with None); returns the thread id."""
        body = {}
        if repository_id is not None:
            body['repoId'] = repository_id
        if priority is not None:
            body['priority'] = priority
        call = 'start a reindex of %s' % target_name(repository_id)
        # Starting twice only queues the same work twice, so a retry on 429/503 is harmless here.
        data = self.client.request('POST', '/reindex', call, body=body, api=GITPLUGIN_2, retry=True)
        thread_id = data.get('threadId') if isinstance(data, dict) else None
        if not isinstance(thread_id, str) or not thread_id:
            raise unexpected(call, 'a threadId', data)
        return thread_id

    def status(self, thread):
        query = {'threadId': thread['thread_id']}
        if thread['repository_id'] is not None:
            query['repoId'] = thread['repository_id']
        call = 'read the progress of reindex %s' % thread['thread_id']
        data = self.client.request('GET', '/index.json', call, query=query)
        finished = to_bool(data.get('finished')) if isinstance(data, dict) else None
        if finished is None:
            raise unexpected(call, 'an object with finished: true or false', data)
        thread.update(finished=finished, percent=data.get('lastOperationPercent'),
                      messages=server_texts(data.get('messages'), self.client.secrets),
                      errors=server_texts(data.get('errors'), self.client.secrets))
        return thread

    def wait(self, threads, timeout, interval):
        """Poll every unfinished thread until all are finished or ``timeout`` seconds have passed."""
        deadline = time.monotonic() + timeout
        while True:
            for thread in threads:
                if not thread['finished']:
                    self.status(thread)
            running = [t for t in threads if not t['finished']]
            if not running:
                return threads
            if time.monotonic() >= deadline:
                raise GijError('The reindex did not finish within %s seconds (%s); it goes on in the background. '
                               'Raise wait_timeout, or run without wait.'
                               % (timeout, ', '.join('%s at %s%%' % (target_name(t['repository_id']), t.get('percent') or 0)
                                                     for t in running)))
            self.client.sleep(interval)


def server_texts(value, secrets):
    """Messages or errors as the server sent them, a list or a map: keys and values both kept, masked, cut short."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value] if not isinstance(value, dict) else \
        ['%s: %s' % (key, server_words(text)) for key, text in sorted(value.items(), key=lambda kv: str(kv[0]))]
    return [secrets.mask(server_words(item))[:SERVER_TEXT_LIMIT] for item in items]


def target_name(repository_id):
    return 'repository %s' % repository_id if repository_id is not None else 'all repositories'


def failures(threads):
    """One line naming every reindex that reported errors, with the server's messages."""
    bad = ['%s: %s' % (target_name(t['repository_id']), '; '.join(t['errors'])) for t in threads if t.get('errors')]
    return 'The reindex reported errors: %s.' % ' | '.join(bad) if bad else None


class Reindexer:
    """git_reindex: which repositories to reindex, starting them, and waiting for them."""

    def __init__(self, module):
        self.check_mode = module.check_mode
        self.threads = []

    def validate(self, params):
        chosen = [k for k in TARGET_OPTIONS if params.get(k) is not None]
        if len(chosen) > 1:
            raise GijError('%s are mutually exclusive: give one of them, not %s.'
                           % (', '.join(TARGET_OPTIONS), ' and '.join(chosen)))
        if params['all'] == bool(chosen):
            raise GijError('Say what to reindex: one of repository_id, integration_id, integration_name, or all: true.')
        for option in ('repository_id', 'integration_id'):
            check_positive_id(params, option, 'id')
        check_not_blank(params, 'integration_name')
        if params['wait_timeout'] <= 0 or params['poll_interval'] <= 0:
            raise GijError('wait_timeout and poll_interval must be positive.')

    def targets(self, client, params):
        if params['all']:
            return [None]
        if params.get('repository_id') is not None:
            return [params['repository_id']]
        integration_id = params.get('integration_id')
        if params.get('integration_name') is not None:
            found = IntegrationService(client).find({'name': params['integration_name']})
            if found is None:
                raise GijError("No integration is named '%s'." % params['integration_name'])
            integration_id = found['id']
        return RepositoryService(client).of_integration(integration_id)

    def run(self, client, params):
        targets = self.targets(client, params)
        repository_ids = [t for t in targets if t is not None]
        if not targets:
            return {'changed': False, 'repository_ids': [], 'threads': [],
                    'warnings': ['Integration %s has no repositories yet (they are discovered in the background): '
                                 'nothing to reindex.' % (params.get('integration_name') or params.get('integration_id'))]}
        if self.check_mode:
            return {'changed': True, 'repository_ids': repository_ids, 'threads': []}
        reindex = ReindexService(client)
        try:
            for target in targets:
                thread_id = reindex.start(target, params.get('priority'))
                self.threads.append({'repository_id': target, 'thread_id': thread_id, 'finished': False, 'percent': 0,
                                     'messages': [], 'errors': []})
            if params['wait']:
                reindex.wait(self.threads, params['wait_timeout'], params['poll_interval'])
        except GijError as err:
            if self.threads:
                err.partial = {'changed': True, 'repository_ids': repository_ids, 'threads': self.threads}
            raise
        result = {'changed': True, 'repository_ids': repository_ids, 'threads': self.threads}
        problem = failures(self.threads)
        if problem:
            err = GijError(problem)
            err.partial = result
            raise err
        return result
