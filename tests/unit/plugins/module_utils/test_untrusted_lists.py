# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The list read is untrusted input (issue 20, cases 1-8): paging, bounds, shifting pages, stray keys, creates that
cannot be read back or found, unclear creates, two creators of one name. Real client, services and reconcilers
against the in-process emulator."""

import pytest

from ansible_collections.gij.jira.plugins.module_utils.api import GijClient, GijError
from ansible_collections.gij.jira.plugins.module_utils.fields import INTEGRATION
from ansible_collections.gij.jira.plugins.module_utils.integration import IntegrationService
from ansible_collections.gij.jira.plugins.module_utils.reconcile import Reconciler, SetReconciler
from ansible_collections.gij.jira.plugins.module_utils.repository import RepositoryService

from ansible_collections.gij.jira.tests.unit.emulator_support import TOKEN

SEEDED = {'displayName': 'GH', 'type': 'GITHUB', 'pat': 'seeded'}
GH = {'id': 1, 'displayName': 'GH', 'integrationType': 'GITHUB', 'origin': 'https://api.github.com'}
OTHER = {'id': 2, 'displayName': 'Other', 'integrationType': 'GITLAB', 'origin': 'https://gitlab.com'}


def params_for(**options):
    """The task: GH exactly as seeded, with the credentials a create would need."""
    params = {'state': 'present', 'update_secrets': 'on_create', 'delete_files': False, 'id': None, 'name': 'GH',
              'type': 'GITHUB', 'pat': 'ghp-new'}
    params.update(options)
    return params


def service_of(emulator, service_class=IntegrationService):
    client = GijClient({'jira_url': emulator.url, 'jira_token': TOKEN, 'timeout': 5}, environ={}, sleep=lambda s: None)
    return service_class(client)


def single(emulator):
    return Reconciler(service_of(emulator))


def run_set(emulator, *items):
    return SetReconciler(service_of(emulator)).run(list(items) or [params_for()])


def gets(emulator):
    return [entry for entry in emulator.state.log if entry['method'] == 'GET']


def one_line(err):
    text = str(err.value)
    assert '\n' not in text and 'Unexpected' not in text and text, text
    return text


def reply(emulator, body, count=99):
    emulator.fault(kind='reply', method='GET', path='/integration$', body=body, count=count)


def seed_around_gh(emulator, before=3, after=1):
    """Integrations Other-N around GH, so that GH is on a later page."""
    for number in range(before):
        emulator.state.seed({'displayName': 'Other-%d' % number, 'type': 'GITLAB', 'pat': 'p'})
    emulator.state.seed(dict(SEEDED))
    for number in range(after):
        emulator.state.seed({'displayName': 'Later-%d' % number, 'type': 'GITLAB', 'pat': 'p'})


# --- case 1: paging of every style is followed, or stops the task -------------------------------------------------
@pytest.mark.parametrize('style, start', [('offset', 'offset'), ('atlassian', 'start'), ('jira', 'startAt')])
def test_each_paging_style_is_followed_to_the_last_page(make_emulator, style, start):
    emulator = make_emulator(page_size=2)
    emulator.state.set_config({'paging_style': style})
    seed_around_gh(emulator)
    result = single(emulator).run(params_for())
    assert result['changed'] is False and result['id'] == 4 and emulator.writes() == []
    assert [entry['query'].get(start) for entry in gets(emulator)] == [None, '2', '4']


def test_the_repository_list_follows_atlassian_paging(make_emulator):
    emulator = make_emulator()
    emulator.state.set_config({'paging_style': 'atlassian', 'repository_page_size': 2, 'repos_per_integration': 0})
    for number in range(5):
        emulator.state.seed_repository({'displayName': 'r%d' % number, 'origin': 'https://git.example.com/r%d.git' % number})
    found = service_of(emulator, RepositoryService).find({'origin': 'https://git.example.com/r4.git'})
    assert found['name'] == 'r4' and len(gets(emulator)) == 3


@pytest.mark.parametrize('markers', [
    {'isLastPage': False}, {'nextPageStart': 1}, {'next': '/integration?page=2'}, {'nextPage': 2},
    {'links': {'next': '/integration?page=2'}}, {'hasMore': True}, {'startAt': 0, 'maxResults': 1},
    {'size': 1, 'limit': 1}, {'limit': 1},
], ids=lambda markers: '+'.join(sorted(markers)))
def test_paging_that_is_not_followed_stops_before_a_write(emulator, markers):
    reply(emulator, dict({'success': True, 'integrations': [OTHER]}, **markers))
    with pytest.raises(GijError) as err:
        single(emulator).run(params_for())
    assert one_line(err).startswith('Cannot list integrations:')
    assert emulator.writes() == []


# --- case 2: a list that never ends -------------------------------------------------------------------------------
@pytest.mark.parametrize('bound, value, message', [
    ('max_pages', 5, 'after 5 pages'), ('max_items', 250, 'more than 250 integrations'),
    ('max_seconds', 0.3, 'for more than 0.3 seconds'),
])
def test_an_endless_list_ends_at_a_bound_that_the_message_names(make_emulator, bound, value, message):
    emulator = make_emulator(page_size=50)
    emulator.state.set_config({'endless_list': True})
    if bound == 'max_seconds':
        emulator.fault(kind='slow', seconds=0.1, method='GET', count=99)
    service = service_of(emulator)
    setattr(service, bound, value)
    with pytest.raises(GijError) as err:
        Reconciler(service).run(params_for())
    assert message in one_line(err) and emulator.writes() == []


def test_an_endless_list_stops_at_the_default_bounds(make_emulator):
    emulator = make_emulator(page_size=100)
    emulator.state.set_config({'endless_list': True, 'paging_style': 'atlassian'})
    with pytest.raises(GijError) as err:
        single(emulator).run(params_for())
    assert 'Cannot list integrations: stopped' in one_line(err) and emulator.writes() == []
    assert len(gets(emulator)) <= 1000


# --- case 3: pages that shift while they are read -----------------------------------------------------------------
def shift_after_first_page(emulator, path='/integration$'):
    """Other-0 (id 1) is deleted after page 1 is sent: GH moves from page 2 to page 1 and is never seen."""
    emulator.fault(kind='mutate', delete=[1], method='GET', path=path, skip=1)


def test_a_create_decided_on_shifted_pages_looks_again_and_finds_it(make_emulator):
    emulator = make_emulator(page_size=2)
    seed_around_gh(emulator, before=1, after=2)  # Other-0, GH, Later-0, Later-1
    emulator.state.set_config({'page_size': 1})
    shift_after_first_page(emulator)
    result = single(emulator).run(params_for())
    assert result['changed'] is False and result['id'] == 2 and emulator.writes() == []


def test_the_set_refuses_a_create_decided_on_shifted_pages(make_emulator):
    emulator = make_emulator(page_size=1)
    seed_around_gh(emulator, before=1, after=2)
    shift_after_first_page(emulator)
    with pytest.raises(GijError) as err:
        run_set(emulator)
    assert 'changed while it was read' in one_line(err) and emulator.writes() == []


def test_a_repository_add_decided_on_shifted_pages_looks_again(make_emulator):
    emulator = make_emulator()
    emulator.state.set_config({'repository_page_size': 1, 'repos_per_integration': 0})
    for number in range(4):
        emulator.state.seed_repository({'displayName': 'r%d' % number, 'origin': 'https://git.example.com/r%d.git' % number})
    shift_after_first_page(emulator, '/repository$')
    reconciler = Reconciler(service_of(emulator, RepositoryService))
    result = reconciler.run({'state': 'present', 'update_secrets': 'on_create', 'delete_files': False, 'id': None,
                             'origin': 'https://git.example.com/r1.git'})
    assert result['changed'] is False and result['id'] == 2 and emulator.writes() == []


def test_a_real_create_on_a_paged_list_confirms_once_and_an_unchanged_run_reads_each_page_once(make_emulator):
    emulator = make_emulator(page_size=2)
    seed_around_gh(emulator)
    assert single(emulator).run(params_for())['changed'] is False
    assert len(gets(emulator)) == 3
    emulator.state.log = []
    created = single(emulator).run(params_for(name='New'))
    assert created['changed'] is True
    assert [entry['method'] for entry in emulator.state.log] == ['GET'] * 3 + ['GET'] * 3 + ['POST']


# --- case 4: stray keys and unreadable names ----------------------------------------------------------------------
def test_a_stray_key_never_overrides_the_documented_one(emulator):
    emulator.state.seed(dict(SEEDED, name='github-7', type='GITHUB'))
    emulator.state.set_config({'stray_keys': {'1': {'type': 'GITLAB', 'init_date': 'stray'}}})
    result = single(emulator).run(params_for())
    assert result['changed'] is False and result['integration']['name'] == 'GH' and emulator.writes() == []
    assert result['integration']['type'] == 'GITHUB' and isinstance(result['integration']['init_date'], int)


def test_facts_map_reply_keys_exactly_as_the_table_says():
    facts = INTEGRATION.facts({'id': 1, 'name': 'github-7', 'displayName': 'GH', 'type': 'GITLAB', 'integrationType': 'GITHUB',
                               'display_name': 'x', 'last_indexed_date': 'x', 'lastIndexedDate': 5, 'someNewField': 3})
    assert facts['name'] == 'GH' and facts['type'] == 'GITHUB' and facts['last_indexed_date'] == 5
    assert facts['some_new_field'] == 3
    facts = INTEGRATION.facts({'id': 1, 'name': 'github-7'})
    assert 'name' not in facts


@pytest.mark.parametrize('stray', [{'displayName': None}, {'displayName': None, 'name': 'GH'}, {'name': ['x'], 'displayName': None}],
                         ids=['null', 'null-with-name', 'list-name'])
def test_an_item_whose_name_cannot_be_read_makes_a_lookup_by_name_fail_closed(emulator, stray):
    emulator.state.seed(dict(SEEDED, displayName='Other'))
    emulator.state.set_config({'stray_keys': {'1': stray}})
    with pytest.raises(GijError) as err:
        single(emulator).run(params_for())
    assert "integration id 1 has no name that can be read" in one_line(err) and emulator.writes() == []


def test_a_name_that_is_a_list_is_one_clear_line(emulator):
    reply(emulator, {'success': True, 'integrations': [{'id': 1, 'name': ['x'], 'displayName': ['x']}]})
    with pytest.raises(GijError) as err:
        single(emulator).run(params_for())
    assert 'displayName is' in one_line(err) and emulator.writes() == []


# --- case 5 and 6: creates the server accepted ----------------------------------------------------------------------
def test_a_create_that_cannot_be_read_back_is_changed_with_its_id(emulator):
    emulator.fault(kind='reply', method='POST', body={'success': True, 'id': 100})
    emulator.fault(kind='status', status=503, method='GET', skip=1, count=99)
    reconciler = single(emulator)
    with pytest.raises(GijError) as err:
        reconciler.run(params_for())
    text = one_line(err)
    assert "The server accepted the create of integration 'GH' (id 100), but it could not be read back" in text, text
    assert err.value.partial['changed'] is True and err.value.partial['id'] == 100


@pytest.mark.parametrize('shape', ['id_only', 'minimal'])
def test_a_create_that_is_never_listed_is_changed_and_says_another_may_be_created(emulator, shape):
    emulator.state.set_config({'reply_shape': shape, 'unlisted_creates': True})
    with pytest.raises(GijError) as err:
        single(emulator).run(params_for())
    text = one_line(err)
    assert "The server accepted the create of integration 'GH'" in text and 'cannot be found afterwards' in text
    assert 'running the task again may create another' in text
    assert err.value.partial['changed'] is True
    assert err.value.partial.get('id') == (1 if shape == 'id_only' else None)


def test_a_set_whose_create_is_never_listed_counts_it_as_created(emulator):
    emulator.state.set_config({'reply_shape': 'id_only', 'unlisted_creates': True})
    with pytest.raises(GijError) as err:
        run_set(emulator)
    assert 'cannot be found' in one_line(err)
    assert err.value.partial['changed'] is True and err.value.partial['created'] == [{'name': 'GH', 'id': 1}]


# --- case 7: an unclear create adopts only what matches the task's whole identity -----------------------------------
def test_an_unclear_create_does_not_adopt_an_integration_of_another_type(emulator):
    emulator.fault(kind='status', status=502, method='POST')
    emulator.fault(kind='mutate', seed=[{'displayName': 'GH', 'type': 'GITLAB', 'pat': 'p'}], method='GET', skip=1)
    with pytest.raises(GijError) as err:
        single(emulator).run(params_for())
    assert 'may still appear on the server' in one_line(err)
    assert not getattr(err.value, 'partial', {}).get('changed')


def test_an_unclear_create_does_not_adopt_another_origin(emulator):
    emulator.fault(kind='status', status=502, method='POST')
    emulator.fault(kind='mutate', seed=[dict(SEEDED, type='GITHUB_SERVER', origin='https://a.example.org')], method='GET', skip=1)
    with pytest.raises(GijError) as err:
        single(emulator).run(params_for(type='GITHUB_SERVER', origin='https://b.example.org'))
    assert 'may still appear on the server' in one_line(err)


def test_the_set_reads_the_list_again_after_an_unclear_create_and_adopts_it(emulator):
    emulator.fault(kind='status', status=500, method='POST', after=True)
    result = run_set(emulator)
    assert result['changed'] is True and result['created'] == [{'name': 'GH', 'id': 1}]
    assert len(emulator.state.integrations) == 1


# --- case 8: two creators of one name -----------------------------------------------------------------------------
def test_a_namesake_seen_after_a_create_is_a_warning_with_both_ids(emulator):
    emulator.state.set_config({'reply_shape': 'id_only'})
    emulator.fault(kind='mutate', seed=[dict(SEEDED, pat='other-host')], method='POST')
    result = single(emulator).run(params_for())
    assert result['changed'] is True and result['id'] == 2
    assert len(result['warnings']) == 1 and 'ids 1 and 2' in result['warnings'][0] and 'run_once' in result['warnings'][0]


def test_namesakes_that_hide_which_one_was_created_are_named_in_the_failure(emulator):
    emulator.fault(kind='mutate', seed=[dict(SEEDED, pat='other-host')], method='POST')
    emulator.state.set_config({'reply_shape': 'minimal'})
    with pytest.raises(GijError) as err:
        single(emulator).run(params_for())
    text = one_line(err)
    assert 'ids 1, 2' in text and err.value.partial['changed'] is True


# --- the table the issue asks for: malformed list shapes never lead to a write -----------------------------------
def items(*extra):
    return {'success': True, 'integrations': [OTHER, GH] + list(extra)}


MALFORMED = {
    # paging markers of the common API styles, the wanted integration "on page two"
    'atlassian-not-last': {'success': True, 'integrations': [OTHER], 'isLastPage': False},
    'atlassian-next-start-only': {'success': True, 'integrations': [OTHER], 'nextPageStart': 1},
    'atlassian-followed-forever': {'success': True, 'integrations': [OTHER], 'isLastPage': False, 'nextPageStart': 1},
    'atlassian-size-limit': {'success': True, 'integrations': [OTHER], 'start': 0, 'size': 1, 'limit': 1},
    'atlassian-last-with-next': {'success': True, 'integrations': [OTHER], 'isLastPage': True, 'nextPageStart': 1},
    'jira-no-total': {'success': True, 'integrations': [OTHER], 'startAt': 0, 'maxResults': 1},
    'jira-followed-forever': {'success': True, 'integrations': [OTHER], 'startAt': 0, 'maxResults': 1, 'total': 2},
    'jira-is-last-false': {'success': True, 'integrations': [OTHER], 'isLast': False},
    'offset-followed-forever': {'success': True, 'integrations': [OTHER], 'total': 2},
    'offset-count-no-total': {'success': True, 'integrations': [OTHER], 'offset': 0, 'count': 1},
    'limit-alone': {'success': True, 'integrations': [OTHER], 'limit': 1},
    'next-link': {'success': True, 'integrations': [OTHER], 'next': 'https://jira.example.com/x?page=2'},
    'next-page': {'success': True, 'integrations': [OTHER], 'nextPage': 2},
    'links-next': {'success': True, 'integrations': [OTHER], 'links': {'next': '/x?page=2'}},
    'hal-links': {'success': True, 'integrations': [OTHER], '_links': {'next': {'href': '/x?page=2'}}},
    'has-more': {'success': True, 'integrations': [OTHER], 'hasMore': True},
    'has_more': {'success': True, 'integrations': [OTHER], 'has_more': True},
    'cursor': {'success': True, 'integrations': [OTHER], 'nextCursor': 'abc'},
    'page-token': {'success': True, 'integrations': [OTHER], 'nextPageToken': 'abc'},
    'page-numbers': {'success': True, 'integrations': [OTHER], 'page': 1, 'totalPages': 2},
    'mixed-styles': {'success': True, 'integrations': [OTHER], 'total': 2, 'isLastPage': True},
    'total-below-sent': {'success': True, 'integrations': [OTHER, GH], 'total': 1},
    'total-negative': {'success': True, 'integrations': [OTHER], 'total': -1},
    'total-text': {'success': True, 'integrations': [OTHER], 'total': 'many'},
    # other keys and wrappers
    'data-wrapper': {'success': True, 'data': {'integrations': [OTHER, GH]}},
    'values-beside-empty': {'success': True, 'integrations': [], 'values': [GH]},
    'items-beside': {'success': True, 'integrations': [OTHER], 'items': [GH]},
    'capitalised-key-beside': {'success': True, 'integrations': [], 'Integrations': [GH]},
    'singular-key': {'success': True, 'integration': [OTHER, GH]},
    'nested-values': {'success': True, 'integrations': {'values': [OTHER, GH]}},
    'null-list': {'success': True, 'integrations': None},
    'bare-list': [OTHER, GH],
    'null-body': None,
    'warning-beside': {'success': True, 'integrations': [OTHER], 'warning': 'partial list'},
    # failure flags beside the data
    'success-false': {'success': False, 'integrations': [OTHER]},
    'success-maybe': {'success': 'maybe', 'integrations': [OTHER]},
    'success-null': {'success': None, 'integrations': [OTHER]},
    'error-beside': {'success': True, 'error': 'database down', 'integrations': []},
    'errors-beside': {'success': True, 'errors': ['index busy'], 'integrations': []},
    'error-messages-beside': {'success': True, 'errorMessages': ['x'], 'integrations': []},
    'partial-flag': {'success': True, 'partial': True, 'integrations': [OTHER]},
    'status-error': {'success': True, 'status': 'error', 'integrations': []},
    # unreadable ids, names and types; odd items
    'id-text': {'success': True, 'integrations': [dict(GH, id='1')]},
    'id-null': {'success': True, 'integrations': [dict(GH, id=None)]},
    'id-boolean': {'success': True, 'integrations': [dict(GH, id=True)]},
    'id-float': {'success': True, 'integrations': [dict(GH, id=1.0)]},
    'id-twice': {'success': True, 'integrations': [GH, dict(OTHER, id=1)]},
    'name-null': {'success': True, 'integrations': [dict(GH, displayName=None)]},
    'name-missing': {'success': True, 'integrations': [dict((k, v) for k, v in GH.items() if k != 'displayName')]},
    'name-number': {'success': True, 'integrations': [dict(GH, displayName=7)]},
    'name-list': {'success': True, 'integrations': [dict(GH, displayName=['GH'])]},
    'stray-name-only': {'success': True, 'integrations': [{'id': 1, 'name': 'GH', 'integrationType': 'GITHUB'}]},
    'other-name-null': {'success': True, 'integrations': [OTHER, {'id': 3, 'displayName': None, 'integrationType': 'GITHUB'}]},
    'type-number': {'success': True, 'integrations': [dict(GH, integrationType=5)]},
    'type-list': {'success': True, 'integrations': [dict(GH, integrationType=['GITHUB'])]},
    'type-null': {'success': True, 'integrations': [dict(GH, integrationType=None)]},
    'type-other': {'success': True, 'integrations': [dict(GH, integrationType='GITLAB')]},
    'disabled-maybe': {'success': True, 'integrations': [dict(GH, disabled='maybe')]},
    'item-null': items(None),
    'item-text': items('GH'),
    'item-list': {'success': True, 'integrations': [[GH]]},
}


@pytest.mark.parametrize('module', ['git_integration', 'git_integrations'])
@pytest.mark.parametrize('name', sorted(MALFORMED))
def test_no_malformed_list_leads_to_a_write(emulator, name, module):
    emulator.state.seed(dict(SEEDED))
    reply(emulator, MALFORMED[name])
    with pytest.raises(GijError) as err:
        if module == 'git_integration':
            single(emulator).run(params_for())
        else:
            run_set(emulator)
    one_line(err)
    assert emulator.writes() == []


def test_the_table_holds_at_least_forty_shapes():
    assert len(MALFORMED) >= 40
