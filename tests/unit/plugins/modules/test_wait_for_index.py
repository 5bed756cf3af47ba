# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""wait_for_index of gij.jira.git_integration and git_integrations in-process: after a create, the repository list is
polled, bounded, until the new integration's repositories are discovered and indexed; what was seen is reported."""

import pytest

from ansible_collections.gij.jira.tests.unit.module_harness import GIT_PAT, assert_no_secret

SET = 'git_integrations'
REPOSITORIES = '/rest/gitplugin/1.0/repository'
GH = {'name': 'GH', 'type': 'GITHUB', 'pat': GIT_PAT}
# A short wait_timeout: past about 10 seconds, the bound of 1000 list reads would space 0.01 s polls out.
FAST = {'wait_for_index': True, 'wait_timeout': 5, 'poll_interval': 0.01}


def calls(result):
    return [(r['method'], r['path'].replace('/rest/gitplugin/1.0', '')) for r in result.requests]


def repository_reads(result):
    return [r for r in result.requests if r['method'] == 'GET' and r['path'] == REPOSITORIES]


def test_a_create_without_wait_for_index_reads_no_repository(gij):
    result = gij.run(dict(GH))
    assert result['changed'] and 'index' not in result and calls(result) == [('GET', '/integration'), ('POST', '/integration')]


def test_a_create_waits_until_every_repository_is_discovered_and_indexed(gij):
    # Two list reads without the repositories, two that show them queued and scanning, then indexed: five reads.
    gij.emulator.reset(discovery_polls=2, index_polls=2, repos_per_integration=3)
    result = gij.run(dict(GH, **FAST))
    assert result['changed'] is True and not result.failed and result.warnings == [], result.output
    index = result['index']
    assert (index['repositories'], index['indexed'], index['in_error'], index['timed_out']) == (3, 3, [], False)
    assert 0 <= index['waited_seconds'] < 5
    assert calls(result) == [('GET', '/integration'), ('POST', '/integration')] + [('GET', '/repository')] * 5
    assert all(r['state'] == 'UPDATED' and r['lastIndexedDate'] for r in gij.emulator.repositories())
    assert_no_secret(result.result, result.output)


def test_a_repository_in_error_ends_its_wait_and_is_reported_with_a_warning(gij):
    gij.emulator.reset(index_polls=1, index_errors=[2], repos_per_integration=3)
    result = gij.run(dict(GH, **FAST))
    assert result['changed'] is True and not result.failed, result.output
    errored = [r for r in gij.emulator.repositories() if r['state'] == 'ERROR']
    assert [r['displayName'] for r in errored] == ['GH repo-2'] and 'lastIndexedDate' not in errored[0]
    index = result['index']
    assert index['in_error'] == [{'id': errored[0]['id'], 'name': 'GH repo-2', 'state': 'ERROR'}]
    assert (index['repositories'], index['indexed'], index['timed_out']) == (3, 2, False)
    assert len(repository_reads(result)) == 2
    assert result.warnings == ["Integration 'GH' (id 1): 1 of 3 repositories are in state ERROR after their first indexing: "
                               "'GH repo-2' (id %d)." % errored[0]['id']]


def test_states_are_read_as_the_vendor_documents_them_and_odd_ones_are_never_an_error(gij):
    # The vendor types state "Integer" but documents only names: a number, or text that is not ERROR, is reported as sent.
    nested = [{'id': 7, 'displayName': 'numbered', 'origin': 'https://github.com/x/a.git', 'trackedFolderId': 1, 'state': 3,
               'lastIndexedDate': 1695468517355},
              {'id': 8, 'displayName': 'odd', 'origin': 'https://github.com/x/b.git', 'trackedFolderId': 1,
               'state': '\x1b[31mError\n', 'lastIndexedDate': 1695468517355},
              {'id': 9, 'displayName': 'broken', 'origin': 'https://github.com/x/c.git', 'trackedFolderId': 1, 'state': 'error'},
              {'id': 10, 'displayName': 'other', 'origin': 'https://github.com/x/d.git', 'trackedFolderId': 2, 'state': 'QUEUED'}]
    gij.emulator.fault(kind='reply', method='GET', path='/repository$', body={'success': True, 'repositories': nested})
    result = gij.run(dict(GH, **FAST))
    assert not result.failed and result['changed'] is True, result.output
    assert result['index']['in_error'] == [{'id': 8, 'name': 'odd', 'state': 'Error'}, {'id': 9, 'name': 'broken', 'state': 'error'}]
    assert (result['index']['repositories'], result['index']['indexed'], result['index']['timed_out']) == (3, 2, False)
    assert len(repository_reads(result)) == 1


def test_a_timeout_is_a_warning_with_the_counts_and_the_create_stays_changed(gij):
    gij.emulator.reset(index_polls=10 ** 6, repos_per_integration=3)
    result = gij.run(dict(GH, wait_for_index=True, wait_timeout=1, poll_interval=0.2))
    assert result['changed'] is True and not result.failed and result['id'] == 1, result.output
    index = result['index']
    assert (index['repositories'], index['indexed'], index['in_error'], index['timed_out']) == (3, 0, [], True)
    assert 1 <= index['waited_seconds'] < 3
    assert 2 <= len(repository_reads(result)) <= 6  # bounded: one read per poll_interval, and one at the deadline
    assert result.warnings == ["Integration 'GH' (id 1): 3 of 3 repositories were still not indexed after 1 seconds "
                               "(wait_timeout); indexing goes on in the background."]


def test_no_repository_discovered_within_the_timeout_is_a_warning(gij):
    gij.emulator.reset(repos_per_integration=0)
    result = gij.run(dict(GH, wait_for_index=True, wait_timeout=1, poll_interval=0.25))
    assert result['changed'] is True and not result.failed, result.output
    assert result['index']['repositories'] == 0 and result['index']['timed_out'] is True
    assert result.warnings == ["Integration 'GH' (id 1): no repositories were discovered within 1 seconds (wait_timeout); "
                               "discovery goes on in the background."]


def test_check_mode_says_it_would_wait_and_polls_nothing(gij):
    result = gij.run(dict(GH, wait_for_index=True), check=True)
    assert result['changed'] is True and result['index'] == {'would_wait': True, 'wait_timeout': 600}
    assert calls(result) == [('GET', '/integration')]


def test_an_unchanged_rerun_or_an_update_does_not_wait(gij):
    gij.run(dict(GH))
    again = gij.run(dict(GH, **FAST))
    assert again['changed'] is False and 'index' not in again and len(again.requests) == 1, again.output
    updated = gij.run(dict(GH, smart_commits_enabled=False, **FAST))
    assert updated['changed'] is True and 'index' not in updated and repository_reads(updated) == [], updated.output


def test_a_failure_while_waiting_keeps_changed_and_says_what_was_created(gij):
    gij.emulator.fault(kind='status', status=500, method='GET', path='/repository$', count=1)
    result = gij.run(dict(GH, **FAST))
    assert result.failed and result['changed'] is True and result['id'] == 1, result.output
    assert result['msg'].startswith("Integration 'GH' (id 1) was created, but waiting for its first indexing failed: "
                                    'Cannot list repositories: '), result['msg']
    assert result['applied'] == ["created integration 'GH' (id 1)"]
    assert_no_secret(result.result, result.output)


@pytest.mark.parametrize('options, message', [
    ({'wait_timeout': 0}, 'wait_timeout and poll_interval must be positive.'),
    ({'poll_interval': -1.0}, 'wait_timeout and poll_interval must be positive.'),
    ({'poll_interval': float('nan')}, 'wait_timeout and poll_interval must be positive.'),
    ({'wait_timeout': 86401}, 'wait_timeout must be at most 86400 seconds (a day), got 86401.'),
])
@pytest.mark.parametrize('module', ['git_integration', SET])
def test_wait_options_are_checked_before_any_request(gij, options, message, module):
    args = dict(GH, wait_for_index=True, **options) if module == 'git_integration' else dict(
        integrations=[dict(GH)], wait_for_index=True, **options)
    result = gij.run(args, module=module)
    assert result.failed and result['msg'] == message and result.requests == [], result.output


def test_the_set_waits_for_each_created_integration_before_creating_the_next(gij):
    gij.emulator.reset([{'displayName': 'kept', 'type': 'GITHUB', 'pat': 'p'}], index_polls=1)
    items = [{'name': 'kept', 'type': 'GITHUB'}, dict(GH), {'name': 'GL', 'type': 'GITLAB', 'pat': GIT_PAT}]
    result = gij.run(dict(integrations=items, **FAST), module=SET)
    assert result['changed'] is True and not result.failed and result.warnings == [], result.output
    assert [(e['name'], e['repositories'], e['indexed'], e['timed_out']) for e in result['index']] == [
        ('GH', 2, 2, False), ('GL', 2, 2, False)]
    assert [e['id'] for e in result['index']] == [e['id'] for e in result['created']]
    # The vendor's advice: wait for one integration's first indexing before creating the next.
    assert calls(result) == ([('GET', '/integration'), ('POST', '/integration')] + [('GET', '/repository')] * 2
                             + [('POST', '/integration')] + [('GET', '/repository')] * 2)
    again = gij.run(dict(integrations=items, **FAST), module=SET)
    assert again['changed'] is False and again['index'] == [] and len(again.requests) == 1, again.output


def test_the_set_in_check_mode_says_it_would_wait_for_each_create(gij):
    result = gij.run(dict(integrations=[dict(GH), {'name': 'GL', 'type': 'GITLAB', 'pat': GIT_PAT}], wait_for_index=True),
                     module=SET, check=True)
    assert result['index'] == [{'name': 'GH', 'id': None, 'would_wait': True, 'wait_timeout': 600},
                               {'name': 'GL', 'id': None, 'would_wait': True, 'wait_timeout': 600}]
    assert calls(result) == [('GET', '/integration')]


def test_the_set_reports_each_timeout_and_a_failure_while_waiting_keeps_changed(gij):
    gij.emulator.reset(repos_per_integration=0)
    timed_out = gij.run(dict(integrations=[dict(GH)], wait_for_index=True, wait_timeout=1, poll_interval=0.25), module=SET)
    assert timed_out['changed'] is True and timed_out['index'][0]['timed_out'] is True, timed_out.output
    assert timed_out.warnings == ["Integration 'GH' (id 1): no repositories were discovered within 1 seconds "
                                  "(wait_timeout); discovery goes on in the background."]
    gij.emulator.fault(kind='status', status=500, method='GET', path='/repository$', count=1)
    failed = gij.run(dict(integrations=[{'name': 'GL', 'type': 'GITLAB', 'pat': GIT_PAT}, dict(GH, name='next')], **FAST),
                     module=SET)
    assert failed.failed and failed['changed'] is True, failed.output
    assert failed['created'] == [{'name': 'GL', 'id': 2}] and failed['index'] == []
    assert failed['msg'].startswith("Integration 'GL' (id 2) was created, but waiting for its first indexing failed: ")
    assert [r['body']['displayName'] for r in failed.writes] == ['GL']  # the next item is not created after the failure


def test_a_set_that_fails_after_a_wait_keeps_that_wait_s_warning(gij):
    """The first create's wait times out (a warning), the second create is refused: the failed result still warns."""
    gij.emulator.reset(repos_per_integration=0)
    gij.emulator.fault(kind='status', status=400, method='POST', path='/integration$', skip=1)
    result = gij.run(dict(integrations=[dict(GH), dict(GH, name='second')], wait_for_index=True, wait_timeout=1,
                          poll_interval=0.25), module=SET)
    assert result.failed and result['changed'] is True and result['created'] == [{'name': 'GH', 'id': 1}], result.output
    assert result.warnings == ["Integration 'GH' (id 1): no repositories were discovered within 1 seconds "
                               "(wait_timeout); discovery goes on in the background."]
