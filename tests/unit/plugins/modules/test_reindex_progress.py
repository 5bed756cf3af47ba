# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""git_reindex: what the progress replies say is read as data - bounded, printable, masked - and progress that makes
no sense, or a thread id that is not a short token, stops the task with one line (changed: the reindex was started)."""

import pytest

from ansible_collections.gij.jira.tests.unit.module_harness import JIRA_TOKEN

STATUS = '^/rest/gitplugin/1.0/index.json'
WAIT = {'all': True, 'wait': True, 'poll_interval': 0.01, 'wait_timeout': 10}


def polls(emulator):
    return [entry for entry in emulator.state.log if entry['path'].endswith('/index.json')]


def reindex(gij):
    """git_reindex of all repositories, waiting for the end, run in-process against gij.emulator."""
    return gij.run(WAIT, module='git_reindex')


def progress(**reply):
    return dict({'finished': False, 'lastOperationPercent': 10, 'messages': [], 'errors': []}, **reply)


def stage(emulator, *replies):
    """Progress replies in this order; the emulator's own (finished at the first poll) after them."""
    emulator.state.set_config({'reindex_polls': 1})
    for reply in replies:
        emulator.fault(kind='reply', path=STATUS, body=reply)


@pytest.mark.parametrize('unfinished', [False, 'false', 'FALSE ', 'False'], ids=['boolean', 'text', 'upper-spaced', 'capitalised'])
def test_wait_goes_on_while_finished_is_false_in_any_spelling(gij, unfinished):
    # bool('false') is True: a reading without the string-aware conversion would stop after the first poll.
    stage(gij.emulator, progress(finished=unfinished, lastOperationPercent=40))
    result = reindex(gij)
    assert not result.get('failed'), result
    assert len(polls(gij.emulator)) == 2
    assert result['threads'][0]['finished'] is True and result['threads'][0]['percent'] == 100


def test_finished_as_text_ends_the_wait(gij):
    stage(gij.emulator, progress(finished='true', lastOperationPercent='100'))
    result = reindex(gij)
    assert len(polls(gij.emulator)) == 1 and result['threads'][0]['finished'] is True
    assert result['threads'][0]['percent'] == 100


@pytest.mark.parametrize('percent', [
    'NaN%', 'NaN', float('nan'), float('inf'), -1, 101, 1e300, True, [50], {'value': 50}, '50 percent', '1e2', '',
], ids=['NaN%', 'NaN-text', 'nan', 'infinity', 'negative', 'above-100', 'huge', 'boolean', 'list', 'object', 'words',
        'exponent', 'empty'])
def test_progress_that_is_not_a_percentage_fails_closed(gij, percent):
    stage(gij.emulator, progress(lastOperationPercent=percent))
    result = reindex(gij)
    assert result['failed'] and result['changed'] is True, result  # the reindex was started
    message = result['msg']
    assert message.startswith('Cannot read the progress of reindex ') and 'not a percentage from 0 to 100' in message, message
    assert '\n' not in message and len(message) < 400, message
    assert len(polls(gij.emulator)) == 1


def test_progress_that_goes_backwards_fails_closed(gij):
    stage(gij.emulator, progress(lastOperationPercent=60), progress(lastOperationPercent='30%'))
    result = reindex(gij)
    assert result['failed'] and result['changed'] is True, result
    assert 'the progress went back from 60% to 30%' in result['msg'], result['msg']
    assert len(polls(gij.emulator)) == 2


def test_progress_as_text_and_missing_progress_are_read(gij):
    stage(gij.emulator, progress(lastOperationPercent='25%'), progress(lastOperationPercent=None), progress(lastOperationPercent=' 50.5 '))
    result = reindex(gij)
    assert not result.get('failed'), result
    assert len(polls(gij.emulator)) == 4 and result['threads'][0]['percent'] == 100


def test_fifty_thousand_messages_and_errors_are_bounded(gij):
    flood = ['message 0 %s' % ('x' * 10000)] + ['message %d' % number for number in range(1, 50000)]
    stage(gij.emulator, progress(finished=True, lastOperationPercent=100, messages=flood, errors=flood))
    result = reindex(gij)
    thread = result['threads'][0]
    for texts in (thread['messages'], thread['errors']):
        assert len(texts) == 21 and texts[-1] == '(49980 more not shown)', texts[-1]
        assert texts[0].startswith('message 0 xxx') and texts[1] == 'message 1' and all(len(text) <= 300 for text in texts)
    assert result['failed'] and len(result['msg']) < 2000, len(result['msg'])
    assert result['msg'].startswith('The reindex reported errors: all repositories: message 0 xxx'), result['msg'][:80]


def test_a_map_of_messages_is_bounded_too(gij):
    stage(gij.emulator, progress(finished=True, lastOperationPercent=100, messages={'repo %05d' % n: 'ok' for n in range(5000)}))
    thread = reindex(gij)['threads'][0]
    assert len(thread['messages']) == 21 and thread['messages'][0] == 'repo 00000: ok'


def test_messages_are_printable_one_line_and_masked(gij):
    hidden = JIRA_TOKEN[:5] + '\x1b[0m' + JIRA_TOKEN[5:]  # an escape inside the secret must not hide it from the masking
    texts = ['\x1b[31mred\x1b[0m and\nnext line\r\n', 'token %s here' % JIRA_TOKEN, 'split %s here' % hidden, 'bidi \u202eevil',
             {'nested': ['a\tb', 7]}, 12]
    stage(gij.emulator, progress(finished=True, lastOperationPercent=100, messages=texts, errors=[]))
    result = reindex(gij)
    assert result['threads'][0]['messages'] == [
        'red and next line', 'token ******** here', 'split ******** here', 'bidi evil', 'nested: a b; 7', '12']


@pytest.mark.parametrize('thread_id', [
    'x' * 10000, 'abc\ndef', '\x1b[31mabc', 'abc def', '../../etc/passwd', '', 'abc\u202e', 42, None,
], ids=['10000-characters', 'newline', 'ansi', 'space', 'path', 'empty', 'bidi', 'number', 'null'])
def test_a_thread_id_that_is_not_a_short_token_fails_closed_and_is_never_sent_back(gij, thread_id):
    gij.emulator.fault(kind='reply', path='^/rest/gitplugin/2.0/reindex', method='POST', body={'success': True, 'threadId': thread_id})
    result = reindex(gij)
    assert result['failed'] and result['changed'] is True, result  # the server accepted the start
    message = result['msg']
    assert message.startswith('Cannot start a reindex of all repositories: the server answered with '), message
    assert '\n' not in message and '\x1b' not in message and len(message) < 400, message
    assert polls(gij.emulator) == []
    assert result['threads'] == []


def test_a_uuid_thread_id_is_sent_back_and_returned(gij):
    result = reindex(gij)
    thread_id = result['threads'][0]['thread_id']
    assert len(thread_id) == 36 and polls(gij.emulator)[0]['query']['threadId'] == thread_id
