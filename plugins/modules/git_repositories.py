#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: git_repositories
short_description: Reconcile a set of repositories of Git Integration for Jira in one task
version_added: 0.1.0
author:
  - gij.jira contributors (@gij-jira)
extends_documentation_fragment:
  - gij.jira.connection
  - gij.jira.repository.items
  - gij.jira.plan
description:
  - Makes the single repositories of Git Integration for Jira (Data Center / Server) match a list, in one task.
  - Each item takes the same options as M(gij.jira.git_repository) and behaves the same way.
  - One list request serves every item, so a set of unchanged repositories costs one HTTP request in all.
  - With O(exclusive=true), single repositories that no item names are deleted. Repositories that an integration
    discovered (with an C(integration_id)) are never in scope, as they belong to their integration.
  - Items with O(repositories[].integration_id) or O(repositories[].integration_name) change the settings of the
    repositories an integration discovered (never adding or deleting one); an item without id, origin and name is
    about every repository of that integration, and an item that names one refines it. List them in a task of their
    own, without O(exclusive) and O(plan_file). Unchanged, such a set costs one repository list request (one more for
    the integration list when an item names its integration, and one per distinct project key).
  - Every item is checked against the server before the first write; a wrong item, an ambiguous origin or an item
    listed twice fails the task with nothing changed.
attributes:
  check_mode:
    support: full
    details: Sends no write; reports what would be added, updated and deleted, with the diff.
  diff_mode:
    support: full
    details: Before and after of the managed options of every changed repository, keyed by name and id.
options:
  repositories:
    description:
      - The repositories, each with the options of M(gij.jira.git_repository) (see there for their meaning)
        except the connection options.
      - Items are applied in order.
    type: list
    elements: dict
    required: true
  exclusive:
    description:
      - Delete every single repository on the server that no item of O(repositories) refers to.
      - Refused with an empty O(repositories).
    type: bool
    default: false
  exclusive_delete_files:
    description:
      - With O(exclusive=true), also delete the clones of the repositories deleted for not being listed.
      - The files are deleted only where the server's answer shows they are the app's own clone, as for
        O(repositories[].delete_files). If a repository that no item lists may have the original repository as its
        files (on an absolute path, or a path the server does not report or that leaves the app's folder), the task is
        refused before anything is changed, naming it. List such a repository with O(repositories[].state=absent) to
        delete it without its files.
    type: bool
    default: false
notes:
  - A failure after a write reports C(changed=true) and what was applied so far in RV(created), RV(updated) and
    RV(deleted).
seealso:
  - module: gij.jira.git_repository
  - module: gij.jira.git_integrations
'''

EXAMPLES = r'''
- name: Exactly these single repositories, nothing else
  gij.jira.git_repositories:
    jira_url: https://jira.example.com
    jira_token: "{{ jira_admin_token }}"
    exclusive: true
    repositories:
      - origin: https://git.example.com/platform/app.git
        name: app
        pat: "{{ git_pat }}"
        main_branch: main
      - origin: https://git.example.com/platform/lib.git
        name: lib
        pat: "{{ git_pat }}"
        global: false
        projects: [PLAT]

- name: Disable one, remove another, leave the rest alone
  gij.jira.git_repositories:
    jira_url: https://jira.example.com
    jira_token: "{{ jira_admin_token }}"
    repositories:
      - origin: https://git.example.com/platform/app.git
        disabled: true
      - origin: https://git.example.com/platform/old.git
        state: absent

- name: Every repository of a GitLab integration mapped to two projects by key, smart commits off for one of them
  gij.jira.git_repositories:
    jira_url: https://jira.example.com
    jira_token: "{{ jira_admin_token }}"
    repositories:
      - integration_name: GitLab platform group
        global: false
        projects: [PLAT, OPS]
      - integration_name: GitLab platform group
        name: billing
        smart_commits_enabled: false

- name: Plan a change for review (check mode); the same task without check_mode applies exactly it
  gij.jira.git_repositories:
    jira_url: https://jira.example.com
    jira_token: "{{ jira_admin_token }}"
    repositories:
      - origin: https://git.example.com/platform/app.git
        disabled: false
    plan_file: /var/tmp/gij-repositories-plan.json
  check_mode: true
  delegate_to: localhost
'''

RETURN = r'''
created:
  description: Repositories added (or, in check mode, to be added), with their name and id.
  returned: always
  type: list
  elements: dict
  sample: [{name: app, id: 68}]
updated:
  description: Repositories updated.
  returned: always
  type: list
  elements: dict
  sample: []
deleted:
  description: Repositories deleted, listed ones with O(repositories[].state=absent) and, with O(exclusive), unlisted ones.
  returned: always
  type: list
  elements: dict
  sample: [{name: old, id: 12}]
unchanged:
  description: Repositories that already matched, with their name and id.
  returned: always
  type: list
  elements: dict
  sample: [{name: lib, id: 69}]
repositories:
  description:
    - The repositories added or updated (in check mode, to be), as the server returned them after the write (as the
      C(repository) result of M(gij.jira.git_repository)), in the order of O(repositories).
    - Unchanged repositories are not repeated here; their names and ids are in RV(unchanged).
  returned: always
  type: list
  elements: dict
  sample: [{id: 68, name: app, origin: https://git.example.com/platform/app.git, disabled: false}]
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
diff:
  description: Before and after of every changed repository, keyed by "name (id N)"; secrets masked.
  returned: when diff mode is on
  type: dict
  sample: {before: {"app (id 68)": {disabled: false}}, after: {"app (id 68)": {disabled: true}}}
'''

from ansible_collections.gij.jira.plugins.module_utils.repository import RepositoryService
from ansible_collections.gij.jira.plugins.module_utils.runner import run_set_module


def main():
    run_set_module(RepositoryService)


if __name__ == '__main__':
    main()
