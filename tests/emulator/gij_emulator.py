# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Emulator of the Git Integration for Jira (Data Center) REST API.

Standard library only. It follows docs/api-notes.md: the documented JSON shapes with their quirks
(string vs boolean ``success``, one-element list on read, ``integrationType`` in replies, fields that
are never echoed), Jira authentication (basic and Bearer) and its failure modes.

Its rules come from docs/api-notes.md (each constant says which section), never from the collection's own
field table, so the modules' check-mode predictions are tested against an independent reading of the API.
Where the notes are silent, it accepts what the documentation allows. Where the vendor documentation
contradicts itself (section 9), the default (lenient) reading takes one side and ``--strict`` the other:
an update merges (lenient) or resets every omitted non-secret field to its default (strict, 9.6);
project ids sent with ``global: true`` are ignored (lenient) or refused (strict, 9.7); an update body
naming the type ``integrationType`` is accepted (lenient) or refused as an unknown field (strict, 9.5);
failures carry status 200 (lenient) or 404/400 (strict).

Every write's body is checked against the documented request fields: an unknown (e.g. misspelt) key is
refused with ``{"success": false, "error": "Unrecognized field ..."}``, so a client cannot send a field the
server would drop without a test noticing.

The request log records each request's values, secrets (username, password, pat) as fingerprints only, and
which task sent it: a test registers a token prefix (``POST /_emulator/task-tokens``) and every Bearer token
that starts with it authenticates as the prefix's user and is logged with the rest of the token as ``task``.

A test-only control interface under ``/_emulator/`` (enabled with ``--control``) resets and seeds the
state, returns the request log and queues faults. It never returns a secret: stored secrets are kept
as SHA-256 fingerprints only.

Run ``python gij_emulator.py --help`` for the options.
"""

import argparse
import base64
import gzip
import hashlib
import html
import json
import os
import random
import re
import signal
import socket
import ssl
import sys
import threading
import time
import uuid
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, unquote, urlsplit

API = '/rest/gitplugin/1.0'
API2 = '/rest/gitplugin/2.0'
CONTROL = '/_emulator'

# The rules below are re-derived from docs/api-notes.md; each comment names its section.
# Section 5: the type values.
TYPES = (
    'GITHUB', 'GITHUB_SERVER', 'GITLAB', 'GITLAB_SERVER', 'GITLAB_SERVER_LEGACY', 'FILESPACE',
    'AZURE_DEVOPS', 'VSTS', 'AZURE', 'TFS_SERVER', 'AWS', 'GERRIT',
)
# Section 5, column "origin": "required" for these. (Section 9.3: origin is "documented as required, yet omitted in
# cloud examples"; both readings follow the examples for the cloud types, whose default origins section 4 shows.)
SELF_HOSTED = ('GITHUB_SERVER', 'GITLAB_SERVER', 'GITLAB_SERVER_LEGACY', 'FILESPACE', 'AZURE_DEVOPS', 'TFS_SERVER', 'GERRIT')
# Section 4, origin: the cloud defaults seen in vendor examples.
CLOUD_ORIGINS = {
    'GITHUB': 'https://api.github.com',
    'GITLAB': 'https://gitlab.com',
    'AZURE': 'https://dev.azure.com',
}
# Section 4, awsRegion: the vendor lists 17 "supported regions" and links to AWS's own list of CodeCommit regions.
# Both readings are offered (config aws_regions): 'vendor' (the default) takes the 17 listed, 'any' every well-formed
# AWS region code (ap-southeast-3, il-central-1, us-gov-west-1, ...), as an app that follows AWS's list would.
VENDOR_AWS_REGIONS = (
    'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ap-south-1', 'ap-northeast-2', 'ap-southeast-1',
    'ap-southeast-2', 'ap-northeast-1', 'ca-central-1', 'eu-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3',
    'eu-north-1', 'me-south-1', 'sa-east-1',
)
AWS_REGION_CODE = re.compile(r'^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$')
# Section 4, folderDepth: "int 1..5", required for FILESPACE.
FOLDER_DEPTHS = range(1, 6)
# Section 4, apiPath / apiFilter: "<= 2000 chars"; apiPath is "string starting with /".
MAX_API_TEXT = 2000
# Section 5, column "needs": the credentials each type needs to connect, as alternatives. A value of None means
# "sent"; a string means "sent with this value" (TFS_SERVER: username "all" with a pat).
CREDENTIALS = {
    'GITHUB': ({'pat': None}, {'username': None, 'password': None}),  # "pat (or username+password ...)"
    'GITHUB_SERVER': ({'pat': None},),
    'GITLAB': ({'pat': None},),
    'GITLAB_SERVER': ({'pat': None},),
    'GITLAB_SERVER_LEGACY': ({'username': None, 'password': None},),
    'FILESPACE': ({},),
    'AZURE': ({'pat': None},),
    'AZURE_DEVOPS': ({'username': None, 'password': None}, {'pat': None}),  # "username+password or pat"
    'VSTS': ({'pat': None},),
    'TFS_SERVER': ({'username': None, 'password': None}, {'username': 'all', 'pat': None}),
    'AWS': ({'username': None, 'password': None},),
    'GERRIT': ({'username': None, 'password': None},),
}
SECRETS = ('username', 'password', 'pat')
# Accepted on create/update, never returned (api-notes.md section 6.6).
NEVER_ECHOED = ('tfsCollection', 'awsRegion', 'refSpecCustom', 'folderDepth')
BOOL_FIELDS = (
    'disabled', 'sendCommitEmails', 'disableSslVerification', 'requireUserPat', 'gitViewerEnabled',
    'smartCommitsEnabled', 'global', 'sourcesDiffViewEnabled', 'revisionIndexing', 'trustFolderStat',
    'refSpecNotes', 'refSpecChanges', 'absoluteRoot', 'enableFetches', 'commitsValidationRequired',
)
INT_FIELDS = ('maxMinsToCommitEmail', 'folderDepth')
STR_FIELDS = (
    'displayName', 'origin', 'apiPath', 'apiFilter', 'tfsCollection', 'awsRegion', 'tagsFilter',
    'refSpecCustom', 'prHideFilter', 'mainBranch', 'realRoot', 'webLinkType', 'viewFormat', 'changesetFormat',
    'fileAddedFormat', 'fileModifiedFormat', 'fileDeletedFormat', 'mergeRequestFormat', 'branchLinkFormat',
)
# Defaults a create fills in when the field is omitted (and the strict update resets to).
DEFAULTS = {
    'disabled': False,
    'sendCommitEmails': True,
    'maxMinsToCommitEmail': 1440,
    'disableSslVerification': False,
    'gitViewerEnabled': True,
    'smartCommitsEnabled': True,
    'global': True,
    'sourcesDiffViewEnabled': True,
    'revisionIndexing': True,
    'trustFolderStat': False,
    'refSpecNotes': True,
    'refSpecChanges': False,
    'projectMappingIds': [],
}
# Section 4, requireUserPat: optional, default false, returned "sometimes": a create leaves it unset, replies omit it
# while unset, and unset reads as false.
OMITTED_DEFAULTS = {'requireUserPat': False}
SETTABLE = set(BOOL_FIELDS) | set(INT_FIELDS) | set(STR_FIELDS) | {'type', 'projectMappingIds'} | set(SECRETS)
# Single repositories (Add New Repository page): what a client may set, and what the server fills in.
REPOSITORY_SETTABLE = {
    'displayName', 'origin', 'mainBranch', 'realRoot', 'absoluteRoot', 'disabled', 'enableFetches', 'sendCommitEmails',
    'maxMinsToCommitEmail', 'global', 'revisionIndexing', 'gitViewerEnabled', 'disableSslVerification',
    'smartCommitsEnabled', 'webLinkType', 'viewFormat', 'changesetFormat', 'fileAddedFormat', 'fileModifiedFormat',
    'fileDeletedFormat', 'mergeRequestFormat', 'branchLinkFormat', 'commitsValidationRequired', 'tagsFilter',
    'projectMappingIds', 'sourcesDiffViewEnabled', 'trustFolderStat', 'refSpecNotes', 'refSpecChanges', 'refSpecCustom',
    'prHideFilter',
}
# The vendor's "Update Nested Repository API": what a PUT may change on a repository an integration discovered; every
# other field is "Read-only ... Any defined value is ignored".
NESTED_WRITABLE = {
    'displayName', 'disabled', 'sendCommitEmails', 'maxMinsToCommitEmail', 'global', 'projectMappingIds',
    'revisionIndexing', 'gitViewerEnabled', 'smartCommitsEnabled', 'webLinkType', 'viewFormat', 'changesetFormat',
    'fileAddedFormat', 'fileModifiedFormat', 'fileDeletedFormat', 'mergeRequestFormat', 'branchLinkFormat', 'tagsFilter',
    'sourcesDiffViewEnabled', 'trustFolderStat', 'refSpecNotes', 'refSpecChanges', 'refSpecCustom', 'prHideFilter',
}
# Request fields each write accepts; any other key is refused as "Unrecognized field" (a real Jira's JSON binding
# may drop unknown keys silently; refusing them is what lets a test catch a misspelt field).
# Section 4 (the integration fields; ``type``, never ``integrationType``, see section 9.5).
INTEGRATION_REQUEST_FIELDS = frozenset(SETTABLE)
# Section 7 (add / update repository, the Add New Repository page), with the id in the body of an update.
REPOSITORY_REQUEST_FIELDS = frozenset(REPOSITORY_SETTABLE | set(SECRETS))
# Section 7 (start reindex): "JSON {"repoId": N, "priority": 24}, both optional".
REINDEX_REQUEST_FIELDS = frozenset(('repoId', 'priority'))
REPOSITORY_DEFAULTS = dict(DEFAULTS, mainBranch='master', absoluteRoot=False, enableFetches=True, hosted=False,
                           commitsValidationRequired=False, requireUserPat=False, showAllTags=True,
                           supportsBranchCreationApi=False)
JIRA_GIT_HOME = '/var/atlassian/application-data/jira/data/git-plugin'

LOGIN_PAGE = (
    '<!DOCTYPE html><html><head><title>Log in - Jira</title></head>'
    '<body><form id="login-form" action="/login.jsp">Log in</form></body></html>'
)
NOT_FOUND_PAGE = '<!DOCTYPE html><html><head><title>Oops, you&#39;ve found a dead link. - Jira</title></head><body>404</body></html>'
# Jira around the app: GET /rest/api/2/serverInfo (answers anonymously) and the plugin manager's view of the app
# (admins only). ``app_installed: false`` is a test-only switch: every /rest/gitplugin/* path then answers Jira's HTML
# 404, as when the app is missing, while serverInfo still answers; a disabled app's REST resources are gone too.
# Jira's own projects (GET /rest/api/2/project[/{key or id}]): a few, seeded, replaceable with config "projects".
PROJECTS = [{'id': 10000, 'key': 'PLAT', 'name': 'Platform'}, {'id': 10100, 'key': 'OPS', 'name': 'Operations'},
            {'id': 10200, 'key': 'WEB', 'name': 'Web shop'}, {'id': 10300, 'key': 'DATA', 'name': 'Data'}]
JIRA_CONFIG = {'jira_version': '9.12.2', 'app_version': '4.28.6', 'app_enabled': True, 'app_installed': True,
               'projects': PROJECTS}
APP_KEY = 'com.xiplink.jira.git.jira_git_plugin'
SERVER_INFO = '/rest/api/2/serverInfo'
PROJECT_LIST = '/rest/api/2/project'
PLUGIN_INFO = '/rest/plugins/1.0/%s-key' % APP_KEY


def fingerprint(value):
    return hashlib.sha256(value.encode('utf-8')).hexdigest()[:16]


class ApiError(Exception):
    """A documented ``success: false`` failure."""

    def __init__(self, error, advice, kind='invalid'):
        super().__init__(error)
        self.error = error
        self.advice = advice
        self.kind = kind  # 'invalid' or 'missing': picks the status code in strict mode


class State:
    """Integrations, configuration, request log and fault queue, guarded by one lock."""

    def __init__(self, path=None, strict=False, page_size=0):
        self.lock = threading.RLock()
        self.path = path
        # Test-only reply shapes (docs/emulator.md): reply_shape 'documented' | 'minimal' (writes answer
        # {"success": "true"} or nothing, deletes and toggles 204) | 'id_only' (writes answer the id alone);
        # list_key: the key of the integration list; string_booleans: booleans as "true"/"false";
        # repository_page_size: pages for the repository list; ignore_offset: a paging server that ignores offset;
        # log_state: each logged REST request carries the integrations as they are after it (state_after);
        # reuse_ids: a deleted integration's id is given to the next one created; create_after_delete: an integration
        # (a create body) that another admin creates right after each delete (with reuse_ids, under the freed id).
        # First indexing (docs/emulator.md): discovery_polls: repository list reads after an integration's creation that
        # do not show its repositories yet; index_polls: list reads that show a discovered repository not yet indexed;
        # index_errors: the numbers (1 for repo-1, ...) of each integration's repositories whose first indexing fails.
        self.config = {'strict': strict, 'page_size': page_size, 'random_503': None, 'repos_per_integration': 2,
                       'reindex_polls': 3, 'reindex_errors': None, 'reply_shape': 'documented', 'list_key': 'integrations',
                       'string_booleans': False, 'repository_page_size': 0, 'ignore_offset': False, 'log_state': False,
                       'reuse_ids': False, 'create_after_delete': None,
                       'discovery_polls': 0, 'index_polls': 0, 'index_errors': []}
        # Untrusted-list staging (docs/emulator.md, issue 20): paging_style of the paged lists, an endless list, keys
        # added to list items, creates that are accepted but never listed or read.
        self.config.update({'paging_style': 'offset', 'endless_list': False, 'stray_keys': {}, 'unlisted_creates': False})
        self.config['aws_regions'] = 'vendor'  # or 'any': the two readings of section 4 on awsRegion
        self.unlisted = set()  # ids created while unlisted_creates was on: never listed, never read
        self.config.update(JIRA_CONFIG)
        self.startup_config = dict(self.config)
        self.integrations = {}
        self.repositories = {}  # integrations and repositories share one id space, as in the app
        # Integrations whose repositories the background discovery has not listed yet: id -> list reads still to go.
        self.undiscovered = {}
        self.threads = {}
        self.next_id = 1
        self.freed_ids = []  # with reuse_ids: deleted integrations' ids, the last one first to be given again
        self.log = []
        self.faults = []
        self.random = None
        self.random_left = 0
        self.indexed = set()
        self.load()

    # persistence -----------------------------------------------------------------------------
    def load(self):
        if not self.path or not os.path.exists(self.path):
            return
        with open(self.path, encoding='utf-8') as handle:
            data = json.load(handle)
        self.integrations = {int(item['id']): item for item in data.get('integrations', [])}
        self.repositories = {int(item['id']): item for item in data.get('repositories', [])}
        self.next_id = data.get('next_id', max(list(self.integrations) + list(self.repositories), default=0) + 1)

    def save(self):
        if not self.path:
            return
        tmp = self.path + '.tmp'
        with open(tmp, 'w', encoding='utf-8') as handle:
            json.dump({'next_id': self.next_id, 'integrations': list(self.integrations.values()),
                       'repositories': list(self.repositories.values())}, handle, indent=1)
        os.replace(tmp, self.path)

    def reset(self, integrations=(), config=None, repositories=()):
        with self.lock:
            self.integrations = {}
            self.repositories = {}
            self.undiscovered = {}
            self.threads = {}
            self.next_id = 1
            self.freed_ids = []
            self.log = []
            self.faults = []
            self.indexed = set()
            self.unlisted = set()
            self.config = dict(self.startup_config)
            self.set_config(config or {})
            for item in integrations:
                self.seed(dict(item))
            for item in repositories:
                self.seed_repository(dict(item))
            self.save()

    def view(self):
        """Every integration and repository, including never-returned fields, secrets as fingerprints (call under lock)."""
        self.discover()  # what the background jobs have done by now
        return dict((name, [dict(public_view(r), **{k: r[k] for k in NEVER_ECHOED if k in r}, secrets=r.get('_secrets', {}))
                            for r in (records[key] for key in sorted(records))])
                    for name, records in (('integrations', self.integrations), ('repositories', self.repositories)))

    def set_config(self, config):
        unknown = set(config) - set(self.config)
        if unknown:
            raise ValueError('unknown config keys: %s' % ', '.join(sorted(unknown)))
        self.config.update(config)
        chaos = self.config.get('random_503')
        if chaos:
            self.random = random.Random(chaos.get('seed', 0))
            self.random_left = int(chaos.get('max', 10))

    def seed(self, item):
        """Store an integration as given (tests use this to prepare a server), secrets fingerprinted."""
        item_id = int(item.pop('id', 0) or self.next_id)
        stored = dict(DEFAULTS)
        stored.update({k: v for k, v in item.items() if k not in SECRETS})
        if 'type' in stored:
            stored['integrationType'] = stored.pop('type')
        stored.setdefault('integrationType', 'GITHUB')
        stored.setdefault('initDate', int(time.time() * 1000))
        stored['id'] = item_id
        stored['_secrets'] = {k: fingerprint(item[k]) for k in SECRETS if item.get(k)}
        self.integrations[item_id] = stored
        self.undiscovered[item_id] = self.config['discovery_polls']
        self.next_id = max(self.next_id, item_id + 1)
        return stored

    def seed_repository(self, item):
        item_id = int(item.pop('id', 0) or self.next_id)
        record = dict(REPOSITORY_DEFAULTS, id=item_id, displayName=item.get('displayName', 'repo-%d' % item_id),
                      origin=item.get('origin', 'https://git.example.com/repo-%d.git' % item_id), initDate=int(time.time() * 1000))
        record['realRoot'] = '%d_%s' % (item_id, record['displayName'].replace(' ', '_'))
        record['root'] = JIRA_GIT_HOME + '/' + record['realRoot']
        record.update(item)
        self.repositories[item_id] = record
        self.next_id = max(self.next_id, item_id + 1)
        return record

    def discover(self, listing=False):
        """The background job that lists an integration's repositories: they appear after its creation, once
        ``discovery_polls`` repository list reads (``listing``: this is one) have gone by without them."""
        for integration_id in sorted(self.undiscovered):
            integration = self.integrations.get(integration_id)
            if integration is None:
                del self.undiscovered[integration_id]
                continue
            if self.undiscovered[integration_id] > 0:
                if listing:
                    self.undiscovered[integration_id] -= 1
                continue
            del self.undiscovered[integration_id]
            # A seeded cloud integration may hold no origin: its repositories are where a created one's are.
            base = (integration.get('origin') or CLOUD_ORIGINS.get(integration['integrationType'])
                    or 'https://git.example.com').rstrip('/*')
            for number in range(1, self.config['repos_per_integration'] + 1):
                name = 'repo-%d' % number
                self.seed_repository({'displayName': '%s %s' % (integration['displayName'], name),
                                      'origin': '%s/%s.git' % (base, name), 'trackedFolderId': integration_id,
                                      'integrationType': integration['integrationType'], '_number': number})

    def index_nested(self):
        """The first indexing of discovered repositories, as one more repository list read sees it: the nested
        repository's documented read-only state (api-notes.md section 7) is QUEUED, then SCANNING, for the first
        ``index_polls`` reads that show it; then UPDATED with lastIndexedDate, or ERROR (``index_errors``) without.
        A repository a test seeds keeps the state it was given."""
        for record in self.repositories.values():
            if '_number' not in record or record.get('state') in ('UPDATED', 'ERROR'):
                continue
            seen = record.get('_listed', 0)
            record['_listed'] = seen + 1
            if seen < self.config['index_polls']:
                record['state'] = 'SCANNING' if seen else 'QUEUED'
            elif record.get('_number') in self.config['index_errors']:
                record['state'] = 'ERROR'
            else:
                record['state'] = 'UPDATED'
                record.setdefault('lastIndexedDate', int(time.time() * 1000))

    # faults ----------------------------------------------------------------------------------
    def take_fault(self, method, path, task=None):
        with self.lock:
            for fault in self.faults:
                if fault.get('method') and fault['method'] != method:
                    continue
                if fault.get('task') and fault['task'] != task:  # only the requests of that test task (its token's label)
                    continue
                if fault.get('path') and not re.search(fault['path'], path):
                    continue
                if fault.get('skip'):
                    fault['skip'] -= 1  # let this many matching requests through first
                    continue
                fault['count'] -= 1
                if fault['count'] <= 0:
                    self.faults.remove(fault)
                return fault
            chaos = self.config.get('random_503')
            if chaos and self.random_left > 0 and path.startswith(API) and self.random.random() < chaos.get('rate', 0.1):
                self.random_left -= 1
                return {'kind': 'status', 'status': 503}
        return None


NO_CONTENT = object()  # a 204 reply


def stringify_booleans(value):
    """The reply with every boolean as "true"/"false" (the vendor's list example did so with success until 2023-06)."""
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, dict):
        return {key: stringify_booleans(item) for key, item in value.items()}
    if isinstance(value, list):
        return [stringify_booleans(item) for item in value]
    return value


def public_view(stored):
    """The integration as the API returns it: secrets and never-echoed fields dropped, unset omitted."""
    view = {}
    for key, value in stored.items():
        if key.startswith('_') or key in NEVER_ECHOED or key in SECRETS:
            continue
        if value is None or value == '':
            continue
        view[key] = value
    return view


def check_types(body):
    for key, value in body.items():
        if key in BOOL_FIELDS and not isinstance(value, bool):
            raise ApiError('Invalid value for %s: expected a boolean' % key, 'Send true or false.')
        if key in INT_FIELDS and (isinstance(value, bool) or not isinstance(value, int)):
            raise ApiError('Invalid value for %s: expected an integer' % key, 'Send a number.')
        if key in STR_FIELDS + SECRETS + ('type',) and value is not None and not isinstance(value, str):
            raise ApiError('Invalid value for %s: expected a string' % key, 'Send a string.')
        if key == 'projectMappingIds' and (
                not isinstance(value, list) or any(isinstance(i, bool) or not isinstance(i, int) for i in value)):
            raise ApiError('Invalid value for projectMappingIds: expected a list of numeric project ids',
                           'Use numeric Jira project ids, not project keys.')


def validate(record, strict, aws_regions='vendor'):
    """Rules a real server enforces on the resulting integration (create, or update after merge)."""
    kind = record.get('integrationType')
    if kind not in TYPES:  # section 5
        raise ApiError('Unknown integration type: %s' % kind, 'Use one of: %s.' % ', '.join(TYPES))
    if kind in SELF_HOSTED and not record.get('origin'):  # section 5, column "origin"
        raise ApiError('The origin field is required for %s integrations' % kind,
                       'Provide the URL of the git host (or the folder pattern for tracked folders).')
    if kind == 'AWS':  # sections 4 and 5: awsRegion is required for AWS, a region code
        region = record.get('awsRegion')
        if not region:
            raise ApiError('The awsRegion field is required for AWS CodeCommit integrations', 'Provide a region code such as us-east-1.')
        if not (region in VENDOR_AWS_REGIONS if aws_regions == 'vendor' else AWS_REGION_CODE.match(region)):
            raise ApiError('Unsupported AWS region: %s' % region, 'Use an AWS region code such as us-east-1.')
    if kind == 'FILESPACE':  # section 4: folderDepth, int 1..5, required for FILESPACE
        depth = record.get('folderDepth')
        if depth is None:
            raise ApiError('The folderDepth field is required for tracked folders', 'Set folderDepth between 1 and 5.')
        if depth not in FOLDER_DEPTHS:
            raise ApiError('Invalid folderDepth: %s' % depth, 'Set folderDepth between 1 and 5.')
    for key in ('apiPath', 'apiFilter'):  # section 4: at most 2000 characters
        if len(record.get(key) or '') > MAX_API_TEXT:
            raise ApiError('%s is longer than %d characters' % (key, MAX_API_TEXT), 'Shorten the value.')
    if record.get('apiPath') and not record['apiPath'].startswith('/'):  # section 4: "string starting with /"
        raise ApiError('apiPath must start with "/"', 'Use a relative REST API path such as /user/repos.')
    if strict and record.get('global') and record.get('_sent_project_ids'):  # section 9.7, strict side: "not accepted"
        raise ApiError('projectMappingIds are not accepted for a global integration', 'Send global: false with project ids.')
    missing = missing_credentials(kind, record.get('_secrets', {}))
    if missing:
        raise ApiError('Unable to connect to the git host: missing %s' % missing,
                       'Check the credentials required for %s integrations.' % kind)


def paged(items, key, page_size, query, ignore_offset=False, style='offset', total=None):
    """A list reply; with a page size, pages in one of the styles of PAGING_STYLES. ``items`` may be a function of
    (offset, limit) with ``total`` given (an endless list)."""
    if not page_size:
        return {'success': True, key: items}
    start_key, limit_key = PAGING_STYLES[style]
    offset = 0 if ignore_offset else int(query.get(start_key, 0))
    limit = min(int(query.get(limit_key, page_size)), page_size)
    page = items(offset, limit) if callable(items) else items[offset:offset + limit]
    total = len(items) if total is None else total
    if style == 'atlassian':
        reply = {'success': True, key: page, 'start': offset, 'limit': limit, 'size': len(page),
                 'isLastPage': offset + len(page) >= total}
        if not reply['isLastPage']:
            reply['nextPageStart'] = offset + len(page)
        return reply
    if style == 'jira':
        return {'success': True, key: page, 'startAt': offset, 'maxResults': limit, 'total': total}
    return {'success': True, key: page, 'total': total, 'offset': offset, 'count': len(page)}


# The paging styles the emulator can serve: the query parameters of the first item and of the page size.
# offset: a GIJ repository listing as a third party reports it (total/offset/count), tied to no app version;
# atlassian: Bitbucket/Confluence (start/limit/size/isLastPage/nextPageStart); jira: Jira's own REST
# (startAt/maxResults/total).
PAGING_STYLES = {'offset': ('offset', 'limit'), 'atlassian': ('start', 'limit'), 'jira': ('startAt', 'maxResults')}
ENDLESS_TOTAL = 10 ** 12


def endless_page(offset, limit):
    """Integrations of a list that never ends: new ids on every page."""
    return [{'id': 10 ** 6 + offset + n, 'displayName': 'endless-%d' % (offset + n), 'integrationType': 'GITHUB'}
            for n in range(limit)]


def missing_credentials(kind, secrets):
    """What the type still needs to connect (section 5, column "needs"), or None. Secrets are fingerprints."""
    alternatives = CREDENTIALS[kind]
    for needed in alternatives:
        if all(name in secrets and (value is None or secrets[name] == fingerprint(value)) for name, value in needed.items()):
            return None
    return ', or '.join(' and '.join(name if value is None else '%s "%s"' % (name, value) for name, value in sorted(needed.items()))
                        for needed in alternatives)


def apply_global(record, previous_ids, sent_ids):
    """Section 9.7, lenient side: project ids sent with ``global: true`` are ignored (the stored list stays).

    The notes say nothing about what happens to stored ids when an integration becomes global, so they are kept.
    (The strict side, refusing such a body, is in ``validate``.)
    """
    if record.get('global') and sent_ids:
        record['projectMappingIds'] = list(previous_ids)


def check_fields(method, path, body, strict):
    """Refuse a write whose body has a key the API does not document (an unknown or misspelt field).

    ``path`` is relative to the API root (``/rest/gitplugin/1.0`` or ``2.0``); reads carry no body.
    """
    if method not in ('POST', 'PUT') or not isinstance(body, dict):
        return
    if re.match(r'^/integration(/\d+)?/?$', path):
        allowed = set(INTEGRATION_REQUEST_FIELDS)
        if method == 'PUT' and not strict:
            allowed.add('integrationType')  # section 9.5: an update example names the type so (lenient side)
    elif re.match(r'^/repository/?$', path):
        allowed = REPOSITORY_REQUEST_FIELDS | ({'id'} if method == 'PUT' else set())
    elif re.match(r'^/reindex/?$', path):
        allowed = REINDEX_REQUEST_FIELDS
    else:
        return
    unknown = sorted(set(body) - set(allowed))
    if unknown:
        raise ApiError('Unrecognized field%s %s' % ('s' if len(unknown) > 1 else '', ', '.join('"%s"' % k for k in unknown)),
                       'Send only the documented request fields.')


def logged_body(body):
    """The request body as the log keeps it: values as sent, secrets as fingerprints."""
    if not isinstance(body, dict):
        return body if body is not ValueError else '(not valid JSON)'
    return dict((k, 'fingerprint:' + fingerprint(v if isinstance(v, str) else json.dumps(v)) if k in SECRETS else v)
                for k, v in body.items())


def polls_needed(reindex_polls, number):
    """How many status polls the ``number``-th reindex since the reset (0 first) takes to finish: reindex_polls, or
    with a list its ``number``-th entry (the last one for later reindexes), so that reindexes end on different polls."""
    if isinstance(reindex_polls, list):
        reindex_polls = reindex_polls[min(number, len(reindex_polls) - 1)]
    return max(1, int(reindex_polls))


def default_display_name(record):
    origin = record.get('origin') or CLOUD_ORIGINS.get(record.get('integrationType'), '')
    return origin.replace('://api.github.com', '://github.com').rstrip('/') + '/*'


class Handler(BaseHTTPRequestHandler):
    """One request. ``self.server.state`` holds everything."""

    server_version = 'Apache-Coyote/1.1'
    sys_version = ''
    protocol_version = 'HTTP/1.1'

    # plumbing ---------------------------------------------------------------------------------
    def setup(self):
        super().setup()
        # Headers and body leave in two writes; without TCP_NODELAY, Nagle's algorithm holds the body back until
        # the client's delayed ACK (40 ms on Linux), which no real Jira makes a client wait.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        if self.server.verbose:
            sys.stderr.write('%s - %s\n' % (self.address_string(), format % args))

    def do_GET(self):
        self.dispatch('GET')

    def do_POST(self):
        self.dispatch('POST')

    def do_PUT(self):
        self.dispatch('PUT')

    def do_DELETE(self):
        self.dispatch('DELETE')

    def send(self, status, body, content_type='application/json;charset=UTF-8', headers=None):
        payload = body if isinstance(body, bytes) else (json.dumps(body) if not isinstance(body, str) else body).encode('utf-8')
        self.send_response(status)
        self.send_header('Content-Type', content_type)
        self.send_header('Content-Length', str(len(payload)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)

    def read_body(self):
        length = int(self.headers.get('Content-Length') or 0)
        raw = self.rfile.read(length) if length else b''
        if not raw:
            return None
        try:
            return json.loads(raw.decode('utf-8'))
        except ValueError:
            return ValueError

    def dispatch(self, method):
        state = self.server.state
        url = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(url.query).items()}
        body = self.read_body()
        if url.path.startswith(CONTROL + '/'):
            if not self.server.control:
                return self.send(404, NOT_FOUND_PAGE, 'text/html;charset=UTF-8')
            return self.control(method, url.path[len(CONTROL):], body)

        # Which task sent it: from its Bearer token, even when a fault answers before authentication (else None).
        scheme, dummy, token = (self.headers.get('Authorization') or '').partition(' ')
        task = self.task_user(token.strip()) if scheme.lower() == 'bearer' else None
        entry = {'method': method, 'path': url.path, 'query': query, 'time': time.time(), 'task': task and task['task']}
        if body is not None:
            entry['body'] = logged_body(body)
        if isinstance(body, dict):
            entry['body_keys'] = sorted(body)
            entry['secrets_sent'] = sorted(k for k in SECRETS if body.get(k))
        with state.lock:
            state.log.append(entry)

        fault = state.take_fault(method, url.path, entry['task'])
        if fault:
            entry['fault'] = fault['kind']
            fault = dict(fault, _body=body)
            if fault['kind'] == 'ignore_fields' and isinstance(body, dict):
                body = {k: v for k, v in body.items() if k not in fault.get('fields', ())}
            elif not fault.get('after') and self.apply_fault(fault):
                return None

        context = self.server.context_path
        if not url.path.startswith(context + '/rest/'):
            return self.send(404, NOT_FOUND_PAGE, 'text/html;charset=UTF-8')
        path = url.path[len(context):]
        if self.route_jira(method, path, entry):
            return None
        user = self.authenticate()
        if user is None:
            return None
        entry['user'] = user['name']
        if not path.startswith(API + '/') and not path.startswith(API2 + '/'):
            return self.send(404, NOT_FOUND_PAGE, 'text/html;charset=UTF-8')
        listing_repositories = method == 'GET' and path.rstrip('/') == API + '/repository'
        if not user['admin'] and not listing_repositories:  # the repository list is open to any Jira user
            return self.send(403, {'success': False, 'error': 'You must be a Jira administrator to perform this action.',
                                   'advice': 'Ask a Jira administrator to grant you the Jira Administrators global permission.'})
        if body is ValueError:
            return self.fail(ApiError('The request body is not valid JSON', 'Send a JSON object.'))
        try:
            check_fields(method, path[len(API2):] if path.startswith(API2 + '/') else path[len(API):], body, state.config['strict'])
        except ApiError as err:
            return self.fail(err)
        try:
            with state.lock:
                if path.startswith(API2 + '/'):
                    status, reply = self.route_v2(method, path[len(API2):], body)
                else:
                    status, reply = self.route(method, path[len(API):], query, body)
                state.save()
                if state.config['log_state']:
                    entry['state_after'] = state.view()['integrations']
        except ApiError as err:
            return self.fail(err)
        if fault and fault.get('after'):
            return self.apply_fault(fault)  # processed, but the reply is lost or replaced on the way
        if reply is None:
            return self.send(status, NOT_FOUND_PAGE, 'text/html;charset=UTF-8')
        if reply is NO_CONTENT:
            return self.send(204, b'')
        if state.config['string_booleans']:
            reply = stringify_booleans(reply)
        return self.send(status, reply)

    def route_jira(self, method, path, entry):
        """Jira's own endpoints and the app-not-installed switch; True when the request was answered here."""
        config = self.server.state.config

        def authenticated():
            user = self.authenticate()
            if user is not None:  # logged like every other request: who sent it (and, in tests, which task)
                entry.update(user=user['name'], task=user.get('task'))
            return user
        if path.rstrip('/') == SERVER_INFO and method == 'GET':
            user = authenticated() if self.headers.get('Authorization') else {'name': 'anonymous'}
            if user is not None:
                numbers = [int(n) for n in re.findall(r'\d+', config['jira_version'])[:3]]
                self.send(200, {'baseUrl': 'http://%s%s' % (self.headers.get('Host', 'localhost'), self.server.context_path),
                                'version': config['jira_version'], 'versionNumbers': numbers, 'deploymentType': 'Server',
                                'serverTitle': 'Jira (GIJ emulator)'})
            return True
        if path.rstrip('/') == PLUGIN_INFO and method == 'GET':
            user = authenticated()
            if user is None:
                return True
            if not user['admin']:
                self.send(403, {'message': 'Client must be authenticated as an administrator to access this resource.'})
            elif not config['app_installed']:
                self.send(404, NOT_FOUND_PAGE, 'text/html;charset=UTF-8')
            else:
                self.send(200, {'key': APP_KEY, 'name': 'Git Integration for Jira', 'version': config['app_version'],
                                'enabled': bool(config['app_enabled']), 'userInstalled': True},
                          'application/vnd.atl.plugins.plugin+json')
            return True
        if (path.rstrip('/') == PROJECT_LIST or path.startswith(PROJECT_LIST + '/')) and method == 'GET':
            if authenticated() is not None:
                self.send_project(path[len(PROJECT_LIST):].strip('/'), config['projects'])
            return True
        if path.startswith('/rest/gitplugin/') and not (config['app_installed'] and config['app_enabled']):
            # Jira checks credentials that are sent before it finds that no resource answers.
            if not self.headers.get('Authorization') or authenticated() is not None:
                self.send(404, NOT_FOUND_PAGE, 'text/html;charset=UTF-8')
            return True
        return False

    def send_project(self, wanted, projects):
        """Jira REST: every project, or one by key (any case, as Jira finds it) or id; ids are strings there."""
        def shown(project):
            return {'self': 'http://%s%s%s/%s' % (self.headers.get('Host', 'localhost'), self.server.context_path,
                                                  PROJECT_LIST, project['id']),
                    'id': str(project['id']), 'key': project['key'], 'name': project['name'], 'projectTypeKey': 'software'}
        if not wanted:
            return self.send(200, [shown(project) for project in projects])
        name = unquote(wanted)
        found = [p for p in projects if p['key'].upper() == name.upper() or str(p['id']) == name]
        if found:
            return self.send(200, shown(found[0]))
        return self.send(404, {'errorMessages': ["No project could be found with key '%s'." % name], 'errors': {}})

    def fail(self, err):
        status = 200
        if self.server.state.config['strict']:
            status = 404 if err.kind == 'missing' else 400
        return self.send(status, {'success': False, 'error': err.error, 'advice': err.advice})

    def authenticate(self):
        header = self.headers.get('Authorization') or ''
        scheme, dummy, value = header.partition(' ')
        user = None
        if scheme.lower() == 'basic':
            try:
                name, dummy, password = base64.b64decode(value).decode('utf-8').partition(':')
            except (ValueError, UnicodeDecodeError):
                name, password = '', None
            known = self.server.users.get(name)
            if known and known['password'] == password:
                user = known
        elif scheme.lower() == 'bearer':
            user = self.server.tokens.get(value.strip()) or self.task_user(value.strip())
        if user is None:
            headers = {'WWW-Authenticate': 'Basic realm="protected-area"'}
            if header:
                headers['X-Seraph-LoginReason'] = 'AUTHENTICATED_FAILED'
            self.send(401, LOGIN_PAGE, 'text/html;charset=UTF-8', headers)
            return None
        return user

    def task_user(self, token):
        """A token made of a registered task prefix and a task label: the prefix's user, tagged with the label."""
        for prefix, user in self.server.task_prefixes.items():
            if token.startswith(prefix) and len(token) > len(prefix):
                return dict(user, task=token[len(prefix):])
        return None

    def apply_fault(self, fault):
        """Answer with the queued fault. Returns False when the request should then proceed (slow)."""
        kind = fault['kind']
        if kind in TRANSPORT_FAULTS:
            return self.transport_fault(fault)
        if kind in ('slow', 'ignore_fields'):
            time.sleep(float(fault.get('seconds', 0)))
            return False
        if kind == 'mutate':
            self.mutate(fault)
            return False
        if kind == 'status':
            status = int(fault.get('status', 503))
            self.send(status, '<html><body><h1>%d Service Unavailable</h1></body></html>' % status, 'text/html')
        elif kind == 'too_many':
            self.send(429, {'message': 'Rate limit exceeded'}, headers={'Retry-After': str(fault.get('retry_after', 1))})
        elif kind == 'html_login':
            self.send(200, LOGIN_PAGE, 'text/html;charset=UTF-8')
        elif kind == 'anonymous':
            self.send(200, {'success': True, 'integrations': []},
                      headers={'X-Seraph-LoginReason': 'AUTHENTICATION_DENIED', 'X-AUSERNAME': 'anonymous'})
        elif kind == 'redirect':
            self.send(302, '', 'text/html', {'Location': self.server.context_path + '/login.jsp?os_destination=%2Frest'})
        elif kind == 'captcha':
            self.send(403, LOGIN_PAGE, 'text/html;charset=UTF-8', {
                'X-Authentication-Denied-Reason': 'CAPTCHA_CHALLENGE; login-url=%s/login.jsp' % self.server.context_path})
        elif kind == 'failure':
            reply = {'success': False, 'error': fault.get('error', 'Internal error'), 'advice': fault.get('advice', 'Contact support.')}
            self.send(int(fault.get('status', 200)), reply)
        elif kind == 'echo':
            # A careless server that repeats the request in its error: secrets must still not leak.
            self.send(int(fault.get('status', 500)),
                      {'success': False, 'error': 'Could not process request %s' % json.dumps(fault.get('_body'))})
        elif kind == 'bad_json':
            self.send(200, '{"success": true, "integrations": [', 'application/json')
        elif kind == 'truncated':
            # Content-Length promises more than arrives: the connection closes mid-body.
            self.send_response(200)
            self.send_header('Content-Type', 'application/json')
            self.send_header('Content-Length', '4096')
            self.end_headers()
            self.wfile.write(b'{"success": true, "integ')
            self.close_connection = True
            self.connection.shutdown(2)
        elif kind == 'trickle':
            # A complete reply, one byte at a time, spread over `seconds`.
            payload = json.dumps(fault.get('reply', {'success': True, 'integrations': []})).encode('utf-8')
            self.send_response(200)
            self.send_header('Content-Type', 'application/json')
            self.send_header('Content-Length', str(len(payload)))
            self.end_headers()
            pause = float(fault.get('seconds', 5)) / max(len(payload), 1)
            try:
                for index in range(len(payload)):
                    self.wfile.write(payload[index:index + 1])
                    self.wfile.flush()
                    time.sleep(pause)
            except OSError:
                pass  # the client gave up, as it should
        elif kind == 'reply':
            # Any reply a test wants to see handled: status, body (a JSON value or raw text) and headers.
            body = fault.get('body')
            self.send(int(fault.get('status', 200)), body if isinstance(body, str) else json.dumps(body),
                      fault.get('content_type', 'application/json'), fault.get('headers'))
        elif kind == 'drop':
            self.close_connection = True
            self.connection.shutdown(2)
        else:
            self.send(500, {'success': False, 'error': 'unknown fault %s' % kind})
        return True

    def transport_fault(self, fault):
        """Replies that attack the client's transport and its masking (issue 20); always answers (True)."""
        kind = fault['kind']
        if kind == 'echo_escaped':
            # An error that quotes the request the way other servers escape text: secrets must still not leak.
            body = fault.get('_body')
            if fault.get('keys') and isinstance(body, dict):  # only these keys: a long body would be cut before them
                body = dict((key, body.get(key)) for key in fault['keys'])
            request = escaped(json.dumps(body, ensure_ascii=False), fault.get('form', 'java'))
            self.send(int(fault.get('status', 500)), {'success': False, 'error': 'Could not process request %s' % request})
            return True
        reply = json.dumps(fault.get('reply', {'success': True, 'integrations': []})).encode('utf-8')
        try:
            if kind == 'slow_headers':
                # The status line at once, then one header line every `pause` seconds: each read is quick, the whole is not.
                self.wfile.write(b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n')
                for number in range(int(fault.get('lines', 30))):
                    self.wfile.write(b'X-Padding-%d: .\r\n' % number)
                    self.wfile.flush()
                    time.sleep(float(fault.get('pause', 1)))
                self.wfile.write(b'Content-Length: %d\r\n\r\n%s' % (len(reply), reply))
            elif kind == 'trickle_gzip':
                # A compressed reply, one byte at a time, spread over `seconds`.
                payload = gzip.compress(reply)
                self.wfile.write(b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n'
                                 b'Content-Length: %d\r\n\r\n' % len(payload))
                pause = float(fault.get('seconds', 5)) / len(payload)
                for index in range(len(payload)):
                    self.wfile.write(payload[index:index + 1])
                    self.wfile.flush()
                    time.sleep(pause)
            elif kind == 'gzip_bomb':
                # A valid JSON reply of `megabytes` MB once decoded, a few hundred KB on the wire.
                payload = gzip_bomb(int(fault.get('megabytes', 200)))
                self.wfile.write(b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n'
                                 b'Content-Length: %d\r\n\r\n' % len(payload))
                self.wfile.write(payload)
        except OSError:
            pass  # the client gave up, as it should
        self.close_connection = True
        return True

    def mutate(self, fault):
        """Another client's changes, made just before this request is answered: objects deleted (ids), integrations seeded."""
        state = self.server.state
        with state.lock:
            for item_id in fault.get('delete', ()):
                state.integrations.pop(int(item_id), None)
                state.repositories.pop(int(item_id), None)
            for item in fault.get('seed', ()):
                state.seed(dict(item))

    # the API ----------------------------------------------------------------------------------
    def route(self, method, path, query, body):
        state = self.server.state
        match = re.match(r'^/integration(?:/(\d+))?/?$', path)
        if match:
            item_id = int(match.group(1)) if match.group(1) else None
            if item_id is None and method == 'GET':
                return self.list_integrations(query)
            if item_id is None and method == 'POST':
                return 200, self.written({'success': 'true', 'integration': self.create(body)}, 'integration')
            if item_id is not None:
                record = state.integrations.get(item_id) if item_id not in state.unlisted else None
                if record is None:
                    raise ApiError('Repository with id=%d does not exist' % item_id,
                                   'Check the id with the integration list.', kind='missing')
                if method == 'GET':
                    return 200, {'success': 'true', 'integration': [self.read(record)]}
                if method == 'PUT':
                    return 200, self.written({'success': 'true', 'integration': self.update(record, body)}, 'integration')
                if method == 'DELETE':
                    del state.integrations[item_id]
                    for repo_id in [k for k, v in state.repositories.items() if v.get('trackedFolderId') == item_id]:
                        del state.repositories[repo_id]
                    if state.config['reuse_ids']:
                        state.freed_ids.append(item_id)
                    if state.config['create_after_delete']:
                        self.create(dict(state.config['create_after_delete']))
                    return self.done()
        if re.match(r'^/repository/?$', path) and method == 'GET':
            state.discover(listing=True)
            state.index_nested()
            items = [public_view(state.repositories[k]) for k in sorted(state.repositories)]
            if 'projectKey' in query:
                items = self.of_project(items, query['projectKey'])
            return 200, paged(items, 'repositories', state.config['repository_page_size'], query, state.config['ignore_offset'],
                              state.config['paging_style'])
        if re.match(r'^/index\.json$', path) and method == 'GET':
            return 200, self.reindex_status(query)
        if re.match(r'^/repository/?$', path) and method in ('POST', 'PUT', 'DELETE'):
            return self.repository_write(method, query, body)
        match = re.match(r'^/repository/(\d+)/disable/?$', path)
        if match and method == 'PUT':
            if query.get('disable') not in ('true', 'false'):
                raise ApiError('The disable parameter is required', 'Send disable=true or disable=false.')
            record = state.integrations.get(int(match.group(1))) or state.repositories.get(int(match.group(1)))
            if record is None:
                raise ApiError('Repository with id=%s does not exist' % match.group(1), 'Check the id.', kind='missing')
            record['disabled'] = query['disable'] == 'true'
            return self.done()
        return 404, None  # no such resource: Jira's HTML 404 page

    def of_project(self, items, key):
        """Section 7, ?projectKey=KEY: the repositories "mapped to a given project", which in the vendor's example are
        global ones; so global repositories and those whose projectMappingIds hold the project's id. The reply to a key
        Jira does not know is not documented: here a failure naming it."""
        found = [p for p in self.server.state.config['projects'] if p['key'].upper() == key.upper()]
        if not found:
            raise ApiError("No project could be found with key '%s'" % key, 'Check the project key.', kind='missing')
        project_id = int(found[0]['id'])
        return [item for item in items if item.get('global') or project_id in (item.get('projectMappingIds') or [])]

    def repository_write(self, method, query, body):
        """Add (POST), update (PUT, id in the body) and delete (DELETE ?id=) single repositories: bare objects."""
        state = self.server.state
        if method == 'DELETE':
            record = state.repositories.get(int(query.get('id') or 0))
            if record is None:
                raise ApiError('Repository with id=%s does not exist' % query.get('id'), 'Check the id with the repository list.',
                               kind='missing')
            del state.repositories[record['id']]
            return self.done()
        if not isinstance(body, dict):
            raise ApiError('The request body must be a JSON object', 'Send the repository as JSON.')
        check_types(body)
        if method == 'POST':
            record = dict(REPOSITORY_DEFAULTS)
            record['id'] = state.next_id
            secrets = {}
        else:
            current = state.repositories.get(body.get('id') if isinstance(body.get('id'), int) else -1)
            if current is None:
                raise ApiError('Repository with id=%s does not exist' % body.get('id'), 'Check the id with the repository list.',
                               kind='missing')
            if current.get('trackedFolderId') is not None:
                return 200, self.update_nested(current, body)
            if state.config['strict']:
                record = dict(REPOSITORY_DEFAULTS, id=current['id'], initDate=current['initDate'], realRoot=current.get('realRoot'),
                              root=current.get('root'))
            else:
                record = dict(current)
                record['disabled'] = False  # as for integrations: a blank "disabled" means false
            secrets = dict(current.get('_secrets', {}))
        previous_ids = list(record.get('projectMappingIds') or [])
        record.update({k: v for k, v in body.items() if k in REPOSITORY_SETTABLE and k not in SECRETS})
        secrets.update({k: fingerprint(body[k]) for k in SECRETS if body.get(k)})
        record['_secrets'] = secrets
        if not record.get('origin'):
            raise ApiError('The origin field is required', 'Provide the URL or path of the git repository.')
        if ('realRoot' in body) != ('absoluteRoot' in body):
            raise ApiError('realRoot and absoluteRoot must be given together', 'Set both, or neither.')
        if record.get('gitViewerEnabled') and not record.get('global') and not record.get('projectMappingIds'):
            raise ApiError('At least one project must be associated with the repository', 'Set projectMappingIds, or global: true.')
        apply_global(record, previous_ids, bool(body.get('projectMappingIds')))  # as for integrations (section 9.7)
        if not record.get('displayName'):
            record['displayName'] = record['origin'].rstrip('/').rsplit('/', 1)[-1].replace('.git', '')
        if method == 'POST':
            record.setdefault('realRoot', '%d_%s' % (record['id'], record['displayName']))
            record['root'] = record['realRoot'] if record.get('absoluteRoot') else JIRA_GIT_HOME + '/' + record['realRoot']
            record['initDate'] = int(time.time() * 1000)
            state.next_id += 1
        state.repositories[record['id']] = record
        return 200, self.written(public_view(record), None)  # a bare object: no success wrapper

    def update_nested(self, current, body):
        """PUT of a nested repository: the writable fields change, the read-only ones sent are ignored."""
        record = dict(current)
        record['disabled'] = False  # as for single repositories: a blank "disabled" means false
        previous_ids = list(record.get('projectMappingIds') or [])
        record.update({k: v for k, v in body.items() if k in NESTED_WRITABLE})
        if record.get('gitViewerEnabled') and not record.get('global') and not record.get('projectMappingIds'):
            raise ApiError('At least one project must be associated with the repository', 'Set projectMappingIds, or global: true.')
        apply_global(record, previous_ids, bool(body.get('projectMappingIds')))
        self.server.state.repositories[record['id']] = record
        return self.written(public_view(record), None)

    def route_v2(self, method, path, body):
        """POST /rest/gitplugin/2.0/reindex: start a reindex of one repository, or of everything."""
        state = self.server.state
        if path.rstrip('/') != '/reindex' or method != 'POST':
            return 404, None
        body = body if isinstance(body, dict) else {}
        repo_id = body.get('repoId')
        if repo_id is not None and int(repo_id) not in state.repositories and int(repo_id) not in state.integrations:
            raise ApiError('Repository with id=%s does not exist' % repo_id, 'Check the id with the repository list.', kind='missing')
        thread_id = str(uuid.uuid4())
        state.threads[thread_id] = {'repoId': repo_id, 'polls': 0, 'number': len(state.threads)}
        return 200, {'success': True, 'threadId': thread_id}

    def reindex_status(self, query):
        """GET /rest/gitplugin/1.0/index.json?threadId=: progress that finishes after a few polls (reindex_polls)."""
        state = self.server.state
        thread = state.threads.get(query.get('threadId', ''))
        if thread is None:
            raise ApiError('Unknown indexing thread %s' % query.get('threadId'), 'Start a reindex first.', kind='missing')
        thread['polls'] += 1
        needed = polls_needed(state.config['reindex_polls'], thread['number'])
        percent = min(100, int(100 * thread['polls'] / needed))
        finished = thread['polls'] >= needed
        target = 'repository %s' % thread['repoId'] if thread['repoId'] is not None else 'all repositories'
        errors = (state.config['reindex_errors'] or []) if finished else []  # as configured: a list or a map
        return {'finished': finished, 'lastOperationPercent': percent, 'errors': errors,
                'messages': ['Indexing %s: %d%%' % (target, percent)] + (['Indexing finished'] if finished else [])}

    def read(self, record):
        # Indexing finishes in the background: the first read after creation shows lastIndexedDate.
        state = self.server.state
        if record['id'] in state.indexed:
            record.setdefault('lastIndexedDate', int(time.time() * 1000))
        state.indexed.add(record['id'])
        return public_view(record)

    def list_integrations(self, query):
        state = self.server.state
        config = state.config
        if config['endless_list']:
            return 200, paged(endless_page, config['list_key'], config['page_size'] or 100, query,
                              style=config['paging_style'], total=ENDLESS_TOTAL)
        items = [self.with_stray_keys(self.read(state.integrations[key])) for key in sorted(state.integrations)
                 if key not in state.unlisted]
        return 200, paged(items, config['list_key'], config['page_size'], query, config['ignore_offset'], config['paging_style'])

    def with_stray_keys(self, item):
        """A list item with the keys config stray_keys adds to it (by id; None values are kept, as null)."""
        return dict(item, **self.server.state.config['stray_keys'].get(str(item['id']), {}))

    def written(self, reply, key):
        """A write's reply in the configured shape: the documented one, success alone, or the id alone."""
        shape = self.server.state.config['reply_shape']
        obj = reply[key] if key else reply
        if shape == 'minimal':
            return {'success': 'true'} if key else {'success': True}
        if shape == 'id_only':
            return {'success': 'true', key: {'id': obj['id']}} if key else {'id': obj['id']}
        return reply

    def done(self):
        """The reply of a delete or an enable/disable: documented {"success": true}, or 204 with no body."""
        return (200, NO_CONTENT) if self.server.state.config['reply_shape'] == 'minimal' else (200, {'success': True})

    def create(self, body):
        state = self.server.state
        if not isinstance(body, dict):
            raise ApiError('The request body must be a JSON object', 'Send the integration as JSON.')
        check_types(body)
        record = dict(DEFAULTS)
        record.update({k: v for k, v in body.items() if k in SETTABLE and k not in SECRETS and k != 'type'})
        record['integrationType'] = body.get('type')
        record['_secrets'] = {k: fingerprint(body[k]) for k in SECRETS if body.get(k)}
        record['_sent_project_ids'] = bool(body.get('projectMappingIds'))
        if not record.get('origin') and record['integrationType'] in CLOUD_ORIGINS:
            record['origin'] = CLOUD_ORIGINS[record['integrationType']]
        if not record.get('displayName'):
            record['displayName'] = default_display_name(record)
        validate(record, state.config['strict'], state.config['aws_regions'])
        apply_global(record, DEFAULTS['projectMappingIds'], record['_sent_project_ids'])
        del record['_sent_project_ids']
        if state.config['reuse_ids'] and state.freed_ids:
            record['id'] = state.freed_ids.pop()
        else:
            record['id'] = state.next_id
            state.next_id += 1
        record['initDate'] = int(time.time() * 1000)
        state.integrations[record['id']] = record
        state.undiscovered[record['id']] = state.config['discovery_polls']
        if state.config['unlisted_creates']:
            state.unlisted.add(record['id'])
        return public_view(record)

    def update(self, record, body):
        state = self.server.state
        if not isinstance(body, dict):
            raise ApiError('The request body must be a JSON object', 'Send the changed fields as JSON.')
        check_types(body)
        if body.get('type') and body['type'] != record['integrationType']:
            raise ApiError('The integration type cannot be changed', 'Delete the integration and add a new one.')
        if state.config['strict']:
            # Strict reading: every omitted non-secret field goes back to its default.
            updated = {k: v for k, v in record.items() if k in ('id', 'integrationType', 'initDate', 'lastIndexedDate', '_secrets')}
            updated.update(DEFAULTS)
        else:
            updated = dict(record)
            updated['disabled'] = False  # "If left blank, the default setting for this field is false."
        updated.update({k: v for k, v in body.items() if k in SETTABLE and k not in SECRETS and k != 'type'})
        updated['_secrets'] = dict(record.get('_secrets', {}))
        updated['_secrets'].update({k: fingerprint(body[k]) for k in SECRETS if body.get(k)})
        updated['_sent_project_ids'] = bool(body.get('projectMappingIds'))
        if not updated.get('displayName'):
            updated['displayName'] = default_display_name(updated)
        validate(updated, state.config['strict'], state.config['aws_regions'])
        apply_global(updated, record.get('projectMappingIds') or [], updated['_sent_project_ids'])
        del updated['_sent_project_ids']
        record.clear()
        record.update(updated)
        return public_view(record)

    # control interface ------------------------------------------------------------------------
    def control(self, method, path, body):
        state = self.server.state
        body = body if isinstance(body, dict) else {}
        try:
            with state.lock:
                if path == '/reset' and method == 'POST':
                    state.reset(body.get('integrations', ()), body.get('config'), body.get('repositories', ()))
                    return self.send(200, {'ok': True})
                if path == '/config' and method == 'POST':
                    state.set_config(body)
                    return self.send(200, state.config)
                if path == '/state' and method == 'GET':
                    return self.send(200, dict(state.view(), config=state.config))
                if path == '/log' and method == 'GET':
                    return self.send(200, {'requests': state.log})
                if path == '/log' and method == 'DELETE':
                    state.log = []
                    return self.send(200, {'ok': True})
                if path == '/faults' and method == 'POST':
                    for fault in body.get('faults', []):
                        fault.setdefault('count', 1)
                        state.faults.append(fault)
                    return self.send(200, {'queued': len(state.faults)})
                if path == '/task-tokens' and method == 'POST':
                    # Register a token prefix for a test runner: PREFIX + LABEL authenticates as the user, logged as LABEL.
                    prefix, name = body['prefix'], body.get('user', 'admin')
                    if len(prefix) < 8 or name not in self.server.users:
                        raise ValueError('a task token prefix needs 8 characters or more and a known user')
                    self.server.task_prefixes[prefix] = self.server.users[name]
                    return self.send(200, {'ok': True})
                if path == '/faults' and method == 'DELETE':
                    state.faults = []
                    return self.send(200, {'ok': True})
        except (ValueError, TypeError, KeyError) as err:
            return self.send(400, {'error': str(err)})
        return self.send(404, {'error': 'unknown control endpoint %s %s' % (method, path)})


# Fault kinds answered by Handler.transport_fault.
TRANSPORT_FAULTS = ('echo_escaped', 'slow_headers', 'trickle_gzip', 'gzip_bomb')
GZIP_BOMBS = {}


def escaped(text, form):
    """``text`` as servers written in other languages quote it (the `form` of an `echo_escaped` fault)."""
    if form == 'java':  # Java JSON writers escape the slash
        return json.dumps(text, ensure_ascii=False)[1:-1].replace('/', '\\/')
    if form in ('unicode', 'unicode_lower'):  # every character as a \\uXXXX escape (UTF-16 code units)
        units = text.encode('utf-16-be')
        escapes = ''.join('\\u%02X%02X' % (units[i], units[i + 1]) for i in range(0, len(units), 2))
        return escapes.lower() if form == 'unicode_lower' else escapes
    if form == 'double':  # JSON-escaped twice, the slash too
        return json.dumps(json.dumps(text)[1:-1].replace('/', '\\/'))[1:-1]
    if form == 'html':
        return ''.join('&#%d;' % ord(char) if not char.isalnum() else char for char in text)
    if form == 'html_hex':
        return ''.join('&#x%X;' % ord(char) for char in text)
    if form == 'html_named':
        return html.escape(text, quote=True).replace('/', '&sol;')
    if form == 'url':
        return quote(text, safe='')
    if form == 'url_lower':
        return re.sub(r'%[0-9A-F]{2}', lambda match: match.group(0).lower(), quote(text, safe=''))
    if form == 'base64':
        return base64.b64encode(text.encode('utf-8')).decode('ascii')
    raise ValueError('unknown escape form %s' % form)


def gzip_bomb(megabytes):
    """A JSON reply padded to ``megabytes`` MB, gzip-compressed (about 1 KB per MB): made once per size."""
    if megabytes not in GZIP_BOMBS:
        packer = zlib.compressobj(9, zlib.DEFLATED, 31)
        parts = [packer.compress(b'{"success": true, "integrations": [], "padding": "')]
        block = b' ' * (1 << 20)
        for dummy in range(megabytes):
            parts.append(packer.compress(block))
        parts.append(packer.compress(b'"}'))
        parts.append(packer.flush())
        GZIP_BOMBS[megabytes] = b''.join(parts)
    return GZIP_BOMBS[megabytes]


def parse_principal(spec, admin_default):
    parts = spec.split(':')
    return parts[0], parts[1], (parts[2] == 'admin') if len(parts) > 2 else admin_default


class EmulatorServer(ThreadingHTTPServer):
    daemon_threads = True
    verbose = False

    def handle_error(self, request, client_address):
        # Clients that hang up (TLS rejections, dropped connections) are part of the tests: stay quiet.
        if self.verbose:
            super().handle_error(request, client_address)


def build_server(args):
    server = EmulatorServer((args.host, args.port), Handler)
    server.state = State(args.state_file, strict=args.strict, page_size=args.page_size)
    server.control = args.control
    server.verbose = args.verbose
    server.context_path = '/' + args.context_path.strip('/') if args.context_path.strip('/') else ''
    server.users = {}
    for spec in args.user or ['admin:admin:admin', 'jdoe:jdoe:user']:
        name, password, admin = parse_principal(spec, True)
        server.users[name] = {'name': name, 'password': password, 'admin': admin}
    server.tokens = {}
    server.task_prefixes = {}  # registered through the control interface; kept across resets
    for spec in args.token or ['admin-token:admin', 'user-token:jdoe']:
        token, name = spec.rsplit(':', 1)
        if name not in server.users:
            raise SystemExit('token %s names unknown user %s' % (token[:4] + '...', name))
        server.tokens[token] = server.users[name]
    if args.tls_cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    return server


def main(argv=None):
    parser = argparse.ArgumentParser(description='Git Integration for Jira REST API emulator')
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--port', type=int, default=0, help='0 picks a free port')
    parser.add_argument('--port-file', help='write the chosen port to this file once listening')
    parser.add_argument('--state-file', help='JSON file that keeps the integrations across restarts')
    parser.add_argument('--context-path', default='', help='Jira context path, e.g. /jira')
    parser.add_argument('--tls-cert', help='PEM certificate (chain) to serve HTTPS')
    parser.add_argument('--tls-key', help='PEM private key for --tls-cert')
    parser.add_argument('--user', action='append', help='NAME:PASSWORD[:admin|user] (repeatable)')
    parser.add_argument('--token', action='append', help='TOKEN:USERNAME personal access token (repeatable)')
    parser.add_argument('--strict', action='store_true',
                        help='strict reading of contradictory docs: updates reset omitted fields, 404/400 statuses')
    parser.add_argument('--page-size', type=int, default=0, help='paginate the list (total/offset/count); 0 = off')
    parser.add_argument('--control', action='store_true', help='enable the test-only /_emulator/ interface')
    parser.add_argument('--verbose', action='store_true')
    args = parser.parse_args(argv)
    if bool(args.tls_cert) != bool(args.tls_key):
        parser.error('--tls-cert and --tls-key go together')
    server = build_server(args)
    port = server.server_address[1]
    if args.port_file:
        tmp = args.port_file + '.tmp'
        with open(tmp, 'w', encoding='utf-8') as handle:
            handle.write(str(port))
        os.replace(tmp, args.port_file)
    scheme = 'https' if args.tls_cert else 'http'
    sys.stdout.write('GIJ emulator listening on %s://%s:%d%s\n' % (scheme, args.host, port, server.context_path))
    sys.stdout.flush()
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown, daemon=True).start())
    try:
        server.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == '__main__':
    main()
