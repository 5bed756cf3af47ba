#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: git_integrations
short_description: Reconcile a whole set of Git Integration for Jira integrations in one task
version_added: 0.1.0
author:
  - gij.jira contributors (@gij-jira)
extends_documentation_fragment:
  - gij.jira.connection
  - gij.jira.integration.items
  - gij.jira.plan
  - gij.jira.wait_for_index
description:
  - Makes the integrations of Git Integration for Jira (Data Center / Server) match a list, in one task.
  - Each item takes the same options as M(gij.jira.git_integration) and behaves the same way.
  - One list request serves every item, so a set of unchanged integrations costs one HTTP request in all.
  - With O(exclusive=true), integrations that no item names are deleted.
  - Every item is checked against the server before the first write; a wrong item, an ambiguous name or an item
    listed twice fails the task with nothing changed.
  - With O(wait_for_index=true), the items are still applied in order, and after each integration it creates the task
    waits for that integration's first indexing before it applies the next item, one integration at a time, as the
    vendor's planning guide advises. O(wait_timeout) applies to each created integration.
attributes:
  check_mode:
    support: full
    details: Sends no write; reports what would be created, updated and deleted, with the diff.
  diff_mode:
    support: full
    details: Before and after of the managed options of every changed integration, keyed by name and id.
options:
  integrations:
    description:
      - The integrations, each with the options of M(gij.jira.git_integration) (see there for their meaning)
        except the connection options.
      - Items are applied in order.
    type: list
    elements: dict
    required: true
  exclusive:
    description:
      - Delete every integration on the server that no item of O(integrations) refers to.
    type: bool
    default: false
  exclusive_delete_files:
    description:
      - With O(exclusive=true), also delete the clones of the integrations deleted for not being listed.
      - The files are deleted only where the server's answer shows they are the app's own clones, as for O(integrations[].delete_files).
        If an integration that no item lists may have original repositories as its files (a V(FILESPACE) tracked folder,
        a type this collection does not know, or a path outside the app's folder), the task is refused before anything
        is changed, naming it. List such an integration with O(integrations[].state=absent) to delete it without its files.
    type: bool
    default: false
seealso:
  - module: gij.jira.git_integration
  - module: gij.jira.git_integration_info
'''

EXAMPLES = r'''
- name: Exactly these integrations, nothing else
  gij.jira.git_integrations:
    jira_url: https://jira.example.com
    jira_token: "{{ jira_admin_token }}"
    exclusive: true
    integrations:
      - name: GitHub (platform)
        type: GITHUB
        pat: "{{ github_pat }}"
      - name: GitLab platform group
        type: GITLAB_SERVER
        origin: https://gitlab.example.com
        pat: "{{ gitlab_pat }}"
        api_path: /groups/platform/projects

- name: Many integrations from a variable, without deleting others
  gij.jira.git_integrations:
    jira_url: https://jira.example.com
    jira_token: "{{ jira_admin_token }}"
    integrations: "{{ team_integrations }}"
  vars:
    team_integrations:
      - {name: GitHub team-a, type: GITHUB, pat: "{{ github_pat }}"}
      - {name: GitHub team-b, type: GITHUB, pat: "{{ github_pat }}", disabled: true}

- name: Create new team integrations one at a time, each after the previous one was first indexed
  gij.jira.git_integrations:
    jira_url: https://jira.example.com
    jira_token: "{{ jira_admin_token }}"
    integrations:
      - {name: GitHub team-c, type: GITHUB, pat: "{{ github_pat }}"}
      - {name: GitHub team-d, type: GITHUB, pat: "{{ github_pat }}"}
    wait_for_index: true
    wait_timeout: 1800
    poll_interval: 30

# A change board reviews /var/tmp/gij-plan.json between the two tasks (docs/plans.md); jira_git_hosts is the
# list of integrations, defined where the play gets its variables.
- name: Plan the change (in check mode) for review
  gij.jira.git_integrations:
    jira_url: https://jira.example.com
    jira_token: "{{ jira_admin_token }}"
    exclusive: true
    integrations: "{{ jira_git_hosts }}"
    plan_file: /var/tmp/gij-plan.json
  check_mode: true
  delegate_to: localhost

- name: Apply exactly the reviewed plan, or stop if Jira changed since
  gij.jira.git_integrations:
    jira_url: https://jira.example.com
    jira_token: "{{ jira_admin_token }}"
    exclusive: true
    integrations: "{{ jira_git_hosts }}"
    plan_file: /var/tmp/gij-plan.json
  delegate_to: localhost
'''

RETURN = r'''
created:
  description: Integrations created (or, in check mode, to be created), with their name and id.
  returned: always
  type: list
  elements: dict
  sample: [{name: GitHub (platform), id: 12}]
updated:
  description: Integrations updated.
  returned: always
  type: list
  elements: dict
  sample: []
deleted:
  description: Integrations deleted, listed ones with O(integrations[].state=absent) and, with O(exclusive), unlisted ones.
  returned: always
  type: list
  elements: dict
  sample: [{name: Old GitLab, id: 3}]
unchanged:
  description:
    - Integrations that already matched, with their name and id.
    - Their other fields are not repeated in RV(integrations); M(gij.jira.git_integration_info) reads them all in one
      request.
  returned: always
  type: list
  elements: dict
  sample: [{name: GitLab platform group, id: 7}]
integrations:
  description:
    - The integrations created or updated (in check mode, to be), as the server returned them after the write (as the
      C(integration) result of M(gij.jira.git_integration)), in the order of O(integrations).
    - Unchanged integrations are not repeated here, so that a run over thousands of them stays cheap; their names
      and ids are in RV(unchanged).
  returned: always
  type: list
  elements: dict
  sample: [{id: 12, name: GitHub (platform), type: GITHUB, disabled: false}]
plan_file:
  description: The plan file the task wrote (check mode) or applied, when O(plan_file) is set.
  returned: when O(plan_file) is set
  type: str
  sample: /var/tmp/gij-plan.json
plan_summary:
  description: What the plan does, in a few words, when O(plan_file) is set.
  returned: when O(plan_file) is set
  type: str
  sample: 2 to create, 1 to update, 1 to delete
index:
  description:
    - With O(wait_for_index=true), one entry per integration the task created (in check mode, would create), in the
      order they were created; empty when it created none.
    - Each has the C(name) and C(id) of the integration and what its wait saw, as the C(index) result of
      M(gij.jira.git_integration); in check mode C(would_wait) and C(wait_timeout) instead.
    - When the task fails while waiting, the entries of the waits that ended before are returned.
  returned: when O(wait_for_index=true)
  type: list
  elements: dict
  sample: [{name: GitHub team-c, id: 12, repositories: 4, indexed: 4, in_error: [], timed_out: false, waited_seconds: 95.0}]
diff:
  description: Before and after of every changed integration, keyed by "name (id N)"; secrets masked.
  returned: when diff mode is on
  type: dict
  sample: {before: {"GitHub (id 12)": {disabled: false}}, after: {"GitHub (id 12)": {disabled: true}}}
'''

from ansible_collections.gij.jira.plugins.module_utils.first_index import FirstIndexWait
from ansible_collections.gij.jira.plugins.module_utils.integration import IntegrationService
from ansible_collections.gij.jira.plugins.module_utils.runner import run_set_module


def main():
    run_set_module(IntegrationService, follow_up=FirstIndexWait)


if __name__ == '__main__':
    main()
