# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Waiting, after an integration is created, until the background jobs have discovered its repositories and indexed
each of them once (wait_for_index of git_integration and git_integrations).

The vendor's planning guide advises creating one or two integrations at a time and waiting for the initial indexing
of each before creating the next. Nothing reports that indexing directly, so the wait reads the repository list
(api-notes.md section 7): a repository is indexed once it has a lastIndexedDate, and in error when its state is ERROR.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import math
import time

from ansible_collections.gij.jira.plugins.module_utils.api import GijError, printable
from ansible_collections.gij.jira.plugins.module_utils.repository import RepositoryService
from ansible_collections.gij.jira.plugins.module_utils.service import describe

WAIT_OPTIONS = dict(
    wait_for_index=dict(type='bool', default=False),
    wait_timeout=dict(type='int', default=600),
    poll_interval=dict(type='float', default=10.0),
)
WAIT_TIMEOUT_LIMIT = 86400
# Each poll reads the whole repository list: a long wait_timeout spaces them out rather than read it more often.
MAX_POLLS = 1000
ERROR_STATE = 'ERROR'
STATE_TEXT_LIMIT = 40
NAMES_IN_WARNING = 5


def check_wait_options(params):
    """The wait options' rules, before any request (the words of git_reindex's)."""
    # "not >" also refuses NaN, which no comparison lets through.
    if not params['wait_timeout'] > 0 or not params['poll_interval'] > 0:
        raise GijError('wait_timeout and poll_interval must be positive.')
    if params['wait_timeout'] > WAIT_TIMEOUT_LIMIT:
        raise GijError('wait_timeout must be at most %d seconds (a day), got %d.' % (WAIT_TIMEOUT_LIMIT, params['wait_timeout']))


def state_of(facts):
    """A repository's state as reported: the documented names as text (one line, cut short), a number as sent (the
    vendor calls the field an integer but documents only names), None for anything else."""
    value = facts.get('state')
    if isinstance(value, str):
        return printable(value)[:STATE_TEXT_LIMIT]
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return None


def in_error(facts):
    state = state_of(facts)
    return isinstance(state, str) and state.strip().upper() == ERROR_STATE


def indexed(facts):
    return facts.get('last_indexed_date') not in (None, '')


def named(facts):
    """How a warning names a repository or an integration: one line, cut short."""
    return printable(describe(facts))[:200]


class FirstIndexWait:
    """What wait_for_index does after each create of a task: poll, bounded, and report what it saw."""

    options = WAIT_OPTIONS
    validate = staticmethod(check_wait_options)

    def __init__(self, client, params, check_mode, clock=time.monotonic):
        self.enabled = bool(params.get('wait_for_index'))
        self.timeout = params['wait_timeout']
        # Spaced out so that a wait never reads the list more than MAX_POLLS times.
        self.interval = max(params['poll_interval'], float(self.timeout) / (MAX_POLLS - 1))
        self.check_mode = check_mode
        self.repositories = RepositoryService(client)
        self.sleep = client.sleep
        self.clock = clock
        self.reports = []
        self.warnings = []

    def after_create(self, integration):
        """Wait for the first indexing of ``integration`` (its facts, as created); the report of what was seen."""
        if self.check_mode:
            report = {'would_wait': True, 'wait_timeout': self.timeout}
        else:
            try:
                report = self.wait(integration)
            except GijError as err:
                raise GijError('Integration %s was created, but waiting for its first indexing failed: %s'
                               % (named(integration), err))
        self.reports.append(dict({'name': integration.get('name'), 'id': integration.get('id')}, **report))
        return report

    def wait(self, integration):
        started = self.clock()
        deadline = started + self.timeout
        max_polls = min(MAX_POLLS, int(math.ceil(self.timeout / self.interval)) + 1)
        polls = 0
        while True:
            found = self.repositories.nested_in(integration['id'])
            polls += 1
            pending = [item for item in found if not indexed(item) and not in_error(item)]
            finished = bool(found) and not pending
            if finished or polls >= max_polls or self.clock() >= deadline:
                return self.report(integration, found, pending, finished, started)
            self.sleep(min(self.interval, max(0.0, deadline - self.clock())))

    def report(self, integration, found, pending, finished, started):
        errors = [{'id': item['id'], 'name': item.get('name'), 'state': state_of(item)} for item in found if in_error(item)]
        report = {'repositories': len(found), 'indexed': len([item for item in found if indexed(item)]),
                  'in_error': errors, 'timed_out': not finished,
                  'waited_seconds': round(self.clock() - started, 1)}
        label = named(integration)
        if not found:
            self.warnings.append('Integration %s: no repositories were discovered within %d seconds (wait_timeout); '
                                 'discovery goes on in the background.' % (label, self.timeout))
        elif pending:
            self.warnings.append('Integration %s: %d of %d repositories were still not indexed after %d seconds '
                                 '(wait_timeout); indexing goes on in the background.'
                                 % (label, len(pending), len(found), self.timeout))
        if errors:
            shown = ', '.join(named(item) for item in errors[:NAMES_IN_WARNING])
            more = ' and %d more' % (len(errors) - NAMES_IN_WARNING) if len(errors) > NAMES_IN_WARNING else ''
            self.warnings.append('Integration %s: %d of %d repositories are in state ERROR after their first indexing: '
                                 '%s%s.' % (label, len(errors), len(found), shown, more))
        return report
