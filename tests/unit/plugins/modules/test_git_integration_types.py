# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The life cycle of one integration of every type, under both readings of the update call, as named behaviours.

The module runs in-process (module_harness.py): one life cycle per type and reading (check-mode create, create,
re-run, change, re-run, delete, delete again; the emulator logs its state after each request); each test below checks
one behaviour of that run, so a failure names what broke. The run is shared by the tests of its type and reading
(cached per test process). Moved from tests/integration, where each life cycle was an ansible-playbook run.
"""

import hashlib
import json

import pytest

from ansible_collections.gij.jira.plugins.module_utils.fields import AWS_REGIONS
from ansible_collections.gij.jira.tests.emulator.gij_emulator import OMITTED_DEFAULTS, VENDOR_AWS_REGIONS
from ansible_collections.gij.jira.tests.unit.emulator_support import RunningEmulator
from ansible_collections.gij.jira.tests.unit.module_harness import (
    GIT_PASSWORD, GIT_PAT, JIRA_PASSWORD, TOKENS, USERS, ModuleRunner, assert_no_secret,
)

# type -> (options to create it, one change to make afterwards, new values of write-only options sent with that change)
TYPES = {
    'GITHUB': ({'pat': GIT_PAT}, {'smart_commits_enabled': False}, {}),
    'GITHUB_SERVER': ({'origin': 'https://ghe.example.org', 'pat': GIT_PAT, 'api_path': '/orgs/platform/repos'},
                      {'api_filter': "[?archived==`false`]"}, {}),
    'GITLAB': ({'pat': GIT_PAT, 'tags_filter': 'v.*'}, {'tags_filter': 'release-.*'}, {}),
    'GITLAB_SERVER': ({'origin': 'https://gitlab.example.org', 'pat': GIT_PAT, 'api_path': '/groups/platform/projects',
                       'api_filter': "[?archived==`false`]"}, {'global': False, 'project_mapping_ids': [10100, 10000]}, {}),
    'GITLAB_SERVER_LEGACY': ({'origin': 'https://old-gitlab.example.org', 'username': 'indexer', 'password': GIT_PASSWORD},
                             {'max_mins_to_commit_email': 60}, {}),
    'FILESPACE': ({'origin': '/srv/git/*', 'folder_depth': 2, 'trust_folder_stat': False}, {'ref_spec_notes': False},
                  {'folder_depth': 3}),
    'AZURE_DEVOPS': ({'origin': 'https://devops.example.org/tfs', 'pat': GIT_PAT, 'tfs_collection': 'DefaultCollection'},
                     {'disabled': True}, {}),
    'VSTS': ({'pat': GIT_PAT, 'tfs_collection': 'Main'}, {'send_commit_emails': False}, {}),
    'AZURE': ({'pat': GIT_PAT, 'git_viewer_enabled': True}, {'require_user_pat': True}, {}),
    'TFS_SERVER': ({'origin': 'https://tfs.example.org/tfs', 'username': 'all', 'pat': GIT_PAT, 'tfs_collection': 'DefaultCollection'},
                   {'revision_indexing': False}, {'tfs_collection': 'SecondCollection'}),
    'AWS': ({'username': 'AKIAEXAMPLE', 'password': GIT_PASSWORD, 'aws_region': 'eu-west-1'}, {'disable_ssl_verification': True},
            {'aws_region': 'eu-central-1'}),
    'GERRIT': ({'origin': 'https://review.example.org', 'username': 'indexer', 'password': GIT_PASSWORD, 'ref_spec_changes': True,
                'ref_spec_custom': '+refs/meta/config:refs/meta/config'},
               {'pr_hide_filter': '^WIP'}, {'ref_spec_custom': '+refs/meta/*:refs/meta/*'}),
}
# What the change looks like on the server (camelCase) and in the result (snake_case).
API_NAMES = {
    'smart_commits_enabled': 'smartCommitsEnabled', 'api_filter': 'apiFilter', 'tags_filter': 'tagsFilter',
    'global': 'global', 'project_mapping_ids': 'projectMappingIds', 'max_mins_to_commit_email': 'maxMinsToCommitEmail',
    'ref_spec_notes': 'refSpecNotes', 'disabled': 'disabled', 'send_commit_emails': 'sendCommitEmails',
    'require_user_pat': 'requireUserPat', 'revision_indexing': 'revisionIndexing',
    'disable_ssl_verification': 'disableSslVerification', 'pr_hide_filter': 'prHideFilter',
}
# The request field of every other option the tasks set: api-notes.md section 4, written out here on purpose (not taken
# from the collection's field table), so that a misspelt or missing field in the module is a failure here.
REQUEST_NAMES = dict(API_NAMES, **{
    'name': 'displayName', 'type': 'type', 'origin': 'origin', 'pat': 'pat', 'username': 'username', 'password': 'password',
    'api_path': 'apiPath', 'trust_folder_stat': 'trustFolderStat', 'git_viewer_enabled': 'gitViewerEnabled',
    'ref_spec_changes': 'refSpecChanges',
})
# Accepted by the server, never returned (api-notes.md section 6.6): only the request body shows what the module sent.
WRITE_ONLY = {'tfs_collection': 'tfsCollection', 'ref_spec_custom': 'refSpecCustom', 'folder_depth': 'folderDepth',
              'aws_region': 'awsRegion'}
REQUEST_NAMES.update(WRITE_ONLY)
SECRETS = ('username', 'password', 'pat')  # the emulator logs these as fingerprints
VOLATILE = ('lastIndexedDate',)
STEPS = ('plan', 'create', 'again', 'change', 'settled', 'delete', 'delete again')
# Both update readings of the docs, and the minimal reply shape (writes answered without the object, 204 deletes).
READINGS = [pytest.param({}, id='merge-update'), pytest.param({'strict': True}, id='strict-update'),
            pytest.param({'reply_shape': 'minimal'}, id='minimal-replies')]


def kinds(wanted=lambda create, change, write_only: True):
    """The types for which ``wanted`` holds."""
    return [kind for kind in sorted(TYPES) if wanted(*TYPES[kind])]


def stable(item):
    return dict((k, v) for k, v in item.items() if k not in VOLATILE)


def logged(option, value):
    """A value as the emulator's request log shows it."""
    if option in SECRETS:
        return 'fingerprint:' + hashlib.sha256(value.encode('utf-8')).hexdigest()[:16]
    return value


class LifeCycle:
    """The results of one life-cycle run, by step name."""

    def __init__(self, kind, create, change, write_only_change, results, reading):  # pylint: disable=too-many-arguments
        self.kind = kind
        self.reading = reading
        self.name = 'it-%s' % kind.lower()
        self.create = create
        self.change = change
        self.write_only_change = write_only_change
        self.results = results
        self.output = '\n'.join('%s: %s' % (name, result.output) for name, result in results.items())

    def __getitem__(self, name):
        """The result of one step, which must have run and succeeded."""
        assert name in self.results, 'step %r did not run:\n%s' % (name, self.output)
        result = self.results[name]
        assert not result.failed, 'step %r: %s\n%s' % (name, result.get('msg'), self.output)
        return result

    def server(self, name):
        """The integrations on the server right after the last request of step ``name`` (log_state)."""
        requests = self[name].requests
        assert requests, 'step %r sent no request:\n%s' % (name, self.output)
        return requests[-1]['state_after']


RUNS = {}  # (kind, reading) -> LifeCycle, once per test process


@pytest.fixture(scope='module')
def runner():
    running = RunningEmulator(users=USERS, tokens=TOKENS)
    yield ModuleRunner(running)
    running.stop()


@pytest.fixture()
def cycle(runner, kind, reading):
    """check-mode create, create, re-run, change, re-run, delete, delete again, each step's requests its own."""
    key = (kind, json.dumps(reading, sort_keys=True))
    if key not in RUNS:
        runner.emulator.reset(log_state=True, **reading)
        create, change, write_only_change = TYPES[kind]
        name = 'it-%s' % kind.lower()
        task = dict(create, name=name, type=kind)
        changed = dict(task, **dict(change, **write_only_change))
        results = {}
        for step_name, args, check, diff in (('plan', task, True, True), ('create', task, False, True), ('again', task, False, False),
                                             ('change', changed, False, True), ('settled', changed, False, False),
                                             ('delete', {'name': name, 'state': 'absent'}, False, True),
                                             ('delete again', {'name': name, 'state': 'absent'}, False, False)):
            results[step_name] = runner.run(args, check=check, diff=diff)
        RUNS[key] = LifeCycle(kind, create, change, write_only_change, results, reading)
    return RUNS[key]


@pytest.mark.parametrize('reading', READINGS)
@pytest.mark.parametrize('kind', kinds())
class TestLifeCycle:

    def test_every_step_runs_ok(self, cycle):
        assert [name for name in STEPS if cycle.results[name].failed] == [], cycle.output

    def test_check_mode_predicts_the_create_and_writes_nothing(self, cycle):
        planned = cycle['plan']
        assert planned['changed'] is True
        assert planned.writes == []
        assert planned['diff']['before'] == {}
        assert planned['diff']['after']['name'] == cycle.name and planned['diff']['after']['type'] == cycle.kind
        assert cycle.server('plan') == []

    def test_check_mode_prediction_is_exact_but_for_what_the_server_sets(self, cycle):
        created = cycle['create']
        real = dict((k, v) for k, v in created['integration'].items() if k not in ('id', 'init_date', 'last_indexed_date'))
        assert cycle['plan']['integration'] == real

    def test_create_is_one_post_and_stores_the_secrets(self, cycle):
        created = cycle['create']
        assert created['changed'] is True
        assert [r['method'] for r in created.writes] == ['POST']
        server = cycle.server('create')
        assert len(server) == 1 and server[0]['displayName'] == cycle.name and server[0]['integrationType'] == cycle.kind
        assert created['id'] == server[0]['id']
        for option in ('pat', 'password'):
            if option in cycle.create:
                assert option in server[0]['secrets']

    def test_create_sends_every_option_under_its_request_name(self, cycle):
        body = cycle['create'].writes[0]['body']
        wanted = dict(cycle.create, name=cycle.name, type=cycle.kind)
        assert dict((REQUEST_NAMES[o], body.get(REQUEST_NAMES[o])) for o in wanted) == \
            dict((REQUEST_NAMES[o], logged(o, v)) for o, v in wanted.items())

    def test_results_and_output_hold_no_secret(self, cycle):
        assert_no_secret(cycle['plan'].result, cycle['create'].result)
        assert_no_secret(cycle.output)

    def test_rerun_is_ok_with_one_read_and_no_write(self, cycle):
        again = cycle['again']
        assert again['changed'] is False
        assert len(again.requests) == 1 and again.writes == []

    def test_change_writes_that_field_and_nothing_else(self, cycle):
        changed = cycle['change']
        assert changed['changed'] is True
        read_back = 1 if cycle.reading.get('reply_shape') == 'minimal' else 0  # the update's reply lacks the object
        assert len(changed.requests) <= 3 + read_back
        before = stable(cycle.server('create')[0])
        after = stable(cycle.server('change')[0])
        for option, value in cycle.change.items():
            expected = sorted(value) if isinstance(value, list) else value
            assert after[API_NAMES[option]] == expected
            assert changed['integration'][option] == expected
            assert changed['diff']['after'][option] == expected
        for option, value in cycle.write_only_change.items():
            assert after[WRITE_ONLY[option]] == value
        touched = set(API_NAMES[o] for o in cycle.change) | set(WRITE_ONLY[o] for o in cycle.write_only_change)
        untouched = (set(before) | set(after)) - touched
        assert dict((k, before.get(k)) for k in untouched) == dict((k, after.get(k)) for k in untouched)

    def test_rerun_after_the_change_is_ok_with_no_write(self, cycle):
        settled = cycle['settled']
        assert settled['changed'] is False and settled.writes == []

    def test_delete_is_one_delete_without_files(self, cycle):
        removed = cycle['delete']
        assert removed['changed'] is True and removed['integration'] == {}
        assert [(r['method'], r['query']) for r in removed.writes] == [('DELETE', {'deleteFiles': 'false'})]
        assert removed['diff']['after'] == {}
        assert cycle.server('delete') == []

    def test_delete_again_is_ok_with_no_write(self, cycle):
        gone = cycle['delete again']
        assert gone['changed'] is False and gone.writes == []


@pytest.mark.parametrize('reading', READINGS)
@pytest.mark.parametrize('kind', kinds(lambda create, change, write_only: 'disabled' in change))
def test_disable_uses_the_endpoint_not_the_update_body(cycle):
    changed = cycle['change']
    disables = [r for r in changed.writes if r['path'].endswith('/disable')]
    assert [(r['method'], r['path'], r['query']) for r in disables] == [
        ('PUT', '/rest/gitplugin/1.0/repository/%d/disable' % changed['id'], {'disable': 'true'})]
    assert not [r for r in changed.writes if 'disabled' in (r.get('body') or {})]


def sends_write_only_in_an_update(create, change, write_only):
    return bool(set(WRITE_ONLY) & (set(create) | set(write_only))) and set(change) != {'disabled'}


@pytest.mark.parametrize('reading', READINGS)
@pytest.mark.parametrize('kind', kinds(sends_write_only_in_an_update))
def test_update_sends_the_write_only_values_of_the_task(cycle):
    # The module cannot read these back, so it sends the values it is given in every update body (new ones included).
    updates = [r for r in cycle['change'].writes if r['method'] == 'PUT' and not r['path'].endswith('/disable')]
    assert len(updates) == 1, json.dumps(cycle['change'].writes)
    wanted = dict((o, v) for o, v in dict(cycle.create, **cycle.write_only_change).items() if o in WRITE_ONLY)
    assert dict((WRITE_ONLY[o], updates[0]['body'].get(WRITE_ONLY[o])) for o in wanted) == \
        dict((WRITE_ONLY[o], v) for o, v in wanted.items())


def test_every_write_only_field_is_checked_on_create_and_on_update():
    created = set(o for create, _change, _write_only in TYPES.values() for o in create if o in WRITE_ONLY)
    updated = set(o for create, change, write_only in TYPES.values() if sends_write_only_in_an_update(create, change, write_only)
                  for o in list(create) + list(write_only) if o in WRITE_ONLY)
    assert created == updated == set(WRITE_ONLY)


def test_every_aws_region_the_module_offers_is_one_the_vendor_lists_and_no_other(gij):
    """aws_region's choices are the vendor's list of supported regions (the emulator's default reading of section 4):
    each creates an integration, and a region the list does not have is refused before any request."""
    assert sorted(AWS_REGIONS) == sorted(VENDOR_AWS_REGIONS)
    gij.emulator.reset(aws_regions='vendor')
    task = {'type': 'AWS', 'username': 'AKIAEXAMPLE', 'password': GIT_PASSWORD}
    created = [gij.run(dict(task, name='aws %s' % region, aws_region=region)) for region in AWS_REGIONS]
    assert [r['changed'] for r in created if not r.failed] == [True] * len(AWS_REGIONS), [r['msg'] for r in created if r.failed]
    refused = gij.run(dict(task, name='aws new', aws_region='ap-southeast-3'))
    assert refused.failed and refused.requests == [], refused.output
    assert refused['msg'].startswith('value of aws_region must be one of: us-east-1, '), refused['msg']


def test_a_task_with_only_the_required_options_creates_what_the_server_creates_from_them_alone(gij):
    # The module sends its create-time defaults: each must be what the server fills in for a field it is not sent.
    by_module = gij.run({'name': 'by-module', 'type': 'GITHUB', 'pat': GIT_PAT})
    by_server = gij.emulator.api('POST', '/integration', auth=('admin', JIRA_PASSWORD),
                                 json={'displayName': 'by-server', 'type': 'GITHUB', 'pat': GIT_PAT})
    assert not by_module.failed and by_server.json()['success'] == 'true', by_module.output
    own = ('id', 'initDate', 'lastIndexedDate', 'displayName')
    module_made, server_made = [dict((k, v) for k, v in i.items() if k not in own) for i in gij.emulator.integrations()]
    assert dict(OMITTED_DEFAULTS, **module_made) == dict(OMITTED_DEFAULTS, **server_made)  # unset reads as the default
