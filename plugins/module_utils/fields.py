# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The integration field table and everything derived from it.

``INTEGRATION_FIELDS`` is the single source of truth: the module argument spec, the request bodies,
the returned facts, the comparison and the completeness test are all built from it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
from collections import namedtuple

INTEGRATION_TYPES = (
    'GITHUB', 'GITHUB_SERVER', 'GITLAB', 'GITLAB_SERVER', 'GITLAB_SERVER_LEGACY', 'FILESPACE',
    'AZURE_DEVOPS', 'VSTS', 'AZURE', 'TFS_SERVER', 'AWS', 'GERRIT',
)
# Types whose origin is the user's own host (or folder): no default origin exists.
SELF_HOSTED_TYPES = ('GITHUB_SERVER', 'GITLAB_SERVER', 'GITLAB_SERVER_LEGACY', 'FILESPACE', 'AZURE_DEVOPS', 'TFS_SERVER', 'GERRIT')
MICROSOFT_TYPES = ('AZURE', 'AZURE_DEVOPS', 'VSTS', 'TFS_SERVER')
# Origins the server fills in for cloud types when none is sent (seen in vendor examples).
CLOUD_ORIGINS = {'GITHUB': 'https://api.github.com', 'GITLAB': 'https://gitlab.com', 'AZURE': 'https://dev.azure.com'}
AWS_REGIONS = (
    'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ap-south-1', 'ap-northeast-2', 'ap-southeast-1',
    'ap-southeast-2', 'ap-northeast-1', 'ca-central-1', 'eu-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3',
    'eu-north-1', 'me-south-1', 'sa-east-1',
)
# Credentials each type needs to connect (gij-api.md section 5); alternatives are tuples of names.
REQUIRED_CREDENTIALS = {
    'GITHUB': (('pat',), ('username', 'password')),
    'GITHUB_SERVER': (('pat',),),
    'GITLAB': (('pat',),),
    'GITLAB_SERVER': (('pat',),),
    'GITLAB_SERVER_LEGACY': (('username', 'password'),),
    'FILESPACE': ((),),
    'AZURE': (('pat',),),
    'AZURE_DEVOPS': (('pat',), ('username', 'password')),
    'VSTS': (('pat',),),
    'TFS_SERVER': (('pat',), ('username', 'password')),
    'AWS': (('username', 'password'),),
    'GERRIT': (('username', 'password'),),
}

# option: snake_case module option; api: camelCase request field; kind: str|bool|int|list;
# default: value sent on create when the task leaves the option unset (None = not sent);
# echoed: how the server returns the field: 'always', 'when_set' (omitted while unset) or 'never';
# secret: no_log and never shown; write_only: the server never returns it (credentials included).
Field = namedtuple('Field', 'option api kind default echoed secret choices aliases')


def _field(option, api, kind='str', default=None, echoed='always', secret=False, choices=None, aliases=None):
    return Field(option, api, kind, default, echoed, secret, choices, aliases)


INTEGRATION_FIELDS = (
    _field('name', 'displayName', aliases=['display_name']),
    _field('type', 'type', choices=list(INTEGRATION_TYPES)),
    _field('origin', 'origin'),
    _field('disabled', 'disabled', 'bool', default=False),
    _field('send_commit_emails', 'sendCommitEmails', 'bool', default=True),
    _field('max_mins_to_commit_email', 'maxMinsToCommitEmail', 'int', default=1440),
    _field('username', 'username', echoed='never'),
    _field('password', 'password', echoed='never', secret=True),
    _field('pat', 'pat', echoed='never', secret=True),
    _field('disable_ssl_verification', 'disableSslVerification', 'bool', default=False),
    _field('api_path', 'apiPath', echoed='when_set'),
    _field('api_filter', 'apiFilter', echoed='when_set'),
    _field('tfs_collection', 'tfsCollection', echoed='never'),
    _field('aws_region', 'awsRegion', echoed='never', choices=list(AWS_REGIONS)),
    _field('require_user_pat', 'requireUserPat', 'bool', default=False, echoed='when_set'),
    _field('git_viewer_enabled', 'gitViewerEnabled', 'bool', default=True),
    _field('smart_commits_enabled', 'smartCommitsEnabled', 'bool', default=True),
    _field('global', 'global', 'bool', default=True),
    _field('sources_diff_view_enabled', 'sourcesDiffViewEnabled', 'bool', default=True),
    _field('revision_indexing', 'revisionIndexing', 'bool', default=True),
    _field('tags_filter', 'tagsFilter', echoed='when_set'),
    _field('project_mapping_ids', 'projectMappingIds', 'list', default=[]),
    _field('trust_folder_stat', 'trustFolderStat', 'bool', default=False),
    _field('ref_spec_notes', 'refSpecNotes', 'bool', default=True),
    _field('ref_spec_changes', 'refSpecChanges', 'bool', default=False),
    _field('ref_spec_custom', 'refSpecCustom', echoed='never'),
    _field('folder_depth', 'folderDepth', 'int', echoed='never'),
    _field('pr_hide_filter', 'prHideFilter', echoed='when_set'),
)


class FieldTable:
    """One resource's fields and everything the modules derive from them."""

    def __init__(self, fields, response_only):
        self.fields = fields
        self.by_option = dict((f.option, f) for f in fields)
        self.by_api = dict((f.api, f) for f in fields)
        self.response_only = response_only  # reply-only API names -> fact names
        self.secret_options = tuple(f.option for f in fields if f.secret)
        # Values the module can never read back: sent on create, in every update body (so a server that resets
        # omitted fields keeps them) and, with update_secrets=always, on every run.
        self.write_only = tuple(f.option for f in fields if f.echoed == 'never')


CREDENTIAL_OPTIONS = ('username', 'password', 'pat')
# Returned by the server only; mapped to snake_case facts. integrationType is the reply name of type.
RESPONSE_ONLY = {
    'id': 'id', 'integrationType': 'type', 'initDate': 'init_date', 'lastIndexedDate': 'last_indexed_date',
    'showAllTags': 'show_all_tags', 'root': 'root', 'realRoot': 'real_root', 'absoluteRoot': 'absolute_root',
}
INTEGRATION = FieldTable(INTEGRATION_FIELDS, RESPONSE_ONLY)
FIELDS_BY_OPTION = INTEGRATION.by_option
FIELDS_BY_API = INTEGRATION.by_api
SECRET_OPTIONS = INTEGRATION.secret_options
WRITE_ONLY_OPTIONS = INTEGRATION.write_only

# Repositories (Add New Repository page). Nested repositories of an integration are read-only.
REPOSITORY_FIELDS = (
    _field('name', 'displayName', aliases=['display_name']),
    _field('origin', 'origin'),
    _field('main_branch', 'mainBranch'),
    _field('real_root', 'realRoot'),
    _field('absolute_root', 'absoluteRoot', 'bool'),
    _field('disabled', 'disabled', 'bool', default=False),
    _field('enable_fetches', 'enableFetches', 'bool'),
    _field('send_commit_emails', 'sendCommitEmails', 'bool', default=True),
    _field('max_mins_to_commit_email', 'maxMinsToCommitEmail', 'int', default=1440),
    _field('global', 'global', 'bool', default=True),
    _field('revision_indexing', 'revisionIndexing', 'bool', default=True),
    _field('git_viewer_enabled', 'gitViewerEnabled', 'bool', default=True),
    _field('username', 'username', echoed='never'),
    _field('password', 'password', echoed='never', secret=True),
    _field('pat', 'pat', echoed='never', secret=True),
    _field('disable_ssl_verification', 'disableSslVerification', 'bool', default=False),
    _field('smart_commits_enabled', 'smartCommitsEnabled', 'bool', default=True),
    _field('web_link_type', 'webLinkType', echoed='when_set'),
    _field('view_format', 'viewFormat', echoed='when_set'),
    _field('changeset_format', 'changesetFormat', echoed='when_set'),
    _field('file_added_format', 'fileAddedFormat', echoed='when_set'),
    _field('file_modified_format', 'fileModifiedFormat', echoed='when_set'),
    _field('file_deleted_format', 'fileDeletedFormat', echoed='when_set'),
    _field('merge_request_format', 'mergeRequestFormat', echoed='when_set'),
    _field('branch_link_format', 'branchLinkFormat', echoed='when_set'),
    _field('commits_validation_required', 'commitsValidationRequired', 'bool'),
    _field('tags_filter', 'tagsFilter', echoed='when_set'),
    _field('project_mapping_ids', 'projectMappingIds', 'list', default=[]),
    _field('sources_diff_view_enabled', 'sourcesDiffViewEnabled', 'bool', default=True),
    _field('trust_folder_stat', 'trustFolderStat', 'bool', default=False),
    _field('ref_spec_notes', 'refSpecNotes', 'bool', default=True),
    _field('ref_spec_changes', 'refSpecChanges', 'bool', default=False),
    _field('ref_spec_custom', 'refSpecCustom', echoed='never'),
)
REPOSITORY = FieldTable(REPOSITORY_FIELDS, {
    'id': 'id', 'root': 'root', 'initDate': 'init_date', 'hosted': 'hosted', 'trackedFolderId': 'integration_id',
    'integrationType': 'integration_type', 'requireUserPat': 'require_user_pat', 'showAllTags': 'show_all_tags',
    'supportsBranchCreationApi': 'supports_branch_creation_api',
})

SECRET_PLACEHOLDER = '********'
# Shown in the diff's "after" when a secret is written: the value itself is never shown.
SECRET_SENT = '******** (new value sent)'
_ANSIBLE_TYPES = {'str': 'str', 'bool': 'bool', 'int': 'int', 'list': 'list'}


def argument_spec(table=INTEGRATION):
    """Module options for every field of a table (all default to None: not managed)."""
    spec = {}
    for field in table.fields:
        option = {'type': _ANSIBLE_TYPES[field.kind]}
        if field.kind == 'list':
            option['elements'] = 'int'
        if field.choices:
            option['choices'] = field.choices
        if field.secret:
            option['no_log'] = True
        if field.aliases:
            option['aliases'] = field.aliases
        spec[field.option] = option
    return spec


def camel_to_snake(name):
    return re.sub(r'(?<!^)(?=[A-Z])', '_', name).lower()


def _to_bool(value):
    if isinstance(value, str):
        return value.strip().lower() == 'true'
    return bool(value)


def normalize(field, value):
    """Bring an option value or a server value into one comparable form."""
    if value is None:
        return None
    if field.kind == 'bool':
        return _to_bool(value)
    if field.kind == 'int':
        return int(value)
    if field.kind == 'list':
        return sorted(set(int(item) for item in value))
    if field.option == 'origin' and re.match(r'^[a-z][a-z0-9+.-]*://', value, re.I):
        return value.rstrip('/')
    return value


def server_value(field, obj):
    """What the server says for ``field`` or ``Ellipsis`` when it says nothing we can compare with.

    Fields echoed only while set count as unset when missing; fields never echoed are unknown.
    """
    key = 'integrationType' if field.option == 'type' else field.api
    if key in obj:
        return normalize(field, obj[key])
    if field.echoed == 'when_set':
        return normalize(field, field.default) if field.kind == 'bool' else ''
    return Ellipsis


def desired_values(params, table=INTEGRATION):
    """The options this task manages (not None), normalised. Secrets included."""
    wanted = {}
    for field in table.fields:
        value = params.get(field.option)
        if value is not None:
            wanted[field.option] = normalize(field, value)
    return wanted


def differences(wanted, obj, table=INTEGRATION):
    """Options whose wanted value differs from what the server returned (write-only ones never differ)."""
    changed = {}
    for option, value in wanted.items():
        field = table.by_option[option]
        current = server_value(field, obj)
        if current is Ellipsis:
            continue
        value = normalize(field, value)
        if field.kind == 'str' and (value or '') == (current or ''):
            continue
        if value != current:
            changed[option] = value
    return changed


def api_body(values, table=INTEGRATION):
    """Request body (camelCase) for snake_case option values; ``disabled`` never goes in a body."""
    body = {}
    for option, value in values.items():
        if option == 'disabled' or value is None:
            continue
        body[table.by_option[option].api] = value
    if body.get('global') and 'projectMappingIds' in body:
        del body['projectMappingIds']  # only meaningful with global: false (gij-api.md section 6.7)
    return body


def create_values(wanted, table=INTEGRATION):
    """Option values of a new object: the wanted ones over the documented create-time defaults."""
    values = dict((f.option, f.default) for f in table.fields if f.default is not None)
    values.update(wanted)
    if values.get('global'):
        values['project_mapping_ids'] = []
    return values


def update_values(wanted, obj, send_secrets, table=INTEGRATION):
    """Full update body values: every field the server returned, with the wanted values on top.

    Sending the known state back keeps the update correct on a server that resets omitted fields.
    Write-only values the task sets are sent too; credentials only when ``send_secrets``.
    """
    values = {}
    for field in table.fields:
        if field.echoed == 'never' or field.option == 'type':
            continue
        current = server_value(field, obj)
        if current is not Ellipsis and current not in ('', None):
            values[field.option] = current
    for option, value in wanted.items():
        if option in CREDENTIAL_OPTIONS and not send_secrets:
            continue
        values[option] = value
    values.pop('type', None)
    return values


def to_facts(obj, table=INTEGRATION):
    """snake_case facts of a server object; credentials never included."""
    facts = {}
    for key, value in obj.items():
        if key in table.by_api:
            field = table.by_api[key]
            if field.option in CREDENTIAL_OPTIONS:
                continue
            facts[field.option] = normalize(field, value)
        elif key in table.response_only:
            facts[table.response_only[key]] = value
        elif key not in CREDENTIAL_OPTIONS:
            facts[camel_to_snake(key)] = value
    return facts


def predicted_object(obj, values, table=INTEGRATION):
    """The server object a write of ``values`` is expected to produce (check mode, and verification)."""
    predicted = dict(obj)
    for option, value in values.items():
        field = table.by_option[option]
        if field.echoed == 'never':
            continue
        key = 'integrationType' if option == 'type' else field.api
        if field.echoed == 'when_set' and value in ('', None):
            predicted.pop(key, None)
        else:
            predicted[key] = value
    if _to_bool(predicted.get('global')):
        predicted['projectMappingIds'] = []
    return predicted


def diff_view(facts, managed):
    """The managed subset of facts for ``--diff`` (facts never hold secrets)."""
    return dict((option, facts[option]) for option in managed if option in facts)
