# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Repositories: the repository endpoints with their bare-object replies, their rules, and reading them all (single
ones and those an integration discovered) for git_repository_info. Single repositories are added, changed and
deleted; the nested ones an integration discovered are found through their integration and only changed, with the
fields the nested update may change (fields.NESTED_WRITABLE)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from collections import Counter

from ansible_collections.gij.jira.plugins.module_utils.api import GijError
from ansible_collections.gij.jira.plugins.module_utils.fields import (
    INTEGER_TEXT, NESTED_READ_ONLY, NESTED_REPOSITORY, REPOSITORY, check_not_blank, check_positive_id, check_project_keys,
    normalize, origin_secrets,
)
from ansible_collections.gij.jira.plugins.module_utils.integration import IntegrationService, integration_named
from ansible_collections.gij.jira.plugins.module_utils.projects import JiraProjects
from ansible_collections.gij.jira.plugins.module_utils.service import Service

NESTED_OPTIONS = ('integration_id', 'integration_name')  # an item with one of them is about a nested repository

# The indexing states the vendor's nested-repository page documents (api-notes.md section 7).
STATES = ('QUEUED', 'UPDATED', 'SCANNING', 'ERROR')
# How many ids a warning or a failure names before it says how many more there are.
IDS_SHOWN = 10


class RepositoryService(Service):
    """List, add, update, delete and enable/disable repositories. Add and update answer with bare objects."""

    table = REPOSITORY
    list_path = '/repository'
    list_key = 'repositories'
    object_keys = ('repository',)
    bare_replies = True
    create_verb = 'add'
    # A repository an integration discovered is found through its integration (see expand_nested).
    item_options = {'integration_id': dict(type='int'), 'integration_name': dict(type='str')}

    def get(self, item_id):
        # No single-read endpoint is documented: the list is the read.
        found = [item for item in self.list() if item['id'] == item_id]
        return found[0] if found else None

    def of_integration(self, integration_id):
        """Ids of the repositories the background discovery found for an integration."""
        return [item['id'] for item in self.nested_in(integration_id)]

    def nested_in(self, integration_id):
        """The repositories the background discovery found for an integration, from one list read."""
        return [item for item in self.list() if item.get('integration_id') == integration_id]

    def update(self, item_id, values, label):
        call = 'update repository %s' % label
        data = self.client.request('PUT', '/repository', call, body=dict(self.table.body(values), id=item_id))
        return self.written_object(data, call, item_id)

    def delete(self, item_id, delete_files, label):
        self.client.delete('/repository', 'delete repository %s' % label,
                           {'id': item_id, 'deleteFiles': 'true' if delete_files else 'false'})

    def read_only_reason(self, facts):
        if facts.get('integration_id') is not None:
            return ('it belongs to integration id %s and is read-only here. Give integration_id: %s (or its '
                    'integration_name) to change the settings the app lets you change on it'
                    % (facts['integration_id'], facts['integration_id']))
        return None


class NestedRepositoryService(RepositoryService):
    """The repositories integrations discovered: changed through the nested update, never added or deleted here."""

    table = NESTED_REPOSITORY

    def __init__(self, client):
        super(NestedRepositoryService, self).__init__(client)
        self.read_for_lookup = None  # the list read to find the task's repositories: the next list() is that read

    def list(self):
        if self.read_for_lookup is not None:
            items, self.read_for_lookup = self.read_for_lookup, None
            return items
        return [item for item in super(NestedRepositoryService, self).list() if item.get('integration_id') is not None]

    def read_only_reason(self, facts):
        return None


def nested_label(position, item):
    """How messages name an item of git_repositories about a nested repository."""
    named = item.get('origin') or item.get('name') or ('id %s' % item['id'] if item.get('id') is not None else None)
    integration = item.get('integration_name') or 'id %s' % item.get('integration_id')
    return 'repositories[%d] (%s%s)' % (position, '%s of ' % named if named else 'all of ', integration)


def is_nested(item):
    return any(item.get(option) is not None for option in NESTED_OPTIONS)


def check_nested(item):
    """The rules of an item about a nested repository, before any request."""
    if item.get('integration_id') is not None and item.get('integration_name') is not None:
        raise GijError('integration_id and integration_name are mutually exclusive: give one of them.')
    check_positive_id(item, 'integration_id', 'integration id')
    check_not_blank(item, 'integration_name')
    if item.get('state', 'present') == 'absent' or item.get('delete_files'):
        raise GijError('state: absent is refused for a repository of an integration: the app discovers them, and this '
                       'collection never deletes one. Disable it (disabled: true), or narrow what the integration '
                       'tracks (api_path, api_filter).')
    for option in NESTED_READ_ONLY:
        if item.get(option) is not None:
            raise GijError('%s is read-only on a repository an integration discovered (the nested repository API '
                           'ignores it): leave it out, or set it on the integration.' % option)
    check_positive_id(item, 'id', 'repository id')
    check_not_blank(item, 'origin')
    check_not_blank(item, 'name')
    NESTED_REPOSITORY.check_task(item, needs_key=False)


def names_repository(item):
    return any(item.get(option) is not None for option in ('id', 'origin', 'name'))


def expand_nested(client, service, items, label=None):
    """The nested repositories ``items`` name, each as an item with its id and every value it must have: an item
    that names a repository (id, origin or name) is about that one; an item without is about every repository of its
    integration, and an item that names one of them refines it. One repository list read (kept for the next
    ``service.list()``), and one integration list read when an item names its integration. ``label(position, item)``
    names an item of a set in messages.

    Returns (items, warnings)."""
    integrations = None
    if any(item.get('integration_name') is not None for item in items):
        integrations = IntegrationService(client).list()
    repositories = service.list()
    service.read_for_lookup = repositories
    by_integration = {}
    for repository in repositories:
        by_integration.setdefault(repository['integration_id'], []).append(repository)
    whole, named, warnings = {}, {}, []
    for position, item in enumerate(items):
        where = label(position, item) if label else None
        try:
            integration_id, integration = integration_of(item, integrations)
            own = by_integration.get(integration_id, [])
            values = dict((key, value) for key, value in item.items()
                          if value is not None and key not in NESTED_OPTIONS + ('id', 'origin'))
            if not names_repository(item):
                if integration_id in whole:
                    raise GijError('all repositories of %s are listed twice: list them once.' % integration)
                if not own:
                    if item.get('integration_name') is None:
                        raise GijError('no repository in the list belongs to integration id %s (it does not exist, or '
                                       'its repositories are not discovered yet).' % integration_id)
                    warnings.append('%s has no repositories yet (they are discovered in the background): nothing to '
                                    'change.' % upper_first(integration))
                whole[integration_id] = (values, [repository['id'] for repository in own])
                continue
            found = find_nested(item, own, integration)
            if found['id'] in named:
                raise GijError('the same repository (id %s) as %s: list it once.' % (found['id'], named[found['id']][0]))
        except GijError as err:
            raise GijError('%s: %s' % (where, err)) if where else err
        named[found['id']] = (where, values)
    targets, order = {}, []
    for values, ids in whole.values():
        for repository_id in ids:
            targets[repository_id] = dict(values)
            order.append(repository_id)
    for repository_id, (where, values) in named.items():
        if repository_id not in targets:
            order.append(repository_id)
        targets[repository_id] = dict(targets.get(repository_id, {}), **values)
    return [dict(targets[repository_id], id=repository_id) for repository_id in order], warnings


def integration_of(item, integrations):
    """The id of the item's integration, and how messages name it."""
    if item.get('integration_id') is not None:
        return item['integration_id'], 'integration id %s' % item['integration_id']
    found = integration_named(integrations, item['integration_name'])
    return found['id'], "integration '%s' (id %s)" % (found.get('name'), found['id'])


def find_nested(item, own, integration):
    """The one repository of an integration that ``item`` names by id, origin or name."""
    if item.get('id') is not None:
        matches, what = [r for r in own if r['id'] == item['id']], 'id %s' % item['id']
    elif item.get('origin') is not None:
        origin = normalize(NESTED_REPOSITORY.by_option['origin'], item['origin'])
        matches, what = [r for r in own if r.get('origin') == origin], 'the origin %s' % origin
    else:
        matches, what = [r for r in own if r.get('name') == item['name']], "the name '%s'" % item['name']
    if len(matches) > 1:
        raise GijError('%d repositories of %s have %s (ids %s): give id or origin to choose one.'
                       % (len(matches), integration, what, ', '.join(str(r['id']) for r in matches)))
    if not matches:
        listed = ', '.join("'%s'" % r.get('name') for r in own[:10]) + (', ...' if len(own) > 10 else '')
        raise GijError('%s has no repository with %s (%s): nothing was changed.'
                       % (upper_first(integration), what, 'its repositories: %s' % listed if own else 'it has no repositories yet'))
    return matches[0]


def upper_first(text):
    return text[:1].upper() + text[1:]


class RepositoryInfo:
    """git_repository_info: every repository the app lists, read and filtered, nothing changed.

    Requests: the repository list (its pages); with ``project`` first Jira's GET /rest/api/2/project/{key}; Jira's
    project list once when a repository shown maps a project id not known by then; the integration list once with
    ``integration_name`` or when a repository shown belongs to an integration (for its name).
    """

    def validate(self, params):
        check_positive_id(params, 'id', 'repository id')
        check_positive_id(params, 'integration_id', 'integration id')
        for option in ('integration_name', 'name', 'origin'):
            check_not_blank(params, option)
        if params.get('project') is not None:
            check_project_keys([params['project']], 'project')

    def run(self, client, params):
        integrations, projects = IntegrationService(client), JiraProjects(client)
        integration_id = params.get('integration_id')
        if params.get('integration_name') is not None:
            integration_id = integration_named(integrations.list(), params['integration_name'])['id']
        if params.get('project') is not None:
            key = params['project'].upper()
            project_id = projects.id_of(key)  # an unknown key is one line before the repository list is read
            listed = RepositoryService(client).list({'projectKey': key}, 'project %s' % key)
            check_project_scope(listed, key, project_id)
        else:
            listed = RepositoryService(client).list()
        odd_states, odd_dates = [], []
        items = [dict(item, state=state_of(item, odd_states), last_indexed_date=date_of(item, odd_dates))
                 for item in listed if matches(item, params, integration_id)]
        warnings = []
        if odd_states:
            warnings.append("The server's state of %s is not one of %s: reported as null."
                            % (ids_text(odd_states), ', '.join(STATES)))
        if odd_dates:
            warnings.append("The server's lastIndexedDate of %s is not a time in epoch milliseconds: reported as null."
                            % ids_text(odd_dates))
        if params.get('state') is not None:
            unknown = [item['id'] for item in items if item['state'] is None]
            if unknown:
                warnings.append('The server reports no indexing state for %s, so state: %s cannot tell whether they are '
                                'in it: left out.' % (ids_text(unknown), params['state']))
            items = [item for item in items if item['state'] == params['state']]
        known = []
        if any(item.get('integration_id') is not None for item in items):
            known = names_of_integrations(integrations, warnings)
        names = dict((i['id'], i.get('name')) for i in known)
        for item in items:
            item['integration_id'] = item.get('integration_id')
            item['integration_name'] = names.get(item['integration_id'])
            ids = item.get('project_mapping_ids')
            item['projects'] = projects.keys_of(ids) if ids is not None else None
        addressing = Addressing(listed, known, client.secrets.mask)
        result = {'changed': False, 'repositories': items,
                  'repository_options': [addressing.options(item) for item in items]}
        if addressing.hid:
            warnings.append('repository_options leave out the values of %s that hold a secret (masked in this output): '
                            'applied, they leave those values as they are.' % ids_text(addressing.hid))
        if warnings:
            result['warnings'] = warnings
        return result


def names_of_integrations(integrations, warnings):
    """The integration list, for the names of the repositories' integrations. The repository list is open to any
    Jira user, the integration list only to an administrator: for anyone else (403) the names are unknown."""
    if integrations.last_list is not None:
        return integrations.last_list
    try:
        return integrations.list()
    except GijError as err:
        if err.status != 403:
            raise
        warnings.append('Only a Jira administrator may list the integrations, so integration_name is null '
                        '(integration_id names the integration).')
        return []


class Addressing:
    """How an item of gij.jira.git_repositories finds each repository again (export to code): a single repository by
    origin and name, a nested one by its integration's name and its origin. Where that would be ambiguous on this
    server (two repositories with one origin and name, two repositories of an integration with one origin, an
    integration name that several integrations have, that is blank or that the integration list does not hold, any
    repository without an origin), by this server's ids.
    An origin with credentials in it (user:password@, a token as user name) is left out, the repository found by its id;
    so is any value the output's masking would change (it holds a secret): '********port' would rename a repository."""

    def __init__(self, listed, integrations, mask):
        self.mask, self.hid = mask, []  # hid: ids of the repositories with a value left out
        # git_repositories looks a single repository up among all repositories, nested ones included.
        self.single = Counter((item.get('origin'), item.get('name')) for item in listed)
        # One repository without a readable origin makes every lookup by origin fail (it may be the one).
        self.unkeyed = any(not isinstance(item.get('origin'), str) or not item['origin'] for item in listed)
        self.nested = Counter((item.get('integration_id'), item.get('origin')) for item in listed
                              if item.get('integration_id') is not None)
        names = Counter(i.get('name') for i in integrations)
        # git_repositories refuses a blank integration_name.
        self.integration_names = dict((i['id'], i.get('name')) for i in integrations
                                      if isinstance(i.get('name'), str) and i['name'].strip() and names[i.get('name')] == 1)

    def options(self, item):
        """The item's options: applied unchanged to this server, they change nothing."""
        integration_id = item.get('integration_id')
        secret_origin = bool(origin_secrets(item.get('origin')))  # an exported file would hold the token
        table = REPOSITORY if integration_id is None else NESTED_REPOSITORY
        values = table.options(item)
        hidden = [option for option, value in values.items() if isinstance(value, str) and self.mask(value) != value]
        hidden += [f.option for f in table.fields if f.goes_with in hidden and f.option in values]  # real_root's pair
        for option in hidden:
            values.pop(option, None)
        if hidden:
            self.hid.append(item['id'])
        if integration_id is None:
            if values.get('absolute_root') is not True:
                # A path in the app's own folder ('7_app') is where this server put its clone, not a setting.
                values.pop('real_root', None)
                values.pop('absolute_root', None)
            if secret_origin:
                values.pop('origin', None)
            by_id = secret_origin or hidden or self.unkeyed or self.single[(item.get('origin'), item.get('name'))] > 1
            return dict([('id', item['id'])] if by_id else [], **values)
        name = self.integration_names.get(integration_id)
        if name is not None and self.mask(name) != name:
            name = None
        address = [('integration_name', name) if name is not None else ('integration_id', integration_id)]
        if secret_origin or self.nested[(integration_id, item.get('origin'))] > 1 or not values.get('origin'):
            address.append(('id', item['id']))
            values.pop('origin', None)
        return dict(address, **values)


def matches(item, params, integration_id):
    """Whether a repository passes the task's filters other than state."""
    wanted = (('id', params.get('id')), ('integration_id', integration_id), ('name', params.get('name')),
              ('origin', normalize(REPOSITORY.by_option['origin'], params.get('origin'))))
    return all(value is None or item.get(option) == value for option, value in wanted)


def check_project_scope(items, key, project_id):
    """A list read with ?projectKey= holds only repositories associated with the project (with every project for a
    global one, as the vendor's example shows): anything else means the server did not apply the filter."""
    strays = [item['id'] for item in items
              if item.get('global') is not True and project_id not in (item.get('project_mapping_ids') or [])]
    if strays:
        raise GijError('Cannot list repositories of project %s: the server answered with %s, neither global nor '
                       'associated with %s (does this app version ignore projectKey?). Nothing was changed after it.'
                       % (key, ids_text(strays), key))


def state_of(item, odd):
    """The indexing state as one of STATES (the server's in any case); None when the reply carries none, or another
    value (its id goes to ``odd``: a warning says so without the value, which would reach terminals and files)."""
    value = item.get('state')
    if isinstance(value, str) and value.strip().upper() in STATES:
        return value.strip().upper()
    if value is not None:
        odd.append(item['id'])
    return None


def date_of(item, odd):
    """The last index in epoch milliseconds (an integer, or one written as text); None when the reply carries none,
    or anything else (its id goes to ``odd``)."""
    value = item.get('last_indexed_date')
    if not isinstance(value, bool) and isinstance(value, (int, str)) and INTEGER_TEXT.match(str(value).strip()) \
            and int(value) >= 0:
        return int(value)
    if value is not None:
        odd.append(item['id'])
    return None


def ids_text(ids):
    """'repository id 5', or '3 repositories (ids 5, 6, 7)', with how many more past IDS_SHOWN."""
    if len(ids) == 1:
        return 'repository id %s' % ids[0]
    more = ' and %d more' % (len(ids) - IDS_SHOWN) if len(ids) > IDS_SHOWN else ''
    return '%d repositories (ids %s%s)' % (len(ids), ', '.join(str(i) for i in ids[:IDS_SHOWN]), more)
