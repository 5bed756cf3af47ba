#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: git_integration
short_description: Manage Git Integration for Jira integrations (GitHub, GitLab, Azure DevOps, AWS CodeCommit, Gerrit, ...)
version_added: 0.1.0
author:
  - gij.jira contributors (@gij-jira)
extends_documentation_fragment:
  - gij.jira.connection
  - gij.jira.integration
  - gij.jira.wait_for_index
description:
  - Creates, updates, enables, disables and deletes an integration of Git Integration for Jira (Data Center / Server)
    through its REST API C(/rest/gitplugin/1.0/integration).
  - An integration connects Jira to a git host; the app then discovers and indexes the host's repositories in
    the background. Those repositories are not part of this module's state.
  - Only the options a task sets are managed. Options left out keep their value on the server, also on servers
    whose update call resets the fields it is not sent (the module sends the known values along).
  - The field names of the API are given per option; the module translates between them.
attributes:
  check_mode:
    support: full
    details: Sends no write and returns the C(changed), C(integration) and C(diff) a real run would (without server-set ids and dates).
  diff_mode:
    support: full
    details: Shows the managed options before and after; secrets only as V(********).
notes:
  - An unchanged task costs one HTTP request; a change at most three (read, write, and the enable/disable call or a read back).
  - After every write the module compares what the server returned with the task and fails naming any value it did not keep.
  - The integration is reported created as soon as the server answers; cloning and indexing continue in the background.
    With O(wait_for_index=true) the task waits (bounded) for the first indexing of the integration it created; each
    read of the repository list is one more request.
seealso:
  - module: gij.jira.git_integration_info
  - name: Git Integration for Jira integration API
    description: Vendor documentation of the integration endpoints.
    link: https://help.gitkraken.com/git-integration-for-jira-data-center/integration-api-gij-self-managed/
'''

EXAMPLES = r'''
- name: Connect github.com with a personal access token
  gij.jira.git_integration:
    jira_url: https://jira.example.com
    jira_token: "{{ jira_admin_token }}"
    name: GitHub (platform)
    type: GITHUB
    pat: "{{ github_pat }}"
    smart_commits_enabled: true

- name: Self-hosted GitLab, only the platform group, without archived projects
  gij.jira.git_integration:
    jira_url: https://jira.example.com
    jira_token: "{{ jira_admin_token }}"
    name: GitLab platform group
    type: GITLAB_SERVER
    origin: https://gitlab.example.com
    pat: "{{ gitlab_pat }}"
    api_path: /groups/platform/projects
    api_filter: "[?archived==`false`]"
    global: false
    projects: [PLAT, OPS]

- name: Connect a GitLab group and wait until its repositories are indexed, before the next integration
  gij.jira.git_integration:
    jira_url: https://jira.example.com
    jira_token: "{{ jira_admin_token }}"
    name: GitLab data group
    type: GITLAB
    pat: "{{ gitlab_pat }}"
    api_path: /groups/data/projects
    wait_for_index: true
    wait_timeout: 3600
    poll_interval: 30
  register: gitlab_data

- name: AWS CodeCommit in Ireland
  gij.jira.git_integration:
    jira_url: https://jira.example.com
    jira_token: "{{ jira_admin_token }}"
    name: CodeCommit eu-west-1
    type: AWS
    username: "{{ aws_access_key_id }}"
    password: "{{ aws_secret_access_key }}"
    aws_region: eu-west-1

- name: Team Foundation Server collection, token with username "all"
  gij.jira.git_integration:
    jira_url: https://jira.example.com
    jira_token: "{{ jira_admin_token }}"
    name: TFS DefaultCollection
    type: TFS_SERVER
    origin: https://tfs.example.com/tfs
    tfs_collection: DefaultCollection
    username: all
    pat: "{{ tfs_pat }}"

- name: Rename an integration, found by its id
  gij.jira.git_integration:
    jira_url: https://jira.example.com
    jira_token: "{{ jira_admin_token }}"
    id: 42
    name: GitHub (legacy)

- name: Rotate the token of an existing integration (always reports changed)
  gij.jira.git_integration:
    jira_url: https://jira.example.com
    jira_token: "{{ jira_admin_token }}"
    name: GitHub (platform)
    pat: "{{ new_github_pat }}"
    update_secrets: always

- name: Disable an integration without deleting it
  gij.jira.git_integration:
    jira_url: https://jira.example.com
    jira_token: "{{ jira_admin_token }}"
    name: GitHub (platform)
    disabled: true

- name: Remove an integration and its clones (in the shared home on Data Center)
  gij.jira.git_integration:
    jira_url: https://jira.example.com
    jira_token: "{{ jira_admin_token }}"
    name: GitLab platform group
    state: absent
    delete_files: true

- name: Connection settings once for several tasks, the token from JIRA_TOKEN
  module_defaults:
    group/gij.jira.gij:
      jira_url: https://jira.example.com
  block:
    - name: Gerrit with a service account
      gij.jira.git_integration:
        name: Gerrit
        type: GERRIT
        origin: https://review.example.com
        username: jira-indexer
        password: "{{ gerrit_password }}"
        ref_spec_changes: true
'''

RETURN = r'''
id:
  description: Id of the integration; null when a task in check mode would create it.
  returned: success, unless an absent integration was already gone
  type: int
  sample: 7
integration:
  description:
    - The integration as the server returned it after the change (the prediction in check mode; empty after a delete).
    - Keys are the option names; fields the server never returns (credentials, O(tfs_collection), O(aws_region),
      O(ref_spec_custom), O(folder_depth)) are absent. Server-only fields are added in snake_case.
    - When the task gives O(projects), C(projects) lists the keys of C(project_mapping_ids), in the same order.
  returned: always
  type: dict
  sample:
    id: 7
    name: GitHub (platform)
    type: GITHUB
    origin: https://api.github.com
    disabled: false
    send_commit_emails: true
    max_mins_to_commit_email: 1440
    disable_ssl_verification: false
    git_viewer_enabled: true
    smart_commits_enabled: true
    global: true
    sources_diff_view_enabled: true
    revision_indexing: true
    project_mapping_ids: []
    trust_folder_stat: false
    ref_spec_notes: true
    ref_spec_changes: false
    init_date: 1630493935378
    last_indexed_date: 1639056070472
index:
  description:
    - What the wait for the first indexing saw, with O(wait_for_index=true), when the task created the integration.
    - C(repositories) is how many repositories of the integration the last read of the list showed, C(indexed) how
      many of them had a C(lastIndexedDate), C(in_error) those in state C(ERROR) (C(id), C(name), C(state)),
      C(timed_out) whether O(wait_timeout) ended the wait, and C(waited_seconds) how long it took.
    - In check mode it holds C(would_wait) (V(true)) and C(wait_timeout) instead, and nothing is polled.
  returned: when O(wait_for_index=true) and the integration was created (in check mode, would be)
  type: dict
  sample:
    repositories: 12
    indexed: 11
    in_error: [{id: 31, name: legacy-monolith, state: ERROR}]
    timed_out: false
    waited_seconds: 184.2
diff:
  description: The managed options of the integration before and after the task, with secrets masked. Only with C(--diff).
  returned: when diff mode is on
  type: dict
  sample:
    before: {smart_commits_enabled: true}
    after: {smart_commits_enabled: false}
'''

from ansible_collections.gij.jira.plugins.module_utils.first_index import FirstIndexWait
from ansible_collections.gij.jira.plugins.module_utils.integration import IntegrationService
from ansible_collections.gij.jira.plugins.module_utils.runner import run_state_module


def main():
    run_state_module(IntegrationService, follow_up=FirstIndexWait)


if __name__ == '__main__':
    main()
