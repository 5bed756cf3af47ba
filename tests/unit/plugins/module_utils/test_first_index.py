# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""FirstIndexWait against the emulator on a clock that moves only when it sleeps: every wait is bounded, in seconds
and in list reads, however the options and the clock behave."""

import pytest

from ansible_collections.gij.jira.plugins.module_utils.api import GijClient
from ansible_collections.gij.jira.plugins.module_utils.first_index import MAX_POLLS, FirstIndexWait

from ansible_collections.gij.jira.tests.unit.emulator_support import TOKEN


class Clock:
    def __init__(self, moves=True):
        self.now = 1000.0
        self.moves = moves  # a clock that never moves must not make a wait endless

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds if self.moves else 0


def waiter(emulator, clock, **options):
    client = GijClient({'jira_url': emulator.url, 'jira_token': TOKEN, 'timeout': 5}, environ={}, sleep=clock.sleep)
    params = dict({'wait_for_index': True, 'wait_timeout': 600, 'poll_interval': 10.0}, **options)
    return FirstIndexWait(client, params, check_mode=False, clock=clock)


def list_reads(emulator):
    return len([r for r in emulator.state.log if r['method'] == 'GET' and r['path'].endswith('/repository')])


@pytest.mark.parametrize('moves', [True, False], ids=['clock', 'stalled-clock'])
def test_a_long_wait_with_a_tiny_interval_reads_the_list_at_most_1000_times(emulator, moves):
    emulator.reset([{'displayName': 'GH', 'type': 'GITHUB', 'pat': 'p'}], index_polls=10 ** 6)
    clock = Clock(moves)
    wait = waiter(emulator, clock, wait_timeout=3600, poll_interval=0.001)
    report = wait.after_create({'id': 1, 'name': 'GH'})
    assert report['timed_out'] is True and list_reads(emulator) == MAX_POLLS == 1000
    if moves:  # spaced out over the whole wait_timeout, not read 1000 times in its first second
        assert clock.now == pytest.approx(1000.0 + 3600, abs=1)


def test_polls_follow_poll_interval_and_stop_at_wait_timeout(emulator):
    emulator.reset([{'displayName': 'GH', 'type': 'GITHUB', 'pat': 'p'}], index_polls=10 ** 6)
    clock = Clock()
    report = waiter(emulator, clock, wait_timeout=60, poll_interval=10.0).after_create({'id': 1, 'name': 'GH'})
    assert list_reads(emulator) == 7 and clock.now == 1060.0  # at 0, 10, ..., 60 seconds: the last one at the deadline
    assert report['waited_seconds'] == 60.0 and report['timed_out'] is True
