# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""RepositoryService against the emulator: finding by origin, the repositories of an integration, delete."""

import pytest

from ansible_collections.gij.jira.plugins.module_utils.api import GijClient, GijError
from ansible_collections.gij.jira.plugins.module_utils.repository import RepositoryService

from ansible_collections.gij.jira.tests.unit.emulator_support import TOKEN

ORIGIN = 'https://git.example.org/app.git'


def service(emulator):
    return RepositoryService(GijClient({'jira_url': emulator.url, 'jira_token': TOKEN, 'timeout': 5}, environ={}, sleep=lambda s: None))


def test_find_ignores_a_trailing_slash_and_narrows_by_name(emulator):
    emulator.reset(repositories=[{'displayName': 'one', 'origin': ORIGIN}, {'displayName': 'two', 'origin': ORIGIN + '/'},
                                 {'displayName': 'other', 'origin': 'https://git.example.org/other.git'}])
    repositories = service(emulator)
    assert repositories.find({'origin': ORIGIN, 'name': 'two'})['id'] == 2
    assert repositories.find({'origin': ORIGIN + '/', 'name': 'one'})['id'] == 1
    assert repositories.find({'origin': 'https://git.example.org/none.git'}) is None
    with pytest.raises(GijError, match=r'^2 repositories have the origin %s \(ids 1, 2\): give id or name' % ORIGIN):
        repositories.find({'origin': ORIGIN})
    with pytest.raises(GijError, match='2 repositories have the origin'):
        repositories.find({'origin': ORIGIN, 'name': 'no such name'})  # a name that matches none does not pick one at random


def test_the_repositories_of_an_integration_are_the_ones_it_discovered(emulator):
    emulator.reset([{'displayName': 'GH', 'type': 'GITHUB', 'pat': 'p'}, {'displayName': 'GL', 'type': 'GITLAB', 'pat': 'p'}],
                   repositories=[{'displayName': 'single', 'origin': ORIGIN}])
    repositories = service(emulator)
    single = repositories.find({'origin': ORIGIN})
    assert repositories.get(single['id'])['name'] == 'single' and repositories.get(999) is None
    first, second = repositories.of_integration(1), repositories.of_integration(2)
    assert len(first) == len(second) == 2 and not set(first) & set(second) and single['id'] not in first + second


def test_delete_sends_delete_files_and_takes_already_gone_as_done(emulator):
    emulator.reset(repositories=[{'displayName': 'single', 'origin': ORIGIN}])
    repositories = service(emulator)
    repositories.delete(1, True, 'single')
    assert repositories.get(1) is None
    repositories.delete(1, False, 'single')
    assert [(w['method'], w['query']) for w in emulator.writes()] == [
        ('DELETE', {'id': '1', 'deleteFiles': 'true'}), ('DELETE', {'id': '1', 'deleteFiles': 'false'})]
