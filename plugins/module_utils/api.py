# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""HTTP client for the Git Integration for Jira REST API, shared by every module.

``GijClient.request`` does transport, retries and the mapping of every failure to a one-line ``GijError`` that
names the action; it never includes a request body. The ``expect_*`` functions check that a reply has the shape
its call documents: a reply of any other shape is an error that names the call and what came back, never data.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import html
import json
import math
import os
import re
import socket
import threading
import time
import traceback
import zlib
from urllib.parse import quote, quote_plus, unquote, unquote_plus, urlsplit

from ansible.module_utils.basic import AnsibleFallbackNotFound

REQUESTS_IMPORT_ERROR = None
try:
    import requests
    import urllib3
    from requests.utils import get_environ_proxies
except ImportError:
    requests = urllib3 = None
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

USER_AGENT = 'gij.jira-ansible-collection'
GITPLUGIN = '/rest/gitplugin/1.0'
GITPLUGIN_2 = '/rest/gitplugin/2.0'
SERVER_INFO = '/rest/api/2/serverInfo'
# Bounded retries of a read, or of a write that did not reach the app: the waits between attempts, in seconds.
RETRY_WAITS = (0.5, 1.0, 2.0)
RETRY_AFTER_CAP = 10.0
RETRY_STATUSES = (429, 502, 503, 504)
# timeout: at most an hour per attempt (a socket cannot wait 1e20 seconds, and no Jira needs more).
TIMEOUT_LIMIT = 3600
# What one reply may decode to: 16 MiB, seven times a list of 5,000 integrations (about 2.3 MB).
REPLY_LIMIT = 16 << 20
# Server text shown to the user is cut to this many characters.
SERVER_TEXT_LIMIT = 300
CONTROL_CHARACTERS = re.compile(r'[\x00-\x1f\x7f]')


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

    named_id = None  # the id a write's unclear answer named, if any

    def __init__(self, message, status=None, missing=False, outcome_unknown=False, transient=False, quiet=False,
                 accepted=False):
        super(GijError, self).__init__(message)
        self.status = status
        self.missing = missing  # the object does not exist on the server
        # A write was sent and its answer does not show whether it was applied: the server must be read to tell.
        self.outcome_unknown = outcome_unknown
        self.transient = transient  # a 5xx or a broken exchange: the same write may succeed when sent again
        self.quiet = quiet  # a plain success that only lacks the object: reading it back is routine, not news
        self.accepted = accepted  # the app answered with success (in JSON), whatever else the reply lacks


class Secrets:
    """Every secret of a task, and every form it can take in text a server sends back.

    ``mask`` first replaces the forms a secret takes in text (raw, JSON-escaped, URL-encoded, base64, ...). When any
    decoding of what is left still reveals a secret (an escape the forms do not foresee: ``\\/``, ``\\u20AC``,
    ``&#47;``, lower-case ``%2f``, an escape doubled), the text is unescaped and masked again, round by round; when
    even that leaves doubt, the text is left out. The forms are worked out only when a text is masked: a set of
    thousands of items must not pay for them.
    """

    def __init__(self):
        self.values = set()
        self._forms = None
        self._pattern = None

    def add(self, value):
        if maskable(value):
            self.values.add(str(value))
            self._forms = self._pattern = None

    def add_basic(self, username, password):
        """The Authorization header of basic auth carries base64('user:password')."""
        self.add(password)
        self.add(_b64('%s:%s' % (username, password)))

    def forms(self):
        if self._forms is None:
            forms = set()
            for value in self.values:
                as_json = json.dumps(value)[1:-1]
                forms.update((value, as_json, as_json.replace('/', '\\/'), json.dumps(value, ensure_ascii=False)[1:-1],
                              html.escape(value), quote(value, safe=''), quote_plus(value), quote(value), _b64(value)))
            self._forms = sorted(forms, key=len, reverse=True)
        return self._forms

    def pattern(self):
        """One regular expression that finds any secret raw, or the first or second half of a long one."""
        if self._pattern is None:
            parts = set(self.values)
            for value in self.values:
                if len(value) >= 2 * PART_LENGTH:
                    parts.update((value[:len(value) // 2], value[len(value) // 2:]))
            self._pattern = re.compile('|'.join(re.escape(part) for part in sorted(parts, key=len, reverse=True)))
        return self._pattern

    def mask(self, text):
        """``text`` with every secret replaced by ********; WITHHELD when that cannot be made sure of."""
        text = self._mask_forms(str(text))
        if not self.values or not self.revealed(text):
            return text
        # Undo one escape at a time, masking after each, until a text reveals nothing in any decoding: the first such
        # text is the one closest to what the server sent.
        seen, frontier = {text}, [text]
        for dummy in range(UNESCAPE_ROUNDS):
            frontier = [new for item in frontier for new in self._unescaped_once(item) if new not in seen]
            seen.update(frontier)
            for item in frontier:
                if not self.revealed(item):
                    return CONTROL_CHARACTERS.sub(' ', item)
            if not frontier or len(seen) > UNESCAPINGS_LIMIT:
                break
        return WITHHELD

    def mask_data(self, data):
        """``data`` (a result: dicts, lists, strings) with every secret masked in every string, keys included: the
        server may echo one anywhere, in any form, and Ansible's no_log masks the raw value in values only. A text that
        repeats (a type, a URL) is masked once."""
        if not self.values:
            return data
        done = {}

        def text(value):
            if value not in done:
                done[value] = self.mask(value)
            return done[value]

        def walk(value):
            if isinstance(value, dict):
                return dict((text(key) if isinstance(key, str) else key, walk(item)) for key, item in value.items())
            if isinstance(value, (list, tuple)):
                return [walk(item) for item in value]
            return text(value) if isinstance(value, str) else value
        return walk(data)

    def _unescaped_once(self, text):
        """``text`` with one kind of escape undone (each kind in turn), every secret then in view masked."""
        texts = [self._mask_forms(unescape(text)) for unescape in UNESCAPES + (unquote_plus,)]
        texts.append(B64_RUN.sub(lambda run: '********' if self.revealed_in_bytes(_b64_decoded(run.group(0))) else run.group(0),
                                 text))
        return texts

    def _mask_forms(self, text):
        for form in self.forms():
            if form in text:
                text = text.replace(form, '********')
        return text

    def revealed(self, text, depth=2):
        """Whether a secret (or half of a long one) shows in ``text`` or in any decoding of it, or the escapes do not
        come undone within bounds."""
        texts = _unescapings(text)
        if texts is None:
            return True
        pattern = self.pattern()
        for item in texts:
            if pattern.search(item):
                return True
            if depth and any(self.revealed_in_bytes(_b64_decoded(run), depth - 1) for run in B64_RUN.findall(item)):
                return True
        return False

    def revealed_in_bytes(self, data, depth=1):
        return bool(data) and self.revealed(data.decode('utf-8', 'replace'), depth)


# Masking: how many rounds of unescaping it undoes (an escape doubled is two rounds) and how many texts undoing them
# in every order may make; beyond either, the text is left out.
UNESCAPE_ROUNDS = 6
UNESCAPINGS_LIMIT = 200
# Half of a secret this long or longer counts as shown (a server that decoded part of it must not show the rest).
PART_LENGTH = 8
WITHHELD = "(the server's text is left out: it may hold a secret of the task in a form that cannot be masked)"
BACKSLASH_ESCAPE = re.compile(r'\\(u\{[0-9a-fA-F]{1,6}\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)', re.S)
BACKSLASH_CHARACTERS = dict((letter, ' ') for letter in 'ntrbf0')  # a secret never holds a control character
B64_RUN = re.compile(r'[A-Za-z0-9+/_-]{4,}={0,2}')


def _unbackslash(text):
    """JSON, Java, JavaScript and Python backslash escapes undone (\\/, \\u20AC in any case, \\x2F, \\u{1F600})."""
    def one(match):
        escape = match.group(1)
        if len(escape) > 1:
            number = int(escape.strip('ux{}'), 16)
            return chr(number) if number <= 0x10FFFF else match.group(0)
        if escape.isalnum():
            return BACKSLASH_CHARACTERS.get(escape, match.group(0))
        return escape
    if '\\' not in text:
        return text
    unescaped = BACKSLASH_ESCAPE.sub(one, text)
    # \\uD83D\\uDE00: a surrogate pair escaped as two units
    return unescaped.encode('utf-16-le', 'surrogatepass').decode('utf-16-le', 'replace')


UNESCAPES = (_unbackslash, html.unescape, unquote)


def _unescapings(text):
    """``text`` and every text that undoing escapes makes of it, in any order; None when they do not settle in bounds."""
    found = {text}
    frontier = [text]
    for dummy in range(UNESCAPE_ROUNDS):
        frontier = [new for item in frontier for new in set(unescape(item) for unescape in UNESCAPES + (unquote_plus,))
                    if new not in found]
        found.update(frontier)
        if not frontier:
            return found
        if len(found) > UNESCAPINGS_LIMIT:
            return None
    return None


def _b64(value):
    return base64.b64encode(value.encode('utf-8')).decode('ascii')


def _b64_decoded(run):
    """The bytes a run of base64 (standard or URL-safe alphabet) stands for; b'' when it stands for none."""
    run = run.rstrip('=').replace('-', '+').replace('_', '/')
    run = run[:len(run) - len(run) % 4] if len(run) % 4 == 1 else run
    try:
        return base64.b64decode(run + '=' * (-len(run) % 4))
    except ValueError:
        return b''


def maskable(value):
    """Whether a secret is long enough to be masked as text: masking "", a space or two letters would garble every
    message and result (Ansible's no_log would too)."""
    return isinstance(value, str) and len(value.strip()) >= 3


def clean_secret(name, value):
    """A credential without surrounding whitespace, None when that leaves nothing (an empty vault variable, an AWX
    credential field left empty: "not given"); control characters inside are refused (value not shown)."""
    if value is None:
        return None
    stripped = value.strip()
    if not stripped:
        return None
    if CONTROL_CHARACTERS.search(stripped):
        raise GijError('%s contains a control character (such as a line break inside it); give the value on one line.'
                       % name)
    return stripped


def resolve_auth(params, environ=None):
    """Pick the one auth method: task/module_defaults first, the environment only when they give none.

    Returns ``(token, username, password)``, stripped; raises GijError with a clear message otherwise.
    """
    environ = os.environ if environ is None else environ
    names = ('jira_token', 'jira_username', 'jira_password')
    values = [clean_secret(name, params.get(name)) for name in names]
    source = 'task'
    if not any(values):
        names = AUTH_ENVIRONMENT
        values = [clean_secret(name, environ.get(name)) for name in names]
        source = 'environment'
    token, username, password = values
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


def check_base_url(url):
    """The Jira base URL without a trailing slash; refuses credentials in it without echoing them."""
    if '@' in url:  # user:password@ (a password may hold '/', '#' or '?', so no URL parser can be trusted to find it)
        raise GijError('jira_url must not contain credentials or any "@" (a Jira base URL never needs one): give the '
                       'credentials as jira_token, or as jira_username and jira_password.')
    try:
        parts = urlsplit(url)
        parts.port  # pylint: disable=pointless-statement  # raises ValueError for a bad port
    except ValueError as err:
        raise GijError('jira_url is not a valid URL (%s); give one such as https://jira.example.com.' % err)
    if parts.scheme not in ('http', 'https') or not parts.hostname:
        raise GijError('jira_url must be an http:// or https:// URL such as https://jira.example.com, got %r.' % url)
    if parts.query or parts.fragment:
        raise GijError('jira_url must be the base URL of Jira without a query or fragment, got %r.' % url)
    return url.rstrip('/')


class GijClient:
    """Talks to one Jira with the connection options in ``params``; every failure is raised as GijError."""

    def __init__(self, params, secrets=None, environ=None, sleep=time.sleep):
        environ = os.environ if environ is None else environ
        self.secrets = secrets if secrets is not None else Secrets()
        self.base_url = check_base_url(params['jira_url'])
        self.timeout = 30 if params.get('timeout') is None else params['timeout']
        if not 1 <= self.timeout <= TIMEOUT_LIMIT:
            raise GijError('timeout must be between 1 and %d seconds, got %d.' % (TIMEOUT_LIMIT, self.timeout))
        token, username, password = resolve_auth(params, environ)
        self.session = requests.Session()
        # The environment must not override what the task says: no REQUESTS_CA_BUNDLE over ca_path,
        # no ~/.netrc over the Authorization header. Proxies are taken from the environment below.
        self.session.trust_env = False
        # Only encodings this module decodes itself, within REPLY_LIMIT (see _read_body).
        self.session.headers.update({'Accept': 'application/json', 'User-Agent': USER_AGENT, 'Accept-Encoding': 'gzip, deflate'})
        for prefix in ('http://', 'https://'):
            self.session.mount(prefix, watched_adapter())
        self.uses_token = bool(token)
        if token:
            self.secrets.add(token)
            self.session.headers['Authorization'] = 'Bearer %s' % token
        else:
            self.secrets.add_basic(username, password)
            self.session.auth = (username, password)
        self.verify = self._trust(params, environ)
        self.proxies = get_environ_proxies(self.base_url)
        self.sleep = sleep
        self.answered = False  # the app has answered once: a later 404 is about an object, not the URL

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

    def request(self, method, path, action, query=None, body=None, api=GITPLUGIN):
        """Send one API call; return the decoded JSON reply of a successful call (None for an empty body).

        ``action`` names what is being done, e.g. "update integration 'GitHub' (id 3)", for messages.
        A read is retried on transport faults and 429/502/503/504. A write is sent again only when it cannot have
        reached the app (429, or no connection was made); any other failure after it was sent is raised with
        ``outcome_unknown``, for the caller to read what the server holds (never to send it again blindly).
        """
        write = method != 'GET'
        attempt = 0
        while True:
            attempt += 1
            try:
                status, headers, content = self._send(method, self.base_url + api + path, query, body)
            except GijError:
                raise
            except ReplyTooLarge:
                raise GijError('Cannot %s: the reply is larger than %d MiB once decoded (a compressed reply that expands '
                               'without end?).%s' % (action, REPLY_LIMIT >> 20, '' if write else ' Nothing was changed after it.'),
                               outcome_unknown=write)
            except requests.exceptions.SSLError as err:
                raise GijError('Cannot %s: TLS verification of %s failed (%s). Trust the Jira CA with ca_path, '
                               'or set validate_certs to false for testing.' % (action, self.base_url, _reason(err)))
            except (requests.exceptions.Timeout, requests.exceptions.ConnectionError, requests.exceptions.ChunkedEncodingError,
                    requests.exceptions.ContentDecodingError) as err:
                if (not write or never_sent(err)) and attempt <= len(RETRY_WAITS):
                    self.sleep(RETRY_WAITS[attempt - 1])
                    continue
                if isinstance(err, requests.exceptions.Timeout):
                    what = 'no complete answer from %s within %s seconds (timeout)' % (self.base_url, self.timeout)
                elif isinstance(err, requests.exceptions.ContentDecodingError):
                    what = 'the reply from %s could not be decoded (Content-Encoding: %s)' % (
                        self.base_url, self.secrets.mask(err)[:40])
                else:
                    what = 'the connection to %s failed (%s)' % (self.base_url, self.secrets.mask(_reason(err)))
                unclear = write and not never_sent(err)
                raise GijError('Cannot %s: %s after %d attempt(s).' % (action, what, attempt), outcome_unknown=unclear,
                               transient=unclear)
            except (requests.exceptions.RequestException, ValueError, TypeError) as err:
                raise GijError('Cannot %s: the request could not be sent (%s: %s).'
                               % (action, type(err).__name__, self.secrets.mask(str(err))[:SERVER_TEXT_LIMIT]))
            if status in RETRY_STATUSES and attempt <= len(RETRY_WAITS) and (not write or status == 429):
                self.sleep(retry_wait(headers.get('Retry-After'), attempt))
                continue
            data = self._decode(status, headers, content, action, attempt, write, api)
            self.answered = True
            return data

    def _send(self, method, url, query, body):
        """One HTTP exchange (connection, status line, headers and body) within ``timeout`` seconds in all.

        Returns the status, the headers and the decoded body, at most REPLY_LIMIT bytes of it.
        """
        deadline = AttemptDeadline(self.timeout)
        ATTEMPT.deadline = deadline
        try:
            response = self.session.request(
                method, url, params=query, json=body, timeout=self.timeout, verify=self.verify, proxies=self.proxies,
                allow_redirects=False, stream=True, headers={'X-Atlassian-Token': 'no-check'} if method != 'GET' else None)
            try:
                content = _read_body(response)
            finally:
                response.close()
            if deadline.expired:  # the socket was shut: headers or body end where the deadline cut them off
                raise requests.exceptions.ReadTimeout('no complete answer in time')
            return response.status_code, response.headers, content
        except (requests.exceptions.RequestException, urllib3.exceptions.HTTPError, OSError) as err:
            if deadline.expired:  # the socket was shut at the deadline: whatever broke, the cause is the time
                raise requests.exceptions.ReadTimeout('no complete answer in time') from err
            raise
        finally:
            deadline.cancel()
            ATTEMPT.deadline = None

    def _decode(self, status, headers, content, action, attempt, write, api):
        prefix = 'Cannot %s: HTTP %d' % (action, status)
        if 300 <= status < 400:
            raise GijError('%s: Jira redirected to %s (a login or SSO page). Redirects are not followed: use a personal '
                           'access token (jira_token) and the real base URL in jira_url.'
                           % (prefix, self.secrets.mask(headers.get('Location', '?'))[:SERVER_TEXT_LIMIT]), status)
        if status == 401:
            advice = ('Check jira_token: it may be mistyped, expired or revoked.' if self.uses_token else
                      'Check jira_username and jira_password; if basic authentication is disabled on this Jira, use a '
                      'personal access token (jira_token).')
            raise GijError('%s: Jira rejected the credentials (%s). %s'
                           % (prefix, headers.get('X-Seraph-LoginReason', 'not authenticated')[:80], advice), status)
        if status == 403 and 'captcha' in headers.get('X-Authentication-Denied-Reason', '').lower():
            raise GijError('%s: Jira requires a CAPTCHA after too many failed logins. Log in once through the browser '
                           'to clear it, then fix the credentials.' % prefix, status)
        seraph = headers.get('X-Seraph-LoginReason', '')
        if 'AUTHENTICATION_DENIED' in seraph or 'AUTHENTICATED_FAILED' in seraph or headers.get('X-AUSERNAME') == 'anonymous':
            raise GijError('%s: Jira served the request anonymously (X-Seraph-LoginReason: %s): the credentials were refused.'
                           % (prefix, seraph[:80] or 'none'), status)
        # What a write's answer leaves open: whether the app applied it (a success it did not say clearly, or a
        # failure of something between: a 5xx, a broken body). A 4xx is the app's own refusal.
        unclear = write and not 400 <= status < 500
        transient = write and status in RETRY_STATUSES  # the documented list: a 500 is the app's own failure
        data = None
        is_json = 'json' in headers.get('Content-Type', '').lower()
        if is_json and content.strip():
            try:
                # json.loads on the bytes: no text decoding pass over a list reply that can be megabytes long.
                data = json.loads(content)
                nested = nesting(data) > REPLY_DEPTH_LIMIT
            except ValueError:
                raise GijError('%s: the reply is not valid JSON (cut off or garbled).' % prefix, status,
                               outcome_unknown=unclear, transient=transient)
            except RecursionError:  # deeper than the json module itself can go
                nested = True
            if nested:
                raise GijError('%s: the reply is nested deeper than %d levels, which no reply of the API is.'
                               % (prefix, REPLY_DEPTH_LIMIT), status, outcome_unknown=unclear, transient=transient)
        if status == 403 and not api.startswith('/rest/gitplugin'):
            raise GijError('%s: Jira refused this user (reading a project needs its Browse Projects permission). %s'
                           % (prefix, self.server_message(data)), status)
        if status == 403:
            raise GijError('%s: the user is not allowed to manage Git Integration for Jira (a Jira administrator is '
                           'required). %s' % (prefix, self.server_message(data)), status)
        if status == 404 and data is None:
            if api.startswith('/rest/gitplugin') and not self.answered:
                raise GijError('%s: %s' % (prefix, self._diagnose_not_found()), status)
            raise GijError('%s: not found.' % prefix, status, missing=True)
        if 200 <= status < 300 and data is None:
            if content.strip() and not is_json:
                if write:  # the reads before it were answered by the app: this page came from something in between
                    raise GijError('%s: the answer is a page, not JSON (a proxy or login page?).' % prefix, status,
                                   outcome_unknown=True)
                raise GijError('%s: Jira answered with an HTML page instead of JSON (a login or SSO page?): '
                               'authentication failed.' % prefix, status)
            return None  # 204, or an empty 2xx: success without a body
        if data is None:
            raise GijError('%s%s.' % (prefix, ' after %d attempts' % attempt if attempt > 1 else ''), status,
                           outcome_unknown=unclear, transient=transient)
        flag = success_flag(data)
        if not (200 <= status < 300) or flag is False:
            message = self.server_message(data) or 'the server reported a failure without details.'
            raise GijError('%s: %s' % (prefix, message), status, missing=status == 404 or is_not_found(message),
                           outcome_unknown=unclear, transient=transient)
        return data

    def _diagnose_not_found(self):
        """Tell "the app is missing" from "the URL is wrong" with one request to Jira's own serverInfo."""
        version = (self.read_jira_optional(SERVER_INFO) or {}).get('version')
        if version:
            return ('Git Integration for Jira is not installed or not enabled at %s (Jira %s answers there, but '
                    '/rest/gitplugin/ does not).' % (self.base_url, version))
        return ('%s does not look like Jira: neither /rest/gitplugin/ nor /rest/api/2/serverInfo answered. Check jira_url, '
                'including a context path such as /jira.' % self.base_url)

    def server_message(self, data):
        """The server's own words from a failure body, every secret of the task masked, cut short."""
        return self.secrets.mask(server_message(data))[:SERVER_TEXT_LIMIT]

    def delete(self, path, action, query):
        """DELETE; a server that says the object does not exist has what was asked for (the caller read it before)."""
        try:
            self.request('DELETE', path, action, query=query)
        except GijError as err:
            if not err.missing:
                raise

    def read_jira_optional(self, path):
        """GET a Jira REST resource outside the app (``path`` from the base URL, e.g. /rest/api/2/serverInfo).

        For facts a user may not be allowed to read: the decoded JSON object, or None when the answer is anything
        else (401/403/404, a redirect, an HTML page, an anonymous answer to refused credentials, a transport fault).
        """
        try:
            status, headers, content = self._send('GET', self.base_url + path, None, None)
        except (requests.exceptions.RequestException, ValueError, TypeError):
            return None
        if status != 200 or 'json' not in headers.get('Content-Type', '').lower():
            return None
        if 'AUTHENTICATION_DENIED' in headers.get('X-Seraph-LoginReason', ''):
            return None
        try:
            data = json.loads(content)
        except (ValueError, RecursionError):
            return None
        return data if isinstance(data, dict) and nesting(data) <= REPLY_DEPTH_LIMIT else None


# Replies nest a few levels (a list of objects holding lists); what goes deeper would make every walk over the result
# (Ansible's own included) recurse without bound.
REPLY_DEPTH_LIMIT = 32


def nesting(data, limit=REPLY_DEPTH_LIMIT):
    """How deep lists and objects nest in ``data`` (a scalar is 0), counted up to one level past ``limit``, without
    recursion (a hostile reply or file may nest thousands deep)."""
    deepest, stack = 0, [(data, 1)]
    while stack and deepest <= limit:
        value, depth = stack.pop()
        if isinstance(value, (dict, list)):
            deepest = max(deepest, depth)
            stack.extend((item, depth + 1) for item in (value.values() if isinstance(value, dict) else value))
    return deepest


def success_flag(data):
    """True, False, or None when the reply has no usable ``success`` (the status code decides then)."""
    if not isinstance(data, dict) or 'success' not in data:
        return None
    flag = data['success']
    if isinstance(flag, bool):
        return flag
    if isinstance(flag, str) and flag.strip().lower() in ('true', 'false'):
        return flag.strip().lower() == 'true'
    return None


def server_message(data):
    """The server's own words from a failure body: error, advice and the Jira error fields, keys and values."""
    if not isinstance(data, dict):
        return ''
    parts = []
    for key in ('error', 'advice', 'message', 'errorMessages', 'errors'):
        text = server_words(data.get(key))
        if text:
            parts.append(text.rstrip('.') + '.')
    return ' '.join(parts)


def server_words(value):
    if isinstance(value, dict):
        return '; '.join('%s: %s' % (key, server_words(item)) for key, item in sorted(value.items(), key=lambda kv: str(kv[0])))
    if isinstance(value, list):
        return '; '.join(server_words(item) for item in value)
    return '' if value is None else str(value).strip()


# A terminal escape sequence (CSI, OSC, or an escape and one character): dropped whole from server text.
ESCAPE_SEQUENCE = re.compile(r'\x1b(?:\[[0-?]*[ -/]*[@-~]?|\][^\x07\x1b]*(?:\x07|\x1b\\)?|.)?', re.S)


def printable(text):
    """Server text on one line of printable characters: escape sequences dropped, line breaks, other control and
    format characters (such as bidi overrides) turned into spaces, runs of spaces made one. Mask after this, then cut:
    an escape inside a secret would otherwise hide it from the masking."""
    text = ESCAPE_SEQUENCE.sub('', str(text))
    return ' '.join(''.join(c if c.isprintable() else ' ' for c in text).split())


def is_not_found(message):
    message = message.lower()
    return 'does not exist' in message or 'not found' in message


def describe_reply(data):
    """What came back, for an error message: its type and top-level keys, cut short."""
    if data is None:
        return 'an empty reply'
    if isinstance(data, dict):
        keys = ', '.join(sorted(str(key) for key in data))
        return 'an object with keys %s' % (keys[:120] + '...' if len(keys) > 120 else keys or '(none)')
    if isinstance(data, list):
        kinds = sorted(set(type(item).__name__ for item in data))
        return 'a list of %d item(s) (%s)' % (len(data), ', '.join(kinds) or 'empty')
    return 'a %s' % type(data).__name__


def unexpected(call, expected, data):
    return GijError('Cannot %s: the server answered with %s, where %s was expected. Nothing was changed after it; '
                    'the app version may be one this collection does not know.' % (call, describe_reply(data), expected))


def has_id(obj):
    return isinstance(obj, dict) and isinstance(obj.get('id'), int) and not isinstance(obj.get('id'), bool)


def expect_list(data, key, call):
    """The list under ``key`` of a list reply, every item an object with an integer id."""
    items = data.get(key) if isinstance(data, dict) else None
    if not isinstance(items, list) or not all(has_id(item) for item in items):
        raise unexpected(call, "a list of objects with ids under '%s'" % key, data)
    return items


def expect_object(data, keys, call, bare=False):
    """The one object a reply carries under one of ``keys`` (a one-element list counts), or None when the reply
    is a success without it (the caller reads the object back). With ``bare``, the reply may be the object itself.
    """
    if data is None:
        return None
    if not isinstance(data, dict):
        raise unexpected(call, 'an object', data)
    for key in keys:
        if key in data:
            payload = data[key]
            if isinstance(payload, list) and len(payload) == 1:
                payload = payload[0]
            if not has_id(payload):
                raise unexpected(call, "one object with an id under '%s'" % key, data)
            return payload
    if bare and has_id(data):
        return data
    if set(data) <= {'success', 'id'}:
        return {'id': data['id']} if has_id(data) else None  # a success that names at most the new id
    raise unexpected(call, 'an object with an id under %s' % ' or '.join("'%s'" % k for k in keys), data)


# The paging styles a list reply may use, each with every key it may carry beside the list and ``success``
# (api-notes.md section 2.1). A reply whose other keys fit none of them is refused: they may say that more pages exist.
PAGING_STYLES = (
    ('offset', frozenset(('total', 'offset', 'count', 'limit'))),  # a GIJ repository listing, reported [O]
    ('atlassian', frozenset(('start', 'limit', 'size', 'isLastPage', 'nextPageStart'))),  # Bitbucket, Confluence
    ('jira', frozenset(('startAt', 'maxResults', 'total', 'isLast'))),  # Jira's own REST API
)
PAGE_LIMIT = 100  # the most a paging server is reported to send at once (api-notes.md section 2)


def refused_list(call, why):
    return GijError('Cannot %s: the list reply %s, which this collection cannot follow. Nothing was changed after it.'
                    % (call, why))


def next_page(data, list_key, received, page_size, call):
    """The query of the next page of a list reply, or None after the last page (or when the list is not paged).

    ``received``: the items read so far, this page's ``page_size`` of them. Every sign of another page is either
    followed or refused; so is a key beside the list that no paging style has, and a success flag that is not true.
    """
    if 'success' in data and success_flag(data) is not True:
        raise refused_list(call, 'has success %s beside the list' % json.dumps(data['success'])[:40])
    keys = set(data) - set(('success', list_key))
    if not keys:
        return None
    style = next((name for name, allowed in PAGING_STYLES if keys <= allowed), None)
    if style is None:
        raise refused_list(call, 'carries %s beside the list (another page? a failure?)' % ', '.join(sorted(keys))[:120])
    return FOLLOW[style](data, received, page_size, call)


def whole_number(data, key, call):
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise refused_list(call, 'has %s where a whole number in %s was expected' % (json.dumps(value)[:40], key))
    return value


def follow_offset(data, received, page_size, call):
    """The offset style (total/offset/count): the next page is asked for with offset and limit."""
    if 'total' not in data:
        raise refused_list(call, 'is paged (%s) without a total' % ', '.join(sorted(set(data) & {'offset', 'count', 'limit'})))
    return follow_total(data, whole_number(data, 'total', call), received, page_size, call, ('offset', 'limit'))


def follow_jira(data, received, page_size, call):
    """Jira: startAt/maxResults/total (isLast optional); the next page is asked for with startAt and maxResults."""
    if 'total' not in data or 'startAt' not in data:
        raise refused_list(call, 'is paged (startAt/maxResults) without startAt and total')
    whole_number(data, 'startAt', call)
    total = whole_number(data, 'total', call)
    last = data.get('isLast')
    if last is not None and last is not (received >= total):
        raise refused_list(call, 'says isLast %s with %d of %d read' % (json.dumps(last), received, total))
    return follow_total(data, total, received, page_size, call, ('startAt', 'maxResults'))


def follow_total(data, total, received, page_size, call, names):
    if received > total:
        raise refused_list(call, 'says total %d but sent %d' % (total, received))
    if received == total:
        return None
    if not page_size:
        raise GijError('Cannot %s: the server says it has %d but sent %d, and no more when asked for the rest. '
                       'Nothing was changed after it.' % (call, total, received))
    return {names[0]: received, names[1]: PAGE_LIMIT}


def follow_atlassian(data, received, page_size, call):
    """Bitbucket/Confluence: isLastPage, and nextPageStart when it is false; asked for with start and limit."""
    last = data.get('isLastPage')
    if not isinstance(last, bool):
        raise refused_list(call, 'is paged (%s) without a true or false isLastPage'
                           % ', '.join(sorted(set(data) & {'start', 'size', 'limit', 'nextPageStart'})))
    following = data.get('nextPageStart')
    if last:
        if following is not None:
            raise refused_list(call, 'says isLastPage true and names a nextPageStart')
        return None
    start = whole_number(data, 'start', call) if 'start' in data else None
    following = whole_number(data, 'nextPageStart', call)
    if not page_size or (start is not None and following <= start):
        raise refused_list(call, 'says isLastPage false with nextPageStart %d after a page of %d' % (following, page_size))
    return {'start': following, 'limit': PAGE_LIMIT}


FOLLOW = {'offset': follow_offset, 'atlassian': follow_atlassian, 'jira': follow_jira}


class ReplyTooLarge(ValueError):
    """A reply that decodes to more than REPLY_LIMIT bytes."""


# The attempt under way in this thread, for the connections it uses (see watched_adapter).
ATTEMPT = threading.local()


class AttemptDeadline:
    """The end of one attempt: when it passes, the attempt's socket is shut, which ends any read waiting on it.

    The socket timeout bounds each read; this bounds the whole attempt, also against a server that sends a byte (or a
    header line) just before each read would time out. A timer thread does it, so it works in any thread.
    """

    def __init__(self, seconds):
        self.lock = threading.Lock()
        self.expired = False
        self.sock = None
        self.timer = threading.Timer(seconds, self.expire)
        self.timer.daemon = True
        self.timer.start()

    def watch(self, sock):
        with self.lock:
            self.sock = sock
            if self.expired:
                shut(sock)

    def expire(self):
        with self.lock:
            self.expired = True
            if self.sock is not None:
                shut(self.sock)

    def cancel(self):
        self.timer.cancel()


def shut(sock):
    """Shut a socket down from another thread: a read waiting on it returns at once (TLS included)."""
    sock = getattr(sock, 'socket', sock)  # urllib3's SSLTransport (TLS through a TLS proxy) wraps the real socket
    try:
        socket.socket.shutdown(sock, socket.SHUT_RDWR)  # the plain socket's shutdown, under any TLS layer
    except (OSError, TypeError, ValueError):
        pass


def watched_adapter():
    """A requests adapter whose connections hand their socket to the attempt's deadline before reading the reply."""
    from urllib3.connection import HTTPConnection, HTTPSConnection  # pylint: disable=import-outside-toplevel
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool  # pylint: disable=import-outside-toplevel

    class Watched:
        def getresponse(self, *args, **kwargs):
            deadline = getattr(ATTEMPT, 'deadline', None)
            if deadline is not None:
                deadline.watch(self.sock)
            return super(Watched, self).getresponse(*args, **kwargs)

    pools = {
        'http': type('WatchedHTTPConnectionPool', (HTTPConnectionPool,),
                     {'ConnectionCls': type('WatchedHTTPConnection', (Watched, HTTPConnection), {})}),
        'https': type('WatchedHTTPSConnectionPool', (HTTPSConnectionPool,),
                      {'ConnectionCls': type('WatchedHTTPSConnection', (Watched, HTTPSConnection), {})}),
    }

    class WatchedAdapter(requests.adapters.HTTPAdapter):
        def init_poolmanager(self, *args, **kwargs):
            super(WatchedAdapter, self).init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = pools

        def proxy_manager_for(self, proxy, **proxy_kwargs):
            manager = super(WatchedAdapter, self).proxy_manager_for(proxy, **proxy_kwargs)
            if not proxy.lower().startswith('socks'):  # SOCKS proxies bring their own pools: per-read timeouts only
                manager.pool_classes_by_scheme = pools
            return manager

    return WatchedAdapter()


def _read_body(response):
    """The reply's body, decoded here (gzip or deflate) piece by piece, so that no reply can decode to more than
    REPLY_LIMIT bytes in memory; urllib3's errors as requests would have raised them."""
    encoding = response.headers.get('Content-Encoding', '').strip().lower()
    if encoding in ('', 'identity'):
        decoder = None
    elif encoding in ('gzip', 'x-gzip', 'deflate'):
        decoder = zlib.decompressobj(zlib.MAX_WBITS | 32)  # a gzip or zlib header, whichever it has
    else:
        raise requests.exceptions.ContentDecodingError(encoding)
    pieces, size = [], 0
    try:
        for raw in response.raw.stream(65536, decode_content=False):
            for piece in _inflate(decoder, raw) if decoder else (raw,):
                size += len(piece)
                if size > REPLY_LIMIT:
                    raise ReplyTooLarge()
                pieces.append(piece)
    except zlib.error as err:
        raise requests.exceptions.ContentDecodingError(encoding) from err
    except urllib3.exceptions.ReadTimeoutError as err:
        raise requests.exceptions.ReadTimeout(err) from err
    except (urllib3.exceptions.HTTPError, OSError) as err:
        raise requests.exceptions.ChunkedEncodingError(err) from err
    return b''.join(pieces)


def _inflate(decoder, data):
    """What ``data`` decompresses to, in pieces of at most 64 KiB however much it expands."""
    while True:
        piece = decoder.decompress(data, 65536)
        if piece:
            yield piece
        data = decoder.unconsumed_tail
        if not data and len(piece) < 65536:
            return


def never_sent(err):
    """Whether a transport fault happened before a connection was made: the request cannot have reached the server."""
    if isinstance(err, requests.exceptions.ConnectTimeout):
        return True
    reason = getattr(err.args[0], 'reason', None) if isinstance(err, requests.exceptions.ConnectionError) and err.args else None
    return isinstance(reason, urllib3.exceptions.NewConnectionError)


def retry_wait(header, attempt):
    """Seconds to wait before the next attempt: Retry-After when it is a sane number, else our own backoff."""
    try:
        wait = float(header)
    except (TypeError, ValueError):
        wait = None
    if wait is None or math.isnan(wait) or math.isinf(wait) or wait < 0:
        return RETRY_WAITS[attempt - 1]
    return min(wait, RETRY_AFTER_CAP)


def _reason(err):
    """The innermost, credential-free reason of a requests exception."""
    reason = err
    while getattr(reason, 'args', None) and isinstance(reason.args[0], BaseException):
        reason = reason.args[0]
    reason = getattr(reason, 'reason', reason)
    text = str(reason)
    for marker in ('Connection refused', 'Name or service not known', 'certificate verify failed', 'timed out',
                   'Connection reset', 'Remote end closed connection', 'IncompleteRead'):
        if marker.lower() in text.lower():
            return 'reply cut off' if marker == 'IncompleteRead' else marker
    return text.split(': ', 1)[-1][:200]


def quote_id(value):
    return quote(str(value), safe='')
