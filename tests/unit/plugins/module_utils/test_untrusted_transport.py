# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The transport against a hostile or broken server (issue 20, cases 9 to 13): escaped secrets, credentials in
jira_url, trickled headers and bodies, decompression bombs and odd values, each through the emulator over real HTTP.
"""

import base64
import html
import json
import re
import threading
import time
import tracemalloc
from urllib.parse import quote, quote_plus, unquote

import pytest

from ansible_collections.gij.jira.plugins.module_utils import api, fields
from ansible_collections.gij.jira.plugins.module_utils.api import GijClient, GijError, Secrets

from ansible_collections.gij.jira.tests.unit.emulator_support import TOKEN
from ansible_collections.gij.jira.tests.unit.module_harness import JIRA_PASSWORD, JIRA_TOKEN, assert_no_secret, call_module

# Holds every character whose form changes between encodings: '"', '\\', '/', '+', '%', a space and non-ASCII.
SECRET = 'wJalr XUtn/K7M+D"EN\\G%41-\u20ac\u00e9'
AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'  # the AWS documentation's example secret access key


def client_for(emulator, **params):
    settings = {'jira_url': emulator.url, 'jira_token': TOKEN, 'timeout': 5}
    settings.update(params)
    return GijClient(settings, environ={}, sleep=lambda seconds: None)


def module_args(**options):
    """A task's options (the gij fixture connects it to its emulator through JIRA_URL and JIRA_TOKEN)."""
    return dict({'timeout': 5}, **options)


# --- case 9: masking undoes every escape form ------------------------------------------------------------------------
def unicode_escapes(text, upper=True):
    units = text.encode('utf-16-be')
    escapes = ''.join('\\u%02x%02x' % (units[i], units[i + 1]) for i in range(0, len(units), 2))
    return escapes.upper().replace('\\U', '\\u') if upper else escapes


def encodings(secret):
    """A secret as servers written in other languages quote it: name -> text."""
    as_json = json.dumps(secret)[1:-1]
    return {
        'raw': secret,
        'json': as_json,
        'json_unicode': json.dumps(secret, ensure_ascii=False)[1:-1],
        'java_slash': as_json.replace('/', '\\/'),
        'unicode_upper': unicode_escapes(secret),
        'unicode_lower': unicode_escapes(secret, upper=False),
        'unicode_some': ''.join(unicode_escapes(char) if index % 3 == 0 else char for index, char in enumerate(secret)),
        'double_json': json.dumps(as_json.replace('/', '\\/'))[1:-1],
        'double_unicode': unicode_escapes(secret).replace('\\', '\\\\'),
        'html_decimal': ''.join('&#%d;' % ord(char) for char in secret),
        'html_hex': ''.join('&#x%x;' % ord(char) for char in secret),
        'html_hex_upper': ''.join('&#X%X;' % ord(char) for char in secret),
        'html_named': html.escape(secret).replace('/', '&sol;'),
        'html_then_json': html.escape(as_json.replace('/', '&#47;')),
        'url': quote(secret, safe=''),
        'url_plus': quote_plus(secret),
        'url_lower': re.sub('%[0-9A-F]{2}', lambda match: match.group(0).lower(), quote(secret, safe='')),
        'url_twice': quote(quote(secret, safe=''), safe=''),
        'url_of_json': quote(as_json.replace('/', '\\/')),
        'base64': base64.b64encode(secret.encode('utf-8')).decode('ascii'),
        'base64_urlsafe': base64.urlsafe_b64encode(secret.encode('utf-8')).decode('ascii'),
        'base64_of_json': base64.b64encode(('{"pat": %s}' % json.dumps(secret)).encode('utf-8')).decode('ascii'),
        'json_of_base64': json.dumps(base64.b64encode(secret.encode('utf-8')).decode('ascii')).replace('/', '\\/'),
    }


def independent_decodings(text, rounds=4):
    """Every text the test itself can decode from ``text`` (its own decoders, not the collection's)."""
    found = {text}
    for dummy in range(rounds):
        new = set()
        for item in found:
            new.add(html.unescape(item))
            new.add(unquote(item))
            new.add(unquote(item.replace('+', ' ')))
            new.add(re.sub(r'\\u([0-9a-fA-F]{4})', lambda m: chr(int(m.group(1), 16)), item))
            new.add(re.sub(r'\\(.)', r'\1', item))
            new.add(item.encode('utf-16', 'surrogatepass').decode('utf-16', 'replace'))
            for run in re.findall(r'[A-Za-z0-9+/_-]{8,}={0,2}', item):
                for decode in (base64.b64decode, base64.urlsafe_b64decode):
                    try:
                        new.add(decode(run + '=' * (-len(run) % 4)).decode('utf-8', 'replace'))
                    except ValueError:
                        pass
        found |= new
    return found


def assert_not_revealed(text, secret=SECRET):
    """Neither the secret nor its first half, in any form, in any decoding of ``text``."""
    half = secret[:len(secret) // 2]
    for name, form in encodings(secret).items():
        assert form[:len(form) // 2] not in text, 'the %s form of the secret shows in %r' % (name, text)
    for decoded in independent_decodings(text):
        assert half not in decoded, 'the secret shows once %r is decoded: %r' % (text, decoded)


@pytest.mark.parametrize('form', sorted(encodings(SECRET)))
def test_masking_undoes_each_escape_form(form):
    secrets = Secrets()
    secrets.add(SECRET)
    text = 'Could not process request {"pat": "%s"} (see the log)' % encodings(SECRET)[form]
    masked = secrets.mask(text)
    assert_not_revealed(masked)
    assert masked.startswith('Could not process request'), masked  # the server's own words survive where they can


@pytest.mark.parametrize('form', ['java', 'unicode', 'unicode_lower', 'double', 'html', 'html_hex', 'html_named', 'url',
                                  'url_lower', 'base64'])
def test_a_server_that_quotes_the_request_escaped_never_shows_the_secret(gij, form):
    # The emulator echoes the create body (with the pat) in its error, escaped the way other servers escape text.
    gij.emulator.fault(kind='echo_escaped', form=form, method='POST', status=400, keys=['displayName', 'pat'])
    result = gij.run(module_args(name='GH', type='GITHUB', pat=SECRET))
    assert result['failed'] and result['msg'].startswith("Cannot create integration 'GH': HTTP 400"), result['msg']
    assert_not_revealed(result.output)
    assert 'Could not process request' in result['msg'] and '********' in result['msg'], result['msg']


@pytest.mark.parametrize('error', [
    'Invalid secret access key %s for user bot' % AWS_SECRET.replace('/', '\\/'),
    'Invalid secret access key %s' % AWS_SECRET.replace('/', '\\\\/'),
    'Invalid key &quot;%s&quot;' % AWS_SECRET.replace('/', '&#47;'),
    'Invalid key %s' % AWS_SECRET.replace('/', '&#x2F;'),
    'Invalid key %s' % quote(AWS_SECRET, safe='').lower(),
    'Invalid key %s' % unicode_escapes(AWS_SECRET, upper=True),
])
def test_the_aws_example_through_a_failure_reply(gij, error):
    gij.emulator.fault(kind='failure', error=error, method='POST', status=400)
    result = gij.run(module_args(name='AWS', type='AWS', username='AKIAEXAMPLE', password=AWS_SECRET, aws_region='eu-west-1'))
    assert result['failed'] and 'HTTP 400' in result['msg'], result['msg']
    assert_not_revealed(result.output, AWS_SECRET)


def test_a_raw_reply_body_with_java_escapes_is_masked(gij):
    # The JSON on the wire as a Java writer sends it: the error quotes the body, itself JSON, with \/ everywhere.
    quoted = json.dumps({'pat': SECRET}).replace('/', '\\/')
    body = '{"success":false,"error":%s}' % json.dumps('Could not process request ' + quoted).replace('/', '\\/')
    gij.emulator.fault(kind='reply', status=400, body=body, method='POST')
    result = gij.run(module_args(name='GH', type='GITHUB', pat=SECRET))
    assert result['failed'] and 'Could not process request' in result['msg'], result['msg']
    assert_not_revealed(result.output)


def test_text_whose_escapes_do_not_come_undone_within_the_bound_is_left_out():
    secrets = Secrets()
    secrets.add(SECRET)
    text = SECRET
    for dummy in range(12):  # URL-encoded twelve times: more rounds than the masking undoes
        text = quote(text, safe='')
    assert secrets.mask('Could not process %s' % text) == api.WITHHELD


def test_plain_text_is_left_as_it_is():
    secrets = Secrets()
    secrets.add(SECRET)
    text = "Cannot list integrations: HTTP 500: 50% done, C++ \\d+ &amp; more; see https://x.example.com/a%20b."
    assert secrets.mask(text) == text


# --- case 10: a password inside jira_url ------------------------------------------------------------------------------
@pytest.mark.parametrize('url', [
    'http://urluser:Pass/w0rd@jira.example.com',
    'http://urluser:Pass#w0rd@jira.example.com/jira',
    'https://urluser:Pass?w0rd@jira.example.com',
    'https://urluser:P@ss@jira.example.com',
    'https://jira.example.com/urluser:Pass@w0rd',
])
def test_jira_url_with_an_at_sign_is_refused_without_naming_the_credentials(url):
    with pytest.raises(GijError) as caught:
        GijClient({'jira_url': url, 'jira_token': 't'}, environ={})
    message = str(caught.value)
    assert message.startswith('jira_url must not contain credentials or any "@"'), message
    assert 'urluser' not in message and 'Pass' not in message and '\n' not in message


@pytest.mark.parametrize('url', ['http://urluser:Pass/w0rd@127.0.0.1:9', 'https://urluser:Pa%2Fss#w0rd@127.0.0.1:9/jira'])
def test_jira_url_credentials_never_reach_the_result(url):
    result, output = call_module('git_integration_info', {'jira_url': url, 'jira_token': 'token-1'})
    assert result['failed'] and result['msg'].startswith('jira_url must not contain credentials or any "@"'), result['msg']
    userinfo = url.partition('://')[2].rpartition('@')[0]
    for part in (userinfo, 'urluser', 'Pass', 'w0rd'):
        assert part not in output
    # ansible-core 2.19 echoes the task's arguments in a failed result (2.21 does not): the URL without its userinfo.
    if 'invocation' in result:
        assert result['invocation']['module_args']['jira_url'].endswith('@127.0.0.1:9' + url.rpartition(':9')[2])


# --- case 11: timeout bounds each whole attempt ------------------------------------------------------------------------
def test_headers_trickled_one_line_at_a_time_are_bounded_by_timeout(emulator):
    emulator.fault(kind='slow_headers', lines=20, pause=0.5)
    started = time.monotonic()
    with pytest.raises(GijError, match=r'^Cannot write: no complete answer from .* within 1 seconds \(timeout\) after 1 attempt'):
        client_for(emulator, timeout=1).request('PUT', '/integration/9', 'write', body={})  # a write: one attempt
    assert time.monotonic() - started < 2.5


def test_the_bound_holds_off_the_main_thread(emulator):
    emulator.fault(kind='slow_headers', lines=20, pause=0.5)
    outcome = []

    def attempt():
        started = time.monotonic()
        try:
            client_for(emulator, timeout=1).request('PUT', '/integration/9', 'write', body={})  # a write: one attempt
        except GijError as err:
            outcome.append((str(err), time.monotonic() - started))
    worker = threading.Thread(target=attempt)
    worker.start()
    worker.join(15)
    assert outcome and 'within 1 seconds (timeout)' in outcome[0][0] and outcome[0][1] < 2.5, outcome


def test_a_trickled_gzip_body_is_bounded_by_timeout(emulator):
    emulator.fault(kind='trickle_gzip', seconds=20)
    started = time.monotonic()
    with pytest.raises(GijError, match=r'within 1 seconds \(timeout\) after 1 attempt'):
        client_for(emulator, timeout=1).request('PUT', '/integration/9', 'write', body={})  # a write: one attempt
    assert time.monotonic() - started < 2.5


def test_a_request_with_its_retries_is_bounded_by_timeout_and_the_attempts(emulator):
    emulator.fault(kind='slow_headers', lines=20, pause=0.5, count=9)
    started = time.monotonic()
    with pytest.raises(GijError, match=r'within 1 seconds \(timeout\) after 4 attempt'):
        client_for(emulator, timeout=1).request('GET', '/integration', 'list')
    # 4 attempts of at most timeout each (the waits between them are skipped here)
    assert time.monotonic() - started < 4 * 1 + 2
    assert len(emulator.state.log) == 4


def test_a_trickled_reply_still_arrives_when_it_is_quick_enough(emulator):
    emulator.fault(kind='slow_headers', lines=3, pause=0.1)
    emulator.fault(kind='trickle_gzip', seconds=0.3)
    client = client_for(emulator, timeout=3)
    assert client.request('GET', '/integration', 'list') == {'success': True, 'integrations': []}
    assert client.request('GET', '/integration', 'list') == {'success': True, 'integrations': []}


# --- case 12: what a reply may decode to ---------------------------------------------------------------------------
def test_a_gzip_bomb_stops_at_the_cap_without_the_memory(emulator):
    emulator.fault(kind='gzip_bomb', megabytes=200)
    tracemalloc.start()
    try:
        with pytest.raises(GijError) as caught:
            client_for(emulator).request('GET', '/integration', 'list')
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert str(caught.value) == ('Cannot list: the reply is larger than %d MiB once decoded (a compressed reply that '
                                 'expands without end?). Nothing was changed after it.' % (api.REPLY_LIMIT >> 20))
    assert peak < 2 * api.REPLY_LIMIT + (8 << 20), peak


def test_a_large_compressed_reply_below_the_cap_is_read(emulator):
    # 3 MB decoded: more than a list of 5,000 integrations (about 2.3 MB).
    emulator.fault(kind='gzip_bomb', megabytes=3)
    reply = client_for(emulator).request('GET', '/integration', 'list')
    assert reply['success'] is True and len(reply['padding']) == 3 << 20
    assert api.REPLY_LIMIT >= 4 * (3 << 20)


# --- case 13: values nobody checked ---------------------------------------------------------------------------------
@pytest.mark.parametrize('value', ['\u00b2', '\u0663', '1e3', '12' * 40, '+5'])
def test_an_odd_integer_in_a_reply_is_a_reply_error(value):
    field = fields.INTEGRATION.by_option['max_mins_to_commit_email']
    with pytest.raises(fields.ReplyError, match='maxMinsToCommitEmail is .*, not an integer'):
        fields.from_reply(field, value)


def test_a_superscript_digit_from_the_server_ends_in_one_line_naming_the_call(gij):
    gij.emulator.state.seed({'displayName': 'GH', 'maxMinsToCommitEmail': '\u00b2'})
    result = gij.run(module_args(), module='git_integration_info')
    assert result['failed'] and result['msg'].startswith('Cannot list integrations: the server answered with a value of '
                                                         'the wrong type'), result['msg']


@pytest.mark.parametrize('timeout', [0, -1, 1e20, 10 ** 9])
def test_odd_timeouts_are_refused_before_any_request(gij, timeout):
    result = gij.run(module_args(timeout=timeout), module='git_integration_info')
    assert result['failed'] and result['msg'] == 'timeout must be between 1 and %d seconds, got %d.' % (
        api.TIMEOUT_LIMIT, int(timeout)), result['msg']
    assert gij.emulator.state.log == []


@pytest.mark.parametrize('module, options', [
    ('git_integration', {'name': 'GH', 'type': 'GITHUB', 'pat': 'p-123', 'max_mins_to_commit_email': 1e23}),
    ('git_integration', {'name': 'GH', 'type': 'GITHUB', 'pat': 'p-123', 'project_mapping_ids': [10 ** 30],
                         'global': False}),
    ('git_repository', {'name': 'app', 'origin': 'https://example.com/a.git', 'max_mins_to_commit_email': 2 ** 31}),
    ('git_integrations', {'integrations': [{'name': 'GH', 'type': 'GITHUB', 'pat': 'p-123',
                                            'max_mins_to_commit_email': 2 ** 31}]}),
])
def test_integers_above_their_bound_are_refused_before_any_write(gij, module, options):
    result = gij.run(module_args(**options), module=module)
    assert result['failed'] and ' between ' in result['msg'], result['msg']
    assert gij.emulator.writes() == []


def test_every_integer_field_has_both_bounds():
    for table in (fields.INTEGRATION, fields.REPOSITORY):
        for field in table.fields:
            if field.kind in ('int', 'list'):
                low, high = field.bounds
                assert low is not None and high is not None, field.option


# --- issue 22: credentials from the environment are masked in a successful result ---------------------------------
def test_environment_credentials_are_masked_in_a_successful_result(gij):
    gij.emulator.state.seed({'displayName': 'GH', 'origin': 'https://git.example.com/%s/%s' % (JIRA_PASSWORD, JIRA_TOKEN)})
    basic_auth = {'JIRA_TOKEN': None, 'JIRA_USERNAME': 'admin', 'JIRA_PASSWORD': JIRA_PASSWORD}
    result = gij.run({}, module='git_integration_info', env=basic_auth)
    assert not result.failed and result['integrations'][0]['name'] == 'GH', result.result
    assert_no_secret(result.output, secrets=(JIRA_PASSWORD,))
    result = gij.run({}, module='git_integration_info')  # JIRA_TOKEN
    assert not result.failed and result['integrations'][0]['name'] == 'GH', result.result
    assert_no_secret(result.output, secrets=(JIRA_TOKEN,))


def test_trickled_headers_are_bounded_over_tls_too(make_emulator, tmp_path):
    import trustme  # pylint: disable=import-outside-toplevel  # listed in tests/unit/requirements.txt
    authority = trustme.CA()
    cert = authority.issue_cert('127.0.0.1')
    cert_file, key_file, ca_file = str(tmp_path / 'cert.pem'), str(tmp_path / 'key.pem'), str(tmp_path / 'ca.pem')
    cert.private_key_and_cert_chain_pem.write_to_path(cert_file)
    cert.private_key_pem.write_to_path(key_file)
    authority.cert_pem.write_to_path(ca_file)
    emulator = make_emulator(tls_cert=cert_file, tls_key=key_file)
    emulator.fault(kind='slow_headers', lines=20, pause=0.5)
    started = time.monotonic()
    with pytest.raises(GijError, match=r'within 1 seconds \(timeout\) after 1 attempt'):
        client_for(emulator, timeout=1, ca_path=ca_file).request('PUT', '/integration/9', 'write', body={})  # a write: one attempt
    assert time.monotonic() - started < 2.5
