# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The field table and the pure functions derived from it."""

import pytest

from ansible_collections.gij.jira.plugins.doc_fragments import integration as integration_docs
from ansible_collections.gij.jira.plugins.doc_fragments import repository as repository_docs
from ansible_collections.gij.jira.plugins.module_utils import fields
from ansible_collections.gij.jira.tests.emulator import gij_emulator

# The create body of the vendor's "Add New Integration" page (shared/seeds), plus the two documented extras.
CREATE_PAGE_FIELDS = (
    'displayName', 'origin', 'disabled', 'sendCommitEmails', 'maxMinsToCommitEmail', 'type', 'username', 'password',
    'pat', 'disableSslVerification', 'apiPath', 'apiFilter', 'tfsCollection', 'awsRegion', 'requireUserPat',
    'gitViewerEnabled', 'smartCommitsEnabled', 'global', 'sourcesDiffViewEnabled', 'revisionIndexing', 'tagsFilter',
    'projectMappingIds', 'trustFolderStat', 'refSpecNotes', 'refSpecChanges', 'refSpecCustom',
)
EXTRA_FIELDS = ('folderDepth', 'prHideFilter')


def test_every_api_field_has_exactly_one_option():
    assert len(CREATE_PAGE_FIELDS) == 26
    api_names = [field.api for field in fields.INTEGRATION_FIELDS]
    assert sorted(api_names) == sorted(CREATE_PAGE_FIELDS + EXTRA_FIELDS)
    assert len(set(field.option for field in fields.INTEGRATION_FIELDS)) == len(api_names)


def test_option_names_are_snake_case_of_api_names():
    renamed = {'displayName': 'name'}
    for field in fields.INTEGRATION_FIELDS:
        assert field.option == renamed.get(field.api, fields.camel_to_snake(field.api))


def test_module_documents_every_option_of_the_table():
    import yaml
    documented = yaml.safe_load(integration_docs.ModuleDocFragment.DOCUMENTATION)['options']
    items = yaml.safe_load(integration_docs.ModuleDocFragment.ITEMS)['options']['integrations']['suboptions']
    assert set(items) == set(documented)
    for field in fields.INTEGRATION_FIELDS:
        assert ' '.join(field.doc) in ' '.join(documented[field.option]['description']), field.option
        doc = documented[field.option]
        text = doc['description'] if isinstance(doc['description'], str) else ' '.join(doc['description'])
        assert 'C(%s)' % field.api in text, field.option
        if field.default is not None:
            default = field.default if isinstance(field.default, list) else str(field.default).lower()
            assert 'Create-time default V(%s)' % default in text, field.option
        assert doc.get('choices') == field.choices, field.option


def test_argument_spec_comes_from_the_table():
    spec = fields.INTEGRATION.argument_spec()
    assert set(spec) == set(f.option for f in fields.INTEGRATION_FIELDS) | {'projects'}
    assert spec['projects'] == {'type': 'list', 'elements': 'str'}  # project_mapping_ids by key
    assert spec['pat']['no_log'] is True and spec['password']['no_log'] is True
    assert spec['project_mapping_ids'] == {'type': 'list', 'elements': 'int'}
    assert len(spec['type']['choices']) == 12 and len(spec['aws_region']['choices']) == 17
    assert all(option.get('default') is None for option in spec.values())  # unset = not managed


@pytest.mark.parametrize('option, given, expected', [
    ('disabled', 'true', True),
    ('disabled', 'False', False),
    ('disabled', True, True),
    ('max_mins_to_commit_email', '1440', 1440),
    ('project_mapping_ids', [10100, 10000, 10100], [10000, 10100]),
    ('origin', 'https://ghe.example.org/', 'https://ghe.example.org'),
    ('origin', '/srv/git/*', '/srv/git/*'),
    ('name', 'GitHub ', 'GitHub '),
    ('tags_filter', None, None),
])
def test_reply_values_become_option_values(option, given, expected):
    assert fields.from_reply(fields.INTEGRATION.by_option[option], given) == expected


@pytest.mark.parametrize('option, given', [
    ('disabled', 'yes'),
    ('disabled', 1),
    ('max_mins_to_commit_email', 'many'),
    ('max_mins_to_commit_email', True),
    ('project_mapping_ids', ['5']),
    ('project_mapping_ids', [True]),
    ('project_mapping_ids', 'PROJ'),
    ('name', 5),
])
def test_reply_values_of_a_wrong_type_are_refused(option, given):
    with pytest.raises(fields.ReplyError):
        fields.from_reply(fields.INTEGRATION.by_option[option], given)


SERVER = {'id': 3, 'displayName': 'GH', 'integrationType': 'GITHUB', 'origin': 'https://api.github.com',
          'disabled': False, 'global': True, 'projectMappingIds': [], 'smartCommitsEnabled': 'true', 'maxMinsToCommitEmail': 1440}


@pytest.mark.parametrize('wanted, expected', [
    ({'name': 'GH'}, {}),
    ({'name': 'GitHub'}, {'name': 'GitHub'}),
    ({'type': 'GITHUB'}, {}),
    ({'origin': 'https://api.github.com/'}, {}),
    ({'smart_commits_enabled': True}, {}),
    ({'smart_commits_enabled': False}, {'smart_commits_enabled': False}),
    ({'max_mins_to_commit_email': 1440}, {}),
    ({'project_mapping_ids': []}, {}),
    ({'tags_filter': ''}, {}),  # omitted while unset: empty is the same
    ({'tags_filter': 'v.*'}, {'tags_filter': 'v.*'}),
    ({'require_user_pat': False}, {}),  # omitted while unset: false is its unset value
    ({'require_user_pat': True}, {'require_user_pat': True}),
    ({'pat': 'x', 'password': 'y', 'username': 'u'}, {}),  # write-only: never a difference
    ({'aws_region': 'eu-west-1', 'folder_depth': 2, 'tfs_collection': 'c', 'ref_spec_custom': 'r'}, {}),
])
def test_differences_compare_only_what_the_task_sets(wanted, expected):
    wanted = fields.INTEGRATION.wanted(wanted)
    assert fields.INTEGRATION.differences(wanted, fields.INTEGRATION.facts(SERVER)) == expected


def test_api_body_never_carries_disabled_and_drops_project_ids_of_global_integrations():
    body = fields.INTEGRATION.body({'name': 'GH', 'disabled': True, 'global': True, 'project_mapping_ids': [1], 'pat': 'p'})
    assert body == {'displayName': 'GH', 'global': True, 'pat': 'p'}
    body = fields.INTEGRATION.body({'global': False, 'project_mapping_ids': [1]})
    assert body == {'global': False, 'projectMappingIds': [1]}


def test_create_values_send_documented_defaults_under_the_task():
    values = fields.INTEGRATION.create_values({'name': 'GH', 'type': 'GITHUB', 'smart_commits_enabled': False})
    assert values['smart_commits_enabled'] is False
    assert values['send_commit_emails'] is True and values['max_mins_to_commit_email'] == 1440
    assert values['git_viewer_enabled'] is True and values['trust_folder_stat'] is False
    assert 'tags_filter' not in values and 'origin' not in values


# What the server fills in for a field a create leaves out, as the emulator reads docs/api-notes.md (never this table).
SERVER_DEFAULTS = {'integration': dict(gij_emulator.DEFAULTS, **gij_emulator.OMITTED_DEFAULTS),
                   'repository': gij_emulator.REPOSITORY_DEFAULTS}
DEFAULTED = [(table, field) for table, rows in (('integration', fields.INTEGRATION_FIELDS), ('repository', fields.REPOSITORY_FIELDS))
             for field in rows if field.default is not None]


@pytest.mark.parametrize('table, field', DEFAULTED, ids=['%s-%s' % (table, field.option) for table, field in DEFAULTED])
def test_every_create_time_default_is_the_servers(table, field):
    # The module sends these on create and the generated docs print them, so only the server can show one is wrong.
    assert field.api in SERVER_DEFAULTS[table], 'the notes give no default of %s to check the table\'s against' % field.api
    server = SERVER_DEFAULTS[table][field.api]
    assert (type(field.default), field.default) == (type(server), server)  # True is not 1


def test_update_values_keep_the_known_state_and_skip_credentials_unless_asked():
    wanted = {'smart_commits_enabled': False, 'pat': 'new', 'aws_region': 'eu-west-1'}
    current = fields.INTEGRATION.facts(SERVER)
    values = fields.INTEGRATION.update_values(wanted, current, send_secrets=False)
    assert values['name'] == 'GH' and values['origin'] == 'https://api.github.com' and values['global'] is True
    assert values['smart_commits_enabled'] is False and values['aws_region'] == 'eu-west-1'
    assert 'pat' not in values and 'type' not in values
    assert fields.INTEGRATION.update_values(wanted, current, send_secrets=True)['pat'] == 'new'


def test_facts_are_snake_case_and_never_carry_credentials():
    facts = fields.INTEGRATION.facts(dict(SERVER, pat='leaked', password='leaked', username='u', lastIndexedDate=5,
                                          showAllTags=True, someNewField=1))
    assert facts['type'] == 'GITHUB' and facts['name'] == 'GH' and facts['smart_commits_enabled'] is True
    assert facts['last_indexed_date'] == 5 and facts['show_all_tags'] is True and facts['some_new_field'] == 1
    assert not set(facts) & {'pat', 'password', 'username'}


def test_prediction_applies_values_like_the_server():
    values = {'tags_filter': '', 'smart_commits_enabled': False, 'aws_region': 'x', 'global': True, 'project_mapping_ids': [1]}
    predicted = fields.INTEGRATION.predict(fields.INTEGRATION.facts(SERVER), values)
    assert predicted['smart_commits_enabled'] is False and 'tags_filter' not in predicted and 'aws_region' not in predicted
    assert predicted['project_mapping_ids'] == []


def test_field_reference_page_matches_the_table():
    import os
    from ansible_collections.gij.jira.tools import field_reference
    page = os.path.join(os.path.dirname(__file__), '..', '..', '..', '..', 'docs', 'field-reference.md')
    with open(page, encoding='utf-8') as handle:
        assert handle.read() == field_reference.render(), 'run: python tools/field_reference.py > docs/field-reference.md'


# The Add New Repository page, less its read-only "hosted".
REPOSITORY_PAGE_FIELDS = (
    'displayName', 'origin', 'mainBranch', 'realRoot', 'absoluteRoot', 'disabled', 'enableFetches', 'sendCommitEmails',
    'maxMinsToCommitEmail', 'global', 'revisionIndexing', 'gitViewerEnabled', 'username', 'password', 'pat',
    'disableSslVerification', 'smartCommitsEnabled', 'webLinkType', 'viewFormat', 'changesetFormat', 'fileAddedFormat',
    'fileModifiedFormat', 'fileDeletedFormat', 'mergeRequestFormat', 'branchLinkFormat', 'commitsValidationRequired',
    'tagsFilter', 'projectMappingIds', 'sourcesDiffViewEnabled', 'trustFolderStat', 'refSpecNotes', 'refSpecChanges',
    'refSpecCustom', 'prHideFilter',
)


def test_every_repository_field_has_exactly_one_documented_option():
    import yaml
    assert sorted(f.api for f in fields.REPOSITORY_FIELDS) == sorted(REPOSITORY_PAGE_FIELDS)
    assert len(fields.REPOSITORY.by_option) == len(REPOSITORY_PAGE_FIELDS)
    documented = yaml.safe_load(repository_docs.ModuleDocFragment.DOCUMENTATION)['options']
    for field in fields.REPOSITORY_FIELDS:
        doc = documented[field.option]
        text = doc['description'] if isinstance(doc['description'], str) else ' '.join(doc['description'])
        assert 'C(%s)' % field.api in text, field.option
    spec = fields.REPOSITORY.argument_spec()
    assert spec['pat']['no_log'] is True and spec['password']['no_log'] is True


def test_doc_fragments_are_written_from_the_tables():
    import os
    from ansible_collections.gij.jira.tools import doc_fragments
    root = os.path.join(os.path.dirname(__file__), '..', '..', '..', '..')
    for path, text in doc_fragments.render().items():
        with open(os.path.join(root, path), encoding='utf-8') as handle:
            assert handle.read() == text, 'run: python tools/doc_fragments.py'
