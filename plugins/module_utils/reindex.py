# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Starting a reindex and following it to the end (POST /rest/gitplugin/2.0/reindex, GET .../index.json)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re
import time

from ansible_collections.gij.jira.plugins.module_utils.api import (
    GITPLUGIN_2, SERVER_TEXT_LIMIT, GijError, describe_reply, printable, server_words, unexpected,
)
from ansible_collections.gij.jira.plugins.module_utils.fields import check_not_blank, check_positive_id, to_bool
from ansible_collections.gij.jira.plugins.module_utils.integration import IntegrationService, integration_named
from ansible_collections.gij.jira.plugins.module_utils.repository import RepositoryService

TARGET_OPTIONS = ('repository_id', 'repository_name', 'integration_id', 'integration_name')
# What a reindex start may answer as its thread id, which goes back to the server and into the result (a UUID).
THREAD_ID = re.compile(r'[A-Za-z0-9._:-]{1,64}')
# Progress as a number, or as text such as "50" or "50 %" (replies write booleans as text too).
PERCENT_TEXT = re.compile(r'\s*(\d{1,3}(?:\.\d+)?)\s*%?\s*')
# How many messages (and errors) of one reindex the result keeps, and the failure line shows.
TEXTS_LIMIT = 20
ERRORS_IN_FAILURE = 3
THREADS_IN_FAILURE = 5


class ReindexService:
    def __init__(self, client, clock=time.monotonic):
        self.client = client
        self.clock = clock  # injected by the tests, which also fake the client's sleep

    def start(self, repository_id=None, priority=None):
        """Start a reindex of one repository (or of everything with None); returns the reply of the accepted start."""
        body = {}
        if repository_id is not None:
            body['repoId'] = repository_id
        if priority is not None:
            body['priority'] = priority
        call = 'start a reindex of %s' % target_name(repository_id)
        return self.client.request('POST', '/reindex', call, body=body, api=GITPLUGIN_2)

    def status(self, thread):
        query = {'threadId': thread['thread_id']}
        if thread['repository_id'] is not None:
            query['repoId'] = thread['repository_id']
        call = 'read the progress of reindex %s' % thread['thread_id']
        data = self.client.request('GET', '/index.json', call, query=query)
        finished = to_bool(data.get('finished')) if isinstance(data, dict) else None
        if finished is None:
            raise unexpected(call, 'an object with finished: true or false', data)
        percent = percentage(data.get('lastOperationPercent'), call)
        if percent is None:
            percent = thread['percent']  # not reported this time: still the last one
        elif percent < thread['percent']:
            raise GijError('Cannot %s: the progress went back from %s%% to %s%%, so it cannot tell when the reindex ends. '
                           'The reindex goes on in the background.' % (call, thread['percent'], percent))
        thread.update(finished=finished, percent=percent,
                      messages=server_texts(data.get('messages'), self.client.secrets),
                      errors=server_texts(data.get('errors'), self.client.secrets))
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
                               % (timeout, ', '.join('%s at %s%%' % (target_name(t['repository_id']), t.get('percent') or 0)
                                                     for t in running)))
            self.client.sleep(interval)


def thread_id_of(data, call):
    """The thread id of an accepted start: a short token, since it is sent back and returned; one line otherwise."""
    thread_id = data.get('threadId') if isinstance(data, dict) else None
    if isinstance(thread_id, str) and THREAD_ID.fullmatch(thread_id):
        return thread_id
    what = describe_reply(data) if thread_id is None else 'a threadId that is not a short token'
    raise GijError('Cannot %s: the server answered with %s, where a threadId (at most 64 letters, digits and . _ : -) '
                   'was expected. The reindex may have started, but its progress cannot be followed.' % (call, what))


def percentage(value, call):
    """The progress as a number from 0 to 100, or None when the reply leaves it out; one line for anything else."""
    if value is None:
        return None
    number = None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and PERCENT_TEXT.fullmatch(value):
        number = float(PERCENT_TEXT.fullmatch(value).group(1))
    if number is None or not 0 <= number <= 100:  # NaN and infinity fail the comparison too
        raise GijError('Cannot %s: the progress (lastOperationPercent) is %s, not a percentage from 0 to 100. The reindex '
                       'goes on in the background, but its progress cannot be followed.'
                       % (call, printable(json.dumps(value))[:40]))
    return int(number) if number == int(number) else number


def server_texts(value, secrets):
    """Messages or errors as the server sent them, a list or a map (keys and values both kept): the first TEXTS_LIMIT,
    each printable on one line, masked, cut short, and a last line saying how many more there were."""
    if value is None:
        return []
    if isinstance(value, dict):
        entries = sorted(value.items(), key=lambda kv: str(kv[0]))[:TEXTS_LIMIT]
        items = ['%s: %s' % (key, server_words(text)) for key, text in entries]
    else:
        items = (value if isinstance(value, list) else [value])[:TEXTS_LIMIT]
    texts = [secrets.mask(printable(server_words(item)))[:SERVER_TEXT_LIMIT] for item in items]
    total = len(value) if isinstance(value, (list, dict)) else 1
    if total > TEXTS_LIMIT:
        texts.append('(%d more not shown)' % (total - TEXTS_LIMIT))
    return texts


def target_name(repository_id):
    return 'repository %s' % repository_id if repository_id is not None else 'all repositories'


def failures(threads):
    """One line naming the reindexes that reported errors, with the server's first messages (all are in the result)."""
    bad = [t for t in threads if t.get('errors')]
    if not bad:
        return None
    parts = ['%s: %s%s' % (target_name(t['repository_id']), '; '.join(t['errors'][:ERRORS_IN_FAILURE]),
                           '; ...' if len(t['errors']) > ERRORS_IN_FAILURE else '') for t in bad[:THREADS_IN_FAILURE]]
    if len(bad) > THREADS_IN_FAILURE:
        parts.append('... (%d reindexes reported errors)' % len(bad))
    return 'The reindex reported errors: %s.' % ' | '.join(parts)


def repository_named(items, name):
    """The one repository of the list whose display name is exactly ``name``; one line when none or several have it
    (names are unique within an integration at most: two integrations may each discover an 'app')."""
    matches = [item for item in items if item.get('name') == name]
    if not matches:
        raise GijError("No repository is named '%s' in the repository list: nothing was started. Check the name with "
                       'gij.jira.git_repository_info.' % name)
    if len(matches) > 1:
        raise GijError("%d repositories are named '%s' (ids %s): nothing was started. Give repository_id to choose one."
                       % (len(matches), name, ', '.join(str(item['id']) for item in matches)))
    return matches[0]


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
            raise GijError('Say what to reindex: one of repository_id, repository_name, integration_id, integration_name, '
                           'or all: true.')
        for option in ('repository_id', 'integration_id'):
            check_positive_id(params, option, 'id')
        for option in ('repository_name', 'integration_name'):
            check_not_blank(params, option)
        if params['wait_timeout'] <= 0 or params['poll_interval'] <= 0:
            raise GijError('wait_timeout and poll_interval must be positive.')

    def targets(self, client, params):
        if params['all']:
            return [None]
        if params.get('repository_id') is not None:
            # Checked first: once a start is sent, only a clear refusal says nothing started, and no read can tell.
            if params['repository_id'] not in [item['id'] for item in RepositoryService(client).list()]:
                raise GijError('No repository has id %s in the repository list: nothing was started. Check the id with '
                               'the repository list.' % params['repository_id'])
            return [params['repository_id']]
        if params.get('repository_name') is not None:
            return [repository_named(RepositoryService(client).list(), params['repository_name'])['id']]
        integration_id = params.get('integration_id')
        if params.get('integration_name') is not None:
            integration_id = integration_named(IntegrationService(client).list(), params['integration_name'])['id']
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
        started = False
        try:
            for target in targets:
                reply = reindex.start(target, params.get('priority'))
                started = True  # accepted by the server, whatever its reply says
                thread_id = thread_id_of(reply, 'start a reindex of %s' % target_name(target))
                self.threads.append({'repository_id': target, 'thread_id': thread_id, 'finished': False, 'percent': 0,
                                     'messages': [], 'errors': []})
            if params['wait']:
                reindex.wait(self.threads, params['wait_timeout'], params['poll_interval'])
        except GijError as err:
            if err.outcome_unknown:  # no endpoint lists running reindexes: nothing can be read to tell
                started = True
                err = GijError('%s The reindex may have started (no read can tell): it goes on in the background; check '
                               'the app\'s admin page before starting it again.' % err)
            if started:
                err.partial = {'changed': True, 'repository_ids': repository_ids, 'threads': self.threads}
            raise err
        result = {'changed': True, 'repository_ids': repository_ids, 'threads': self.threads}
        problem = failures(self.threads)
        if problem:
            err = GijError(problem)
            err.partial = result
            raise err
        return result
