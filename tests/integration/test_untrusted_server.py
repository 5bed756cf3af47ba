# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What crosses Ansible when the server is untrusted (issue 20): changed on a failed task, warnings, one line.

The shapes themselves are tested in-process (tests/unit/plugins/module_utils/test_untrusted_lists.py).
"""

from ansible_collections.gij.jira.tests.unit.module_harness import GIT_PAT

GITHUB = {'name': 'GH', 'type': 'GITHUB', 'pat': GIT_PAT}


def one_line(result):
    assert result.failed, result.output
    assert '\n' not in result['msg'] and 'Unexpected error' not in result['msg'] and 'Traceback' not in result.output


def test_a_create_that_cannot_be_read_back_fails_with_changed_and_the_id(gij):
    gij.emulator.faults({'kind': 'reply', 'method': 'POST', 'body': {'success': True, 'id': 100}},
                        {'kind': 'status', 'status': 503, 'method': 'GET', 'skip': 1, 'count': 99})
    result = gij.run(GITHUB)
    one_line(result)
    assert result['changed'] is True and result['id'] == 100, result.result
    assert "The server accepted the create of integration 'GH' (id 100), but it could not be read back" in result['msg']


def test_a_create_that_is_never_listed_fails_with_changed(gij):
    gij.emulator.reset(reply_shape='id_only', unlisted_creates=True)
    result = gij.run(GITHUB)
    one_line(result)
    assert result['changed'] is True, result.result
    assert 'cannot be found afterwards (its answer: ' in result['msg']
    assert 'running the task again may create another' in result['msg']


def test_a_namesake_created_at_the_same_time_is_a_warning_with_both_ids(gij):
    gij.emulator.reset(reply_shape='id_only')
    gij.emulator.faults({'kind': 'mutate', 'method': 'POST', 'seed': [{'displayName': 'GH', 'type': 'GITHUB', 'pat': 'x'}]})
    result = gij.run(GITHUB)
    assert result['_status'] == 'ok' and result['changed'] is True, result.output
    assert 'ids 1 and 2' in result.output and 'run_once' in result.output, result.output
