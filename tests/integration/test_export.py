# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""examples/export.yml: a live Jira exported to a file that examples/apply.yml applies with no change: one request for
the integrations, one for the single repositories, two for the settings of nested ones (with the integration list)."""

import os
import subprocess
from urllib.parse import quote

import yaml

from ansible_collections.gij.jira.tests.unit.hostile_names import HOSTILE_NAMES
from ansible_collections.gij.jira.tests.unit.module_harness import GIT_PASSWORD, GIT_PAT, assert_no_secret, settled
from conftest import HERE

EXPORT = os.path.join(HERE, '..', '..', 'examples', 'export.yml')
APPLY = os.path.join(HERE, '..', '..', 'examples', 'apply.yml')
INVENTORY = os.path.join(HERE, '..', '..', 'examples', 'inventory.ini')
INVENTORY_WARNINGS = ('No inventory was parsed', 'provided hosts list is empty')
# All twelve types, with the options a hand-made integration may have: scoped projects, filters, custom paths,
# disabled ones, and the write-only values the server keeps but never returns.
SEED = [
    {'displayName': 'GitHub (platform)', 'type': 'GITHUB', 'pat': GIT_PAT, 'tagsFilter': '^v[0-9]+', 'prHideFilter': 'WIP.*'},
    {'displayName': 'GHE', 'type': 'GITHUB_SERVER', 'origin': 'https://ghe.example.org', 'pat': GIT_PAT,
     'apiPath': '/orgs/platform/repos', 'global': False, 'projectMappingIds': [10100, 10000]},
    {'displayName': 'gitlab.com: team', 'type': 'GITLAB', 'pat': GIT_PAT, 'apiFilter': "[?name=='api']", 'smartCommitsEnabled': False},
    {'displayName': 'GitLab self-hosted', 'type': 'GITLAB_SERVER', 'origin': 'https://gitlab.example.com', 'pat': GIT_PAT,
     'requireUserPat': True, 'maxMinsToCommitEmail': 60, 'sendCommitEmails': False},
    {'displayName': 'Old GitLab', 'type': 'GITLAB_SERVER_LEGACY', 'origin': 'https://old-gitlab.example.com',
     'username': 'bot', 'password': GIT_PASSWORD, 'disabled': True},
    {'displayName': 'Tracked folders', 'type': 'FILESPACE', 'origin': '/srv/git/*', 'folderDepth': 3, 'trustFolderStat': True},
    {'displayName': 'Azure DevOps Server', 'type': 'AZURE_DEVOPS', 'origin': 'https://ado.example.com/tfs', 'pat': GIT_PAT,
     'tfsCollection': 'DefaultCollection', 'disableSslVerification': True},
    {'displayName': 'VSTS "legacy"', 'type': 'VSTS', 'origin': 'https://example.visualstudio.com', 'pat': GIT_PAT,
     'revisionIndexing': False},
    {'displayName': 'Azure DevOps', 'type': 'AZURE', 'pat': GIT_PAT, 'gitViewerEnabled': False, 'sourcesDiffViewEnabled': False},
    {'displayName': 'TFS', 'type': 'TFS_SERVER', 'origin': 'https://tfs.example.com/tfs', 'username': 'all', 'pat': GIT_PAT,
     'refSpecChanges': True, 'refSpecNotes': False},
    {'displayName': 'CodeCommit', 'type': 'AWS', 'username': 'AKIAEXAMPLE', 'password': GIT_PASSWORD, 'awsRegion': 'eu-west-1'},
    {'displayName': 'Gerrit: review', 'type': 'GERRIT', 'origin': 'https://review.example.com', 'username': 'bot',
     'password': GIT_PASSWORD, 'refSpecCustom': '+refs/meta/*:refs/meta/*', 'global': False, 'projectMappingIds': [10000]},
]
NEVER_RETURNED = ('pat', 'password', 'username', 'aws_region', 'folder_depth', 'tfs_collection', 'ref_spec_custom')
# What the comment above each exported integration says its creation needs.
PAT, LOGIN = {'pat': GIT_PAT}, {'username': 'bot', 'password': GIT_PASSWORD}
CREATE_NEEDS = {'GITHUB': PAT, 'GITHUB_SERVER': PAT, 'GITLAB': PAT, 'GITLAB_SERVER': PAT, 'GITLAB_SERVER_LEGACY': LOGIN,
                'FILESPACE': {'folder_depth': 3}, 'AZURE': PAT, 'AZURE_DEVOPS': PAT, 'VSTS': PAT,
                'TFS_SERVER': dict(PAT, username='all'), 'AWS': dict(LOGIN, aws_region='eu-west-1'), 'GERRIT': LOGIN}
# Single repositories, and settings of repositories the integrations discovered (two each: ids 1-24), as an admin
# leaves them: projects by id, smart commits off, a disabled one, a tags filter.
SINGLE = [
    {'id': 101, 'displayName': 'app', 'origin': 'https://git.example.com/platform/app.git', 'pat': GIT_PAT,
     'mainBranch': 'main', 'global': False, 'projectMappingIds': [10000, 10100], 'smartCommitsEnabled': False},
    {'id': 102, 'displayName': 'local', 'origin': '/srv/git/local.git', 'enableFetches': False, 'disabled': True,
     'realRoot': '/srv/git/local.git', 'absoluteRoot': True},
]
NESTED_CHANGES = {0: {'global': False, 'projectMappingIds': [10000]}, 1: {'smartCommitsEnabled': False},
                  4: {'disabled': True, 'tagsFilter': '^release-'}}  # by position in the list
# git_integration_info (besides the versions); git_repository_info: the repositories, the integrations' names, the keys.
EXPORT_READS = ['/rest/gitplugin/1.0/integration', '/rest/gitplugin/1.0/repository', '/rest/gitplugin/1.0/integration',
                '/rest/api/2/project']
# The integrations; the single repositories; the settings of nested ones, found through their integration's name.
APPLY_READS = ['/rest/gitplugin/1.0/integration', '/rest/gitplugin/1.0/repository',
               '/rest/gitplugin/1.0/integration', '/rest/gitplugin/1.0/repository']


class UnsafeLoader(yaml.SafeLoader):  # pylint: disable=too-many-ancestors
    """Reads the export's !unsafe strings as plain strings (Ansible reads them as strings it never templates)."""


UnsafeLoader.add_constructor('!unsafe', lambda loader, node: loader.construct_scalar(node))


def load(text):
    return yaml.load(text, Loader=UnsafeLoader)


def playbook(gij, path, *args, **env):
    """ansible-playbook run from the test's own directory, as a user runs it from theirs."""
    proc = subprocess.run(['ansible-playbook', path] + list(args), env=gij.env(**env), cwd=str(gij.tmp_path), capture_output=True,
                          text=True, timeout=120, check=False)
    return proc.returncode, proc.stdout + proc.stderr


def export(gij, path, *extra, **env):
    return playbook(gij, EXPORT, *((['-e', 'export_file=%s' % path] if path else []) + list(extra)), **env)


def seed_with_repositories(gij):
    """SEED with the repositories its integrations discovered, some changed by an admin, and two single ones."""
    gij.emulator.reset(SEED)
    nested = gij.emulator.repositories()
    for position, repository in enumerate(nested):
        repository.update(NESTED_CHANGES.get(position, {}))
    gij.emulator.reset(SEED, nested + SINGLE, repos_per_integration=0)
    return nested


def paths(requests):
    return [entry['path'] for entry in requests]


def test_export_then_apply_changes_nothing_with_one_request_per_list(gij, tmp_path):
    nested = seed_with_repositories(gij)
    path = str(tmp_path / 'gij_integrations.yml')
    gij.emulator.clear_log()
    status, output = export(gij, path)
    assert status == 0, output
    assert [r for r in paths(gij.emulator.requests()) if '/plugins/' not in r and '/serverInfo' not in r] == EXPORT_READS
    with open(path, encoding='utf-8') as handle:
        text = handle.read()
    data = load(text)
    assert list(data) == ['gij_integrations', 'gij_repositories', 'gij_nested_repositories']
    items = data['gij_integrations']
    assert [i['name'] for i in items] == [s['displayName'] for s in SEED]
    assert [i['type'] for i in items] == [s['type'] for s in SEED]
    for item in items:
        assert 'id' not in item and not set(item) & set(NEVER_RETURNED), item
    assert items[1]['project_mapping_ids'] == [10000, 10100] and items[4]['disabled'] is True
    assert '# Left out, because the server never returns them' in text
    assert '"CodeCommit": to create it elsewhere, add username (access key id), password (secret access key) and aws_region' in text
    assert '"Tracked folders": to create it elsewhere, add folder_depth' in text
    assert_no_secret(text, output)

    single, nested_items = data['gij_repositories'], data['gij_nested_repositories']
    assert [(i['origin'], i['name']) for i in single] == [(s['origin'], s['displayName']) for s in SINGLE]
    assert single[0]['project_mapping_ids'] == [10000, 10100] and single[0]['main_branch'] == 'main'
    assert single[1]['disabled'] is True and single[1]['enable_fetches'] is False
    # A repository on the Jira host keeps its path; the app's own clone folder (101_app) is this server's choice.
    assert (single[1]['real_root'], single[1]['absolute_root']) == ('/srv/git/local.git', True)
    assert not set(single[0]) & {'real_root', 'absolute_root'}
    assert '  # "app": to add it elsewhere, add its credentials (pat, or username and password) if its host needs them; ' \
           'projects "PLAT", "OPS"\n' in text
    assert [(i['integration_name'], i['origin']) for i in nested_items] == [
        (SEED[r['trackedFolderId'] - 1]['displayName'], r['origin']) for r in nested]
    assert nested_items[0]['project_mapping_ids'] == [10000] and nested_items[1]['smart_commits_enabled'] is False
    assert nested_items[4]['disabled'] is True and nested_items[4]['tags_filter'] == '^release-'
    for item in single + nested_items:
        assert not set(item) & {'id', 'integration_id', 'state', 'last_indexed_date', 'projects', 'pat', 'password'}, item

    integrations_before, repositories_before = gij.emulator.state(), gij.emulator.repositories()
    gij.emulator.clear_log()
    status, output = playbook(gij, APPLY, '-e', 'integrations_file=%s' % path, '-i', INVENTORY)
    assert status == 0 and 'changed=0' in output, output
    assert paths(gij.emulator.requests()) == APPLY_READS
    assert settled(gij.emulator.state()) == settled(integrations_before)
    assert settled(gij.emulator.repositories()) == settled(repositories_before)


def test_an_export_applies_to_an_empty_jira_once_credentials_are_added(gij, tmp_path):
    """Another Jira: the integrations are created (and waited for until their repositories are discovered), the
    single repositories added, and the nested settings applied to what the integrations discovered there."""
    original = seed_with_repositories(gij)
    path = tmp_path / 'gij_integrations.yml'
    assert export(gij, str(path))[0] == 0
    data = load(path.read_text(encoding='utf-8'))
    for item in data['gij_integrations']:
        item.update(CREATE_NEEDS[item['type']])
    data['gij_repositories'][0]['pat'] = GIT_PAT
    path.write_text(yaml.safe_dump(data), encoding='utf-8')
    gij.emulator.reset(repos_per_integration=2)
    status, output = playbook(gij, APPLY, '-e', 'integrations_file=%s' % path, '-i', INVENTORY)
    assert status == 0, output
    assert len(gij.emulator.state()) == 12 and len(gij.emulator.repositories()) == 26
    names = dict((i['id'], i['displayName']) for i in gij.emulator.state())
    there = dict(((names.get(r.get('trackedFolderId')), r['origin']), r) for r in gij.emulator.repositories())
    for position, changes in NESTED_CHANGES.items():
        repository = there[(SEED[original[position]['trackedFolderId'] - 1]['displayName'], original[position]['origin'])]
        assert dict((key, repository[key]) for key in changes) == changes
    added = there[(None, SINGLE[0]['origin'])]
    assert (added['projectMappingIds'], added['smartCommitsEnabled'], added['mainBranch']) == ([10000, 10100], False, 'main')
    gij.emulator.clear_log()
    status, output = playbook(gij, APPLY, '-e', 'integrations_file=%s' % path, '-i', INVENTORY)
    assert status == 0 and 'changed=0' in output, output
    assert paths(gij.emulator.requests()) == APPLY_READS
    assert_no_secret(output)


def test_an_empty_jira_exports_an_empty_list(gij, tmp_path):
    path = str(tmp_path / 'empty.yml')
    status, output = export(gij, path)
    assert status == 0, output
    with open(path, encoding='utf-8') as handle:
        assert load(handle) == {'gij_integrations': [], 'gij_repositories': [], 'gij_nested_repositories': []}


def test_export_refuses_names_it_could_not_match_and_a_missing_file_name(gij, tmp_path):
    gij.emulator.reset([{'displayName': 'Same', 'type': 'GITHUB', 'pat': 'p'}, {'displayName': 'Same', 'type': 'GITLAB', 'pat': 'p'}])
    path = tmp_path / 'dup.yml'
    status, output = export(gij, str(path))
    assert status != 0 and '"Same" is the name of integrations 1, 2.' in output, output
    assert not path.exists()
    status, output = export(gij, None)
    assert status != 0 and 'Name the file to write' in output


def test_hostile_names_export_and_apply_with_no_change_in_one_request_per_list_and_nothing_is_evaluated(gij, tmp_path):
    """Names are whatever anyone who can create an integration typed: the file must stay data, however it is used."""
    pwned = tmp_path / 'pwned'
    names = [name.replace('/tmp/gij-pwned', str(pwned)) for name in HOSTILE_NAMES] + [
        "{{ lookup('ansible.builtin.pipe', 'id > %s') }}" % pwned, "{%% set x = lookup('pipe', 'touch %s') %%}" % pwned]
    single = [{'id': 1000 + number, 'displayName': name, 'origin': 'https://git.example.com/%d.git' % number, 'tagsFilter': name}
              for number, name in enumerate(names)]
    nested = [{'id': 2000 + number, 'displayName': name, 'origin': 'https://github.com/org/%d.git' % number,
               'trackedFolderId': number + 1, 'prHideFilter': name} for number, name in enumerate(names)]
    gij.emulator.reset([{'displayName': name, 'type': 'GITHUB', 'pat': GIT_PAT, 'tagsFilter': name} for name in names],
                       single + nested, repos_per_integration=0)
    before, repositories_before = gij.emulator.state(), gij.emulator.repositories()

    # A relative file name is the directory the command runs in (not the playbook's), and the last line says where.
    # With the documented inventory, neither inventory warning is printed, although they are switched on here.
    warnings_on = {'ANSIBLE_INVENTORY_UNPARSED_WARNING': 'true', 'ANSIBLE_LOCALHOST_WARNING': 'true'}
    status, output = export(gij, 'gij_integrations.yml', '-i', INVENTORY, **warnings_on)
    assert status == 0, output
    assert not [text for text in INVENTORY_WARNINGS if text in output], output
    path = tmp_path / 'gij_integrations.yml'
    assert path.is_file() and not os.path.exists(os.path.join(os.path.dirname(EXPORT), 'gij_integrations.yml'))
    messages = [line for line in output.splitlines() if '"msg":' in line]
    assert messages[-1].strip() == '"msg": "%d integration(s) and %d repositories written to %s"' % (
        len(names), 2 * len(names), path), output
    exported = load(path.read_text(encoding='utf-8'))
    for key, option in (('gij_integrations', 'tags_filter'), ('gij_repositories', 'tags_filter'),
                        ('gij_nested_repositories', 'pr_hide_filter')):
        assert [item['name'] for item in exported[key]] == names and [item[option] for item in exported[key]] == names
    assert [item['integration_name'] for item in exported['gij_nested_repositories']] == names

    # Check mode first, as the docs say (here without the inventory: both warnings show, so the check above can fail).
    for args, warned in ((('--check', '--diff'), True), (('-i', INVENTORY), False)):
        gij.emulator.clear_log()
        status, output = playbook(gij, APPLY, '-e', 'integrations_file=gij_integrations.yml', *args, **warnings_on)
        assert status == 0 and 'changed=0' in output, output
        assert all((text in output) is warned for text in INVENTORY_WARNINGS), output
        assert paths(gij.emulator.requests()) == APPLY_READS, gij.emulator.requests()
    assert settled(gij.emulator.state()) == settled(before)
    assert settled(gij.emulator.repositories()) == settled(repositories_before)
    assert not pwned.exists(), 'a name from the server ran as a command on the controller'
    assert_no_secret(output)


def test_origins_with_credentials_export_no_secret_nor_a_masked_value_and_apply_with_no_change(gij, tmp_path):
    """A token in an origin (also as <token>:x-oauth-basic@) must reach neither the file nor the output; a short
    password ('pass') is a secret too, so a name that holds it is left out rather than exported as '********port'."""
    token_origin = 'https://%s:x-oauth-basic@github.com/o/a.git' % quote(GIT_PAT, safe='')
    gij.emulator.reset([{'displayName': 'GitHub', 'type': 'GITHUB', 'pat': GIT_PAT}], [
        {'id': 301, 'displayName': 'token', 'origin': token_origin},
        {'id': 302, 'displayName': 'short password', 'origin': 'https://bob:pass@git.example.com/b.git'},
        {'id': 303, 'displayName': 'passport', 'origin': 'https://git.example.com/passport.git'},
        {'id': 304, 'displayName': 'nested', 'origin': token_origin.replace('a.git', 'n.git'), 'trackedFolderId': 1},
    ], repos_per_integration=0)
    repositories_before = gij.emulator.repositories()
    path = tmp_path / 'gij_integrations.yml'
    status, output = export(gij, str(path))
    assert status == 0, output
    text = path.read_text(encoding='utf-8')
    assert_no_secret(text, output)
    # Comments show the masked names; the items carry no masked value.
    assert not [line for line in text.splitlines() if '********' in line and not line.lstrip().startswith('#')], text
    assert 'bob:pass' not in text
    data = load(text)
    assert [item.get('id') for item in data['gij_repositories']] == [301, 302, 303]
    assert [item['id'] for item in data['gij_nested_repositories']] == [304]
    status, output = playbook(gij, APPLY, '-e', 'integrations_file=%s' % path, '-i', INVENTORY)
    assert status == 0 and 'changed=0' in output, output
    assert settled(gij.emulator.repositories()) == settled(repositories_before)
    assert_no_secret(output)
