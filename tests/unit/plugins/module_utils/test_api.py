# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The HTTP client against the emulator over real HTTP(S): auth, reply shapes, errors, retries, TLS."""

import os

import pytest

from ansible_collections.gij.jira.plugins.module_utils import api
from ansible_collections.gij.jira.plugins.module_utils.api import GijClient, GijError, resolve_auth

from ansible_collections.gij.jira.tests.unit.emulator_support import TOKEN, USER_TOKEN


def client_for(emulator, environ=None, sleeps=None, **params):
    settings = {'jira_url': emulator.url, 'jira_token': TOKEN, 'validate_certs': True, 'timeout': 5}
    settings.update(params)
    return GijClient(settings, environ=environ or {}, sleep=(sleeps.append if sleeps is not None else lambda seconds: None))


@pytest.mark.parametrize('params, environ, expected', [
    ({'jira_token': 't'}, {}, ('t', None, None)),
    ({'jira_username': 'u', 'jira_password': 'p'}, {}, (None, 'u', 'p')),
    ({}, {'JIRA_TOKEN': 'e'}, ('e', None, None)),
    ({}, {'JIRA_USERNAME': 'eu', 'JIRA_PASSWORD': 'ep'}, (None, 'eu', 'ep')),
    # the task's method wins over the environment's, whichever they are
    ({'jira_username': 'u', 'jira_password': 'p'}, {'JIRA_TOKEN': 'e'}, (None, 'u', 'p')),
    ({'jira_token': 't'}, {'JIRA_USERNAME': 'eu', 'JIRA_PASSWORD': 'ep'}, ('t', None, None)),
])
def test_resolve_auth_picks_one_method(params, environ, expected):
    assert resolve_auth(params, environ) == expected


@pytest.mark.parametrize('params, environ, message', [
    ({}, {}, 'No Jira credentials'),
    ({'jira_token': 't', 'jira_username': 'u', 'jira_password': 'p'}, {}, 'not both'),
    ({'jira_username': 'u'}, {}, 'jira_password is missing'),
    ({'jira_password': 'p'}, {}, 'jira_username is missing'),
    ({}, {'JIRA_TOKEN': 't', 'JIRA_USERNAME': 'u'}, 'not both'),
    ({}, {'JIRA_USERNAME': 'u'}, 'JIRA_PASSWORD is missing'),
])
def test_resolve_auth_refuses_none_or_two(params, environ, message):
    with pytest.raises(GijError, match=message):
        resolve_auth(params, environ)


@pytest.mark.parametrize('data, expected', [
    ({'success': True}, True), ({'success': 'true'}, True), ({'success': 'TRUE'}, True),
    ({'success': False}, False), ({'success': 'false'}, False), ({}, None), ({'success': 'maybe'}, None),
])
def test_success_flag_as_bool_or_string(data, expected):
    assert api.success_flag(data) is expected


@pytest.mark.parametrize('data, expected', [
    ({'success': 'true', 'integration': [{'id': 1, 'a': 2}]}, {'id': 1, 'a': 2}),
    ({'success': 'true', 'integration': {'id': 1, 'a': 2}}, {'id': 1, 'a': 2}),
    ({'success': 'true', 'integrations': [{'id': 1, 'a': 2}]}, {'id': 1, 'a': 2}),  # the older read key
    ({'success': 'true'}, None),  # success without the object: the caller reads it back
    ({'success': True, 'id': 4}, {'id': 4}),
    (None, None),
])
def test_expect_object_takes_every_documented_shape(data, expected):
    assert api.expect_object(data, ('integration', 'integrations'), 'read integration') == expected


@pytest.mark.parametrize('data', [
    {'success': True, 'values': [{'id': 1}]},
    {'success': 'true', 'integration': [{'id': 1}, {'id': 2}]},
    {'success': 'true', 'integration': {'name': 'no id'}},
    {'success': 'true', 'integration': {'id': True}},
    [{'id': 1}],
    'text',
])
def test_expect_object_refuses_any_other_shape(data):
    with pytest.raises(GijError, match='^Cannot read integration: the server answered with .* where .* was expected'):
        api.expect_object(data, ('integration', 'integrations'), 'read integration')


@pytest.mark.parametrize('data', [
    {'success': True, 'values': [{'id': 1}]},
    {'success': True, 'integrations': ['a', 'b']},
    {'success': True, 'integrations': [{'id': '1'}]},
    {'success': True, 'integrations': {'id': 1}},
    [{'id': 1}],
    None,
])
def test_expect_list_refuses_anything_but_objects_with_ids_under_the_key(data):
    with pytest.raises(GijError, match='^Cannot list integrations: the server answered with'):
        api.expect_list(data, 'integrations', 'list integrations')


@pytest.mark.parametrize('header, expected', [('2', 2.0), ('-5', 1.0), ('nan', 1.0), ('inf', 1.0), ('soon', 1.0),
                                              (None, 1.0), ('99', api.RETRY_AFTER_CAP)])
def test_retry_after_is_used_only_when_sane(header, expected):
    assert api.retry_wait(header, 2) == expected


def test_secrets_are_masked_in_every_form():
    secrets = api.Secrets()
    secret = 'p"a\\s s/+%'
    secrets.add(secret)
    secrets.add_basic('admin', 'pw-123')
    import base64
    import json
    from urllib.parse import quote, quote_plus
    for form in (secret, json.dumps(secret)[1:-1], quote(secret, safe=''), quote_plus(secret),
                 base64.b64encode(secret.encode()).decode(), base64.b64encode(b'admin:pw-123').decode()):
        assert form not in secrets.mask('server said: <%s> end' % form), form


def test_server_message_joins_error_advice_and_jira_fields():
    message = api.server_message({'error': 'Bad thing', 'advice': 'Do this.', 'errorMessages': ['one', 'two'],
                                  'errors': {'origin': 'required'}})
    assert message == 'Bad thing. Do this. one; two. origin: required.'


def test_bearer_and_basic_auth_are_accepted(emulator):
    assert client_for(emulator).request('GET', '/integration', 'list') == {'success': True, 'integrations': []}
    basic = client_for(emulator, jira_token=None, jira_username='admin', jira_password='admin-pw')
    assert basic.request('GET', '/integration', 'list')['success'] is True


@pytest.mark.parametrize('settings, fault, message', [
    ({'jira_token': 'wrong'}, None, r'HTTP 401: Jira rejected the credentials \(AUTHENTICATED_FAILED\)\. Check jira_token: '
                                    r'it may be mistyped, expired or revoked\.$'),
    ({'jira_token': None, 'jira_username': 'admin', 'jira_password': 'wrong'}, None,
     r'HTTP 401: Jira rejected the credentials \(AUTHENTICATED_FAILED\)\. Check jira_username and jira_password; if basic '
     r'authentication is disabled on this Jira, use a personal access token \(jira_token\)\.$'),
    ({'jira_token': USER_TOKEN}, None, 'HTTP 403: the user is not allowed .* Jira administrator'),
    ({}, {'kind': 'captcha'}, 'HTTP 403: Jira requires a CAPTCHA'),
    ({}, {'kind': 'html_login'}, 'HTTP 200: Jira answered with an HTML page instead of JSON'),
    ({}, {'kind': 'anonymous'}, r'HTTP 200: Jira served the request anonymously \(X-Seraph-LoginReason: AUTHENTICATION_DENIED\)'),
    ({}, {'kind': 'redirect'}, 'HTTP 302: Jira redirected to /login.jsp'),
    ({}, {'kind': 'failure', 'error': 'Database locked', 'advice': 'Try later'}, 'HTTP 200: Database locked. Try later.'),
    ({}, {'kind': 'bad_json'}, 'HTTP 200: the reply is not valid JSON'),
    ({}, {'kind': 'status', 'status': 500}, 'HTTP 500'),
    ({}, {'kind': 'status', 'status': 405}, 'HTTP 405'),
    ({}, {'kind': 'reply', 'body': 'not gzip at all', 'headers': {'Content-Encoding': 'gzip'}, 'count': 9},
     r'the reply from http://127\.0\.0\.1:\d+ could not be decoded \(Content-Encoding: gzip\) after 4 attempt\(s\)\.$'),
])
def test_each_failure_is_one_clear_line(emulator, settings, fault, message):
    if fault:
        emulator.fault(**fault)
    with pytest.raises(GijError, match='^Cannot list integrations: ' + message) as caught:
        client_for(emulator, **settings).request('GET', '/integration', 'list integrations')
    assert '\n' not in str(caught.value)


def test_wrong_url_or_missing_app_is_a_404_with_a_hint(emulator):
    client = client_for(emulator, jira_url=emulator.url + '/jira')
    with pytest.raises(GijError, match='HTTP 404: .* does not look like Jira.* Check jira_url, including a context path'):
        client.request('GET', '/integration', 'list integrations')


def test_context_path(make_emulator):
    emulator = make_emulator(context_path='/jira')
    assert emulator.url.endswith('/jira')
    assert client_for(emulator).request('GET', '/integration', 'list')['success'] is True
    with pytest.raises(GijError, match='HTTP 404'):
        client_for(emulator, jira_url=emulator.url[:-len('/jira')]).request('GET', '/integration', 'list')


@pytest.mark.parametrize('fault', [
    {'kind': 'status', 'status': 503, 'count': 2},
    {'kind': 'status', 'status': 502, 'count': 1},
    {'kind': 'status', 'status': 504, 'count': 3},
    {'kind': 'drop', 'count': 2},
])
def test_reads_are_retried_on_transient_faults(emulator, fault):
    emulator.fault(**fault)
    sleeps = []
    assert client_for(emulator, sleeps=sleeps).request('GET', '/integration', 'list')['success'] is True
    assert len(sleeps) == fault['count']
    assert len(emulator.state.log) == fault['count'] + 1


def test_retries_are_bounded(emulator):
    emulator.fault(kind='status', status=503, count=10)
    with pytest.raises(GijError, match='HTTP 503 after 4 attempts'):
        client_for(emulator).request('GET', '/integration', 'list')
    assert len(emulator.state.log) == 4


def test_retry_after_is_honoured_and_capped(emulator):
    emulator.fault(kind='too_many', retry_after=3)
    emulator.fault(kind='too_many', retry_after=3600)
    sleeps = []
    client_for(emulator, sleeps=sleeps).request('GET', '/integration', 'list')
    assert sleeps == [3.0, api.RETRY_AFTER_CAP]


def test_post_is_not_repeated_on_a_server_error(emulator):
    emulator.fault(kind='status', status=503, method='POST')
    with pytest.raises(GijError) as caught:
        client_for(emulator).request('POST', '/integration', 'create', body={'type': 'GITHUB', 'pat': 'p'})
    assert caught.value.status == 503
    assert len(emulator.writes()) == 1


def test_post_is_repeated_after_429_which_means_not_processed(emulator):
    emulator.fault(kind='too_many', retry_after=0, method='POST')
    reply = client_for(emulator).request('POST', '/integration', 'create', body={'type': 'GITHUB', 'pat': 'p'})
    assert reply['integration']['id'] == 1
    assert len(emulator.state.integrations) == 1


def test_timeout_is_reported_with_its_seconds(emulator):
    emulator.fault(kind='slow', seconds=1.5, count=4)
    with pytest.raises(GijError, match=r'no complete answer from .* within 1 seconds \(timeout\) after 4 attempt'):
        client_for(emulator, timeout=1).request('GET', '/integration', 'list')


def test_connection_refused():
    settings = {'jira_url': 'http://127.0.0.1:9', 'jira_token': 't', 'timeout': 2}
    with pytest.raises(GijError, match=r'the connection to http://127.0.0.1:9 failed \(Connection refused\) after 4 attempt'):
        GijClient(settings, environ={}, sleep=lambda seconds: None).request('GET', '/integration', 'list')


@pytest.mark.parametrize('url', ['jira.example.com', 'ftp://jira.example.com', 'https://'])
def test_bad_jira_url(url):
    with pytest.raises(GijError, match='jira_url must be an http'):
        GijClient({'jira_url': url, 'jira_token': 't'}, environ={})


@pytest.fixture()
def tls_emulator(make_emulator, tmp_path):
    import trustme  # pylint: disable=import-outside-toplevel  # listed in tests/unit/requirements.txt: missing fails, never skips
    authority = trustme.CA()
    cert = authority.issue_cert('127.0.0.1', 'localhost')
    cert_file, key_file, ca_file = str(tmp_path / 'cert.pem'), str(tmp_path / 'key.pem'), str(tmp_path / 'ca.pem')
    cert.private_key_and_cert_chain_pem.write_to_path(cert_file)
    cert.private_key_pem.write_to_path(key_file)
    authority.cert_pem.write_to_path(ca_file)
    return make_emulator(tls_cert=cert_file, tls_key=key_file), ca_file


def test_tls_trusts_exactly_ca_path_even_when_the_environment_names_another_bundle(tls_emulator):
    emulator, ca_file = tls_emulator
    system_bundle = {'REQUESTS_CA_BUNDLE': '/etc/ssl/certs/ca-certificates.crt'}
    assert client_for(emulator, environ=system_bundle, ca_path=ca_file).request('GET', '/integration', 'list')['success']
    with pytest.raises(GijError, match=r'TLS verification of https://127.0.0.1:\d+ failed .*ca_path'):
        client_for(emulator, environ=system_bundle).request('GET', '/integration', 'list')


def test_tls_environment_bundle_is_used_without_ca_path(tls_emulator):
    emulator, ca_file = tls_emulator
    assert client_for(emulator, environ={'REQUESTS_CA_BUNDLE': ca_file}).request('GET', '/integration', 'list')['success']


def test_validate_certs_false_skips_verification(tls_emulator):
    emulator = tls_emulator[0]
    assert client_for(emulator, validate_certs=False).request('GET', '/integration', 'list')['success']


def test_missing_ca_path_file_is_a_clear_error(emulator, tmp_path):
    with pytest.raises(GijError, match='ca_path .* is not a readable file'):
        client_for(emulator, ca_path=str(tmp_path / 'nope.pem'))


def test_netrc_never_replaces_the_token(emulator, tmp_path, monkeypatch):
    netrc = tmp_path / '.netrc'
    netrc.write_text('machine 127.0.0.1 login jdoe password jdoe-pw\n')
    os.chmod(str(netrc), 0o600)
    monkeypatch.setenv('HOME', str(tmp_path))
    monkeypatch.setenv('NETRC', str(netrc))
    client_for(emulator).request('GET', '/integration', 'list')
    assert emulator.state.log[-1]['user'] == 'admin'


def test_proxy_from_the_environment_is_used(emulator):
    # The emulator answers a proxied (absolute-form) request like a forward proxy would pass it on.
    target = 'http://jira.invalid'
    client = GijClient({'jira_url': target, 'jira_token': TOKEN}, environ={})
    assert client.proxies == {}
    os.environ['HTTP_PROXY'] = emulator.url
    try:
        client = GijClient({'jira_url': target, 'jira_token': TOKEN}, environ={})
    finally:
        del os.environ['HTTP_PROXY']
    assert client.proxies.get('http') == emulator.url
    assert client.request('GET', '/integration', 'list')['success'] is True
