# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""make test-real: the collection checked against a real Jira with Git Integration for Jira (docs/test-real.md).

It refuses to start unless GIJ_TEST_REAL names the host of JIRA_URL (tests/real/opt_in.py). It connects with
JIRA_URL and JIRA_TOKEN (or JIRA_USERNAME and JIRA_PASSWORD), creates integrations only under a unique generated name
prefix, and removes every one of them at the end, also after a failure or Ctrl-C. It lists integrations with the
collection's own paged reading, and deletes an id only after reading it back: its name must carry the run's prefix
and it must be of the type this run created under that name (a server may give a freed id to someone else's new
integration).

1. Preflight, before any write: Jira's version, the app's version and state, and whether the app answers.
2. The life cycle of each type it can create, through real ansible-playbook runs of the modules: create, re-run
   unchanged, update one field, check mode, disable and enable, delete, delete again; then git_integrations on the
   same set (and with exclusive: true in check mode only).
3. Raw observations with direct API calls on its own integrations: reply shapes, error status codes, what an update
   that omits fields does, whether write-only fields come back, duplicate names, reading a missing id, and when
   an integration's repositories appear. (It never deletes an id it knows to be gone: on a server that reuses ids,
   that id may by then be another admin's integration.)
4. A report, Markdown and JSON, under tests/output/ (or --output-dir), with every secret of the run masked in every
   form, that also says which update reading of the bundled emulator the server matches.
"""

import argparse
import atexit
import base64
import datetime
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import requests

from opt_in import refusal

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def import_path_of_this_checkout():
    """The suite lists and reads through gij.jira's own code, from this checkout (not another copy on sys.path)."""
    parts = ROOT.split(os.sep)
    if parts[-3:] == ['ansible_collections', 'gij', 'jira']:
        return os.sep.join(parts[:-3])
    holder = tempfile.mkdtemp(prefix='gij-test-real-import-')
    atexit.register(shutil.rmtree, holder, True)  # removes the link, never what it points to
    os.makedirs(os.path.join(holder, 'ansible_collections', 'gij'))
    os.symlink(ROOT, os.path.join(holder, 'ansible_collections', 'gij', 'jira'))
    return holder


sys.path.insert(0, import_path_of_this_checkout())
# pylint: disable=wrong-import-position
from ansible_collections.gij.jira.plugins.module_utils.api import GijClient, GijError, Secrets  # noqa: E402
from ansible_collections.gij.jira.plugins.module_utils.integration import IntegrationService  # noqa: E402
from ansible_collections.gij.jira.plugins.module_utils.repository import RepositoryService  # noqa: E402
# pylint: enable=wrong-import-position
CALLBACKS = os.path.join(ROOT, 'tests', 'integration', 'callback_plugins')
API = '/rest/gitplugin/1.0'
TYPES = ('GITHUB', 'GITHUB_SERVER', 'GITLAB', 'GITLAB_SERVER', 'GITLAB_SERVER_LEGACY', 'FILESPACE',
         'AZURE_DEVOPS', 'VSTS', 'AZURE', 'TFS_SERVER', 'AWS', 'GERRIT')
# Per type: the options creating it needs, each from an environment variable of its own (docs/test-real.md).
# A type runs when all its variables are set; FILESPACE needs none (the server reaches no git host for it).
TYPE_ENV = {
    'GITHUB': {'pat': 'GIJ_TEST_GITHUB_PAT'},
    'GITHUB_SERVER': {'origin': 'GIJ_TEST_GITHUB_SERVER_URL', 'pat': 'GIJ_TEST_GITHUB_SERVER_PAT'},
    'GITLAB': {'pat': 'GIJ_TEST_GITLAB_PAT'},
    'GITLAB_SERVER': {'origin': 'GIJ_TEST_GITLAB_SERVER_URL', 'pat': 'GIJ_TEST_GITLAB_SERVER_PAT'},
    'GITLAB_SERVER_LEGACY': {'origin': 'GIJ_TEST_GITLAB_SERVER_LEGACY_URL', 'username': 'GIJ_TEST_GITLAB_SERVER_LEGACY_USERNAME',
                             'password': 'GIJ_TEST_GITLAB_SERVER_LEGACY_PASSWORD'},
    'FILESPACE': {},
    'AZURE_DEVOPS': {'origin': 'GIJ_TEST_AZURE_DEVOPS_URL', 'pat': 'GIJ_TEST_AZURE_DEVOPS_PAT'},
    'VSTS': {'origin': 'GIJ_TEST_VSTS_URL', 'pat': 'GIJ_TEST_VSTS_PAT'},
    'AZURE': {'pat': 'GIJ_TEST_AZURE_PAT'},
    'TFS_SERVER': {'origin': 'GIJ_TEST_TFS_SERVER_URL', 'pat': 'GIJ_TEST_TFS_SERVER_PAT'},
    'AWS': {'username': 'GIJ_TEST_AWS_ACCESS_KEY_ID', 'password': 'GIJ_TEST_AWS_SECRET_ACCESS_KEY', 'aws_region': 'GIJ_TEST_AWS_REGION'},
    'GERRIT': {'origin': 'GIJ_TEST_GERRIT_URL', 'username': 'GIJ_TEST_GERRIT_USERNAME', 'password': 'GIJ_TEST_GERRIT_PASSWORD'},
}
# Fixed values some types need: TFS takes a PAT with the username "all"; a tracked folder needs a depth and a folder.
TYPE_FIXED = {'TFS_SERVER': {'username': 'all'}, 'FILESPACE': {'folder_depth': 1}}
CREATE_OPTIONS = ('origin', 'username', 'password', 'pat', 'aws_region', 'folder_depth')
API_NAMES = {'aws_region': 'awsRegion', 'folder_depth': 'folderDepth'}
SECRET_ENV_MARKERS = ('_PAT', '_PASSWORD', '_SECRET_ACCESS_KEY')
WRITE_ONLY_API = ('username', 'password', 'pat', 'awsRegion', 'folderDepth', 'tfsCollection', 'refSpecCustom')
# The module life cycle: step name, what the step sets beyond the create options, and the expected "changed".
STEPS = (
    ('create', {}, True),
    ('rerun', {}, False),
    ('update', {'smart_commits_enabled': False}, True),
    ('check_mode', {'smart_commits_enabled': True, '_check': True}, True),
    ('after_check_mode', {'smart_commits_enabled': False}, False),
    ('disable', {'smart_commits_enabled': False, 'disabled': True}, True),
    ('enable', {'smart_commits_enabled': False, 'disabled': False}, True),
    ('delete', {'state': 'absent'}, True),
    ('delete_again', {'state': 'absent'}, False),
)
# Fields the raw observation sets to non-default values, then leaves out of an update.
NON_DEFAULTS = {'smartCommitsEnabled': False, 'maxMinsToCommitEmail': 77, 'tagsFilter': '^gij-test-', 'refSpecChanges': True,
                'revisionIndexing': False}
# What the bundled emulator does under each of its update readings (tests/emulator/gij_emulator.py, docs/emulator.md).
# missing_status: the status of reading a missing id.
EMULATOR_TITLE = 'Jira (GIJ emulator)'  # the serverTitle of tests/emulator/gij_emulator.py
EMULATOR_READINGS = {
    'lenient': {'omitted_fields': 'kept', 'omitted_disabled': 'reset', 'missing_status': 200, 'invalid_status': 200},
    'strict': {'omitted_fields': 'reset', 'omitted_disabled': 'reset', 'missing_status': 404, 'invalid_status': 400},
}


NO_TYPE = 'no type to try'


class Interrupted(Exception):
    """Ctrl-C or a termination signal: stop, then clean up."""


class Refused(Exception):
    """The suite will not start or not write (``why``, for the result: "refused: <why>"), or stops: one line for the user."""

    def __init__(self, message, why=None):
        super(Refused, self).__init__(message)
        self.why = why


def collection_version():
    try:
        with open(os.path.join(ROOT, 'galaxy.yml'), encoding='utf-8') as handle:
            found = re.search(r'^version:\s*(\S+)', handle.read(), re.M)
    except OSError:
        return None
    return found.group(1) if found else None


def now():
    return datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


def run_secrets(environ):
    """Every secret of the run, for the collection's masking (raw, JSON-escaped, URL-encoded, base64 with and without
    padding, and the basic-auth header's base64 of user:password)."""
    found = Secrets()
    values = [environ.get(name) for name in ('JIRA_TOKEN', 'JIRA_PASSWORD')]
    values += [value for name, value in environ.items() if name.startswith('GIJ_TEST_') and name.endswith(SECRET_ENV_MARKERS)]
    user, password = environ.get('JIRA_USERNAME'), environ.get('JIRA_PASSWORD')
    if user and password:
        values.append('%s:%s' % (user.strip(), password.strip()))
        values.append('%s:%s' % (user, password))
    for value in values:
        for variant in (value, (value or '').strip()):
            found.add(variant)
            if variant:
                found.add(base64.b64encode(variant.encode('utf-8')).decode('ascii').rstrip('='))
    return found


def shape(data, depth=0):
    """A short description of a JSON reply: its keys and value types, integration objects as their key lists."""
    if isinstance(data, dict):
        if depth >= 1 and ('id' in data or 'displayName' in data):
            return 'object with keys %s' % ', '.join(sorted(data))
        return dict((key, shape(value, depth + 1)) for key, value in sorted(data.items()))
    if isinstance(data, list):
        if not data:
            return 'empty list'
        return 'list of %d: %s' % (len(data), json.dumps(shape(data[0], depth + 1), sort_keys=True))
    if isinstance(data, bool):
        return 'boolean %s' % json.dumps(data)
    if isinstance(data, str):
        return 'string %s' % json.dumps(data[:40]) if depth <= 1 and len(data) <= 40 else 'string'
    return type(data).__name__ if data is not None else 'null'


class Suite:
    def __init__(self, args, environ):
        self.args = args
        self.env = environ
        self.url = (environ.get('JIRA_URL') or '').rstrip('/')
        self.prefix = 'gij-test-%s-' % secrets.token_hex(4)
        self.secrets = run_secrets(environ)
        self.mask = self.secrets.mask
        validate = environ.get('JIRA_VALIDATE_CERTS', 'true').strip().lower() not in ('0', 'false', 'no', 'off')
        # The collection's client: the same authentication, TLS trust and paged reading as the modules.
        self.client = GijClient({'jira_url': self.url, 'validate_certs': validate, 'ca_path': environ.get('JIRA_CA_PATH') or None,
                                 'timeout': 60}, secrets=self.secrets, environ=environ)
        self.integrations = IntegrationService(self.client)
        self.repositories = RepositoryService(self.client)
        self.session = requests.Session()  # raw calls, to record what the server answers as it is
        self.session.trust_env = False
        self.session.headers.update({'Accept': 'application/json', 'X-Atlassian-Token': 'no-check'})
        self.session.headers.update(dict((k, v) for k, v in self.client.session.headers.items() if k == 'Authorization'))
        self.session.auth = self.client.session.auth
        self.verify = self.client.verify
        self.expected_types = {}  # name -> type of every integration this run creates (or tries to)
        self.created = {}  # id -> {id, name, type, by}: every integration of this run the suite saw created
        self.deleted = []  # {id, name, type, by}: every integration of this run deleted, by the suite or a module step
        self.notes = []
        self.wrote = False  # set before the first write
        self.workdir = tempfile.mkdtemp(prefix='gij-test-real-')
        self.child = None
        self.report = {
            'suite': 'gij.jira make test-real', 'collection_version': collection_version(), 'started': now(), 'finished': None,
            'jira_url': self.url, 'server': None, 'prefix': self.prefix,
            'result': 'running', 'problems': [], 'versions': {}, 'preflight': {}, 'types': {'tried': [], 'not_tried': {}},
            'lifecycle': {}, 'set_tasks': {}, 'observations': {}, 'emulator_comparison': {}, 'created': [], 'deleted': [],
            'cleanup': {},
        }

    # HTTP --------------------------------------------------------------------------------------------------------
    def call(self, method, path, name=None, query=None, body=None, auth=True):
        """One raw API call; returns (status, decoded JSON or None, text). ``name`` records its shape."""
        session = self.session
        if not auth:
            session = requests.Session()
            session.trust_env = False  # no ~/.netrc credentials either
            session.headers['Accept'] = 'application/json'
        kwargs = {'params': query, 'json': body, 'timeout': 60, 'verify': self.verify, 'allow_redirects': False}
        try:
            response = session.request(method, self.url + path, **kwargs)
        except requests.exceptions.RequestException as err:
            raise Refused('%s %s failed: %s' % (method, path, self.mask(str(err))[:300]))
        data = None
        if 'json' in response.headers.get('Content-Type', ''):
            try:
                data = response.json()
            except ValueError:
                data = None
        if method == 'POST':
            item = self.payload(data)
            name = item.get('displayName') if item else None
            if isinstance(name, str) and name.startswith(self.prefix) and item.get('id') is not None:
                # recorded at once: an interruption must not lose it
                self.record_created(item['id'], name, self.expected_types.get(name), 'direct API call')
        if name:
            entry = {'call': '%s %s' % (method, path.replace(self.url, '')), 'status': response.status_code,
                     'content_type': response.headers.get('Content-Type', ''), 'shape': shape(data) if data is not None else 'not JSON'}
            if response.headers.get('X-Seraph-LoginReason'):
                entry['X-Seraph-LoginReason'] = response.headers['X-Seraph-LoginReason']
            if isinstance(data, dict):
                words = [str(data.get(key)) for key in ('error', 'advice', 'message', 'errorMessages', 'errors') if data.get(key)]
                if words:
                    entry['server_text'] = ' | '.join(words)[:300]
            self.report['observations'].setdefault('reply_shapes', {})[name] = entry
        return response.status_code, data, response.text

    def our_integrations(self):
        """Integrations whose name carries this run's prefix, and all of them: every page, read as the modules read them."""
        try:
            items = self.integrations.list()
        except GijError as err:
            raise Refused('cannot list integrations: %s' % self.mask(str(err)))
        return [item for item in items if str(item.get('name') or '').startswith(self.prefix)], items

    def record_created(self, item_id, name, kind, by):
        if item_id not in self.created:
            self.created[item_id] = {'id': item_id, 'name': name, 'type': kind, 'by': by}

    def delete_own(self, item_id, by):
        """Delete an integration of this run, only after reading it back: its name must carry this run's prefix and its
        type must be the one this run created under that name. True when it is gone."""
        status, data, dummy = self.call('GET', API + '/integration/%s' % item_id)
        if status == 404 or (status == 200 and isinstance(data, dict) and not self.succeeded(data)):
            return True  # already gone
        item = self.payload(data) if status == 200 else None
        if item is None or item.get('id') != item_id:
            self.notes.append('id %s was not deleted: reading it back answered HTTP %d without it' % (item_id, status))
            return False
        name, kind = item.get('displayName'), item.get('integrationType', item.get('type'))
        if not (isinstance(name, str) and name.startswith(self.prefix) and self.expected_types.get(name) == kind):
            self.notes.append(self.mask('id %s was not deleted: it now holds %s (type %s), not an integration of this run'
                                        % (item_id, json.dumps(name)[:120], kind)))
            return False
        status, data, dummy = self.call('DELETE', API + '/integration/%s' % item_id, query={'deleteFiles': 'false'})
        if 200 <= status < 300 and self.succeeded(data):
            self.deleted.append({'id': item_id, 'name': name, 'type': kind, 'by': by})
            return True
        self.notes.append('deleting id %s answered HTTP %d' % (item_id, status))
        return False

    # preflight ---------------------------------------------------------------------------------------------------
    def preflight(self):
        status, info, dummy = self.call('GET', '/rest/api/2/serverInfo', 'jira serverInfo')
        info = info if status == 200 and isinstance(info, dict) else {}
        self.report['versions']['jira'] = info.get('version')
        self.report['server'] = 'the bundled emulator' if info.get('serverTitle') == EMULATOR_TITLE else 'a real Jira'
        status, app, dummy = self.call('GET', '/rest/plugins/1.0/com.xiplink.jira.git.jira_git_plugin-key', 'plugin manager: the app')
        app = app if status == 200 and isinstance(app, dict) else {}
        self.report['versions']['app'] = app.get('version')
        self.report['versions']['app_enabled'] = app.get('enabled')
        status, data, text = self.call('GET', API + '/integration', 'list integrations')
        self.report['preflight'] = {'list_status': status, 'app_answers': status == 200 and isinstance(data, dict)}
        if status in (401, 403):
            why = 'the credentials were rejected' if status == 401 else 'the user is not a Jira administrator'
            raise Refused('Jira refused the credentials for %s%s/integration (HTTP %d: %s); a Jira administrator\'s token, or '
                          'username and password, is needed. Nothing was written.' % (self.url, API, status, why),
                          why='the credentials were refused')
        if not self.report['preflight']['app_answers']:
            why = 'Jira answers at %s (version %s)' % (self.url, self.report['versions']['jira']) if self.report['versions']['jira'] else \
                'Jira itself does not answer at %s/rest/api/2/serverInfo either: check JIRA_URL and its context path' % self.url
            raise Refused('Git Integration for Jira does not answer at %s%s/integration (HTTP %d, %s); %s. Nothing was written.'
                          % (self.url, API, status, 'JSON' if data is not None else 'not JSON', why), why='the app does not answer')
        self.report['preflight']['integrations_before'] = len(self.our_integrations()[1])

    # types -------------------------------------------------------------------------------------------------------
    def pick_types(self):
        only = [t.strip().upper() for t in (self.env.get('GIJ_TEST_TYPES') or '').split(',') if t.strip()]
        unknown = sorted(set(only) - set(TYPES))
        if unknown:
            raise Refused('GIJ_TEST_TYPES names unknown types: %s (known: %s)' % (', '.join(unknown), ', '.join(TYPES)))
        tried = []
        for kind in TYPES:
            missing = [name for name in TYPE_ENV[kind].values() if not self.env.get(name)]
            if only and kind not in only:
                self.report['types']['not_tried'][kind] = 'not in GIJ_TEST_TYPES'
            elif missing:
                self.report['types']['not_tried'][kind] = 'needs a git host: set %s' % ' and '.join(missing)
            else:
                tried.append(kind)
        self.report['types']['tried'] = tried
        return tried

    def filespace_origin(self):
        return self.env.get('GIJ_TEST_FILESPACE_ORIGIN') or '/tmp/%s/*' % self.prefix.rstrip('-')

    def create_values(self, kind):
        """The create options of a type, in option names (secrets included: for raw calls only)."""
        values = dict(TYPE_FIXED.get(kind, {}))
        values.update((option, self.env[name]) for option, name in TYPE_ENV[kind].items())
        if kind == 'FILESPACE':
            values['origin'] = self.filespace_origin()
        return values

    # the module life cycle ---------------------------------------------------------------------------------------
    def playbook(self, kinds):
        """One play: every life cycle step as one task looping over the types, then the set module."""
        items = []
        for kind in kinds:
            fixed = dict(TYPE_FIXED.get(kind, {}))
            if kind == 'FILESPACE':
                fixed['origin'] = self.filespace_origin()
            items.append({'type': kind, 'name': self.prefix + kind, 'env': TYPE_ENV[kind], 'fixed': fixed})
            self.expected_types[self.prefix + kind] = kind

        def option_args(extra):
            args = {'name': '{{ item.name }}', 'type': '{{ item.type }}'}
            for option in CREATE_OPTIONS:
                # Only variable names travel in the loop items; the values are read where they are used.
                args[option] = ("{{ item.fixed['%s'] if '%s' in item.fixed else (lookup('ansible.builtin.env', item.env['%s']) "
                                "if '%s' in item.env else omit) }}" % ((option,) * 4))
            args.update((k, v) for k, v in extra.items() if not k.startswith('_'))
            return args

        tasks = []
        for step, extra, dummy in STEPS:
            task = {'name': step, 'gij.jira.git_integration': option_args(extra), 'loop': '{{ gij_items }}',
                    'loop_control': {'label': '{{ item.type }}'}, 'ignore_errors': True}
            if extra.get('_check'):
                task['check_mode'] = True
            tasks.append(task)
            if step == 'enable':
                tasks.append({'name': 'info', 'gij.jira.git_integration_info': {'name': '{{ item.name }}'}, 'loop': '{{ gij_items }}',
                              'loop_control': {'label': '{{ item.type }}'}, 'ignore_errors': True})
                set_items = []
                for kind in kinds:
                    entry = {'name': self.prefix + kind, 'type': kind, 'smart_commits_enabled': False, 'disabled': False}
                    entry.update((option, "{{ lookup('ansible.builtin.env', '%s') }}" % name) for option, name in TYPE_ENV[kind].items())
                    entry.update(TYPE_FIXED.get(kind, {}))
                    if kind == 'FILESPACE':
                        entry['origin'] = self.filespace_origin()
                    set_items.append(entry)
                tasks.append({'name': 'set_exclusive_check_mode', 'gij.jira.git_integrations': {'integrations': set_items, 'exclusive': True},
                              'check_mode': True, 'ignore_errors': True})
                tasks.append({'name': 'set_unchanged', 'gij.jira.git_integrations': {'integrations': set_items}, 'ignore_errors': True})
        play = {'name': 'gij.jira against a real Jira', 'hosts': 'localhost', 'gather_facts': False, 'vars': {'gij_items': items},
                'tasks': tasks}
        path = os.path.join(self.workdir, 'lifecycle.yml')
        with open(path, 'w', encoding='utf-8') as handle:
            json.dump([play], handle, indent=1)
        return path

    def run_playbook(self, path):
        results_file = path + '.results.json'
        env = dict(self.env)
        env.update({'ANSIBLE_CALLBACK_PLUGINS': CALLBACKS, 'ANSIBLE_CALLBACKS_ENABLED': 'result_file', 'GIJ_RESULT_FILE': results_file,
                    'ANSIBLE_NOCOLOR': '1', 'ANSIBLE_LOCALHOST_WARNING': 'false', 'ANSIBLE_INVENTORY_UNPARSED_WARNING': 'false',
                    'ANSIBLE_PYTHON_INTERPRETER': env.get('ANSIBLE_PYTHON_INTERPRETER') or sys.executable})
        os.makedirs(self.args.output_dir, exist_ok=True)
        log_path = os.path.join(self.args.output_dir, 'real-playbook.log')
        with open(path + '.out', 'w', encoding='utf-8') as out:
            self.child = subprocess.Popen(['ansible-playbook', path], env=env, stdout=out, stderr=subprocess.STDOUT)  # pylint: disable=consider-using-with
            try:
                self.child.wait()
            finally:
                self.stop_child()
        with open(path + '.out', encoding='utf-8') as handle:
            output = self.mask(handle.read())
        with open(log_path, 'w', encoding='utf-8') as handle:
            handle.write(output)
        try:
            with open(results_file, encoding='utf-8') as handle:
                return json.load(handle)
        except (OSError, ValueError):
            raise Refused('ansible-playbook recorded no result, see %s' % log_path)

    def stop_child(self):
        child, self.child = self.child, None
        if child is None or child.poll() is not None:
            return
        child.send_signal(signal.SIGINT)
        try:
            child.wait(20)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()

    def lifecycle(self, kinds):
        before_ids = set(item.get('id') for item in self.our_integrations()[1])
        results = self.run_playbook(self.playbook(kinds))
        by_task = dict((result['_task'], result) for result in results)
        for kind in kinds:
            self.report['lifecycle'][kind] = {}
        for step, dummy, expected in STEPS + (('info', None, False),):
            task = by_task.get(step, {})
            items = dict((r.get('item', {}).get('type'), r) for r in task.get('results', []))
            for kind in kinds:
                result = items.get(kind)
                if result is None:
                    entry = {'ok': False, 'msg': 'the step did not run'}
                else:
                    if isinstance(result.get('id'), int) and step == 'create' and not result.get('failed'):
                        self.record_created(result['id'], self.prefix + kind, kind, 'gij.jira.git_integration (step create)')
                    if isinstance(result.get('id'), int) and step == 'delete' and result.get('changed') and not result.get('failed'):
                        self.deleted.append({'id': result['id'], 'name': self.prefix + kind, 'type': kind,
                                             'by': 'gij.jira.git_integration (step delete)'})
                    entry = {'ok': not result.get('failed') and result.get('changed') is expected, 'changed': result.get('changed')}
                    if step == 'info' and entry['ok']:
                        found = result.get('integrations') or []
                        entry['ok'] = (len(found) == 1 and found[0].get('smart_commits_enabled') is False
                                       and found[0].get('disabled') is False)
                        entry['found'] = [dict((k, i.get(k)) for k in ('id', 'name', 'disabled', 'smart_commits_enabled')) for i in found]
                    if result.get('failed'):
                        entry['msg'] = self.mask(str(result.get('msg', '')))[:400]
                    elif not entry['ok']:
                        entry['msg'] = 'expected changed=%s' % expected if step != 'info' else 'expected one integration, enabled, smart commits off'
                self.report['lifecycle'][kind][step] = entry
                if not entry['ok']:
                    self.problem('%s: step %s: %s' % (kind, step, entry.get('msg')))
        for name, expect in (('set_exclusive_check_mode', True), ('set_unchanged', False)):
            result = by_task.get(name, {})
            entry = {'ok': bool(result) and not result.get('failed'), 'changed': result.get('changed'),
                     'would_delete_others': len(result.get('deleted', [])), 'unchanged': len(result.get('unchanged', []))}
            if name == 'set_unchanged':
                entry['ok'] = entry['ok'] and result.get('changed') is False and entry['unchanged'] == len(kinds)
            if result.get('failed'):
                entry['msg'] = self.mask(str(result.get('msg', '')))[:400]
            self.report['set_tasks'][name] = entry
            if not entry['ok']:
                self.problem('git_integrations %s: %s' % (name, entry.get('msg') or 'expected changed=%s' % expect))
        after_ids = set(item.get('id') for item in self.our_integrations()[1])
        lost = sorted(before_ids - after_ids, key=str)
        self.report['set_tasks']['others_untouched'] = not lost
        if lost:
            self.problem('integrations that the suite did not create disappeared during the run: ids %s' % lost)

    # raw observations --------------------------------------------------------------------------------------------
    def raw_body(self, kind, name):
        values = self.create_values(kind)
        body = dict((API_NAMES.get(option, option), value) for option, value in values.items())
        body.update(type=kind, displayName=self.prefix + name, refSpecCustom='+refs/gij-test/*:refs/gij-test/*')
        self.expected_types[body['displayName']] = kind
        if kind in ('AZURE', 'AZURE_DEVOPS', 'VSTS', 'TFS_SERVER'):
            body['tfsCollection'] = self.env.get('GIJ_TEST_%s_COLLECTION' % kind) or 'DefaultCollection'
        return values, body

    def probe_write_only(self, kind, seen_by_key):
        """Create one integration of ``kind`` with every write-only field it takes; where do they come back?"""
        dummy, body = self.raw_body(kind, 'probe-' + kind)
        status, data, dummy = self.call('POST', API + '/integration', 'create (%s)' % kind, body=body)
        created = self.payload(data)
        if not (200 <= status < 300 and created and created.get('id') is not None):
            self.problem('raw create of a %s integration failed (HTTP %d)' % (kind, status))
            return None
        seen = {'create reply': created}
        status, data, dummy = self.call('GET', API + '/integration/%s' % created['id'])
        seen['read reply'] = self.payload(data) or {}
        for key in WRITE_ONLY_API:
            if key in body:
                places = seen_by_key.setdefault(key, {})
                places[kind] = sorted(where for where, item in seen.items() if key in item) or 'never seen'
        return created['id']

    def observe(self, kinds):
        kind = 'FILESPACE' if 'FILESPACE' in kinds else kinds[0]
        obs = self.report['observations']
        values, body = self.raw_body(kind, 'raw')
        body.update(NON_DEFAULTS)
        obs['raw_type'] = kind
        status, data, dummy = self.call('POST', API + '/integration', 'create', body=body)
        created = self.payload(data)
        if not (200 <= status < 300 and created and created.get('id') is not None):
            self.problem('raw create of a %s integration failed (HTTP %d); the raw observations were skipped' % (kind, status))
            return
        raw_id = created['id']
        created_at = time.time()
        seen = {'create reply': created}
        seen_by_key = {}
        probes = dict((other, self.probe_write_only(other, seen_by_key)) for other in kinds if other != kind)
        repositories = {'wait_limit_seconds': self.args.repo_wait, 'waited_seconds': 0.0, 'appeared_after_seconds': None,
                        'count': 0, 'polls': 0}
        self.poll_repositories(raw_id, created_at, repositories)

        status, data, dummy = self.call('GET', API + '/integration/%s' % raw_id, 'read one')
        seen['read reply'] = self.payload(data) or {}
        status, data, dummy = self.call('PUT', API + '/repository/%s/disable' % raw_id, 'disable', query={'disable': 'true'})
        # An update that leaves out every field but one (and the write-only ones the type needs to be valid).
        # The identity fields go along, so that a server that resets omitted fields still has a valid integration.
        identity = {'displayName': body['displayName']}
        if created.get('origin') or body.get('origin'):
            identity['origin'] = created.get('origin') or body['origin']
        update = dict(identity, sendCommitEmails=False)
        update.update((API_NAMES[o], values[o]) for o in ('aws_region', 'folder_depth') if o in values)
        status, data, dummy = self.call('PUT', API + '/integration/%s' % raw_id, 'update', body=update)
        seen['update reply'] = self.payload(data) or {}
        status, data, dummy = self.call('GET', API + '/integration/%s' % raw_id)
        after = self.payload(data) or {}
        fields = {}
        for key, value in sorted(NON_DEFAULTS.items()):
            fields[key] = 'kept' if after.get(key) == value else 'reset (now %s)' % json.dumps(after.get(key))
        verdicts = set(v.split(' ')[0] for v in fields.values())
        obs['update_omitting_fields'] = {
            'update_body_keys': sorted(update), 'update_status': status, 'fields': fields,
            'verdict': verdicts.pop() if len(verdicts) == 1 else 'mixed',
            'disabled': 'kept' if after.get('disabled') in (True, 'true') else 'reset (now %s)' % json.dumps(after.get('disabled')),
            'sendCommitEmails applied': after.get('sendCommitEmails') is False,
        }
        obs['update_omitting_fields']['omitted_disabled'] = obs['update_omitting_fields']['disabled'].split(' ')[0]
        if any(o in values for o in ('aws_region', 'folder_depth')):
            status, data, dummy = self.call('PUT', API + '/integration/%s' % raw_id, 'update without write-only fields',
                                            body=dict(identity, sendCommitEmails=True))
            obs['update_omitting_write_only'] = {'omitted': sorted(API_NAMES[o] for o in ('aws_region', 'folder_depth') if o in values),
                                                 'status': status, 'accepted': 200 <= status < 300 and self.succeeded(data)}
        status, data, dummy = self.call('GET', API + '/integration')
        listed = [i for i in (data or {}).get('integrations', []) if isinstance(i, dict) and i.get('id') == raw_id]
        if listed:  # on a paging server it may be on another page: then the list is not a place it was seen in
            seen['list item'] = listed[0]
        for key in WRITE_ONLY_API:
            if key in body:
                seen_by_key.setdefault(key, {})[kind] = sorted(where for where, item in seen.items() if key in item) or 'never seen'
        obs['write_only_returned'] = dict((key, seen_by_key.get(key, 'not tried: no tried type takes it')) for key in WRITE_ONLY_API)

        status, data, dummy = self.call('POST', API + '/integration', 'create with a duplicate display name', body=body)
        duplicate = self.payload(data) if 200 <= status < 300 and self.succeeded(data) else None
        obs['duplicate_display_names'] = {'status': status, 'accepted': bool(duplicate and duplicate.get('id') is not None)}
        if duplicate and duplicate.get('id') is not None:
            self.delete_own(duplicate['id'], 'observation: duplicate display names')

        self.expected_types[self.prefix + 'invalid'] = 'NOT_A_TYPE'
        status, data, dummy = self.call('POST', API + '/integration', 'create with an unknown type',
                                        body={'type': 'NOT_A_TYPE', 'displayName': self.prefix + 'invalid'})
        obs['invalid_create'] = {'status': status, 'success_flag': (data or {}).get('success') if isinstance(data, dict) else None}
        accepted = self.payload(data) if 200 <= status < 300 and self.succeeded(data) else None
        if accepted and accepted.get('id') is not None:
            self.delete_own(accepted['id'], 'observation: create with an unknown type')
        self.call('GET', API + '/integration', auth=False, name='list without credentials')

        self.poll_repositories(raw_id, created_at, repositories, until_found=True)
        obs['repositories_after_create'] = dict(repositories, type=kind)
        for other, probe_id in sorted(probes.items()):
            if probe_id is not None:
                obs['repositories_after_create']['%s: repositories by the end' % other] = len(self.repositories_of(probe_id))
                self.delete_own(probe_id, 'observation: write-only fields (%s)' % other)

        # Deleting a missing id is not tried: on a server that reuses ids, the id may already be someone else's.
        self.delete_own(raw_id, 'observation: raw calls')
        status, data, dummy = self.call('GET', API + '/integration/%s' % raw_id, 'read a missing id')
        item = self.payload(data) if status == 200 and self.succeeded(data) else None
        obs['read_missing_id'] = {'status': status, 'success_flag': data.get('success') if isinstance(data, dict) else None,
                                  'server_text': obs['reply_shapes']['read a missing id'].get('server_text'),
                                  'id_given_to_another_integration': bool(item and item.get('id') == raw_id)}

    @staticmethod
    def payload(data):
        if not isinstance(data, dict):
            return None
        item = data.get('integration', data.get('integrations', data))
        if isinstance(item, list):
            item = item[0] if item else None
        return item if isinstance(item, dict) else None

    @staticmethod
    def succeeded(data):
        flag = data.get('success', True) if isinstance(data, dict) else True
        return flag is True or str(flag).lower() == 'true'

    def repositories_of(self, integration_id):
        """The ids of an integration's repositories, read from every page as the modules read them."""
        try:
            return self.repositories.of_integration(integration_id)
        except GijError as err:
            self.notes.append('listing repositories failed: %s' % self.mask(str(err)))
            return []

    def poll_repositories(self, raw_id, created_at, record, until_found=False):
        deadline = created_at + self.args.repo_wait
        while True:
            if not record['polls']:
                self.call('GET', API + '/repository', 'list repositories')  # its reply shape, once
            mine = self.repositories_of(raw_id)
            record['polls'] += 1
            record['waited_seconds'] = round(time.time() - created_at, 1)
            if mine:
                record['count'] = len(mine)
                if record['appeared_after_seconds'] is None:
                    record['appeared_after_seconds'] = record['waited_seconds']
            if not until_found or mine or time.time() >= deadline:
                return
            time.sleep(min(self.args.repo_interval, max(0.0, deadline - time.time())))

    # comparison with the emulator --------------------------------------------------------------------------------
    def compare(self):
        obs = self.report['observations']
        server = {
            'omitted_fields': obs.get('update_omitting_fields', {}).get('verdict'),
            'omitted_disabled': obs.get('update_omitting_fields', {}).get('omitted_disabled'),
            'missing_status': obs.get('read_missing_id', {}).get('status'),
            'invalid_status': obs.get('invalid_create', {}).get('status'),
        }
        matching = [name for name, reading in sorted(EMULATOR_READINGS.items()) if all(server[k] == v for k, v in reading.items())]
        self.report['emulator_comparison'] = {
            'server': server, 'readings': EMULATOR_READINGS, 'reading': matching[0] if matching else 'neither',
            'differences': dict((name, sorted(k for k, v in reading.items() if server[k] != v)) for name, reading in EMULATOR_READINGS.items()),
        }

    # clean-up ----------------------------------------------------------------------------------------------------
    def cleanup(self):
        """Delete every integration of this run still there: found by its prefix on every page, each read back first."""
        before = len(self.deleted)
        try:
            ours = self.our_integrations()[0]
            for item in ours:
                # deleteFiles=false always (in delete_own): a tracked folder's "clones" are the original repositories.
                self.delete_own(item['id'], 'clean-up')
            left = [dict((k, item.get(k)) for k in ('id', 'name', 'type')) for item in self.our_integrations()[0]]
        except Refused as err:
            gone = set(entry['id'] for entry in self.deleted)
            maybe = sorted((i for i in self.created if i not in gone), key=str)
            self.report['cleanup'] = {'error': str(err), 'deleted_ids': [e['id'] for e in self.deleted[before:]],
                                      'left_ids': None, 'maybe_left_ids': maybe, 'notes': self.notes}
            self.problem('clean-up could not read the integrations (%s), so it cannot say what is left: check the ids %s and '
                         'any integration whose name starts with %s, and delete them by hand' % (err, maybe, self.prefix))
            return
        self.report['cleanup'] = {'deleted_ids': [e['id'] for e in self.deleted[before:]], 'left_ids': [i['id'] for i in left],
                                  'left': left, 'notes': self.notes}
        if left:
            self.problem('clean-up left integrations %s (names start with %s): delete them by hand' % (
                ', '.join('%s (id %s)' % (json.dumps(i['name']), i['id']) for i in left), self.prefix))

    def problem(self, text):
        self.report['problems'].append(self.mask(text))

    # the run -----------------------------------------------------------------------------------------------------
    def run(self):
        try:
            self.preflight()
            kinds = self.pick_types()
            if not kinds:
                raise Refused('no type to try: GIJ_TEST_TYPES excludes every type whose settings are present', why=NO_TYPE)
            self.wrote = True
            self.lifecycle(kinds)
            self.observe(kinds)
            self.compare()
            self.report['result'] = 'failed' if self.report['problems'] else 'passed'
        except Interrupted:
            self.stop_child()
            self.report['result'] = 'interrupted'
            self.problem('interrupted: the report is partial')
        except Refused as err:
            self.stop_child()
            # Before the first write, a failure is a refusal; a connection that fails then means the app does not answer.
            self.report['result'] = 'failed' if self.wrote else 'refused: %s' % (err.why or 'the app does not answer')
            self.problem(str(err))
        finally:
            previous = dict((sig, signal.signal(sig, self.during_cleanup)) for sig in (signal.SIGINT, signal.SIGTERM))
            try:
                if self.report['preflight'].get('app_answers'):
                    self.cleanup()
            finally:
                for sig, handler in previous.items():
                    signal.signal(sig, handler)
                shutil.rmtree(self.workdir, True)  # the playbook and its raw output: only the masked copies stay
                self.report['created'] = sorted(self.created.values(), key=lambda entry: str(entry['id']))
                self.report['deleted'] = self.deleted
                self.report['finished'] = now()
                self.write_report()
        result = self.report['result']
        if result.startswith('refused: '):
            return 2 if result == 'refused: %s' % NO_TYPE else 3
        return {'passed': 0, 'interrupted': 130}.get(result, 1)

    @staticmethod
    def during_cleanup(signum, frame):
        sys.stderr.write('test-real: removing the integrations it created first, please wait\n')

    # report ------------------------------------------------------------------------------------------------------
    def masked(self, value):
        if isinstance(value, dict):
            return dict((self.mask(key), self.masked(item)) for key, item in value.items())
        if isinstance(value, list):
            return [self.masked(item) for item in value]
        return self.mask(value) if isinstance(value, str) else value

    def write_report(self):
        os.makedirs(self.args.output_dir, exist_ok=True)
        json_path = os.path.join(self.args.output_dir, 'real-report.json')
        md_path = os.path.join(self.args.output_dir, 'real-report.md')
        # Masked string by string first: json.dumps would escape a secret's JSON-escaped form into a form of its own.
        report = self.masked(json.loads(json.dumps(self.report, default=str)))
        with open(json_path, 'w', encoding='utf-8') as handle:
            handle.write(self.mask(json.dumps(report, indent=1, sort_keys=True)) + '\n')
        with open(md_path, 'w', encoding='utf-8') as handle:
            handle.write(self.mask(markdown(report)))
        sys.stdout.write('test-real: %s. Report: %s and %s\n' % (self.report['result'], md_path, json_path))
        for text in self.report['problems']:
            sys.stdout.write('  - %s\n' % text)


def markdown(report):
    emulator = report.get('server') == 'the bundled emulator'
    lines = ['# gij.jira against %s (make test-real)' % ('the bundled emulator' if emulator else 'the Jira at %s' % report['jira_url']), '']
    if emulator:
        lines += ['**This server is the API emulator bundled with gij.jira** (its serverInfo says "%s"), not a real Jira: '
                  'this report shows how the suite works, and says nothing about your Jira.' % EMULATOR_TITLE, '']
    lines += ['- Jira: %s, version %s' % (report['jira_url'], report['versions'].get('jira') or 'unknown'),
              '- Git Integration for Jira: version %s, enabled: %s' % (
                  report['versions'].get('app') or 'unknown', _unknown(report['versions'].get('app_enabled'))),
              '- Run: %s to %s, name prefix `%s`, gij.jira %s' % (
                  report['started'], report['finished'], report['prefix'], report.get('collection_version')),
              '- Result: **%s**' % report['result'], '']
    if report['problems']:
        lines += ['## Problems', ''] + ['- %s' % text for text in report['problems']] + ['']
    comparison = report.get('emulator_comparison') or {}
    if comparison:
        lines += ['## The bundled emulator\'s update readings', '',
                  'This server behaves like the emulator\'s **%s** reading.' % comparison['reading'], '',
                  '| question | this server | emulator lenient | emulator --strict |', '|---|---|---|---|']
        for key in sorted(comparison['server']):
            readings = comparison['readings']
            lines.append('| %s | %s | %s | %s |' % (key, comparison['server'][key], readings['lenient'][key], readings['strict'][key]))
        lines.append('')
    types = report['types']
    lines += ['## Types', '', 'Tried: %s' % (', '.join(types['tried']) or 'none'), '']
    if types['not_tried']:
        lines += ['Not tried:', ''] + ['- %s: %s' % item for item in sorted(types['not_tried'].items())] + ['']
    if report['lifecycle']:
        steps = [step for step, dummy, dummy in STEPS] + ['info']
        lines += ['## Module life cycle', '', '| type | %s |' % ' | '.join(steps), '|---|%s' % ('---|' * len(steps))]
        for kind, entries in sorted(report['lifecycle'].items()):
            cells = [('ok' if entries.get(step, {}).get('ok') else 'FAILED') for step in steps]
            lines.append('| %s | %s |' % (kind, ' | '.join(cells)))
        lines.append('')
        for kind, entries in sorted(report['lifecycle'].items()):
            for step, entry in entries.items():
                if not entry.get('ok'):
                    lines.append('- %s / %s: %s' % (kind, step, entry.get('msg')))
        lines += ['', 'git_integrations: %s' % json.dumps(report['set_tasks'], sort_keys=True), '']
        others = (report['set_tasks'].get('set_exclusive_check_mode') or {}).get('would_delete_others')
        if others is not None:
            lines += ['`would_delete_others: %s`: run with `exclusive: true` **in check mode only**, git_integrations would '
                      'have deleted %s integration(s) that this run did not create (this Jira\'s own integrations). Check mode '
                      'writes nothing: none of them was deleted, and `others_untouched: %s` confirms that every integration '
                      'that was there before the run is still there.' % (others, others, json.dumps(report['set_tasks'].get('others_untouched'))), '']
    obs = report['observations']
    if obs:
        lines += ['## What the server did (open questions of api-notes.md section 10)', '']
        for key in ('update_omitting_fields', 'update_omitting_write_only', 'write_only_returned', 'duplicate_display_names',
                    'read_missing_id', 'invalid_create', 'repositories_after_create'):
            if key in obs:
                lines.append('- **%s**: `%s`' % (key.replace('_', ' '), json.dumps(obs[key], sort_keys=True)))
        lines += ['', '### Reply shapes', '', '| call | status | content type | shape | server text |', '|---|---|---|---|---|']
        for name, entry in sorted(obs.get('reply_shapes', {}).items()):
            lines.append('| %s (`%s`) | %s | %s | `%s` | %s |' % (name, entry['call'], entry['status'], entry['content_type'],
                                                                  json.dumps(entry['shape'], sort_keys=True).replace('|', '\\|'),
                                                                  entry.get('server_text', '').replace('|', '\\|')))
        lines.append('')
    for title, key in (('What this run created', 'created'), ('What this run deleted', 'deleted')):
        entries = report.get(key) or []
        lines += ['## %s' % title, '']
        if entries:
            lines += ['| id | name | type | by |', '|---|---|---|---|']
            lines += ['| %s | `%s` | %s | %s |' % (e['id'], e['name'], e['type'], e['by']) for e in entries]
        else:
            lines.append('Nothing.')
        lines.append('')
    lines.append('It deletes an integration only after reading it back: its name must start with `%s` and its type must be '
                 'the one this run created under that name. It deleted nothing else.' % report['prefix'])
    lines.append('')
    if report['cleanup']:
        lines += ['## Clean-up', '', '`%s`' % json.dumps(report['cleanup'], sort_keys=True), '']
    return '\n'.join(lines)


def _unknown(value):
    return 'unknown' if value is None else json.dumps(value)


def raise_interrupted(signum, frame):
    raise Interrupted()


def main(argv=None, environ=None):
    parser = argparse.ArgumentParser(description='gij.jira against a real Jira with Git Integration for Jira (docs/test-real.md)')
    parser.add_argument('--output-dir', default=os.path.join(ROOT, 'tests', 'output'))
    parser.add_argument('--repo-wait', type=float, default=120.0, help='seconds to wait for repositories to appear after a create')
    parser.add_argument('--repo-interval', type=float, default=10.0, help='seconds between two looks at the repository list')
    args = parser.parse_args(argv)
    environ = dict(os.environ if environ is None else environ)
    why = refusal(environ)
    if why:
        sys.stderr.write(why + '\n')
        return 2
    token, user, password = environ.get('JIRA_TOKEN'), environ.get('JIRA_USERNAME'), environ.get('JIRA_PASSWORD')
    if bool(token) == bool(user or password) or (not token and not (user and password)):
        sys.stderr.write('test-real: refused: no credentials. Set JIRA_TOKEN, or JIRA_USERNAME and JIRA_PASSWORD (one method, '
                         'of a Jira administrator).\n')
        return 2
    try:
        suite = Suite(args, environ)
    except GijError as err:
        sys.stderr.write('test-real: refused: %s\n' % run_secrets(environ).mask(str(err)))
        return 2
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, raise_interrupted)
    sys.stdout.write('test-real: against %s, name prefix %s\n' % (suite.url, suite.prefix))
    sys.stdout.flush()
    return suite.run()


if __name__ == '__main__':
    sys.exit(main())
