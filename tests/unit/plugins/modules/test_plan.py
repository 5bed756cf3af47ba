# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Saved plans (plan_file) of git_integrations and git_repositories, in-process against the emulator: check mode
writes the plan, a real run applies exactly it, and refuses before any write when Jira or the task moved."""

import hashlib
import json
import os
import re
import threading
import time
from urllib.parse import quote

import pytest
import yaml

from ansible_collections.gij.jira.plugins.module_utils.plan import COLLECTION_VERSION, PLAN_FORMAT
from ansible_collections.gij.jira.tests.emulator.gij_emulator import fingerprint
from ansible_collections.gij.jira.tests.unit.module_harness import (
    GIT_PASSWORD, GIT_PAT, JIRA_PASSWORD, JIRA_TOKEN, assert_no_secret, secret_forms, settled,
)

SEEDED = [
    {'displayName': 'keep', 'type': 'GITHUB', 'pat': 'p'},
    {'displayName': 'tune', 'type': 'GITLAB', 'pat': 'p', 'smartCommitsEnabled': True},
    {'displayName': 'stray', 'type': 'GITLAB', 'pat': 'p'},
]
ITEMS = [
    {'name': 'keep'},
    {'name': 'tune', 'smart_commits_enabled': False},
    {'name': 'new', 'type': 'GITHUB', 'pat': GIT_PAT},
    {'name': 'aws', 'type': 'AWS', 'username': 'AKIAEXAMPLE', 'password': GIT_PASSWORD, 'aws_region': 'eu-west-1'},
]
MODULE = 'git_integrations'


def args_of(plan_file, items=None, **extra):
    return dict({'integrations': list(items or ITEMS), 'plan_file': str(plan_file)}, **extra)


def plan_of(path):
    with open(str(path), encoding='utf-8') as handle:
        return json.load(handle)


def names(gij):
    return sorted(i['displayName'] for i in gij.emulator.integrations())


def server_change(gij, name, **fields):
    """Someone changes an integration in the admin page."""
    found = [i for i in gij.emulator.integrations() if i['displayName'] == name][0]
    reply = gij.emulator.api('PUT', '/integration/%s' % found['id'], auth=('admin', JIRA_PASSWORD), json=fields)
    assert reply.status_code == 200, reply.text


def server_create(gij, name):
    """Someone adds an integration in the admin page."""
    reply = gij.emulator.api('POST', '/integration', auth=('admin', JIRA_PASSWORD),
                             json={'displayName': name, 'type': 'GITHUB', 'pat': 'p'})
    assert reply.status_code == 200, reply.text


def server_delete(gij, item_id):
    reply = gij.emulator.api('DELETE', '/integration/%d' % item_id, auth=('admin', JIRA_PASSWORD),
                             params={'deleteFiles': 'false'})
    assert reply.status_code in (200, 204), reply.text


def test_a_reviewed_plan_applies_exactly_what_it_says(gij, tmp_path):
    gij.emulator.reset(SEEDED)
    path = tmp_path / 'plan.json'
    planned = gij.run(args_of(path, exclusive=True), module=MODULE, check=True, diff=True)
    assert planned.writes == [] and planned['changed'] is True, planned.output
    assert planned['plan_summary'] == '2 to create, 1 to update, 1 to delete' and planned['plan_file'] == str(path)
    plan = plan_of(path)
    assert plan['module'] == 'gij.jira.git_integrations' and plan['jira_url'] == gij.emulator.url
    assert plan['format'] == PLAN_FORMAT == 'gij.jira plan 2' and plan['collection_version'] and plan['created_at']
    actions = sorted((c['action'], c['name']) for c in plan['changes'])
    assert actions == [('create', 'aws'), ('create', 'new'), ('delete', 'stray'), ('update', 'tune')]
    update = [c for c in plan['changes'] if c['action'] == 'update'][0]
    assert update['before'] == {'smart_commits_enabled': True} and update['after'] == {'smart_commits_enabled': False}
    create = [c for c in plan['changes'] if c['name'] == 'new'][0]
    assert create['secrets_sent'] == ['pat'] and 'would be sent' in create['after']['pat']
    assert sorted(plan['read']) == sorted(str(i['id']) for i in gij.emulator.integrations()) and len(plan['set']) == 3
    assert sorted(plan['read']['1']['fields']) == ['init_date', 'name']  # left alone: what its item sets
    for written in ('2', '3'):  # updated, deleted by exclusive: every field read back
        assert {'init_date', 'name', 'type', 'tags_filter', 'send_commit_emails'} <= set(plan['read'][written]['fields'])

    applied = gij.run(args_of(path, exclusive=True), module=MODULE)
    assert applied['changed'] is True, applied.output
    assert sorted(e['name'] for e in applied['created']) == ['aws', 'new']
    assert [e['name'] for e in applied['updated']] == ['tune'] and [e['name'] for e in applied['deleted']] == ['stray']
    assert [r['method'] for r in applied.requests].count('GET') == 1  # the server is read once
    assert names(gij) == ['aws', 'keep', 'new', 'tune']
    tune = [i for i in gij.emulator.integrations() if i['displayName'] == 'tune'][0]
    assert tune['smartCommitsEnabled'] is False
    assert plan_of(path)['applied']['changed'] is True


def test_a_plan_is_applied_once(gij, tmp_path):
    gij.emulator.reset(SEEDED)
    path = tmp_path / 'plan.json'
    gij.run(args_of(path), module=MODULE, check=True)
    assert gij.run(args_of(path), module=MODULE)['changed'] is True
    again = gij.run(args_of(path), module=MODULE)
    assert again.failed and again.writes == [] and again['msg'].startswith('plan_file %s was applied already' % path)


def test_a_copy_of_an_applied_plan_says_the_server_already_holds_it(gij, tmp_path):
    """AWX hands the plan on as an artifact: a second apply job writes a fresh copy, without the used mark."""
    gij.emulator.reset(SEEDED)
    path = tmp_path / 'plan.json'
    gij.run(args_of(path), module=MODULE, check=True)
    copy = tmp_path / 'copy.json'
    copy.write_text(path.read_text())
    gij.run(args_of(path), module=MODULE)
    again = gij.run(args_of(copy), module=MODULE)
    assert again.failed and again.writes == [], again.output
    assert 'the server already holds what this plan changes' in again['msg']


@pytest.mark.parametrize('change, moved', [
    (lambda gij: server_change(gij, 'tune', smartCommitsEnabled=False, sendCommitEmails=False),
     "integration 'tune' (id 2) was changed: send_commit_emails, smart_commits_enabled."),
    (lambda gij: server_change(gij, 'stray', tagsFilter='v.*'), "integration 'stray' (id 3) was changed: tags_filter."),
    (lambda gij: server_change(gij, 'keep', displayName='kept'), "integration 'keep' (id 1) was changed: name."),
    (lambda gij: server_delete(gij, 1), "integration 'keep' (id 1) was deleted"),
    (lambda gij: server_create(gij, 'late'), "integration 'late' (id 4) appeared"),
], ids=['fields-of-an-update', 'a-field-of-an-unlisted-delete', 'the-name-of-an-untouched-one', 'deleted',
        'appeared-under-exclusive'])
def test_an_apply_is_refused_before_any_write_when_jira_moved(gij, tmp_path, change, moved):
    gij.emulator.reset(SEEDED)
    path = tmp_path / 'plan.json'
    gij.run(args_of(path, exclusive=True), module=MODULE, check=True)
    change(gij)
    refused = gij.run(args_of(path, exclusive=True), module=MODULE)
    assert refused.failed and refused.writes == [] and len(refused.requests) == 1, refused.output
    assert not refused.get('changed')
    assert refused['msg'].startswith('Jira changed since plan_file %s was made: ' % path) and moved in refused['msg'], refused['msg']
    assert 'applied' not in plan_of(path)  # a refused plan is not used up


def test_a_refusal_names_the_changed_fields_of_each_changed_object(gij, tmp_path):
    gij.emulator.reset(SEEDED)
    path = tmp_path / 'plan.json'
    gij.run(args_of(path, exclusive=True), module=MODULE, check=True)
    server_change(gij, 'tune', sendCommitEmails=False, tagsFilter='release-.*')
    server_change(gij, 'stray', smartCommitsEnabled=False)
    refused = gij.run(args_of(path, exclusive=True), module=MODULE)
    one_line(refused)
    assert refused.writes == [], refused.output
    assert ("was made: integration 'tune' (id 2) was changed: send_commit_emails, tags_filter; integration 'stray' "
            "(id 3) was changed: smart_commits_enabled. Nothing was changed" in refused['msg']), refused['msg']


@pytest.mark.parametrize('exclusive', [True, False], ids=['exclusive', 'not-exclusive'])
def test_a_change_of_an_unmanaged_field_of_an_object_the_plan_leaves_alone_does_not_void_it(gij, tmp_path, exclusive):
    """'keep' is listed with its name only and the plan writes nothing to it: the fields the task does not manage are
    not the plan's business there (the apply leaves them as they are)."""
    gij.emulator.reset(SEEDED)
    path = tmp_path / 'plan.json'
    gij.run(args_of(path, exclusive=exclusive), module=MODULE, check=True)
    server_change(gij, 'keep', sendCommitEmails=False, tagsFilter='release-.*', smartCommitsEnabled=False)
    applied = gij.run(args_of(path, exclusive=exclusive), module=MODULE)
    assert applied['changed'] is True and not applied.failed, applied.output
    assert 1 not in [item_id for dummy, item_id in written(applied)], applied.writes
    keep = [i for i in gij.emulator.integrations() if i['id'] == 1][0]
    assert keep['sendCommitEmails'] is False and keep['tagsFilter'] == 'release-.*'


def test_a_change_of_a_managed_field_of_an_object_the_plan_leaves_alone_still_voids_it(gij, tmp_path):
    gij.emulator.reset(SEEDED)
    path = tmp_path / 'plan.json'
    items = [{'name': 'keep', 'send_commit_emails': True}] + ITEMS[1:]
    gij.run(args_of(path, items), module=MODULE, check=True)
    assert 1 not in [c['id'] for c in plan_of(path)['changes']]  # the plan leaves 'keep' alone
    server_change(gij, 'keep', sendCommitEmails=False)
    refused = gij.run(args_of(path, items), module=MODULE)
    one_line(refused)
    assert refused.writes == [] and "integration 'keep' (id 1) was changed: send_commit_emails." in refused['msg'], refused['msg']


def digests_of(secret):
    """Unkeyed digests of every form of ``secret``, in full and cut to any length a plan could hold."""
    found = set()
    for form in secret_forms(secret) | {json.dumps(secret)}:
        for algorithm in ('md5', 'sha1', 'sha256', 'sha512'):
            found.add(hashlib.new(algorithm, form.encode('utf-8')).hexdigest()[:12])
    return found


def test_neither_a_refusal_nor_the_plan_holds_a_secret_or_a_digest_one_could_match(gij, tmp_path):
    """The server echoes secrets in fields of an object the plan updates, and changes one to another secret: the
    refusal names the field, never its value; the plan's digests are keyed with a key of its own (two plans of the
    same server share none), so none matches a digest of a guessed value made elsewhere."""
    gij.emulator.reset([{'displayName': 'echo', 'type': 'GITHUB', 'pat': 'p', 'tagsFilter': GIT_PAT, 'apiFilter': GIT_PAT}])
    path, again = tmp_path / 'plan.json', tmp_path / 'again.json'
    items = [{'name': 'echo', 'smart_commits_enabled': False, 'pat': GIT_PAT}]
    gij.run(args_of(path, items), module=MODULE, check=True, env=BASIC_AUTH)
    gij.run(args_of(again, items), module=MODULE, check=True, env=BASIC_AUTH)
    first, second = plan_of(path), plan_of(again)
    assert set(first['read']['1']['fields']) >= {'tags_filter', 'api_filter', 'smart_commits_enabled'}
    assert not set(first['read']['1']['fields'].values()) & set(second['read']['1']['fields'].values())
    server_change(gij, 'echo', apiFilter=GIT_PASSWORD)
    refused = gij.run(args_of(path, items), module=MODULE, env=BASIC_AUTH)
    one_line(refused)
    assert "integration 'echo' (id 1) was changed: api_filter." in refused['msg'], refused['msg']
    texts = (refused['msg'], refused.output, path.read_text(encoding='utf-8'))
    assert_no_secret(*texts, secrets=(JIRA_PASSWORD, GIT_PAT, GIT_PASSWORD), where='the refusal or the plan')
    for digest in digests_of(GIT_PAT) | digests_of(GIT_PASSWORD):
        assert not any(digest in text for text in texts), digest


def test_a_plan_made_by_an_older_version_is_refused_in_one_line_before_any_request(gij, tmp_path):
    gij.emulator.reset(SEEDED)
    path = tmp_path / 'plan.json'
    gij.run(args_of(path), module=MODULE, check=True)
    plan = plan_of(path)
    plan.update(format='gij.jira plan 1', read=dict((key, {'name': seen['name'], 'fingerprint': 'sha256:00'})
                                                    for key, seen in plan['read'].items()))
    plan.pop('digest_key')
    path.write_text(json.dumps(plan))
    refused = gij.run(args_of(path), module=MODULE)
    one_line(refused)
    assert refused.requests == [], refused.output
    assert refused['msg'] == ('plan_file %s was made by an older version of gij.jira (format gij.jira plan 1): make '
                              'the plan again in check mode.' % path), refused['msg']


def test_an_apply_is_refused_when_what_it_creates_exists_now(gij, tmp_path):
    gij.emulator.reset(SEEDED)
    path = tmp_path / 'plan.json'
    gij.run(args_of(path), module=MODULE, check=True)
    server_create(gij, 'new')
    refused = gij.run(args_of(path), module=MODULE)
    assert refused.failed and refused.writes == [], refused.output
    assert "the plan creates integration 'new', and the server has it now (id 4)" in refused['msg'], refused['msg']


@pytest.mark.parametrize('args, moved', [
    (args_of('PATH', ITEMS[:2], exclusive=True), '2 integrations, the plan has 4'),
    (args_of('PATH', [ITEMS[0], dict(ITEMS[1], smart_commits_enabled=True)] + ITEMS[2:], exclusive=True),
     'integrations[1] differs'),
    (args_of('PATH', exclusive=False), 'exclusive is false, the plan has true'),
    (args_of('PATH', ITEMS[:2] + [dict(ITEMS[2], pat=None)] + ITEMS[3:], exclusive=True), 'integrations[2] differs'),
], ids=['fewer-items', 'a-value', 'exclusive', 'a-secret-left-out'])
def test_an_apply_with_other_arguments_is_refused_before_any_request(gij, tmp_path, args, moved):
    gij.emulator.reset(SEEDED)
    path = tmp_path / 'plan.json'
    gij.run(args_of(path, exclusive=True), module=MODULE, check=True)
    args = dict(args, plan_file=str(path))
    args['integrations'] = [dict((k, v) for k, v in item.items() if v is not None) for item in args['integrations']]
    refused = gij.run(args, module=MODULE)
    assert refused.failed and refused.requests == [], refused.output
    assert refused['msg'].startswith("The task's arguments are not the ones plan_file %s was made from" % path)
    assert moved in refused['msg'], refused['msg']


def test_a_rotated_secret_is_not_an_argument_change(gij, tmp_path):
    """The plan records that a secret is sent, never its value: the apply takes it from the task as usual."""
    gij.emulator.reset(SEEDED)
    path = tmp_path / 'plan.json'
    gij.run(args_of(path, ITEMS[2:3]), module=MODULE, check=True)
    applied = gij.run(args_of(path, [dict(ITEMS[2], pat=GIT_PAT + '-rotated')]), module=MODULE)
    assert applied['changed'] is True, applied.output
    assert [w['body'].get('pat') for w in applied.writes] == ['fingerprint:' + fingerprint(GIT_PAT + '-rotated')]


def test_the_plan_file_holds_no_secret_in_any_form(gij, tmp_path):
    gij.emulator.reset([{'displayName': 'echo', 'type': 'GITHUB', 'pat': 'p', 'tagsFilter': GIT_PAT}])
    path = tmp_path / 'plan.json'
    items = ITEMS[2:] + [{'name': 'echo', 'tags_filter': 'v.*', 'pat': GIT_PAT, 'update_secrets': 'always'}]
    planned = gij.run(args_of(path, items), module=MODULE, check=True, diff=True,
                      env={'JIRA_TOKEN': None, 'JIRA_USERNAME': 'admin', 'JIRA_PASSWORD': JIRA_PASSWORD})
    text = path.read_text(encoding='utf-8')
    assert 'echo' in text and planned['changed'] is True, planned.output
    assert_no_secret(text, planned.result, planned.output, secrets=(JIRA_TOKEN, JIRA_PASSWORD, GIT_PAT, GIT_PASSWORD),
                     where='the plan file')


def test_an_unchanged_set_plans_nothing_to_do_and_its_apply_writes_nothing(gij, tmp_path):
    gij.emulator.reset(SEEDED)
    path = tmp_path / 'plan.json'
    items = [{'name': 'keep'}, {'name': 'tune', 'smart_commits_enabled': True}]
    planned = gij.run(args_of(path, items), module=MODULE, check=True)
    assert planned['changed'] is False and planned['plan_summary'] == 'nothing to do' and plan_of(path)['changes'] == []
    applied = gij.run(args_of(path, items), module=MODULE)
    assert applied['changed'] is False and applied.writes == [] and len(applied.requests) == 1, applied.output
    assert applied['plan_summary'] == 'nothing to do'


def test_a_plan_of_single_repositories(gij, tmp_path):
    origin = 'https://git.example.com/platform/app.git'
    gij.emulator.reset(repositories=[{'displayName': 'old', 'origin': 'https://git.example.com/old.git'}])
    path = tmp_path / 'plan.json'
    args = {'repositories': [{'origin': origin, 'name': 'app', 'pat': GIT_PAT}], 'exclusive': True, 'plan_file': str(path)}
    planned = gij.run(args, module='git_repositories', check=True)
    assert planned.writes == [] and planned['plan_summary'] == '1 to create, 1 to delete', planned.output
    assert plan_of(path)['module'] == 'gij.jira.git_repositories'
    wrong_module = gij.run(args_of(path, ITEMS), module=MODULE)
    assert wrong_module.failed and 'was made by gij.jira.git_repositories, not by gij.jira.git_integrations' in wrong_module['msg']
    applied = gij.run(args, module='git_repositories')
    assert applied['changed'] is True and [r['origin'] for r in gij.emulator.repositories()] == [origin], applied.output


@pytest.mark.parametrize('content, message', [
    (None, 'Cannot read plan_file'),
    ('{"format": "something else"}', 'is not a plan of this collection'),
    ('not json', 'is not a plan of this collection'),
    ('{"format": "gij.jira plan 2", "arguments": {"items": []}, "read": [], "changes": []}', 'is not a plan of this'),
    ('{"format": "gij.jira plan 2", "arguments": {"items": []}, "read": {}, "changes": [], "set": [[1]]}', 'is not a plan'),
    ('{"format": "gij.jira plan 2", "arguments": {"items": []}, "read": {}, "changes": [], "applied": true}', 'is not a plan'),
    ('{"format": "gij.jira plan 2", "arguments": {"items": []}, "read": {"1": 2}, "changes": []}', 'is not a plan'),
])
def test_a_missing_or_foreign_plan_file_is_refused_before_any_request(gij, tmp_path, content, message):
    path = tmp_path / 'plan.json'
    if content is not None:
        path.write_text(content)
    refused = gij.run(args_of(path), module=MODULE)
    assert refused.failed and refused.requests == [] and message in refused['msg'], refused.output


def test_a_plan_for_another_jira_is_refused(gij, tmp_path):
    gij.emulator.reset(SEEDED)
    path = tmp_path / 'plan.json'
    gij.run(args_of(path), module=MODULE, check=True)
    plan = plan_of(path)
    path.write_text(json.dumps(dict(plan, jira_url='https://other.example.com')))
    refused = gij.run(args_of(path), module=MODULE)
    assert refused.failed and refused.writes == [] and 'was made for https://other.example.com, not for' in refused['msg']


def test_the_plan_names_the_version_galaxy_yml_releases():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..')
    with open(os.path.join(root, 'galaxy.yml'), encoding='utf-8') as handle:
        version = yaml.safe_load(handle)['version']
    assert COLLECTION_VERSION == version


# Adversarial cases: a hostile server, a hostile or odd plan file, failures halfway, and what an apply may write.

BASIC_AUTH = {'JIRA_TOKEN': None, 'JIRA_USERNAME': 'admin', 'JIRA_PASSWORD': JIRA_PASSWORD}


def one_line(result):
    """A clean refusal: one line, never the runner's last safety net, never a traceback."""
    assert result.failed, result.output
    assert '\n' not in result['msg'] and 'Unexpected error' not in result['msg'], result['msg']
    assert 'Traceback' not in result.output and 'MODULE FAILURE' not in result.output, result.output


def echoed_forms():
    """Every form of the git secret and of the Jira password (their Basic header included), as a server may echo them."""
    return sorted(secret_forms(GIT_PAT) | secret_forms(JIRA_PASSWORD))


def test_a_server_echoing_secrets_in_any_form_leaks_them_nowhere_and_the_plan_still_applies(gij, tmp_path):
    """The server puts the task's secrets (every form) in fields, names and unknown keys of the objects the plan reads,
    updates (with a rotation) and deletes: neither the plan, nor the results, nor the output show one, and the apply is
    not refused for a difference that is only the masking."""
    forms = echoed_forms()
    seeded = [{'displayName': 'echo', 'type': 'GITHUB', 'pat': 'p', 'tagsFilter': forms[0], 'apiFilter': forms[1]}]
    seeded += [{'displayName': 'gone %d %s' % (n, form), 'type': 'GITHUB', 'pat': 'p', 'tagsFilter': form}
               for n, form in enumerate(forms)]
    stray = dict(('s%d %s' % (n, form), form) for n, form in enumerate(forms))
    gij.emulator.reset(seeded, stray_keys={'1': stray, '2': stray})
    path = tmp_path / 'plan.json'
    items = [{'name': 'echo', 'tags_filter': 'v.*', 'pat': GIT_PAT, 'update_secrets': 'always'}]
    args = args_of(path, items, exclusive=True)
    planned = gij.run(args, module=MODULE, check=True, diff=True, env=BASIC_AUTH)
    assert planned['changed'] is True and planned.writes == [], planned.output
    assert_no_secret(path.read_text(encoding='utf-8'), planned.result, planned.output, where='the plan or its result')
    applied = gij.run(args, module=MODULE, diff=True, env=BASIC_AUTH)
    assert applied['changed'] is True and len(applied['deleted']) == len(forms), applied.output
    assert_no_secret(applied.result, applied.output, path.read_text(encoding='utf-8'), where="the apply's result")
    assert names(gij) == ['echo']


def test_a_repository_plan_holds_no_secret_the_server_echoes(gij, tmp_path):
    forms = echoed_forms()
    repositories = [{'displayName': 'old %d %s' % (n, form), 'origin': 'https://git.example.com/old-%d.git' % n}
                    for n, form in enumerate(forms)]
    gij.emulator.reset(repositories=repositories)
    path = tmp_path / 'plan.json'
    args = {'repositories': [{'origin': 'https://git.example.com/app.git', 'name': 'app', 'pat': GIT_PAT}],
            'exclusive': True, 'plan_file': str(path)}
    planned = gij.run(args, module='git_repositories', check=True, diff=True, env=BASIC_AUTH)
    assert planned['plan_summary'] == '1 to create, %d to delete' % len(forms) and planned.writes == [], planned.output
    assert plan_of(path)['changes'][0]['secrets_sent'] == ['pat']
    assert_no_secret(path.read_text(encoding='utf-8'), planned.result, planned.output, where='the plan or its result')
    applied = gij.run(args, module='git_repositories', diff=True, env=BASIC_AUTH)
    assert applied['changed'] is True and len(applied['deleted']) == len(forms), applied.output
    assert_no_secret(applied.result, applied.output, where="the apply's result")


def test_an_apply_that_fails_halfway_tells_the_truth_and_uses_the_plan_up(gij, tmp_path):
    echoed = quote(GIT_PAT, safe='')  # a form Ansible's no_log does not know
    gij.emulator.reset(SEEDED + [{'displayName': 'echo %s' % echoed, 'type': 'GITHUB', 'pat': 'p'}])
    path = tmp_path / 'plan.json'
    items = [{'id': 4}] + ITEMS[1:]  # an unchanged item the server names with a secret, an update, two creates
    planned = gij.run(args_of(path, items, exclusive=True), module=MODULE, check=True)
    assert planned['plan_summary'] == '2 to create, 1 to update, 2 to delete' and planned.writes == [], planned.output
    gij.emulator.faults({'kind': 'failure', 'error': 'Disk full', 'method': 'POST', 'path': '/integration$', 'skip': 1})
    failed = gij.run(args_of(path, items, exclusive=True), module=MODULE)
    one_line(failed)
    assert failed['changed'] is True and 'Disk full' in failed['msg'], failed.output
    assert [e['name'] for e in failed['updated']] == ['tune'] and [e['name'] for e in failed['created']] == ['new']
    assert failed['deleted'] == [] and len(failed['unchanged']) == 1
    assert_no_secret(failed.result, failed.output, where='the result of a failed apply')
    assert [w['method'] for w in failed.writes] == ['PUT', 'POST', 'POST']  # the second create failed; nothing after it
    assert plan_of(path)['applied']['failed_halfway'] is True
    again = gij.run(args_of(path, items, exclusive=True), module=MODULE)
    one_line(again)
    assert again.writes == [] and again['msg'].startswith('plan_file %s was applied already' % path), again.output
    assert 'failed halfway' in again['msg'], again['msg']


def nested(depth):
    value = []
    for dummy in range(depth):
        value = [value]
    return value


def change_of(plan, action):
    return [change for change in plan['changes'] if change['action'] == action][0]


def edited(edit):
    def apply(plan):
        edit(plan)
        return json.dumps(plan)
    return apply


HOSTILE_PLANS = {
    'truncated': lambda plan: json.dumps(plan)[:len(json.dumps(plan)) // 2],
    'nul-byte': lambda plan: json.dumps(plan).replace('"changes"', '"chan\x00ges"'),
    'not-utf-8': lambda plan: json.dumps(plan).replace('"keep"', '"k\xe9ep"').encode('latin-1'),
    'nested-beyond-any-bound': lambda plan: '[' * 100000 + ']' * 100000,
    'nested-deep-in-an-unknown-key': edited(lambda plan: plan.update(note=nested(600))),
    'a-number-beyond-python-ints': lambda plan: json.dumps(plan).replace('"set": [', '"set": [%s, ' % ('9' * 5000)),
    'an-infinite-number': lambda plan: json.dumps(plan).replace('"item": 1', '"item": 1e999'),
    'summary-missing': edited(lambda plan: plan.pop('summary')),
    'summary-a-list': edited(lambda plan: plan.update(summary=['nothing to do'])),
    'summary-that-lies': edited(lambda plan: plan.update(summary='nothing to do')),
    'created-item-a-list': edited(lambda plan: change_of(plan, 'create').update(item=[2])),
    'deleted-id-a-list': edited(lambda plan: change_of(plan, 'delete').update(id=[3])),
    'updated-id-a-string': edited(lambda plan: change_of(plan, 'update').update(id='2')),
    'updated-id-a-boolean': edited(lambda plan: change_of(plan, 'update').update(id=True)),
    'an-unknown-action': edited(lambda plan: change_of(plan, 'update').update(action=['update'])),
    'after-a-string': edited(lambda plan: change_of(plan, 'create').update(after='everything')),
    'read-name-a-list': edited(lambda plan: plan['read']['1'].update(name=['keep'])),
    'read-fields-a-list': edited(lambda plan: plan['read']['1'].update(fields=['name'])),
    'read-field-digest-a-number': edited(lambda plan: plan['read']['1']['fields'].update(name=7)),
    'digest-key-missing': edited(lambda plan: plan.pop('digest_key')),
    'digest-key-not-hex': edited(lambda plan: plan.update(digest_key='secret')),
    'argument-items-objects': edited(lambda plan: plan['arguments'].update(items=[{}] * len(plan['arguments']['items']))),
    'exclusive-a-string': edited(lambda plan: plan['arguments'].update(exclusive='true')),
    'module-a-dict': edited(lambda plan: plan.update(module={'name': 'gij.jira.git_integrations'})),
    'applied-marked-falsely-empty': edited(lambda plan: plan.update(applied={})),
}


@pytest.mark.parametrize('hostile', sorted(HOSTILE_PLANS))
def test_a_hostile_plan_file_is_refused_in_one_line_before_any_write(gij, tmp_path, hostile):
    gij.emulator.reset(SEEDED)
    path = tmp_path / 'plan.json'
    gij.run(args_of(path, exclusive=True), module=MODULE, check=True)
    content = HOSTILE_PLANS[hostile](plan_of(path))
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding='utf-8')
    refused = gij.run(args_of(path, exclusive=True), module=MODULE)
    one_line(refused)
    assert refused.writes == [] and not refused.get('changed'), refused.output
    assert refused.requests == [], refused['msg']  # refused as a plan, before Jira is asked anything
    assert names(gij) == ['keep', 'stray', 'tune']


def odd_path(tmp_path, kind):
    if kind == 'a-directory':
        (tmp_path / 'plans').mkdir()
        return str(tmp_path / 'plans')
    if kind == 'in-a-missing-folder':
        return str(tmp_path / 'missing' / 'plan.json')
    if kind == 'with-a-nul-byte':
        return str(tmp_path / 'plan\x00.json')
    return str(tmp_path / 'plans' / 'plan.json' / '')  # a trailing slash: a folder's name


@pytest.mark.parametrize('kind', ['a-directory', 'in-a-missing-folder', 'with-a-nul-byte', 'with-a-trailing-slash'])
def test_an_odd_plan_file_path_fails_in_one_line_and_writes_nothing(gij, tmp_path, kind):
    gij.emulator.reset(SEEDED)
    path = odd_path(tmp_path, kind)
    # ansible-core 2.21 refuses a NUL byte in any argument itself, before the module runs (it logs them to syslog).
    refused_by_ansible = ('Failed to log to syslog',) if kind == 'with-a-nul-byte' else ()
    planned = gij.run(args_of(path), module=MODULE, check=True)
    one_line(planned)
    assert planned.writes == [] and planned['msg'].startswith(('Cannot write plan_file ',) + refused_by_ansible), planned['msg']
    applied = gij.run(args_of(path), module=MODULE)
    one_line(applied)
    assert applied.requests == [] and applied['msg'].startswith(('Cannot read plan_file ',) + refused_by_ansible), applied['msg']


def test_a_plan_file_path_with_a_line_break_still_fails_in_one_line(gij, tmp_path):
    gij.emulator.reset(SEEDED)
    path = tmp_path / 'plan\nfor review.json'
    gij.run(args_of(path), module=MODULE, check=True)
    assert gij.run(args_of(path), module=MODULE)['changed'] is True
    again = gij.run(args_of(path), module=MODULE)
    one_line(again)
    assert again.requests == [] and 'plan for review.json was applied already' in again['msg'], again['msg']


def test_a_named_pipe_as_plan_file_is_refused_at_once(gij, tmp_path):
    """Opening a FIFO for reading waits for a writer: the apply would hang until Ansible gives up on it."""
    gij.emulator.reset(SEEDED)
    path = tmp_path / 'plan.json'
    os.mkfifo(str(path))
    unblock = threading.Timer(5, lambda: open(str(path), 'wb').close())  # a writer, so that the old code ends at all
    unblock.start()
    try:
        started = time.monotonic()
        refused = gij.run(args_of(path), module=MODULE)
        took = time.monotonic() - started
    finally:
        unblock.cancel()
    one_line(refused)
    assert refused.requests == [] and '(not a regular file)' in refused['msg'], refused['msg']
    assert took < 4, took


def test_check_mode_replaces_a_symlinked_plan_file_and_never_writes_through_it(gij, tmp_path):
    gij.emulator.reset(SEEDED)
    precious = tmp_path / 'precious.txt'
    precious.write_text('not a plan\n')
    link = tmp_path / 'plan.json'
    link.symlink_to(precious)
    planned = gij.run(args_of(link), module=MODULE, check=True)
    assert planned.writes == [] and planned['changed'] is True, planned.output
    assert precious.read_text() == 'not a plan\n' and not link.is_symlink() and plan_of(link)['format'] == PLAN_FORMAT


def test_a_plan_applied_through_a_symlink_is_used_up_where_it_is(gij, tmp_path):
    """A rotation changes nothing Jira shows: only the mark keeps such a plan from being applied twice."""
    gij.emulator.reset(SEEDED)
    path, link = tmp_path / 'plan.json', tmp_path / 'approved.json'
    items = [{'name': 'keep', 'pat': GIT_PAT, 'update_secrets': 'always'}]
    gij.run(args_of(path, items), module=MODULE, check=True)
    link.symlink_to(path)
    applied = gij.run(args_of(link, items), module=MODULE)
    assert applied['changed'] is True and len(applied.writes) == 1 and applied['plan_file'] == str(link), applied.output
    assert plan_of(path)['applied']['changed'] is True and link.is_symlink()
    again = gij.run(args_of(path, items), module=MODULE)
    one_line(again)
    assert again.writes == [] and 'was applied already' in again['msg'], again['msg']


def test_a_plan_file_that_cannot_be_marked_as_used_is_a_warning_after_the_changes(gij, tmp_path):
    """The file is rewritten through a temporary file beside it, named after it: a name near the file system's limit
    of 255 bytes leaves no room for that name (a way to fail the rewrite that root cannot bypass)."""
    gij.emulator.reset(SEEDED)
    made = tmp_path / 'plan.json'
    gij.run(args_of(made), module=MODULE, check=True)
    path = tmp_path / ('p' * 245 + '.json')
    path.write_text(made.read_text())
    applied = gij.run(args_of(path), module=MODULE)
    assert not applied.failed and applied['changed'] is True and len(applied.writes) == 3, applied.output
    warning = 'The plan was applied, but plan_file could not be marked as used: Cannot write plan_file %s (' % path
    assert warning in ' '.join(applied.warnings), applied.warnings
    assert 'applied' not in plan_of(path)


def test_a_name_with_half_a_surrogate_pair_does_not_keep_a_plan_from_being_written(gij, tmp_path):
    """JSON may carry a lone UTF-16 surrogate (\\ud800), which UTF-8 cannot encode: the plan keeps it as that escape."""
    gij.emulator.reset(SEEDED + [{'displayName': 'half \ud800 pair', 'type': 'GITHUB', 'pat': 'p'}])
    path = tmp_path / 'plan.json'
    planned = gij.run(args_of(path, exclusive=True), module=MODULE, check=True)
    assert planned['plan_summary'] == '2 to create, 1 to update, 2 to delete' and planned.writes == [], planned.output
    assert '"half \\ud800 pair"' in path.read_text(encoding='utf-8')
    applied = gij.run(args_of(path, exclusive=True), module=MODULE)
    assert applied['changed'] is True and names(gij) == ['aws', 'keep', 'new', 'tune'], applied.output
    assert plan_of(path)['applied']['changed'] is True


# A server with namesakes of two types, a disabled integration, project ids in no order, and objects no item changes.
MIXED = SEEDED + [
    {'displayName': 'twin', 'type': 'GITHUB', 'pat': 'p', 'smartCommitsEnabled': True},
    {'displayName': 'twin', 'type': 'GITLAB', 'pat': 'p', 'smartCommitsEnabled': True},
    {'displayName': 'off', 'type': 'GITHUB', 'pat': 'p', 'disabled': True, 'smartCommitsEnabled': True},
    {'displayName': 'proj', 'type': 'GITHUB', 'pat': 'p', 'global': False, 'projectMappingIds': [30, 10, 20]},
]
MIXED_ITEMS = ITEMS + [
    {'name': 'twin', 'type': 'GITHUB'},  # unchanged: only its GITLAB namesake changes
    {'name': 'twin', 'type': 'GITLAB', 'smart_commits_enabled': False},
    {'name': 'off', 'smart_commits_enabled': False},  # an update that must leave it disabled
    {'name': 'proj', 'global': False, 'project_mapping_ids': [10, 20, 30]},  # unchanged: the same ids in another order
]


def written(result):
    """(method, id) of every write of a run; id None for a create."""
    targets = []
    for write in result.writes:
        match = re.search(r'/integration/(\d+)/?$|/repository/(\d+)/disable/?$', write['path'])
        targets.append((write['method'], int(match.group(1) or match.group(2)) if match else None))
    return targets


@pytest.mark.parametrize('server', [{}, {'strict': True}, {'reply_shape': 'minimal'}, {'page_size': 2},
                                    {'page_size': 3, 'paging_style': 'atlassian'}],
                         ids=['merge-update', 'strict-update', 'minimal-replies', 'pages', 'atlassian-pages'])
def test_an_apply_writes_only_to_what_the_plan_lists(gij, tmp_path, server):
    gij.emulator.reset(MIXED, **server)
    path = tmp_path / 'plan.json'
    args = args_of(path, MIXED_ITEMS, exclusive=True)
    planned = gij.run(args, module=MODULE, check=True)
    assert planned.writes == [] and planned['plan_summary'] == '2 to create, 3 to update, 1 to delete', planned.output
    changes = plan_of(path)['changes']
    assert sorted((c['action'], c['name'], c['id']) for c in changes) == [
        ('create', 'aws', None), ('create', 'new', None), ('delete', 'stray', 3),
        ('update', 'off', 6), ('update', 'tune', 2), ('update', 'twin', 5)]
    untouched = [i for i in settled(gij.emulator.integrations()) if i['id'] in (1, 4, 7)]
    applied = gij.run(args, module=MODULE)
    assert applied['changed'] is True, applied.output
    targets = written(applied)
    assert set(item_id for dummy, item_id in targets if item_id is not None) == {2, 3, 5, 6}, targets
    assert [method for method, item_id in targets if item_id is None] == ['POST', 'POST']  # the two planned creates
    assert [i for i in settled(gij.emulator.integrations()) if i['id'] in (1, 4, 7)] == untouched
    off = [i for i in gij.emulator.integrations() if i['id'] == 6][0]
    assert off['disabled'] is True and off['smartCommitsEnabled'] is False
    again = gij.run(dict(args, plan_file=str(tmp_path / 'again.json')), module=MODULE, check=True)
    assert again['plan_summary'] == 'nothing to do' and again.writes == [], again.output


def test_an_apply_is_refused_when_the_namesake_it_updates_is_gone_or_has_a_twin_now(gij, tmp_path):
    gij.emulator.reset(MIXED)
    path = tmp_path / 'plan.json'
    items = [{'name': 'twin', 'type': 'GITLAB', 'smart_commits_enabled': False}]
    planned = gij.run(args_of(path, items), module=MODULE, check=True)
    assert planned.writes == [] and [c['id'] for c in plan_of(path)['changes']] == [5], planned.output
    reply = gij.emulator.api('POST', '/integration', auth=('admin', JIRA_PASSWORD),
                             json={'displayName': 'twin', 'type': 'GITLAB', 'pat': 'p'})
    assert reply.status_code == 200, reply.text
    ambiguous = gij.run(args_of(path, items), module=MODULE)
    one_line(ambiguous)
    assert ambiguous.writes == [] and "2 integrations are named 'twin'" in ambiguous['msg'], ambiguous['msg']
    server_delete(gij, 5)
    gone = gij.run(args_of(path, items), module=MODULE)
    one_line(gone)
    assert gone.writes == [] and "integration 'twin' (id 5) was deleted" in gone['msg'], gone['msg']


def test_an_object_deleted_and_made_again_under_its_old_id_is_not_the_one_the_plan_read(gij, tmp_path):
    """A server that gives a freed id to the next object (reuse_ids): the same id, the same fields, and yet another
    object, made after the plan; its creation date tells it apart."""
    gij.emulator.reset([SEEDED[0], dict(SEEDED[1], origin='https://gitlab.com'), SEEDED[2]], reuse_ids=True)
    path = tmp_path / 'plan.json'
    items = [{'name': 'tune', 'smart_commits_enabled': False}]
    gij.run(args_of(path, items), module=MODULE, check=True)
    time.sleep(0.01)  # another millisecond of creation time
    server_delete(gij, 2)
    reply = gij.emulator.api('POST', '/integration', auth=('admin', JIRA_PASSWORD),
                             json={'displayName': 'tune', 'type': 'GITLAB', 'pat': 'p', 'smartCommitsEnabled': True})
    assert reply.status_code == 200 and [i['id'] for i in gij.emulator.integrations()] == [1, 2, 3], reply.text
    refused = gij.run(args_of(path, items), module=MODULE)
    one_line(refused)
    assert refused.writes == [] and "integration 'tune' (id 2) was deleted and created again." in refused['msg'], refused['msg']


def test_project_ids_the_server_lists_in_another_order_are_no_change_of_jira(gij, tmp_path):
    gij.emulator.reset(MIXED)
    path = tmp_path / 'plan.json'
    items = MIXED_ITEMS[-1:] + [{'name': 'tune', 'smart_commits_enabled': False}]
    planned = gij.run(args_of(path, items), module=MODULE, check=True)
    assert planned['plan_summary'] == '1 to update' and planned.writes == [], planned.output
    server_change(gij, 'proj', projectMappingIds=[20, 30, 10], **{'global': False})
    applied = gij.run(args_of(path, items), module=MODULE)
    assert applied['changed'] is True and written(applied) == [('PUT', 2)], applied.output
