# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The field tables, and the one place where server names and option names meet.

A row says everything about a field: its option and API names (and the name the reply uses), its type and bounds,
what it means, its create-time default, whether the server returns it, and which integration types it belongs to or
is required for. The argument specs, the type rules, the option docs, the request bodies, the facts read from
replies and the field reference are all derived from these rows.

Everything above this module speaks option names only: ``FieldTable.facts`` turns a reply object into facts and
``FieldTable.body`` turns option values into a request body.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
from collections import namedtuple
from urllib.parse import unquote

from ansible_collections.gij.jira.plugins.module_utils.api import GijError


class Sentinel:
    """A named marker value, so that None can keep meaning "not set"."""

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return self.name


# The server did not return the field, and its silence says nothing (write-only and never-echoed fields).
UNKNOWN = Sentinel('UNKNOWN')


class ReplyError(ValueError):
    """A reply value of the wrong type; the caller names the call it came from."""


# --- integration types (api-notes.md section 5) -----------------------------------------------------------------
# credentials: the alternatives that let the server connect; cloud_origin: what the server fills in when no
# origin is sent (vendor examples) or None where the user must give one (self-hosted) or nobody knows (VSTS, AWS).
IntegrationType = namedtuple('IntegrationType', 'name target credentials self_hosted cloud_origin')
INTEGRATION_TYPES = (
    IntegrationType('GITHUB', 'github.com or GitHub Enterprise Cloud', (('pat',), ('username', 'password')), False,
                    'https://api.github.com'),
    IntegrationType('GITHUB_SERVER', 'GitHub Enterprise Server', (('pat',),), True, None),
    IntegrationType('GITLAB', 'gitlab.com', (('pat',),), False, 'https://gitlab.com'),
    IntegrationType('GITLAB_SERVER', 'GitLab CE/EE (API v4)', (('pat',),), True, None),
    IntegrationType('GITLAB_SERVER_LEGACY', 'GitLab CE/EE (API v3, support removed by the vendor)',
                    (('username', 'password'),), True, None),
    IntegrationType('FILESPACE', 'a tracked folder on the Jira host', ((),), True, None),
    IntegrationType('AZURE_DEVOPS', 'Azure DevOps Server', (('pat',), ('username', 'password')), True, None),
    IntegrationType('VSTS', 'Visual Studio Team Services', (('pat',),), False, None),
    IntegrationType('AZURE', 'Azure DevOps Services (dev.azure.com)', (('pat',),), False, 'https://dev.azure.com'),
    # With a PAT the username is V(all) (api-notes.md section 5).
    IntegrationType('TFS_SERVER', 'Team Foundation Server', (('username', 'pat'), ('username', 'password')), True, None),
    IntegrationType('AWS', 'AWS CodeCommit', (('username', 'password'),), False, None),
    IntegrationType('GERRIT', 'Gerrit', (('username', 'password'),), True, None),
)
TYPES_BY_NAME = dict((t.name, t) for t in INTEGRATION_TYPES)
TYPE_NAMES = tuple(t.name for t in INTEGRATION_TYPES)
SELF_HOSTED_TYPES = tuple(t.name for t in INTEGRATION_TYPES if t.self_hosted)
MICROSOFT_TYPES = ('AZURE', 'AZURE_DEVOPS', 'VSTS', 'TFS_SERVER')
GITHUB_GITLAB_TYPES = ('GITHUB', 'GITHUB_SERVER', 'GITLAB', 'GITLAB_SERVER', 'GITLAB_SERVER_LEGACY')
# The "supported regions" of the vendor's page on adding an integration (api-notes.md section 4).
AWS_REGIONS = (
    'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ap-south-1', 'ap-northeast-2', 'ap-southeast-1',
    'ap-southeast-2', 'ap-northeast-1', 'ca-central-1', 'eu-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3',
    'eu-north-1', 'me-south-1', 'sa-east-1',
)

# The server stores integers as Java int and ids as Java long: a larger value cannot be what the user means.
JAVA_INT_MAX = 2 ** 31 - 1
JAVA_LONG_MAX = 2 ** 63 - 1
# An integer as a reply may write it: ASCII digits only ('²'.isdigit() is true, and int('²') fails).
INTEGER_TEXT = re.compile(r'^-?[0-9]{1,19}$')

# --- field rows -----------------------------------------------------------------------------------------------
# option: the module option; api: the request field; reply: the field's name in replies (when it differs);
# kind: str | bool | int | list (of int); default: sent on create when the task leaves the option unset;
# echoed: 'always', 'when_set' (the reply omits it while unset) or 'never' (write-only);
# secret: no_log, never shown; bounds: (min, max) of an int or of each int of a list (every one has both), max
# length of a str;
# types: the integration types it is valid for (None = all); required_for: types that need it to be created;
# doc: what the option means, one or more sentences (the generated docs add API name, default and rules).
# What is special about a field, each rule applied in one place of FieldTable or Reconciler:
# fixed: cannot change after create (never sent in an update); own_endpoint: written through the enable/disable
# endpoint, in a create body only; normalizer: the one comparable form of a value; only_with: (option, value) it
# needs (refused otherwise, not sent and empty while the other option says otherwise); goes_with: an option it must be
# given together with; starts_with: a prefix its value needs; create_hint: what to give when it is missing on create,
# by type ('*': any); server_default: what the server fills in on create when it is not sent, from the values sent;
# keyed_as: another option that gives the same value by Jira project keys, resolved to ids before the task runs.
Field = namedtuple('Field', 'option api reply kind default echoed secret choices aliases bounds types required_for doc '
                            'fixed own_endpoint normalizer only_with goes_with starts_with create_hint server_default '
                            'keyed_as')


def _field(option, api, doc, kind='str', default=None, echoed='always', secret=False, choices=None, aliases=None,
           bounds=None, types=None, required_for=(), reply=None, fixed=False, own_endpoint=False, normalizer=None,
           only_with=None, goes_with=None, starts_with=None, create_hint=None, server_default=None, keyed_as=None):
    if isinstance(doc, str):
        doc = (doc,)
    return Field(option, api, reply or api, kind, default, echoed, secret, choices, aliases, bounds, types,
                 tuple(required_for), tuple(doc), fixed, own_endpoint, normalizer, only_with, goes_with, starts_with,
                 create_hint or {}, server_default, keyed_as)


# scheme://userinfo@host/...: a password in it is a secret, and so is a user name long enough to be a token
# (https://<token>@github.com/... is how GitHub takes one, also as <token>:x-oauth-basic@); git@ or a short account
# name is not. Blanks before the scheme (a task or a server may keep them) do not hide one.
URL_USERINFO = re.compile(r'^\s*[A-Za-z][A-Za-z0-9+.-]*://([^/?#]*)@')
TOKEN_LENGTH = 16


def origin_secrets(origin):
    """The secrets an origin URL carries, as written and percent-decoded; none for most origins."""
    match = URL_USERINFO.match(origin) if isinstance(origin, str) else None
    if not match:
        return []
    user, colon, password = match.group(1).partition(':')
    secrets = (password if colon else '', user if len(user) >= TOKEN_LENGTH else '')
    return sorted(set(value for secret in secrets for value in (secret, unquote(secret)) if value))


def url_without_trailing_slash(value):
    """A URL's trailing slash does not count as a change; a local path is left as it is."""
    return value.rstrip('/') if re.match(r'^[a-z][a-z0-9+.-]*://', value, re.I) else value


def cloud_origin(values):
    """The public API a cloud type's server fills in as origin when none is sent (vendor examples)."""
    kind = TYPES_BY_NAME.get(values.get('type'))
    return kind.cloud_origin if kind else None


INTEGRATION_FIELDS = (
    _field('name', 'displayName', 'Display name of the integration, shown in the app\'s repository list.',
           aliases=['display_name']),
    _field('type', 'type', 'Kind of git host. The type of an existing integration cannot be changed.',
           choices=list(TYPE_NAMES), reply='integrationType', fixed=True),
    _field('origin', 'origin', ('URL of the git host; for V(FILESPACE) the folder pattern, for example V(/srv/git/*).',
                                'Cloud types default to their public API, for example V(https://api.github.com). '
                                'A trailing slash does not count as a change.'),
           required_for=SELF_HOSTED_TYPES, normalizer=url_without_trailing_slash, server_default=cloud_origin,
           create_hint={'FILESPACE': 'the folder pattern, e.g. /srv/git/*', '*': 'the URL of your server'}),
    _field('disabled', 'disabled', ('Disable the integration.',
                                    'Applied through the enable/disable endpoint, as the vendor advises, and re-applied '
                                    'after an update that reset it.'), 'bool', default=False, own_endpoint=True),
    _field('send_commit_emails', 'sendCommitEmails', 'Send commit notification emails.', 'bool', default=True),
    _field('max_mins_to_commit_email', 'maxMinsToCommitEmail', 'Only commits younger than this many minutes are emailed.',
           'int', default=1440, bounds=(0, JAVA_INT_MAX)),
    _field('username', 'username', ('User name on the git host; for V(AWS) the access key id; V(all) with a PAT for '
                                    'V(TFS_SERVER).',), echoed='never'),
    _field('password', 'password', 'Password on the git host; for V(AWS) the secret access key.', echoed='never',
           secret=True),
    _field('pat', 'pat', ('Personal access token for the git host.',
                          'Azure DevOps tokens must be created for "all accessible organizations" with at least '
                          'Code (Read) scope.'), echoed='never', secret=True),
    _field('disable_ssl_verification', 'disableSslVerification', 'Do not verify the git host\'s TLS certificate.', 'bool',
           default=False),
    _field('api_path', 'apiPath', ('Relative REST API path, starting with C(/), that lists the repositories to track, '
                                   'for example V(/groups/platform/projects).',
                                   'Default is the host\'s own listing; V(\'\') clears it.'),
           echoed='when_set', bounds=2000, types=GITHUB_GITLAB_TYPES, starts_with='/'),
    _field('api_filter', 'apiFilter', 'JMESPath expression that filters the repositories the API returns.',
           echoed='when_set', bounds=2000),
    _field('tfs_collection', 'tfsCollection', 'Collection to connect.', echoed='never', types=MICROSOFT_TYPES),
    _field('aws_region', 'awsRegion', ('Region of the CodeCommit repositories.',
                                       'One of the 17 regions the vendor lists as supported; a region the list does not '
                                       'have yet is refused before any request (see the troubleshooting page).'),
           echoed='never', choices=list(AWS_REGIONS),
           types=('AWS',), required_for=('AWS',), create_hint={'*': 'a region code such as eu-west-1'}),
    _field('require_user_pat', 'requireUserPat', ('Users must enter their own PAT to manage branches and pull/merge '
                                                  'requests. Needs the repository browser (O(git_viewer_enabled)).',),
           'bool', default=False, echoed='when_set'),
    _field('git_viewer_enabled', 'gitViewerEnabled', 'Enable the repository browser.', 'bool', default=True),
    _field('smart_commits_enabled', 'smartCommitsEnabled', 'Process smart commits.', 'bool', default=True),
    _field('global', 'global', ('Associate the repositories with all Jira projects.',
                                'Set V(false) to use O(projects) or O(project_mapping_ids).'), 'bool', default=True),
    _field('sources_diff_view_enabled', 'sourcesDiffViewEnabled',
           'Let users with the View Development Tools permission see commit and file diffs.', 'bool', default=True),
    _field('revision_indexing', 'revisionIndexing',
           'Index mentioned issue keys in the revision history and cache commit lists.', 'bool', default=True),
    _field('tags_filter', 'tagsFilter', 'Java regular expression; only matching tags are shown on issues.',
           echoed='when_set'),
    _field('project_mapping_ids', 'projectMappingIds', ('Numeric Jira project ids (not keys) the repositories are '
                                                        'associated with. Needs O(global=false). O(projects) takes keys.',
                                                        'Compared as a set; order does not matter.'), 'list', default=[],
           bounds=(1, JAVA_LONG_MAX), only_with=('global', False), keyed_as='projects'),
    _field('trust_folder_stat', 'trustFolderStat', ('Use the modification time of C(.git/objects/pack) to detect new '
                                                    'packs instead of scanning it. Keep V(false) for network shares.',),
           'bool', default=False),
    _field('ref_spec_notes', 'refSpecNotes', 'Fetch C(refs/notes/*).', 'bool', default=True),
    _field('ref_spec_changes', 'refSpecChanges', 'Fetch C(refs/changes/*), for example Gerrit changes.', 'bool',
           default=False),
    _field('ref_spec_custom', 'refSpecCustom', 'Comma-separated extra refspecs to fetch, for example '
                                               'V(+refs/pull/*:refs/pull/*).', echoed='never'),
    _field('folder_depth', 'folderDepth', ('How many folder levels below O(origin) a tracked folder scans for '
                                           'repositories. V(3) suits GitLab hashed storage.',),
           'int', echoed='never', bounds=(1, 5), types=('FILESPACE',), required_for=('FILESPACE',)),
    _field('pr_hide_filter', 'prHideFilter', 'Regular expression; matching pull/merge requests are hidden.',
           echoed='when_set'),
)

# Single repositories (Add New Repository page). Nested repositories of an integration are read-only.
REPOSITORY_FIELDS = (
    _field('name', 'displayName', 'Display name in the app\'s repository list. Default is derived from O(origin).',
           aliases=['display_name']),
    _field('origin', 'origin', 'URL (or local path) of the git repository, for example '
                               'V(https://github.com/example/app.git).', normalizer=url_without_trailing_slash),
    _field('main_branch', 'mainBranch', 'Branch that organizes the Git Commits tab. The server uses V(master) when not set.'),
    _field('real_root', 'realRoot', ('Path of the repository on the Jira server, absolute or relative to the app\'s '
                                     'folder in the Jira home, as O(absolute_root) says. Goes together with '
                                     'O(absolute_root).',), goes_with='absolute_root'),
    _field('absolute_root', 'absoluteRoot', 'Whether O(real_root) is an absolute path. Goes together with O(real_root).',
           'bool', goes_with='real_root'),
    _field('disabled', 'disabled', ('Disable the repository.', 'Applied through the enable/disable endpoint and '
                                                               're-applied after an update that reset it.'),
           'bool', default=False, own_endpoint=True),
    _field('enable_fetches', 'enableFetches', 'Fetch from the remote origin; V(false) for repositories on the Jira host.',
           'bool'),
    _field('send_commit_emails', 'sendCommitEmails', 'Send commit notification emails.', 'bool', default=True),
    _field('max_mins_to_commit_email', 'maxMinsToCommitEmail', 'Only commits younger than this many minutes are emailed.',
           'int', default=1440, bounds=(0, JAVA_INT_MAX)),
    _field('global', 'global', 'Associate the repository with all Jira projects.', 'bool', default=True),
    _field('revision_indexing', 'revisionIndexing', 'Index issue keys in the revision history.', 'bool', default=True),
    _field('git_viewer_enabled', 'gitViewerEnabled', ('Enable the repository browser. With O(global=false) the server '
                                                      'then needs at least one project in O(project_mapping_ids).',),
           'bool', default=True),
    _field('username', 'username', 'User name on the git host.', echoed='never'),
    _field('password', 'password', 'Password on the git host.', echoed='never', secret=True),
    _field('pat', 'pat', 'Personal access token for the git host.', echoed='never', secret=True),
    _field('disable_ssl_verification', 'disableSslVerification', 'Do not verify the git host\'s TLS certificate.', 'bool',
           default=False),
    _field('smart_commits_enabled', 'smartCommitsEnabled', 'Process smart commits.', 'bool', default=True),
    _field('web_link_type', 'webLinkType', 'Web link type of the git host.', echoed='when_set'),
    _field('view_format', 'viewFormat', 'Unused: the vendor says it is not configured for newly added integration types.',
           echoed='when_set'),
    _field('changeset_format', 'changesetFormat', 'URL that shows a revision, with C(${rev}).', echoed='when_set'),
    _field('file_added_format', 'fileAddedFormat', 'URL that shows an added file.', echoed='when_set'),
    _field('file_modified_format', 'fileModifiedFormat', 'URL that shows a modified file.', echoed='when_set'),
    _field('file_deleted_format', 'fileDeletedFormat', 'URL that shows a deleted file.', echoed='when_set'),
    _field('merge_request_format', 'mergeRequestFormat', 'URL that shows a pull/merge request, with C(${mergereqId}).',
           echoed='when_set'),
    _field('branch_link_format', 'branchLinkFormat', 'URL that shows a branch, with C(${branch}).', echoed='when_set'),
    _field('commits_validation_required', 'commitsValidationRequired',
           'Reject pushes whose commit messages name no valid issue key, on self-hosted servers.', 'bool'),
    _field('tags_filter', 'tagsFilter', 'Java regular expression; only matching tags are shown on issues.',
           echoed='when_set'),
    _field('pr_hide_filter', 'prHideFilter', 'Regular expression; matching pull/merge requests are hidden on issues.',
           echoed='when_set'),
    _field('project_mapping_ids', 'projectMappingIds', ('Numeric Jira project ids. Needs O(global=false). O(projects) '
                                                        'takes keys.',
                                                        'Compared as a set.'), 'list', default=[], bounds=(1, JAVA_LONG_MAX),
           only_with=('global', False), keyed_as='projects'),
    _field('sources_diff_view_enabled', 'sourcesDiffViewEnabled', 'Show commit and file diffs in Jira.', 'bool',
           default=True),
    _field('trust_folder_stat', 'trustFolderStat', 'Trust the pack folder\'s modification time.', 'bool', default=False),
    _field('ref_spec_notes', 'refSpecNotes', 'Fetch C(refs/notes/*).', 'bool', default=True),
    _field('ref_spec_changes', 'refSpecChanges', 'Fetch C(refs/changes/*).', 'bool', default=False),
    _field('ref_spec_custom', 'refSpecCustom', 'Comma-separated extra refspecs.', echoed='never'),
)

# The git host's credentials: never read from a reply, stripped like the Jira credentials, sent only when due.
CREDENTIAL_OPTIONS = ('username', 'password', 'pat')
SECRET_CREDENTIALS = ('password', 'pat')  # masked wherever they show; a user name is not a secret
SECRET_PLACEHOLDER = '********'
# Shown in the diff's "after" when a secret is written (or, in check mode, would be): the value itself is never shown.
SECRET_SENT = '******** (new value sent)'
SECRET_WOULD_BE_SENT = '******** (new value would be sent)'


def camel_to_snake(name):
    return re.sub(r'(?<!^)(?=[A-Z])', '_', name).lower()


def check_positive_id(params, option, what):
    """An id option, when given, is a positive integer (Ansible's int type lets a boolean through)."""
    if params.get(option) is not None and (isinstance(params[option], bool) or params[option] <= 0):
        raise GijError('%s must be a positive %s, got %s.' % (option, what, params[option]))


# A Jira project key: a letter, then letters, digits or underscores (Jira's default pattern; the custom ones Jira
# allows stay within it), at most 255 characters.
PROJECT_KEY = re.compile(r'^[A-Za-z][A-Za-z0-9_]{0,254}$')


def check_project_keys(keys, option):
    """A list of Jira project keys, before any request: each a key, none twice (in any case)."""
    seen = set()
    for key in keys:
        if not PROJECT_KEY.match(key):
            raise GijError('%s must hold Jira project keys (a letter, then letters, digits or _), got %r.' % (option, key[:80]))
        if key.upper() in seen:
            raise GijError('%s names the project %s twice.' % (option, key.upper()))
        seen.add(key.upper())


def check_not_blank(params, option):
    """A name option, when given, is not blank."""
    if params.get(option) is not None and not params[option].strip():
        raise GijError('%s must not be empty.' % option)


class FieldTable:
    """One resource's fields and everything the modules derive from them.

    noun/plural: how messages and results name the resource; natural_key: the option an object is found by without
    an id, narrow_by: the option that picks one of several objects with the same natural key; identity: the options
    that tell whether an object found after an unclear create is the one the task would have created; unique: an
    option no two objects may share; kind_option/kinds: the option that says which rules of ``kinds`` (IntegrationType) apply;
    named: how messages show a natural key: in a call ("create integration 'X'"), for one object and for several; summary: what a diff shows of a
    deleted object; reply_only: the documented keys that only replies carry; renamed_replies: those of them whose fact
    name is not their snake_case form; withheld_replies: documented reply keys that are never read (encrypted
    credentials).
    """

    def __init__(self, noun, plural, fields, natural_key, narrow_by, identity, named, summary, reply_only, unique=None,
                 kind_option=None, kinds=None, renamed_replies=None, withheld_replies=()):
        self.noun = noun
        self.plural = plural
        self.fields = fields
        self.natural_key = natural_key
        self.narrow_by = narrow_by
        self.identity = identity
        self.named = named
        self.summary = summary
        self.unique = unique
        self.kind_option = kind_option
        self.kinds = kinds or {}
        self.renamed_replies = renamed_replies or {}
        self.withheld_replies = frozenset(withheld_replies)
        self.by_option = dict((f.option, f) for f in fields)
        self.by_reply = dict((f.reply, f) for f in fields)
        # Documented keys only replies carry; a fact takes the key's snake_case name unless renamed_replies says otherwise.
        self.reply_only_keys = tuple(reply_only)
        self.reply_only = dict((key, self.renamed_replies.get(key) or camel_to_snake(key)) for key in reply_only)
        # Fact names an undocumented reply key may never take: a stray key must not stand in for a documented one.
        self.reserved = (set(self.by_option) | set(self.reply_only.values()) | set(CREDENTIAL_OPTIONS)
                         | set(alias for f in fields for alias in f.aliases or ()))
        self.secret_options = tuple(f.option for f in fields if f.secret)
        # Values the module can never read back: sent on create, in every update body (so a server that resets
        # omitted fields keeps them) and, with update_secrets=always, on every run.
        self.write_only = tuple(f.option for f in fields if f.echoed == 'never')
        self.fixed = tuple(f.option for f in fields if f.fixed)
        own = [f.option for f in fields if f.own_endpoint]
        self.toggle = own[0] if own else None  # the one option with its own endpoint (enable/disable)
        self.keyed = dict((f.keyed_as, f) for f in fields if f.keyed_as)  # e.g. projects -> project_mapping_ids

    # --- module side ------------------------------------------------------------------------------------------
    def argument_spec(self):
        """Module options for every field (all default to None: not managed)."""
        spec = {}
        for field in self.fields:
            option = {'type': field.kind}
            if field.kind == 'list':
                option['elements'] = 'int'
            if field.choices:
                option['choices'] = field.choices
            if field.secret:
                option['no_log'] = True
            if field.aliases:
                option['aliases'] = field.aliases
            spec[field.option] = option
        for keyed_option in self.keyed:
            spec[keyed_option] = {'type': 'list', 'elements': 'str'}
        return spec

    def check_task(self, params, needs_key=True):
        """Every rule that needs nothing from the server, before the first request. Raises GijError naming the option.
        ``needs_key``: the task must name its object by id or natural key (a nested repository is found otherwise)."""
        check_positive_id(params, 'id', '%s id' % self.noun)
        check_not_blank(params, self.natural_key)
        if needs_key and params.get('id') is None and params.get(self.natural_key) is None:
            raise GijError('%s must be set (it was left empty): %s are found by %s, or by id.'
                           % (self.natural_key, self.plural, self.natural_key))
        problem = self.check_values(params)
        if problem:
            raise GijError(problem)
        for keyed_option, field in self.keyed.items():
            if params.get(keyed_option) is not None:
                if params.get(field.option) is not None:
                    raise GijError('%s and %s are mutually exclusive: give the projects by key or by id, not both.'
                                   % (keyed_option, field.option))
                check_project_keys(params[keyed_option], keyed_option)
        if params.get('state', 'present') == 'absent':
            return
        for field in self.fields:
            given = field.keyed_as if field.keyed_as and params.get(field.keyed_as) is not None else field.option
            value = params.get(given)
            if field.goes_with and (value is None) != (params.get(field.goes_with) is None):
                raise GijError('%s and %s go together: give both or neither (see their documentation).'
                               % (field.option, field.goes_with))
            if value in (None, '', []):
                continue
            if field.starts_with and not value.startswith(field.starts_with):
                raise GijError('%s must start with "%s", got %r.' % (field.option, field.starts_with, value))
            if field.only_with and params.get(field.only_with[0]) != field.only_with[1]:
                raise GijError('%s needs %s: %s (otherwise the server ignores or refuses it).'
                               % (given, field.only_with[0], str(field.only_with[1]).lower()))
        self.check_kind(params, params.get(self.kind_option) if self.kind_option else None)

    def check_kind(self, params, kind):
        """Options that belong to some kinds only. ``kind`` is the task's or the server's (None: unknown yet)."""
        if kind is None:
            return
        for field in self.fields:
            if field.types and params.get(field.option) is not None and kind not in field.types:
                raise GijError('%s is only valid for %s, not %s.' % (field.option, name_types(field.types), kind))

    def check_create(self, params):
        """What creating an object needs: its kind, the options required for that kind and one set of credentials."""
        if not self.kind_option:
            return
        kind = params.get(self.kind_option)
        if not kind:
            raise GijError('No %s %s exists and %s is not set: %s is required to create one.'
                           % (self.noun, self.named[1] % params[self.natural_key], self.kind_option, self.kind_option))
        for field in self.fields:
            if kind in field.required_for and params.get(field.option) in (None, ''):
                bounds = ' (%s-%s)' % field.bounds if field.kind == 'int' and field.bounds else ''
                hint = field.create_hint.get(kind, field.create_hint.get('*'))
                raise GijError('%s%s is required for %s %s%s to create the %s; an existing one is found without it.'
                               % (field.option, bounds, self.kind_option, kind, ' (%s)' % hint if hint else '', self.noun))
        alternatives = self.kinds[kind].credentials
        if not any(all(params.get(name) for name in names) for names in alternatives):
            raise GijError('Creating a %s %s needs %s.'
                           % (kind, self.noun, ' or '.join(' and '.join(names) for names in alternatives)))

    def check_values(self, params):
        """Bounds and types Ansible's own checks let through (a boolean is not an integer). Returns a message or None."""
        for field in self.fields:
            value = params.get(field.option)
            if value is None:
                continue
            if field.kind == 'int' and isinstance(value, bool):
                return '%s must be an integer, got a boolean.' % field.option
            if field.kind == 'list' and any(isinstance(item, bool) for item in value):
                return '%s must be a list of integers, got a boolean in it.' % field.option
            if field.kind in ('int', 'list') and field.bounds:
                low, high = field.bounds
                for number in value if field.kind == 'list' else (value,):
                    if low == 0 and number < 0:
                        return '%s must not be negative, got %s.' % (field.option, number)
                    if not low <= number <= high:
                        verb = 'hold integers' if field.kind == 'list' else 'be'
                        return '%s must %s %s, got %s.' % (field.option, verb, describe_bounds(field.bounds), number)
            if field.kind == 'str' and isinstance(field.bounds, int) and len(value) > field.bounds:
                return '%s must be at most %d characters long.' % (field.option, field.bounds)
        return None

    def resolve_keys(self, params, projects):
        """Give the value of each keyed option (projects) as the ids of its field (project_mapping_ids), through
        ``projects`` (a JiraProjects). An object to delete needs none."""
        if params.get('state', 'present') == 'absent':
            return
        for keyed_option, field in self.keyed.items():
            if params.get(keyed_option) is not None:
                params[field.option] = projects.ids_of(params[keyed_option])

    def with_keys(self, facts, params, projects):
        """``facts`` with the keys of their project ids beside them, when the task named projects by key."""
        for keyed_option, field in self.keyed.items():
            if params.get(keyed_option) is not None and facts.get(field.option) is not None:
                facts = dict(facts, **{keyed_option: projects.keys_of(facts[field.option])})
        return facts

    def wanted(self, params):
        """The options this task manages (not None), normalised. Secrets included."""
        return dict((f.option, normalize(f, params[f.option])) for f in self.fields if params.get(f.option) is not None)

    # --- the server boundary ----------------------------------------------------------------------------------
    def facts(self, obj):
        """Option-named facts of a reply object; credentials dropped. Raises ReplyError for values of a wrong type."""
        facts, strays = {}, {}
        for key, value in obj.items():
            if key in self.withheld_replies:
                continue
            field = self.by_reply.get(key)
            if field is not None:
                if field.option in CREDENTIAL_OPTIONS:
                    continue
                facts[field.option] = from_reply(field, value)
            elif key in self.reply_only:
                facts[self.reply_only[key]] = reply_id(key, value) if key in ID_REPLIES else value
            else:
                strays[camel_to_snake(key)] = value
        # An undocumented key is kept under its own name, never in place of a documented field or fact.
        facts.update((name, value) for name, value in strays.items() if name not in self.reserved)
        return facts

    def body(self, values, create=False):
        """Request body for option values. A field with its own endpoint goes in a create body only; a field that
        needs another option's value is left out while that option says otherwise."""
        return dict((self.by_option[option].api, value) for option, value in values.items()
                    if value is not None and (create or not self.by_option[option].own_endpoint)
                    and not self.inapplicable(self.by_option[option], values))

    def inapplicable(self, field, values):
        """Whether ``values`` set the option ``field`` needs to another value than it needs (see only_with)."""
        if not field.only_with:
            return False
        other, needed = field.only_with
        return values.get(other) is not None and values[other] != needed

    def emptied(self, values):
        """``values`` with every inapplicable field at its empty default, as the server holds it then."""
        emptied = dict(values)
        for field in self.fields:
            if self.inapplicable(field, values):
                emptied[field.option] = field.default
        return emptied

    # --- comparing in option space ----------------------------------------------------------------------------
    def current(self, field, facts):
        """What the server holds for ``field``, or UNKNOWN when its silence says nothing."""
        if field.option in facts:
            return facts[field.option]
        if field.echoed == 'when_set':
            return field.default if field.kind == 'bool' else ''
        return UNKNOWN

    def differs(self, field, wanted, facts):
        current = self.current(field, facts)
        if current is UNKNOWN:
            return False
        if field.kind == 'str':
            return (wanted or '') != (current or '')
        return wanted != current

    def differences(self, wanted, facts):
        """Options whose wanted value differs from what the server holds (write-only ones never differ)."""
        return dict((o, v) for o, v in wanted.items() if self.differs(self.by_option[o], v, facts))

    def create_values(self, wanted):
        """Option values of a new object: the wanted ones over the documented create-time defaults."""
        values = dict((f.option, f.default) for f in self.fields if f.default is not None)
        values.update(wanted)
        return self.emptied(values)

    def update_values(self, wanted, facts, send_secrets):
        """Full update values: every field the server holds, with the wanted values on top.

        Sending the known state back keeps the update correct on a server that resets omitted fields.
        Write-only values the task sets are sent too; credentials only when ``send_secrets``; fixed fields never.
        """
        values = {}
        for field in self.fields:
            if field.echoed == 'never' or field.fixed:
                continue
            current = self.current(field, facts)
            if current is not UNKNOWN and current not in ('', None):
                values[field.option] = current
        for option, value in wanted.items():
            if option in CREDENTIAL_OPTIONS and not send_secrets or self.by_option[option].fixed:
                continue
            values[option] = value
        return values

    def predict(self, facts, values):
        """The facts a write of ``values`` is expected to leave (check mode, and what verify compares)."""
        predicted = dict(facts)
        for option, value in values.items():
            field = self.by_option[option]
            if field.echoed == 'never':
                continue
            if field.echoed == 'when_set' and value in ('', None):
                predicted.pop(option, None)
            else:
                predicted[option] = value
        return self.emptied(predicted)

    def predict_created(self, values):
        """The facts of a new object: ``values`` as written, and what the server fills in for fields not sent."""
        predicted = self.predict({}, values)
        for field in self.fields:
            if field.server_default and not predicted.get(field.option):
                default = field.server_default(values)
                if default:
                    predicted[field.option] = default
        return predicted

    def missed(self, wanted, facts):
        """'option (wanted x, server has y)' for every wanted value the server does not hold."""
        return ['%s (wanted %r, server has %r)' % (option, value, self.current(self.by_option[option], facts))
                for option, value in sorted(wanted.items())
                if not self.by_option[option].fixed and self.differs(self.by_option[option], value, facts)]

    def options(self, facts):
        """The options of a task that describe an object as the server holds it (export to code).

        Option names only, in table order: no read-only facts (id, dates, ...), no secrets and none of the options the
        server never returns. Fields the server omits while they are unset are left out, and so is a field that needs
        another option's value unless the object has exactly that value. Applied unchanged to the same server, they
        change nothing.
        """
        options = {}
        for field in self.fields:
            value = facts.get(field.option)
            if field.secret or field.echoed == 'never' or value is None or value == '':
                continue
            options[field.option] = sorted(set(value)) if field.kind == 'list' else value
        for field in self.fields:
            if field.only_with and options.get(field.only_with[0]) != field.only_with[1]:
                options.pop(field.option, None)
        return options


INTEGRATION = FieldTable('integration', 'integrations', INTEGRATION_FIELDS, natural_key='name', narrow_by='type',
                         identity=('name', 'type', 'origin'),
                         named=("'%s'", "named '%s'", "are named '%s'"), summary=('name', 'type', 'origin', 'disabled'),
                         reply_only=('id', 'initDate', 'lastIndexedDate', 'showAllTags', 'root', 'realRoot', 'absoluteRoot'),
                         unique='name', kind_option='type', kinds=TYPES_BY_NAME)
REPOSITORY = FieldTable('repository', 'repositories', REPOSITORY_FIELDS, natural_key='origin', narrow_by='name',
                        identity=('origin', 'name'),
                        named=('%s', 'with the origin %s', 'have the origin %s'), summary=('name', 'origin', 'disabled'),
                        reply_only=('id', 'root', 'realRoot', 'absoluteRoot', 'initDate', 'lastIndexedDate', 'hosted',
                                    'trackedFolderId', 'integrationType', 'requireUserPat', 'showAllTags',
                                    'supportsBranchCreationApi', 'state'),
                        renamed_replies={'trackedFolderId': 'integration_id'},
                        # The nested-repository update page lists them as read-only fields (api-notes.md section 7).
                        withheld_replies=('encryptedPassword', 'encryptedPat'))

# The vendor's "Update Nested Repository API": the options a PUT may change on a repository an integration discovered
# (a nested one); every other field is read-only there ("any defined value is ignored"). origin, read-only too, is how
# the task finds the repository, never sent.
NESTED_WRITABLE = (
    'name', 'disabled', 'send_commit_emails', 'max_mins_to_commit_email', 'global', 'project_mapping_ids',
    'revision_indexing', 'git_viewer_enabled', 'smart_commits_enabled', 'web_link_type', 'view_format',
    'changeset_format', 'file_added_format', 'file_modified_format', 'file_deleted_format', 'merge_request_format',
    'branch_link_format', 'tags_filter', 'pr_hide_filter', 'sources_diff_view_enabled', 'trust_folder_stat',
    'ref_spec_notes', 'ref_spec_changes', 'ref_spec_custom',
)
NESTED_READ_ONLY = tuple(f.option for f in REPOSITORY_FIELDS if f.option not in NESTED_WRITABLE + ('origin',))
NESTED_REPOSITORY = FieldTable(
    'repository', 'repositories',
    tuple(f._replace(fixed=True, normalizer=url_without_trailing_slash) if f.option == 'origin' else f
          for f in REPOSITORY_FIELDS if f.option in NESTED_WRITABLE + ('origin',)),
    natural_key='origin', narrow_by='name', identity=('origin', 'name'),
    named=('%s', 'with the origin %s', 'have the origin %s'), summary=('name', 'origin', 'disabled'),
    # What a nested repository's reply shows besides: its read-only settings, from the integration.
    reply_only=REPOSITORY.reply_only_keys + ('mainBranch', 'enableFetches', 'disableSslVerification',
                                             'commitsValidationRequired', 'refSpecHeads', 'refSpecTags', 'state',
                                             'lastIndexedDate', 'realRoot'),
    renamed_replies={'trackedFolderId': 'integration_id'}, withheld_replies=REPOSITORY.withheld_replies)


def name_types(types):
    if types == MICROSOFT_TYPES:
        return 'the Microsoft types (%s)' % ', '.join(types)
    return ('types %s' if len(types) > 1 else 'type %s') % ', '.join(types)


def describe_bounds(bounds):
    return 'between %s and %s' % bounds


def to_bool(value):
    """A boolean, also from the string form some replies use; None for anything else."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ('true', 'false'):
        return value.strip().lower() == 'true'
    return None


def normalize(field, value):
    """One comparable form of an option value (already of the option's type)."""
    if value is None:
        return None
    if field.kind == 'list':
        return sorted(set(value))
    return field.normalizer(value) if field.normalizer else value


def from_reply(field, value):
    """A reply value as the option's type; ReplyError when it is not of that type."""
    if value is None:
        return None
    if field.kind == 'bool':
        converted = to_bool(value)
        if converted is None:
            raise ReplyError('%s is %r, not a boolean' % (field.reply, value))
        return converted
    if field.kind == 'int':
        if isinstance(value, bool) or not isinstance(value, (int, str)) or not INTEGER_TEXT.match(str(value).strip()):
            raise ReplyError('%s is %r, not an integer' % (field.reply, value))
        return int(value)
    if field.kind == 'list':
        if not isinstance(value, list) or any(isinstance(i, bool) or not isinstance(i, int) for i in value):
            raise ReplyError('%s is %r, not a list of integers' % (field.reply, value))
        return sorted(set(value))
    if not isinstance(value, str):
        raise ReplyError('%s is %r, not a string' % (field.reply, value))
    return normalize(field, value)


# Reply-only keys that hold the id of another object: what they name must be read as that id exactly (True == 1 would
# count a repository as integration 1's, "1" != 1 would leave it out of it).
ID_REPLIES = ('trackedFolderId',)


def reply_id(key, value):
    """A reply's id of another object as an int (Jira may send ids as text); ReplyError for anything else."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not INTEGER_TEXT.match(str(value).strip()) \
            or not 0 < int(value) <= JAVA_LONG_MAX:
        raise ReplyError('%s is %r, not an id' % (key, value))
    return int(value)


def diff_view(facts, managed):
    """The managed subset of facts for ``--diff`` (facts never hold secrets)."""
    return dict((option, facts[option]) for option in managed if option in facts)
