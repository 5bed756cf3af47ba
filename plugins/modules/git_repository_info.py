#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: git_repository_info
short_description: List Git Integration for Jira repositories, with their integration, projects and indexing state
version_added: 0.1.0
author:
  - gij.jira contributors (@gij-jira)
extends_documentation_fragment:
  - gij.jira.connection
description:
  - Reads every repository of Git Integration for Jira (Data Center / Server) from C(GET /rest/gitplugin/1.0/repository),
    the single repositories and those an integration discovered (nested repositories), optionally filtered.
  - Each comes with its integration (id and name), its Jira projects by id and by key, whether it is disabled, its
    indexing state and when it was last indexed, so that a task can find repositories in error and reindex them
    (M(gij.jira.git_reindex)).
  - Also returns each repository as an item of M(gij.jira.git_repositories) (RV(repository_options)), ready to be
    applied or exported to a file (C(examples/export.yml)).
  - Never changes anything; C(changed) is always V(false).
  - "Requests: the repository list (in pages when the server pages it); with O(project), first Jira's project
    C(GET /rest/api/2/project/{key}); Jira's project list C(GET /rest/api/2/project) once when a repository shown maps a
    project id not known by then (to show its key); the integration list once with O(integration_name), or when a
    repository shown belongs to an integration (to show its name). The integration list needs a Jira administrator:
    for another user the names are V(null), with a warning (and O(integration_name) fails)."
attributes:
  check_mode:
    support: full
    details: Reads only, so it runs the same in check mode.
  diff_mode:
    support: N/A
    details: Changes nothing, so there is nothing to diff.
options:
  id:
    description:
      - Only the repository with this id. An id that does not exist gives an empty list.
    type: int
  integration_id:
    description:
      - Only the repositories this integration discovered (whose C(trackedFolderId) is this id).
    type: int
  integration_name:
    description:
      - Like O(integration_id), with the integration's exact display name, found in the integration list.
      - A name no integration has, or that several have, fails in one line.
    type: str
  name:
    description:
      - Only repositories whose display name is exactly this.
    type: str
    aliases: [display_name]
  origin:
    description:
      - Only repositories with this origin (a trailing slash does not count).
    type: str
  project:
    description:
      - Only repositories associated with the Jira project with this key (any case), as the server lists them for
        C(GET /rest/gitplugin/1.0/repository?projectKey=KEY). That includes the global repositories (associated with
        every project).
      - A key Jira does not know fails in one line. A list that holds a repository neither global nor associated with
        the project (a server that ignores C(projectKey)) fails too.
    type: str
  state:
    description:
      - Only repositories in this indexing state.
      - The vendor documents the state for nested repositories; a repository whose reply carries no state is left
        out, with a warning that names it.
    type: str
    choices: [QUEUED, UPDATED, SCANNING, ERROR]
notes:
  - The indexing state (C(state)) is documented on the vendor's page on updating a nested repository, as read-only; none
    of the vendor's example replies shows it. It is reported when the server sends it, as one of the documented
    names.
seealso:
  - module: gij.jira.git_repository
  - module: gij.jira.git_reindex
  - module: gij.jira.git_integration_info
  - name: Retrieve Repository List
    description: Vendor documentation of the repository list and its projectKey parameter.
    link: https://help.gitkraken.com/git-integration-for-jira-data-center/retrieve-repository-list-gij-self-managed/
'''

EXAMPLES = r'''
- name: Read the repositories the GitLab group integration discovered
  gij.jira.git_repository_info:
    jira_url: https://jira.example.com
    jira_token: "{{ jira_admin_token }}"
    integration_name: GitLab platform group
  register: gitlab

- name: Show their names, ids and Jira projects
  ansible.builtin.debug:
    msg: "{{ gitlab.repositories | map(attribute='name') | zip(gitlab.repositories | map(attribute='id'),
      gitlab.repositories | map(attribute='projects')) | list }}"

- name: Find the repositories in error
  gij.jira.git_repository_info:
    jira_url: https://jira.example.com
    jira_token: "{{ jira_admin_token }}"
    state: ERROR
  register: failing

- name: Reindex each of them
  gij.jira.git_reindex:
    jira_url: https://jira.example.com
    jira_token: "{{ jira_admin_token }}"
    repository_id: "{{ item.id }}"
  loop: "{{ failing.repositories }}"
  loop_control:
    label: "{{ item.name }}"

- name: The repositories associated with the Jira project PLAT (the global ones included)
  gij.jira.git_repository_info:
    jira_url: https://jira.example.com
    jira_token: "{{ jira_admin_token }}"
    project: PLAT
  register: platform
'''

RETURN = r'''
repositories:
  description:
    - The matching repositories, in the order of the server's list, each in the shape of the C(repository) result of
      M(gij.jira.git_repository), with the facts below.
    - Credentials are never included, nor the encrypted ones the server may send.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: The repository's id (for M(gij.jira.git_reindex) O(gij.jira.git_reindex#module:repository_id)).
      type: int
    name:
      description: Its display name.
      type: str
    origin:
      description:
        - Its origin (URL or path of the git repository).
        - A password or a token in it (V(https://user:password@host/...), V(https://<token>@github.com/...)) shows as
          C(********), as every secret does in the task's output.
      type: str
    disabled:
      description: Whether it is disabled.
      type: bool
    integration_id:
      description: The id of the integration that discovered it (the server's C(trackedFolderId)); V(null) for a single
        repository.
      type: int
    integration_name:
      description: That integration's display name; V(null) for a single repository, when the integration list does
        not hold the integration, or when the user may not list integrations (not a Jira administrator).
      type: str
    project_mapping_ids:
      description: The ids of the Jira projects it is associated with (C(global) V(true) means every project).
      type: list
      elements: int
    projects:
      description:
        - The keys of those projects, in the same order; V(null) in place of an id Jira does not list. V(null) when the
          server does not report C(project_mapping_ids).
      type: list
      elements: str
    state:
      description:
        - The indexing state (V(QUEUED), V(UPDATED), V(SCANNING) or V(ERROR)), or V(null) when the reply carries none.
        - Any other value is V(null), with a warning that does not show it.
      type: str
    last_indexed_date:
      description:
        - When it was last indexed, in milliseconds since 1970 (the server's C(lastIndexedDate)); V(null) before the
          first index.
        - A value that is not such a time is V(null), with a warning that does not show it.
      type: int
  sample:
    - id: 71
      name: GitLab platform group repo-1
      origin: https://gl.example.com/repo-1.git
      disabled: false
      global: false
      integration_id: 44
      integration_name: GitLab platform group
      project_mapping_ids: [10000, 10100]
      projects: [PLAT, OPS]
      state: UPDATED
      last_indexed_date: 1695468517355
      smart_commits_enabled: true
repository_options:
  description:
    - The same repositories in the same order, each as an item of
      O(gij.jira.git_repositories#module:repositories) with the values the server holds (export to code; the filter
      P(gij.jira.integrations_yaml#filter) writes them to a file).
    - A single repository is named by its origin and name, with the options of M(gij.jira.git_repository) the server
      returns; no credentials, and not C(ref_spec_custom), which the server never returns. C(real_root) only for a
      repository on an absolute path (C(absolute_root=true)); a relative one is where the server put its clone.
    - A repository an integration discovered is named by its integration's name (C(integration_name)) and its
      origin, with only the settings the nested update may change.
    - Where those would not tell one repository apart on this server (an integration name that several integrations
      have or that the integration list does not hold, two repositories of an integration with one origin, two
      repositories with one origin and name, a repository without an origin), the item names this server's ids instead
      (C(integration_id), C(id)).
    - An origin with credentials in it (a password, V(https://user:password@host/repo.git), or a token as the user
      name, also with a password such as V(x-oauth-basic)) is left out, and the item names the repository's C(id).
    - So is any other value that holds a secret (masked in the output, it would change the repository when applied),
      with a warning; an integration name that holds one gives way to C(integration_id).
    - Applied unchanged to the same server (single and nested items in separate tasks), they change nothing.
  returned: always
  type: list
  elements: dict
  sample:
    - integration_name: GitLab platform group
      name: GitLab platform group repo-1
      origin: https://gl.example.com/repo-1.git
      disabled: false
      global: false
      project_mapping_ids: [10000, 10100]
      smart_commits_enabled: true
    - name: app
      origin: https://git.example.com/platform/app.git
      main_branch: main
      disabled: false
      global: true
'''

from ansible_collections.gij.jira.plugins.module_utils.repository import RepositoryInfo, STATES
from ansible_collections.gij.jira.plugins.module_utils.runner import module_argument_spec, run_module


def main():
    run_module(module_argument_spec(dict(
        id=dict(type='int'),
        integration_id=dict(type='int'),
        integration_name=dict(type='str'),
        name=dict(type='str', aliases=['display_name']),
        origin=dict(type='str'),
        project=dict(type='str'),
        state=dict(type='str', choices=list(STATES)),
    )), lambda module: RepositoryInfo(), mutually_exclusive=[('integration_id', 'integration_name')])


if __name__ == '__main__':
    main()
