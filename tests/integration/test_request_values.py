# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What reaches the server, read from the emulator's request log: values the server never returns, reindex targets.

(The write-only fields of every integration type are checked in test_integration_types.)
"""

from conftest import GIT_PAT, repositories_of

REINDEX = '/rest/gitplugin/2.0/reindex'
SEEDED = [{'displayName': 'first', 'type': 'GITHUB', 'pat': 'p'}, {'displayName': 'second', 'type': 'GITLAB', 'pat': 'p'}]


def repository_ids(emulator, integration_id):
    return sorted(r['id'] for r in repositories_of(emulator) if r.get('trackedFolderId') == integration_id)


def test_reindex_sends_one_post_per_repository_of_the_integration_with_its_id(gij):
    gij.emulator.reset(SEEDED, repos_per_integration=3)
    first, second = repository_ids(gij.emulator, 1), repository_ids(gij.emulator, 2)
    assert len(first) == len(second) == 3 and not set(first) & set(second)
    by_integration, by_repository, everything = gij.run_tasks([
        {'gij.jira.git_reindex': {'integration_id': 2}},
        {'gij.jira.git_reindex': {'repository_id': first[0], 'priority': 24}},
        {'gij.jira.git_reindex': {'all': True}},
    ])
    assert [r['_status'] for r in (by_integration, by_repository, everything)] == ['ok'] * 3, by_integration.output
    assert [(r['method'], r['path']) for r in by_integration.writes] == [('POST', REINDEX)] * 3
    assert sorted(r['body']['repoId'] for r in by_integration.writes) == second
    assert [r['body'] for r in by_integration.writes if set(r['body']) != {'repoId'}] == []
    assert [(r['path'], r['body']) for r in by_repository.writes] == [(REINDEX, {'repoId': first[0], 'priority': 24})]
    assert [(r['path'], r['body']) for r in everything.writes] == [(REINDEX, {})]


def test_repository_ref_spec_custom_reaches_the_server_on_create_and_on_update(gij):
    task = {'origin': 'https://git.example.org/platform/app.git', 'name': 'app', 'pat': GIT_PAT,
            'ref_spec_custom': '+refs/meta/config:refs/meta/config'}
    changed = dict(task, main_branch='develop', ref_spec_custom='+refs/meta/*:refs/meta/*')
    created, updated = gij.run_tasks([{'gij.jira.git_repository': task}, {'gij.jira.git_repository': changed}])
    assert created['changed'] and updated['changed'], created.output
    assert [(r['method'], r['body']['refSpecCustom']) for r in created.writes] == [('POST', '+refs/meta/config:refs/meta/config')]
    puts = [r for r in updated.writes if r['method'] == 'PUT']
    assert [(r['body']['mainBranch'], r['body']['refSpecCustom']) for r in puts] == [('develop', '+refs/meta/*:refs/meta/*')]
