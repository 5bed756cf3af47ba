# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""ReindexService against the emulator: start, poll, time out on its clock; the server's texts, masked."""

import pytest

from ansible_collections.gij.jira.plugins.module_utils.api import GijClient, GijError, Secrets
from ansible_collections.gij.jira.plugins.module_utils.reindex import ReindexService, failures, server_texts, thread_id_of

from ansible_collections.gij.jira.tests.unit.emulator_support import TOKEN


class Clock:
    """Time that moves only when the client sleeps: a wait_timeout test without waiting."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


def reindexer(emulator, clock):
    client = GijClient({'jira_url': emulator.url, 'jira_token': TOKEN, 'timeout': 5}, environ={}, sleep=clock.sleep)
    return ReindexService(client, clock=clock)


def thread(thread_id, repository_id=None):
    return {'thread_id': thread_id, 'repository_id': repository_id, 'finished': False, 'percent': 0}


def test_start_and_wait_polls_until_every_thread_is_finished(emulator):
    emulator.reset([{'displayName': 'GH', 'type': 'GITHUB', 'pat': 'p'}], reindex_polls=3)
    clock = Clock()
    service = reindexer(emulator, clock)
    ids = [r['id'] for r in emulator.repositories()]  # what the app's background discovery found
    threads = [thread(thread_id_of(service.start(repository_id), 'start'), repository_id) for repository_id in ids]
    done = service.wait(threads, timeout=60, interval=5)
    assert [(t['finished'], t['percent'], t['errors']) for t in done] == [(True, 100, []), (True, 100, [])]
    assert clock.now > 1000.0  # it slept between polls, on the client's sleep
    polls = [r for r in emulator.state.log if r['path'].endswith('/index.json')]
    assert len(polls) >= 4 and {r['query']['repoId'] for r in polls} == set(str(i) for i in ids)


def test_wait_gives_up_at_its_timeout_naming_each_running_thread(emulator):
    emulator.reset(reindex_polls=1000)
    clock = Clock()
    service = reindexer(emulator, clock)
    running = thread(thread_id_of(service.start(), 'start'))
    with pytest.raises(GijError, match=r'^The reindex did not finish within 30 seconds \(all repositories at \d+%\); it goes on'):
        service.wait([running], timeout=30, interval=10)
    assert 1030.0 <= clock.now <= 1040.0  # about timeout / interval polls, not one more


def test_a_start_reply_without_a_thread_id_is_an_error_naming_the_call(emulator):
    emulator.fault(kind='reply', body={'success': True}, method='POST')
    reply = reindexer(emulator, Clock()).start(7)
    with pytest.raises(GijError, match='Cannot start a reindex of repository 7: the server answered with an object with keys '
                                       'success, where a threadId'):
        thread_id_of(reply, 'start a reindex of repository 7')


def test_server_texts_keep_lists_and_maps_and_mask_secrets():
    secrets = Secrets()
    secrets.add('s3cr3t-value')
    assert server_texts(None, secrets) == []
    assert server_texts(['fetch failed for s3cr3t-value'], secrets) == ['fetch failed for ********']
    assert server_texts({'b': 'second', 'a': 'first'}, secrets) == ['a: first', 'b: second']
    assert server_texts('one text', secrets) == ['one text']


def test_failures_name_every_reindex_with_errors():
    threads = [{'repository_id': 2, 'errors': ['auth failed', 'again']}, {'repository_id': None, 'errors': []},
               {'repository_id': None, 'errors': ['disk full']}]
    assert failures(threads) == 'The reindex reported errors: repository 2: auth failed; again | all repositories: disk full.'
    assert failures([{'repository_id': 2, 'errors': []}]) is None
