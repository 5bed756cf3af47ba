# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""HTTP client for the Git Integration for Jira REST API, shared by every module.

One ``GijClient.request`` does transport, retries, and maps every failure to a one-line ``GijError``
that names the action and the object; it never includes a request body.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import time
import traceback
from urllib.parse import quote, urlsplit

from ansible.module_utils.basic import AnsibleFallbackNotFound, missing_required_lib

REQUESTS_IMPORT_ERROR = None
try:
    import requests
    from requests.utils import get_environ_proxies
except ImportError:
    requests = None
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

USER_AGENT = 'gij.jira-ansible-collection'
# Bounded retries for idempotent requests: the waits between attempts, in seconds.
RETRY_WAITS = (0.5, 1.0, 2.0)
RETRY_AFTER_CAP = 10.0
RETRY_STATUSES = (429, 502, 503, 504)


def set_env_fallback(*names):
    """Like env_fallback, but an empty variable counts as unset (AWX injects empty credential fields as '')."""
    for name in names:
        if os.environ.get(name):
            return os.environ[name]
    raise AnsibleFallbackNotFound


CONNECTION_ARGUMENT_SPEC = dict(
    jira_url=dict(type='str', required=True, aliases=['url'], fallback=(set_env_fallback, ['JIRA_URL'])),
    jira_username=dict(type='str'),
    jira_password=dict(type='str', no_log=True),
    jira_token=dict(type='str', no_log=True),
    validate_certs=dict(type='bool', default=True, fallback=(set_env_fallback, ['JIRA_VALIDATE_CERTS'])),
    ca_path=dict(type='path', fallback=(set_env_fallback, ['JIRA_CA_PATH'])),
    timeout=dict(type='int', default=30),
)
AUTH_ENVIRONMENT = ('JIRA_TOKEN', 'JIRA_USERNAME', 'JIRA_PASSWORD')


class GijError(Exception):
    """A failure to report to the user as one line."""

    def __init__(self, message, status=None, missing=False, ambiguous=False):
        super(GijError, self).__init__(message)
        self.status = status
        self.missing = missing  # the object does not exist on the server
        self.ambiguous = ambiguous  # the request may or may not have been applied


def resolve_auth(params, environ=None):
    """Pick the one auth method: task/module_defaults first, the environment only when they give none.

    Returns ``(token, username, password)``; raises GijError with a clear message otherwise.
    """
    environ = os.environ if environ is None else environ
    token, username, password = params.get('jira_token'), params.get('jira_username'), params.get('jira_password')
    source = 'task'
    if not (token or username or password):
        token, username, password = environ.get('JIRA_TOKEN'), environ.get('JIRA_USERNAME'), environ.get('JIRA_PASSWORD')
        source = 'environment'
    names = {'task': ('jira_token', 'jira_username', 'jira_password'), 'environment': AUTH_ENVIRONMENT}[source]
    if token and (username or password):
        raise GijError('Give one authentication method, not both: %s, or %s with %s (both came from the %s).'
                       % (names[0], names[1], names[2], source))
    if token:
        return token, None, None
    if username and password:
        return None, username, password
    if username or password:
        missing = names[2] if username else names[1]
        raise GijError('%s is missing: basic authentication needs %s and %s (from the %s).' % (missing, names[1], names[2], source))
    raise GijError('No Jira credentials: set jira_token (a personal access token) or jira_username and jira_password, '
                   'in the task, in module_defaults, or as JIRA_TOKEN / JIRA_USERNAME and JIRA_PASSWORD in the environment.')


def payload_of(data, key_single='integration', key_many='integrations'):
    """The object or list a reply carries, whatever documented shape it uses (gij-api.md section 3)."""
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        return None
    for key in (key_single, key_many):
        if key in data:
            return data[key]
    return data


def succeeded(data, status):
    flag = data.get('success') if isinstance(data, dict) else None
    if flag is None:
        return 200 <= status < 300
    if isinstance(flag, str):
        return flag.strip().lower() == 'true'
    return bool(flag)


def server_message(data):
    """The server's own words from a failure body: error, advice and the Jira error fields."""
    if not isinstance(data, dict):
        return ''
    parts = []
    for key in ('error', 'advice', 'message', 'errorMessages', 'errors'):
        value = data.get(key)
        if isinstance(value, dict):
            value = '; '.join('%s: %s' % item for item in sorted(value.items()))
        elif isinstance(value, list):
            value = '; '.join(str(item) for item in value)
        if value:
            parts.append(str(value).strip().rstrip('.') + '.')
    return ' '.join(parts)


def is_not_found(data):
    return 'does not exist' in server_message(data).lower() or 'not found' in server_message(data).lower()


class GijClient:
    """Talks to one Jira with the connection options in ``params``; every failure is raised as GijError."""

    def __init__(self, params, secrets_out=None, environ=None, sleep=time.sleep):
        if requests is None:
            raise GijError(missing_required_lib('requests'))
        environ = os.environ if environ is None else environ
        self.base_url = params['jira_url'].rstrip('/')
        if not urlsplit(self.base_url).scheme in ('http', 'https') or not urlsplit(self.base_url).netloc:
            raise GijError('jira_url must be an http:// or https:// URL such as https://jira.example.com, got %r.' % params['jira_url'])
        self.timeout = params.get('timeout') or 30
        if self.timeout <= 0:
            raise GijError('timeout must be a positive number of seconds.')
        token, username, password = resolve_auth(params, environ)
        if secrets_out is not None:
            secrets_out.extend(value for value in (token, password) if value)
        self.session = requests.Session()
        # The environment must not override what the task says: no REQUESTS_CA_BUNDLE over ca_path,
        # no ~/.netrc over the Authorization header. Proxies are taken from the environment below.
        self.session.trust_env = False
        self.session.headers.update({'Accept': 'application/json', 'User-Agent': USER_AGENT})
        if token:
            self.session.headers['Authorization'] = 'Bearer %s' % token
        else:
            self.session.auth = (username, password)
        self.verify = self._trust(params, environ)
        self.proxies = get_environ_proxies(self.base_url)
        self.sleep = sleep

    @staticmethod
    def _trust(params, environ):
        if not params.get('validate_certs', True):
            # The user chose this; a warning on every request would only bury the task output.
            requests.packages.urllib3.disable_warnings(requests.packages.urllib3.exceptions.InsecureRequestWarning)
            return False
        if params.get('ca_path'):
            if not os.path.isfile(params['ca_path']):
                raise GijError('ca_path %s is not a readable file (a PEM bundle of trusted CA certificates).' % params['ca_path'])
            return params['ca_path']
        return environ.get('REQUESTS_CA_BUNDLE') or environ.get('CURL_CA_BUNDLE') or True

    def url(self, path, version='1.0'):
        return '%s/rest/gitplugin/%s%s' % (self.base_url, version, path)

    def request(self, method, path, action, query=None, body=None, retry=None, version='1.0'):
        """Send one API call; return the decoded JSON reply of a successful call.

        ``action`` names what is being done, e.g. "update integration 'GitHub' (id 3)", for messages.
        Idempotent methods are retried on transport faults and 429/502/503/504; POST only on 429.
        """
        retry = method != 'POST' if retry is None else retry
        attempt = 0
        while True:
            attempt += 1
            try:
                response = self.session.request(
                    method, self.url(path, version), params=query, json=body, timeout=self.timeout,
                    verify=self.verify, proxies=self.proxies, allow_redirects=False,
                    headers={'X-Atlassian-Token': 'no-check'} if method != 'GET' else None)
            except requests.exceptions.SSLError as err:
                raise GijError('Cannot %s: TLS verification of %s failed (%s). Trust the Jira CA with ca_path, '
                               'or set validate_certs to false for testing.' % (action, self.base_url, _reason(err)))
            except requests.exceptions.Timeout:
                if retry and attempt <= len(RETRY_WAITS):
                    self.sleep(RETRY_WAITS[attempt - 1])
                    continue
                raise GijError('Cannot %s: no answer from %s within %s seconds (timeout) after %d attempt(s).'
                               % (action, self.base_url, self.timeout, attempt), ambiguous=method != 'GET')
            except requests.exceptions.ConnectionError as err:
                if retry and attempt <= len(RETRY_WAITS):
                    self.sleep(RETRY_WAITS[attempt - 1])
                    continue
                raise GijError('Cannot %s: connection to %s failed (%s) after %d attempt(s).'
                               % (action, self.base_url, _reason(err), attempt), ambiguous=method != 'GET')
            if response.status_code in RETRY_STATUSES and attempt <= len(RETRY_WAITS) and (retry or response.status_code == 429):
                self.sleep(_retry_wait(response, attempt))
                continue
            return self._decode(response, action, attempt, version)

    def delete(self, path, action, query):
        """DELETE; True if it was deleted, False if the server says it does not exist (already gone)."""
        try:
            self.request('DELETE', path, action, query=query)
        except GijError as err:
            if err.missing:
                return False
            raise
        return True

    def set_disabled(self, item_id, disabled, action):
        """The enable/disable endpoint: under /repository/ but it takes integration ids too (gij-api.md section 2)."""
        self.request('PUT', '/repository/%s/disable' % quote_id(item_id), action, query={'disable': 'true' if disabled else 'false'})

    def _decode(self, response, action, attempt, version='1.0'):
        status = response.status_code
        headers = response.headers
        prefix = 'Cannot %s: HTTP %d' % (action, status)
        if 300 <= status < 400:
            raise GijError('%s: Jira redirected to %s (a login or SSO page). Redirects are not followed: use a personal '
                           'access token (jira_token) and the real base URL in jira_url.' % (prefix, headers.get('Location', '?')), status)
        if status == 401:
            raise GijError('%s: Jira rejected the credentials (%s). Check jira_username/jira_password or jira_token; if basic '
                           'authentication is disabled on this Jira, use a personal access token.'
                           % (prefix, headers.get('X-Seraph-LoginReason', 'not authenticated')), status)
        if status == 403 and 'captcha' in headers.get('X-Authentication-Denied-Reason', '').lower():
            raise GijError('%s: Jira requires a CAPTCHA after too many failed logins. Log in once through the browser '
                           'to clear it, then fix the credentials.' % prefix, status)
        seraph = headers.get('X-Seraph-LoginReason', '')
        if 'AUTHENTICATION_DENIED' in seraph or 'AUTHENTICATED_FAILED' in seraph or headers.get('X-AUSERNAME') == 'anonymous':
            raise GijError('%s: Jira served the request anonymously (X-Seraph-LoginReason: %s): the credentials were refused.'
                           % (prefix, seraph or 'none'), status)
        data = None
        if 'json' in headers.get('Content-Type', '').lower():
            try:
                # json.loads on the bytes: no text decoding pass over a list reply that can be megabytes long.
                data = json.loads(response.content)
            except ValueError:
                raise GijError('%s: the reply is not valid JSON.' % prefix, status)
        if status == 403:
            raise GijError('%s: the user is not allowed to manage Git Integration for Jira (a Jira administrator is '
                           'required). %s' % (prefix, server_message(data)), status)
        if status == 404 and data is None:
            raise GijError('%s: %s/rest/gitplugin/%s was not found. Check jira_url (including a context path such as /jira) and '
                           'that Git Integration for Jira is installed and enabled%s.'
                           % (prefix, self.base_url, version, '' if version == '1.0' else ' (version 4.17 or later for this call)'),
                           status, missing=False)
        if data is None:
            if 200 <= status < 300:
                raise GijError('%s: Jira answered with an HTML page instead of JSON (a login or SSO page?): authentication failed.'
                               % prefix, status)
            raise GijError('%s%s.' % (prefix, ' after %d attempts' % attempt if attempt > 1 else ''), status)
        if not (200 <= status < 300) or not succeeded(data, status):
            message = server_message(data) or 'the server reported a failure without details.'
            raise GijError('%s: %s' % (prefix, message), status, missing=status == 404 or is_not_found(data))
        return data


def single_object(payload, noun):
    """The one object a reply carries: read-one replies wrap it in a one-element list."""
    if isinstance(payload, list):
        payload = payload[0] if payload else None
    if payload is not None and not isinstance(payload, dict):
        raise GijError('The server answered with an unexpected %s shape.' % noun)
    return payload


def _retry_wait(response, attempt):
    try:
        return min(float(response.headers.get('Retry-After', '')), RETRY_AFTER_CAP)
    except ValueError:
        return RETRY_WAITS[attempt - 1]


def _reason(err):
    """The innermost, credential-free reason of a requests exception."""
    reason = err
    while getattr(reason, 'args', None) and isinstance(reason.args[0], BaseException):
        reason = reason.args[0]
    reason = getattr(reason, 'reason', reason)
    text = str(reason)
    for marker in ('Connection refused', 'Name or service not known', 'certificate verify failed', 'timed out',
                   'Connection reset', 'Remote end closed connection'):
        if marker.lower() in text.lower():
            return marker
    return text.split(': ', 1)[-1][:200]


def new_client(module):
    """A GijClient for an AnsibleModule; fails the module with a clear message on bad settings."""
    if requests is None:
        module.fail_json(msg=missing_required_lib('requests'), exception=REQUESTS_IMPORT_ERROR)
    env_secrets = []
    try:
        client = GijClient(module.params, secrets_out=env_secrets)
    except GijError as err:
        module.fail_json(msg=str(err))
    # Credentials from the environment are not parameters, so Ansible does not know to hide them.
    module.no_log_values.update(env_secrets)
    return client


def quote_id(value):
    return quote(str(value), safe='')
