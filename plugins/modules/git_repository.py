#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: git_repository
short_description: Manage single repositories of Git Integration for Jira
version_added: 0.1.0
author:
  - gij.jira contributors (@gij-jira)
extends_documentation_fragment:
  - gij.jira.connection
  - gij.jira.repository
description:
  - Adds, updates, enables, disables and deletes a single repository of Git Integration for Jira (Data Center /
    Server) through C(/rest/gitplugin/1.0/repository), with the same behaviour as M(gij.jira.git_integration).
  - Only the options a task sets are managed; check and diff mode, write-only secrets and one-line errors work as there.
  - Repositories that an integration discovered (nested repositories, with an C(integration_id)) are read-only
    here; a task that would change or delete one fails and points to the integration.
attributes:
  check_mode:
    support: full
    details: Sends no write and returns the C(changed), C(repository) and C(diff) a real run would.
  diff_mode:
    support: full
    details: Shows the managed options before and after; secrets only as V(********).
notes:
  - An unchanged task costs one HTTP request (the repository list; no single-read endpoint is documented).
seealso:
  - module: gij.jira.git_integration
  - module: gij.jira.git_reindex
'''

EXAMPLES = r'''
- name: A single repository over HTTPS with a token
  gij.jira.git_repository:
    jira_url: https://jira.example.com
    jira_token: "{{ jira_admin_token }}"
    origin: https://git.example.com/platform/app.git
    name: app
    pat: "{{ git_pat }}"
    main_branch: main
    global: false
    projects: [PLAT]

- name: Smart commits off for one repository a GitLab integration discovered, mapped to a project by key
  gij.jira.git_repository:
    jira_url: https://jira.example.com
    jira_token: "{{ jira_admin_token }}"
    integration_name: GitLab platform group
    name: billing
    smart_commits_enabled: false
    global: false
    projects: [PLAT]

- name: Stop indexing it for a while
  gij.jira.git_repository:
    jira_url: https://jira.example.com
    jira_token: "{{ jira_admin_token }}"
    origin: https://git.example.com/platform/app.git
    disabled: true

- name: Remove it and its clone
  gij.jira.git_repository:
    jira_url: https://jira.example.com
    jira_token: "{{ jira_admin_token }}"
    origin: https://git.example.com/platform/app.git
    state: absent
    delete_files: true
'''

RETURN = r'''
id:
  description: Id of the repository; null when a task in check mode would add it.
  returned: success, unless an absent repository was already gone
  type: int
  sample: 68
repository:
  description:
    - The repository as the server returned it after the change (the prediction in check mode; empty after a delete).
    - Keys are the option names, plus server fields such as C(root), C(init_date) and, for nested repositories,
      C(integration_id). Credentials and O(ref_spec_custom) are never included.
    - When the task gives O(projects), C(projects) lists the keys of C(project_mapping_ids), in the same order.
  returned: always
  type: dict
  sample:
    id: 68
    name: app
    origin: https://git.example.com/platform/app.git
    main_branch: main
    root: /var/atlassian/application-data/jira/data/git-plugin/68_app
    real_root: 68_app
    absolute_root: false
    disabled: false
    global: false
    project_mapping_ids: [10000]
    projects: [PLAT]
diff:
  description: The managed options of the repository before and after the task, with secrets masked. Only with C(--diff).
  returned: when diff mode is on
  type: dict
  sample:
    before: {disabled: false}
    after: {disabled: true}
'''

from ansible_collections.gij.jira.plugins.module_utils.repository import RepositoryService
from ansible_collections.gij.jira.plugins.module_utils.runner import run_state_module


def main():
    run_state_module(RepositoryService)


if __name__ == '__main__':
    main()
