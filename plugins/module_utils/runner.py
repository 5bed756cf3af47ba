# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""How every module runs: argument spec, validation before the first request, the client, one-line failures.

A module's ``main`` builds its argument spec and hands a task to ``run_module``. A task has ``validate(params)``,
called before any request, and ``run(client, params)``, which returns the result. Whatever goes wrong ends as one
line through ``fail_json``, with every secret of the task masked in every form, and, when a write was applied before
the failure, ``changed: true`` and what was applied.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import sys
from urllib.parse import unquote

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.gij.jira.plugins.module_utils.api import (
    CONNECTION_ARGUMENT_SPEC, REQUESTS_IMPORT_ERROR, SERVER_TEXT_LIMIT, GijClient, GijError, Secrets, clean_secret, maskable,
    requests,
)
from ansible_collections.gij.jira.plugins.module_utils.fields import CREDENTIAL_OPTIONS, SECRET_CREDENTIALS, origin_secrets
from ansible_collections.gij.jira.plugins.module_utils.plan import run_with_plan
from ansible_collections.gij.jira.plugins.module_utils.projects import JiraProjects
from ansible_collections.gij.jira.plugins.module_utils.reconcile import Reconciler, SetReconciler, label_of
from ansible_collections.gij.jira.plugins.module_utils.repository import (
    NestedRepositoryService, check_nested, expand_nested, is_nested, names_repository, nested_label,
)
from ansible_collections.gij.jira.plugins.module_utils.service import Index

# Options of every state module (and of every item of git_integrations), besides the resource's fields.
STATE_OPTIONS = dict(
    id=dict(type='int'),
    state=dict(type='str', default='present', choices=['present', 'absent']),
    delete_files=dict(type='bool', default=False),
    update_secrets=dict(type='str', default='on_create', choices=['on_create', 'always'], no_log=False),
)
INFINITE_INTEGER = 'An integer option is infinite (.inf): give a whole number.'


def item_argument_spec(service_class):
    """The resource's field options plus the state options (and the resource's own, such as a repository's
    integration)."""
    spec = service_class.table.argument_spec()
    spec.update(STATE_OPTIONS)
    spec.update(service_class.item_options)
    return spec


def module_argument_spec(options):
    """The connection options plus a module's own."""
    spec = dict(CONNECTION_ARGUMENT_SPEC)
    spec.update(options)
    return spec


class StateTask:
    """One object made to match the task: git_integration and git_repository.

    ``follow_up``: what a create is followed by (first_index.FirstIndexWait for integrations), or None.
    """

    def __init__(self, module, service_class, follow_up=None):
        self.check_mode = module.check_mode
        self.diff_mode = module._diff
        self.service_class = service_class
        self.follow_up = follow_up

    def validate(self, params):
        if is_nested(params):
            check_nested(params)
            if not names_repository(params):
                raise GijError('Name the repository of the integration: give its id, origin or name (an item of '
                               'gij.jira.git_repositories without them is about every repository of the integration).')
        else:
            self.service_class.table.check_task(params)
        if self.follow_up:
            self.follow_up.validate(params)

    def run(self, client, params):
        if is_nested(params):
            service = NestedRepositoryService(client)
            (params,), dummy = expand_nested(client, service, [params])  # one named repository: never a warning
            index = Index(service.list(), service.table)  # the list expand_nested read
        else:
            service, index = self.service_class(client), None
        table, projects = service.table, JiraProjects(client)
        table.resolve_keys(params, projects)
        reconciler = Reconciler(service, self.check_mode, self.diff_mode, index=index)
        result = reconciler.run(params)
        if result.get(table.noun):
            result[table.noun] = table.with_keys(result[table.noun], params, projects)
        follow_up = self.follow_up(client, params, self.check_mode) if self.follow_up else None
        if follow_up and follow_up.enabled and created(params, result, reconciler, self.check_mode):
            try:
                result['index'] = follow_up.after_create(result[table.noun])
            except GijError as err:
                err.partial = {'changed': True, 'applied': list(reconciler.applied), 'id': result['id'],
                               table.noun: result[table.noun]}
                raise
            result.setdefault('warnings', []).extend(follow_up.warnings)
        return result


def created(params, result, reconciler, check_mode):
    """Whether the task created its object (in check mode: would create it, so the prediction has no id yet)."""
    if params.get('state', 'present') != 'present' or not result['changed']:
        return False
    return result['id'] is None if check_mode else reconciler.created_id is not None


class SetTask:
    """A whole set of one resource made to match a list in one task: git_integrations and git_repositories."""

    def __init__(self, module, service_class, follow_up=None):
        self.check_mode = module.check_mode
        self.diff_mode = module._diff
        self.service_class = service_class
        self.follow_up = follow_up
        self.items_option = service_class.table.plural
        self.module_name = 'gij.jira.git_%s' % self.items_option

    def validate(self, params):
        items, table = params[self.items_option], self.service_class.table
        nested = [is_nested(item) for item in items]
        if any(nested):
            if not all(nested):
                raise GijError('List single repositories and repositories of integrations (integration_id, '
                               'integration_name) in separate tasks.')
            if params['exclusive'] or params.get('plan_file'):
                raise GijError('exclusive and plan_file are not supported for repositories of integrations (which are '
                               'never deleted): leave them out.')
            for position, item in enumerate(items):
                try:
                    check_nested(item)
                except GijError as err:
                    raise GijError('%s: %s' % (nested_label(position, item), err))
        else:
            SetReconciler.validate(table, items, params['exclusive'])
        if self.follow_up:
            self.follow_up.validate(params)

    def run(self, client, params):
        items, warnings = params[self.items_option], []
        if items and is_nested(items[0]):
            service = NestedRepositoryService(client)
            items, warnings = expand_nested(client, service, items, nested_label)
        else:
            service = self.service_class(client)
        table, projects = service.table, JiraProjects(client)  # one read per distinct key for the whole set
        for position, item in enumerate(items):
            try:
                table.resolve_keys(item, projects)
            except GijError as err:
                raise GijError('%s: %s' % (label_of(table, position, item), err))
        follow_up = self.follow_up(client, params, self.check_mode) if self.follow_up else None
        # Each create is followed up before the next item is applied: the vendor's advice for integrations.
        after_create = follow_up.after_create if follow_up and follow_up.enabled else None
        reconciler = SetReconciler(service, self.check_mode, self.diff_mode, after_create)
        reconciler.warnings.extend(warnings)
        try:
            if params.get('plan_file'):
                result = run_with_plan(reconciler, params, params['plan_file'], self.check_mode, self.module_name, client)
            else:
                result = reconciler.run(items, params['exclusive'], params['exclusive_delete_files'])
        except GijError as err:
            if after_create and getattr(err, 'partial', None):
                err.partial['index'] = follow_up.reports
            # What the task warned about before it failed still holds (a wait that timed out, ...).
            err.warnings = list(reconciler.warnings) + (follow_up.warnings if after_create else [])
            raise
        if after_create:
            result['index'] = follow_up.reports
            result.setdefault('warnings', []).extend(follow_up.warnings)
        return result


def run_state_module(service_class, follow_up=None):
    """git_integration and git_repository: the resource's options, reconciled; ``follow_up`` (a class with its
    ``options``, see StateTask) adds its module-level options."""
    table = service_class.table
    options = item_argument_spec(service_class)
    options.update(follow_up.options if follow_up else {})
    run_module(module_argument_spec(options), lambda module: StateTask(module, service_class, follow_up),
               required_one_of=[('id', table.natural_key) + tuple(service_class.item_options)])


def run_set_module(service_class, follow_up=None):
    """git_integrations and git_repositories: a list of the resource's items, reconciled as a whole."""
    table = service_class.table
    options = {
        table.plural: dict(type='list', elements='dict', required=True, options=item_argument_spec(service_class)),
        'exclusive': dict(type='bool', default=False),
        'exclusive_delete_files': dict(type='bool', default=False),
        'plan_file': dict(type='path'),
    }
    options.update(follow_up.options if follow_up else {})
    run_module(module_argument_spec(options), lambda module: SetTask(module, service_class, follow_up))


def run_module(argument_spec, task_factory, **module_options):
    """Run a module: ``task_factory(module)`` gives the task (see the module docstring)."""
    try:
        module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True, **module_options)
    except OverflowError:  # ansible-core's int check lets YAML's .inf through to int(), which raises this
        # No module to fail_json with yet: write the one-line failure as fail_json would.
        print(json.dumps({'failed': True, 'msg': INFINITE_INTEGER}))  # pylint: disable=ansible-bad-function
        sys.exit(1)  # pylint: disable=ansible-bad-function
    secrets = Secrets()
    for value in module.no_log_values:
        secrets.add(value)
    module.no_log_values.difference_update([value for value in module.no_log_values if not maskable(value)])
    try:
        if requests is None:
            module.fail_json(msg=missing_required_lib('requests'), exception=REQUESTS_IMPORT_ERROR)
        hide_url_credentials(module, secrets)
        clean_git_credentials(module, module.params, secrets)
        task = task_factory(module)
        task.validate(module.params)
        client = GijClient(module.params, secrets)
        module.no_log_values.update(secrets.values)  # credentials from the environment are not parameters
        result = task.run(client, module.params)
    except GijError as err:
        module.no_log_values.update(secrets.values)  # and those the server's answers carried (origins)
        for warning in getattr(err, 'warnings', ()):
            module.warn(secrets.mask(warning))
        # A failure before any write says changed: false outright, as a registered result is read.
        outcome = dict({'changed': False}, **getattr(err, 'partial', {}))
        module.fail_json(msg=secrets.mask(err), invocation=invocation(module), **secrets.mask_data(outcome))
    except Exception as err:  # pylint: disable=broad-except  # the last safety net: one line, never a traceback
        module.fail_json(msg='Unexpected error in %s (%s): %s. Please report it with the task that caused it.'
                         % (module._name, type(err).__name__, secrets.mask(err)[:SERVER_TEXT_LIMIT]),
                         invocation=invocation(module))
    for warning in result.pop('warnings', []):
        module.warn(secrets.mask(warning))
    # What the server sent may hold a secret of the task in any form (no_log masks the raw value only).
    module.exit_json(invocation=invocation(module), **secrets.mask_data(result))


def invocation(module):
    """The task's arguments as Ansible reports them, without the options an item of a list leaves unset.

    Ansible would echo every option of every item, set or not: for a set of thousands of items that is most of
    the result, and the controller pays for every key of it. Secrets in it are still masked by exit_json.
    """
    params = dict(module.params)
    for name, value in params.items():
        if isinstance(value, list) and any(isinstance(item, dict) for item in value):
            params[name] = [dict((key, option) for key, option in item.items() if option is not None)
                            if isinstance(item, dict) else item for item in value]
    return {'module_args': params}


def hide_url_credentials(module, secrets):
    """A jira_url with "@" is refused later; until then what stands before its last "@" (user:password, whatever the
    password holds: '/', '#' and '?' end no URL part here) must not show anywhere, the echoed task included."""
    url = module.params.get('jira_url') or ''
    userinfo = (url.partition('://')[2] or url).rpartition('@')[0]
    if userinfo:
        for value in (userinfo, userinfo.partition(':')[2], unquote(userinfo.partition(':')[2])):
            keep_secret(module, secrets, value)


def keep_secret(module, secrets, value):
    """A secret of the task: masked in what it reports (``secrets``) and in what Ansible echoes (no_log_values).
    Values too short to mask as text (see maskable) are neither."""
    if maskable(value):
        secrets.add(value)
        module.no_log_values.add(value)


def clean_git_credentials(module, params, secrets):
    """Strip the git host credentials of a task (and of every item of a set); refuse control characters."""
    for value in origin_secrets(params.get('origin')):  # https://user:token@host/...
        keep_secret(module, secrets, value)
    for name in CREDENTIAL_OPTIONS:
        if isinstance(params.get(name), str):
            params[name] = clean_secret(name, params[name])
            if name in SECRET_CREDENTIALS:
                keep_secret(module, secrets, params[name])
    for value in params.values():
        if isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    clean_git_credentials(module, item, secrets)
