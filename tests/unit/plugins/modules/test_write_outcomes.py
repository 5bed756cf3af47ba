# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Once a write has been sent, the server decides the outcome, not the reply (issue 27).

Every writing call of every module, answered with each reply of a table by an emulator that has already carried the
write out (a proxy page, a 5xx after the app finished, a reset, an empty or garbled body, an object that is not the
one written): no task may say ``changed: false``, none may leave a duplicate, a failure is one line that names the
write, the answer and what was read back, and a rerun is ok without a write.
"""

import pytest

from ansible_collections.gij.jira.tests.unit.module_harness import GIT_PAT, JIRA_PASSWORD, assert_no_secret

OTHER = {'displayName': 'other', 'type': 'GITLAB', 'pat': 'p'}  # id 1: the object a wrong reply may carry
GH = {'displayName': 'GH', 'type': 'GITHUB', 'pat': 'p'}  # id 2
ORIGIN = 'https://git.example.org/platform/app.git'
OTHER_REPO = {'displayName': 'lib', 'origin': 'https://git.example.org/platform/lib.git'}
APP_REPO = {'displayName': 'app', 'origin': ORIGIN}
ADMIN = ('admin', JIRA_PASSWORD)


def nested(depth):
    value = {'id': 1}
    for dummy in range(depth):
        value = [value]
    return value


def replies(noun, other):
    """The answers to a write the server carried out: ``noun`` is where a reply carries the object ('integration'
    or 'repository'), ``other`` another object of the server, as it would send it."""
    def body(value, status=200, **extra):
        return dict({'kind': 'reply', 'status': status, 'body': value}, **extra)
    return {
        'empty-200': body('', content_type='application/json'),
        'empty-204': body('', status=204),
        'empty-object': body({}),
        'success-only': body({'success': True}),
        'object-null': body({'success': True, noun: None}),
        'object-empty-list': body({'success': True, noun: []}),
        'object-string': body({'success': True, noun: 'saved'}),
        'object-without-id': body({'success': True, noun: {'displayName': 'GH'}}),
        'object-of-another': body({'success': True, noun: other}),
        'bare-object-of-another': body(other),
        'object-unknown-id': body({'success': True, noun: dict(other, id=99999)}),
        'id-as-text': body({'success': True, 'id': '7'}),
        'bare-empty-list': body([]),
        'bare-list': body([other]),
        'json-null': body(None),
        'json-true': body(True),
        'invalid-json': {'kind': 'bad_json'},
        'cut-off-body': {'kind': 'truncated'},
        'html-200': {'kind': 'html_login'},
        'text-200': body('Saved.', content_type='text/plain'),
        'created-201': body({'success': True}, status=201),
        'accepted-202': body('', status=202),
        'success-with-error': body({'success': True, 'error': 'Something went wrong'}),
        'deep-nesting': body({'success': True, noun: nested(40)}),
        'success-false': body({'success': False, 'error': 'Internal error'}),
        'success-false-text': body({'success': 'false'}),
        'html-500': {'kind': 'status', 'status': 500},
        'html-502': {'kind': 'status', 'status': 502},
        'html-503': {'kind': 'status', 'status': 503},
        'html-504': {'kind': 'status', 'status': 504},
        'json-500': body({'success': False, 'error': 'NullPointerException'}, status=500),
        'reset': {'kind': 'drop'},
        'timeout': {'kind': 'slow', 'seconds': 2.5},
    }


SHAPES = sorted(replies('integration', {}))


class Write:
    """One writing call of one module: the task, what the server holds before it, and the request it sends."""

    def __init__(self, module, args, method, path, integrations=(), repositories=(), noun='integration', gone=False):
        self.module, self.args, self.method, self.path = module, args, method, path
        self.integrations, self.repositories, self.noun, self.gone = list(integrations), list(repositories), noun, gone

    def other(self, gij):
        """Object 1 as the server sends it."""
        if self.noun == 'integration':
            return gij.emulator.api('GET', '/integration/1', auth=ADMIN).json()['integration'][0]
        return [r for r in gij.emulator.api('GET', '/repository', auth=ADMIN).json()['repositories'] if r['id'] == 1][0]

    def holds(self, gij):
        """The objects the task is about, as the server holds them (a duplicate would show as two)."""
        if self.noun == 'integration':
            return [i for i in gij.emulator.integrations() if i['displayName'] == 'GH']
        return [r for r in gij.emulator.repositories() if r['origin'] == ORIGIN]


WRITES = {
    'git_integration-create': Write('git_integration', {'name': 'GH', 'type': 'GITHUB', 'pat': GIT_PAT}, 'POST',
                                    r'/integration$', [OTHER]),
    'git_integration-update': Write('git_integration', {'name': 'GH', 'tags_filter': 'v.*'}, 'PUT', r'/integration/2$',
                                    [OTHER, GH]),
    'git_integration-disable': Write('git_integration', {'name': 'GH', 'disabled': True}, 'PUT', r'/disable$', [OTHER, GH]),
    'git_integration-delete': Write('git_integration', {'name': 'GH', 'state': 'absent'}, 'DELETE', r'/integration/2$',
                                    [OTHER, GH], gone=True),
    'git_integrations-create': Write('git_integrations', {'integrations': [{'name': 'GH', 'type': 'GITHUB', 'pat': GIT_PAT}]},
                                     'POST', r'/integration$', [OTHER]),
    'git_integrations-update': Write('git_integrations', {'integrations': [{'name': 'GH', 'smart_commits_enabled': False}]},
                                     'PUT', r'/integration/2$', [OTHER, GH]),
    'git_integrations-exclusive-delete': Write('git_integrations', {'integrations': [{'name': 'other'}], 'exclusive': True},
                                               'DELETE', r'/integration/2$', [OTHER, GH], gone=True),
    'git_repository-create': Write('git_repository', {'origin': ORIGIN, 'name': 'app', 'pat': GIT_PAT}, 'POST',
                                   r'/repository$', repositories=[OTHER_REPO], noun='repository'),
    'git_repository-update': Write('git_repository', {'origin': ORIGIN, 'tags_filter': 'v.*'}, 'PUT', r'/repository$',
                                   repositories=[OTHER_REPO, APP_REPO], noun='repository'),
    'git_repository-disable': Write('git_repository', {'origin': ORIGIN, 'disabled': True}, 'PUT', r'/disable$',
                                    repositories=[OTHER_REPO, APP_REPO], noun='repository'),
    'git_repository-delete': Write('git_repository', {'origin': ORIGIN, 'state': 'absent'}, 'DELETE', r'/repository$',
                                   repositories=[OTHER_REPO, APP_REPO], noun='repository', gone=True),
    'git_repositories-create': Write('git_repositories', {'repositories': [{'origin': ORIGIN, 'name': 'app', 'pat': GIT_PAT}]},
                                     'POST', r'/repository$', repositories=[OTHER_REPO], noun='repository'),
    'git_repositories-update': Write('git_repositories', {'repositories': [{'origin': ORIGIN, 'tags_filter': 'v.*'}]},
                                     'PUT', r'/repository$', repositories=[OTHER_REPO, APP_REPO], noun='repository'),
    'git_repositories-delete': Write('git_repositories', {'repositories': [{'origin': ORIGIN, 'state': 'absent'}]},
                                     'DELETE', r'/repository$', repositories=[OTHER_REPO, APP_REPO], noun='repository',
                                     gone=True),
}


def one_line(result):
    assert '\n' not in result['msg'] and 'Traceback' not in result.output and 'MODULE FAILURE' not in result.output, result.output


@pytest.mark.parametrize('shape', SHAPES)
@pytest.mark.parametrize('write', sorted(WRITES))
def test_a_write_the_server_carried_out_is_changed_whatever_the_reply(gij, write, shape):
    case = WRITES[write]
    gij.emulator.reset(case.integrations, case.repositories)
    fault = replies(case.noun, case.other(gij))[shape]
    gij.emulator.faults(dict(fault, method=case.method, path=case.path, after=True))
    result = gij.run(dict(case.args, timeout=1) if shape == 'timeout' else case.args, module=case.module)
    held = case.holds(gij)
    assert [w['method'] for w in result.writes].count(case.method) == 1, 'the write was sent again: %s' % result.writes
    assert result['changed'] is True, result.output
    assert len(held) == (0 if case.gone else 1), held
    if result.failed:
        one_line(result)
        assert 'read back' in result['msg'].lower(), result['msg']
    elif not case.gone and case.module in ('git_integration', 'git_repository'):
        assert result[case.noun]['id'] == held[0]['id'], result.output
    assert_no_secret(result.output)
    rerun = gij.run(case.args, module=case.module)
    assert not rerun.failed and rerun['changed'] is False and rerun.writes == [], rerun.output


@pytest.mark.parametrize('shape', SHAPES)
def test_a_plan_apply_whose_create_was_carried_out_is_changed_whatever_the_reply(gij, tmp_path, shape):
    gij.emulator.reset([OTHER])
    args = {'integrations': [{'name': 'other'}, {'name': 'GH', 'type': 'GITHUB', 'pat': GIT_PAT}],
            'plan_file': str(tmp_path / 'plan.json')}
    assert gij.run(args, module='git_integrations', check=True)['changed'] is True
    fault = replies('integration', Write.other(WRITES['git_integrations-create'], gij))[shape]
    gij.emulator.faults(dict(fault, method='POST', path=r'/integration$', after=True))
    result = gij.run(dict(args, timeout=1) if shape == 'timeout' else args, module='git_integrations')
    assert result['changed'] is True, result.output
    assert len([i for i in gij.emulator.integrations() if i['displayName'] == 'GH']) == 1
    if result.failed:
        one_line(result)
    rerun = gij.run({'integrations': args['integrations']}, module='git_integrations')
    assert not rerun.failed and rerun['changed'] is False and rerun.writes == [], rerun.output


@pytest.mark.parametrize('shape', SHAPES)
def test_a_reindex_the_server_started_is_changed_whatever_the_reply(gij, shape):
    gij.emulator.reset(repositories=[APP_REPO])
    fault = replies('repository', {})[shape]
    gij.emulator.faults(dict(fault, method='POST', path=r'/reindex$', after=True))
    result = gij.run({'repository_id': 1, 'timeout': 1}, module='git_reindex')
    assert result['changed'] is True, result.output
    assert [w['method'] for w in result.writes] == ['POST'], 'the start was sent again: %s' % result.writes
    if result.failed:
        one_line(result)


# A write the server did NOT carry out: the read back shows it, and only a transient answer (502/503/504, a reset)
# sends it again, after that read; a 500 is the app's own failure; a create is never sent twice.
NOT_APPLIED = [
    ('html-500', 1, 'Read back, the integration shows it was not applied: nothing was changed.'),
    ('json-500', 1, 'Read back, the integration shows it was not applied: nothing was changed.'),
    ('html-502', 2, None),
    ('html-504', 2, None),
    ('reset', 2, None),
]


@pytest.mark.parametrize('shape, sent, message', NOT_APPLIED, ids=[case[0] for case in NOT_APPLIED])
def test_an_update_the_server_did_not_carry_out_is_read_back_before_it_is_sent_again(gij, shape, sent, message):
    case = WRITES['git_integration-update']
    gij.emulator.reset(case.integrations)
    gij.emulator.faults(dict(replies('integration', {})[shape], method='PUT', path=case.path))
    result = gij.run(case.args, module=case.module)
    methods = [entry['method'] for entry in result.requests]
    assert methods.count('PUT') == sent, methods
    assert methods[methods.index('PUT') + 1] == 'GET', 'sent again without a read: %s' % methods
    assert result['changed'] is (message is None), result.output
    if message:
        one_line(result)
        assert result.failed and result['msg'].endswith(message), result['msg']
    assert gij.emulator.integrations()[1].get('tagsFilter') == ('v.*' if message is None else None)


@pytest.mark.parametrize('shape', ['html-502', 'reset', 'json-500'])
def test_a_create_the_server_did_not_carry_out_is_never_sent_again(gij, shape):
    case = WRITES['git_integration-create']
    gij.emulator.reset(case.integrations)
    gij.emulator.faults(dict(replies('integration', {})[shape], method='POST', path=case.path))
    result = gij.run(case.args, module=case.module)
    assert [w['method'] for w in result.writes] == ['POST'], result.writes
    assert result.failed and result['changed'] is False, result.output
    one_line(result)
    assert 'may still appear on the server: the list read back after the failure does not show it' in result['msg']
    assert case.holds(gij) == []
