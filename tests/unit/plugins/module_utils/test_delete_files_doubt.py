# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""deleteFiles=true only where the reply shows that the files are the app's own clone, never where they may be originals.

One rule for git_repository, git_integration and git_integrations' exclusive_delete_files: a repository's files are a
clone when the server says its real_root is relative to the app's folder (absolute_root false, a relative path); an
integration's when its type is one the app clones for (a known type other than FILESPACE) and nothing it reports
says otherwise. Anything else refuses the task before any write.
"""

import pytest

from ansible_collections.gij.jira.plugins.module_utils.api import GijClient, GijError
from ansible_collections.gij.jira.plugins.module_utils.integration import IntegrationService
from ansible_collections.gij.jira.plugins.module_utils.reconcile import Reconciler, SetReconciler
from ansible_collections.gij.jira.plugins.module_utils.repository import RepositoryService

from ansible_collections.gij.jira.tests.unit.emulator_support import TOKEN

ORIGIN = 'https://git.example.com/app.git'


def client_of(emulator):
    return GijClient({'jira_url': emulator.url, 'jira_token': TOKEN, 'timeout': 5}, environ={}, sleep=lambda s: None)


def absent(**options):
    return dict({'state': 'absent', 'delete_files': True, 'id': None, 'update_secrets': 'on_create'}, **options)


def deletes(emulator):
    return [entry['query'].get('deleteFiles') for entry in emulator.writes() if entry['method'] == 'DELETE']


@pytest.mark.parametrize('stored', [
    {'realRoot': '/srv/git/app.git', 'absoluteRoot': None},  # an absolute path, and no word on what it is
    {'realRoot': '1_app', 'absoluteRoot': None},  # the server does not say what the path is relative to
    {'realRoot': '/srv/git/app.git', 'absoluteRoot': False},  # says relative, is absolute
    {'realRoot': 'C:\\git\\app.git', 'absoluteRoot': False},
    {'realRoot': '\\\\fileserver\\git\\app.git', 'absoluteRoot': False},
    {'realRoot': '~git/app.git', 'absoluteRoot': False},
    {'realRoot': '../../../srv/git/app.git', 'absoluteRoot': False},  # out of the app's folder
    {'realRoot': '1_app/../../app.git', 'absoluteRoot': False},
    {'realRoot': None, 'absoluteRoot': False},  # where are the files?
    {'realRoot': '/srv/git/app.git', 'absoluteRoot': True},
    {'realRoot': '/srv/git/app.git', 'absoluteRoot': 'true'},
], ids=['absolute-unsaid', 'relative-unsaid', 'absolute-said-relative', 'drive', 'unc', 'home', 'dotdot', 'inner-dotdot',
        'no-path', 'absolute', 'absolute-as-text'])
def test_a_repository_whose_files_may_be_originals_keeps_them(emulator, stored):
    record = emulator.state.seed_repository({'displayName': 'app', 'origin': ORIGIN})
    record.update(stored)
    with pytest.raises(GijError, match=r"^delete_files: true is refused for repository 'app' \(id 1\): .*"
                                       r"Delete it with delete_files: false\.$") as refused:
        Reconciler(RepositoryService(client_of(emulator))).run(absent(origin=ORIGIN))
    assert '\n' not in str(refused.value)
    assert emulator.writes() == []


def test_a_repository_the_app_cloned_is_deleted_with_its_files(emulator):
    emulator.state.seed_repository({'displayName': 'app', 'origin': ORIGIN})  # realRoot 1_app, absoluteRoot false
    result = Reconciler(RepositoryService(client_of(emulator))).run(absent(origin=ORIGIN))
    assert result['changed'] is True and deletes(emulator) == ['true']


def test_a_repository_whose_files_may_be_originals_is_deleted_without_files_when_asked(emulator):
    record = emulator.state.seed_repository({'displayName': 'app', 'origin': ORIGIN})
    record.update(realRoot='/srv/git/app.git', absoluteRoot=None)
    Reconciler(RepositoryService(client_of(emulator))).run(absent(origin=ORIGIN, delete_files=False))
    assert deletes(emulator) == ['false']


DOUBTFUL_INTEGRATIONS = [
    ({'integrationType': 'filespace'}, "its type 'filespace' is not one this collection knows"),
    ({'integrationType': 'GITHUB_APP'}, "its type 'GITHUB_APP' is not one this collection knows"),
    ({'integrationType': None}, 'the server does not say its type'),
    ({'integrationType': 'FILESPACE'}, 'its "clones" are your original repositories'),
    ({'integrationType': 'GITHUB', 'realRoot': '/srv/git', 'absoluteRoot': True}, 'the absolute path /srv/git'),
    ({'integrationType': 'GITLAB', 'realRoot': '/srv/git'}, 'does not say whether its path /srv/git is relative'),
]


@pytest.mark.parametrize('stored, reason', DOUBTFUL_INTEGRATIONS)
def test_an_integration_whose_files_may_be_originals_keeps_them(emulator, stored, reason):
    record = emulator.state.seed({'displayName': 'odd', 'origin': '/srv/git/*'})
    record.update(stored)
    reconciler = Reconciler(IntegrationService(client_of(emulator)))
    with pytest.raises(GijError) as refused:
        reconciler.run(absent(name='odd'))
    message = str(refused.value)
    assert message.startswith('delete_files: true is refused for ') and "'odd' (id 1)" in message, message
    assert reason in message and message.endswith('Delete it with delete_files: false.'), message
    assert emulator.writes() == []


@pytest.mark.parametrize('stored, reason', DOUBTFUL_INTEGRATIONS)
def test_exclusive_delete_files_refuses_the_whole_set_before_any_write(emulator, stored, reason):
    emulator.state.seed({'displayName': 'keep', 'type': 'GITHUB'})
    emulator.state.seed({'displayName': 'stray', 'type': 'GITLAB'})
    emulator.state.seed({'displayName': 'odd', 'origin': '/srv/git/*'}).update(stored)
    items = [absent(name='keep', state='present', delete_files=False, smart_commits_enabled=False),
             absent(name='new', state='present', delete_files=False, type='GITHUB', pat='p')]
    for check_mode in (True, False):  # the check run predicts the failure of the real one
        sets = SetReconciler(IntegrationService(client_of(emulator)), check_mode=check_mode)
        with pytest.raises(GijError) as refused:
            sets.run(items, exclusive=True, exclusive_delete_files=True)
        message = str(refused.value)
        assert message.startswith('exclusive_delete_files: true is refused for ') and "'odd' (id 3)" in message, message
        assert reason in message and 'list it with state: absent' in message, message
        assert not hasattr(refused.value, 'partial') or refused.value.partial.get('changed') is False
    assert emulator.writes() == []


def test_a_doubtful_integration_listed_as_absent_is_deleted_without_files_by_the_set(emulator):
    emulator.state.seed({'displayName': 'stray', 'type': 'GITLAB'})
    emulator.state.seed({'displayName': 'odd', 'origin': '/srv/git/*'}).update(integrationType='filespace')
    sets = SetReconciler(IntegrationService(client_of(emulator)))
    result = sets.run([absent(name='odd', delete_files=False)], exclusive=True, exclusive_delete_files=True)
    assert sorted(entry['name'] for entry in result['deleted']) == ['odd', 'stray']
    assert sorted(deletes(emulator)) == ['false', 'true']  # odd without its files, stray with its clones


def test_exclusive_without_delete_files_deletes_a_doubtful_integration_without_files(emulator):
    emulator.state.seed({'displayName': 'odd', 'origin': '/srv/git/*'}).update(integrationType='filespace')
    SetReconciler(IntegrationService(client_of(emulator))).run(
        [absent(name='new', state='present', delete_files=False, type='GITHUB', pat='p')], exclusive=True)
    assert deletes(emulator) == ['false']
