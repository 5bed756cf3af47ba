#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: git_integration_info
short_description: List Git Integration for Jira integrations
version_added: 0.1.0
author:
  - gij.jira contributors (@gij-jira)
extends_documentation_fragment:
  - gij.jira.connection
description:
  - Reads the integrations of Git Integration for Jira (Data Center / Server), optionally filtered by id, name or type.
  - Never changes anything; C(changed) is always V(false).
  - Also returns each integration as the options of M(gij.jira.git_integration) (RV(integration_options)), ready to
    be kept in a file and applied with M(gij.jira.git_integrations).
  - With O(read_versions=true), also the versions of Jira and of the app where the user may read them.
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
      - Only the integration with this id. An id that does not exist gives an empty list.
    type: int
  name:
    description:
      - Only integrations whose display name is exactly this.
    type: str
    aliases: [display_name]
  type:
    description:
      - Only integrations of this type.
    type: str
    choices: [GITHUB, GITHUB_SERVER, GITLAB, GITLAB_SERVER, GITLAB_SERVER_LEGACY, FILESPACE, AZURE_DEVOPS, VSTS, AZURE, TFS_SERVER, AWS, GERRIT]
  read_versions:
    description:
      - Also read the versions of Jira and of the app (RV(jira_version), RV(app_version), RV(app_enabled)).
      - That is two more requests, outside the app's API. Each is one attempt bounded by O(timeout) and never retried;
        an answer that does not come in time, or that the user may not read, makes the value V(null), never a failure.
        So V(true) adds at most twice O(timeout) to the task.
      - A version is returned only when it is a short version string (letters, digits and C(. _ + ~ -), at most 64
        characters, such as V(9.12.2)); any other value is V(null), with a warning that does not show the value.
    type: bool
    default: false
seealso:
  - module: gij.jira.git_integration
'''

EXAMPLES = r'''
- name: Report all GitHub integrations
  gij.jira.git_integration_info:
    jira_url: https://jira.example.com
    jira_token: "{{ jira_admin_token }}"
    type: GITHUB
  register: github

- name: Show their names and ids
  ansible.builtin.debug:
    msg: "{{ github.integrations | items2dict(key_name='name', value_name='id') }}"

- name: Find one by name and use its id
  gij.jira.git_integration_info:
    jira_url: https://jira.example.com
    jira_token: "{{ jira_admin_token }}"
    name: GitLab platform group
  register: found

- name: Rename it by id
  gij.jira.git_integration:
    jira_url: https://jira.example.com
    jira_token: "{{ jira_admin_token }}"
    id: "{{ found.integrations[0].id }}"
    name: GitLab (platform)
  when: found.integrations | length == 1

- name: Export every integration as code, with the versions they come from (see examples/export.yml)
  gij.jira.git_integration_info:
    read_versions: true
  register: current

- name: Say where they come from
  ansible.builtin.debug:
    msg: "Jira {{ current.jira_version | default('unknown', true) }}, app {{ current.app_version | default('unknown', true) }}"

- name: Apply the exported options unchanged (nothing changes, one request)
  gij.jira.git_integrations:
    integrations: "{{ current.integration_options }}"
'''

RETURN = r'''
integrations:
  description:
    - The matching integrations, in the shape of the C(integration) result of M(gij.jira.git_integration).
    - Credentials and the fields the server never returns are not included.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 7
      name: GitHub (platform)
      type: GITHUB
      origin: https://api.github.com
      disabled: false
      smart_commits_enabled: true
      global: true
      project_mapping_ids: []
integration_options:
  description:
    - The same integrations in the same order, each as the options of M(gij.jira.git_integration) (an item of
      O(gij.jira.git_integrations#module:integrations)) with the values the server holds.
    - Option names only; no read-only facts such as C(id) or C(init_date), no credentials, and none of the options the
      server never returns (C(aws_region), C(folder_depth), C(tfs_collection), C(ref_spec_custom)). Add those before
      the options can create the integration on another server.
    - Options the server omits while unset are left out, and so is C(project_mapping_ids) of a global integration.
    - Applied unchanged to the same server, they change nothing.
  returned: always
  type: list
  elements: dict
  sample:
    - name: GitHub (platform)
      type: GITHUB
      origin: https://api.github.com
      disabled: false
      send_commit_emails: true
      max_mins_to_commit_email: 1440
      smart_commits_enabled: true
      global: true
jira_version:
  description:
    - The Jira version (C(version) of C(GET /rest/api/2/serverInfo)).
    - V(null) when the user may not read it, when it did not come within O(timeout), or when it is not a short version
      string (then with a warning).
  returned: when O(read_versions=true)
  type: str
  sample: 9.12.2
app_version:
  description:
    - The version of Git Integration for Jira, from Jira's plugin manager (C(GET /rest/plugins/1.0/com.xiplink.jira.git.jira_git_plugin-key)).
    - V(null) (unknown) when the user may not read it (the plugin manager answers Jira administrators only), when it did
      not come within O(timeout), or when it is not a short version string (then with a warning).
  returned: when O(read_versions=true)
  type: str
  sample: 4.28.6
app_enabled:
  description:
    - Whether Jira's plugin manager reports Git Integration for Jira as enabled.
    - V(null) (unknown) when the user may not read it.
  returned: when O(read_versions=true)
  type: bool
  sample: true
'''

from ansible_collections.gij.jira.plugins.module_utils.fields import INTEGRATION
from ansible_collections.gij.jira.plugins.module_utils.integration import IntegrationInfo
from ansible_collections.gij.jira.plugins.module_utils.runner import module_argument_spec, run_module


def main():
    run_module(module_argument_spec(dict(
        id=dict(type='int'),
        name=dict(type='str', aliases=['display_name']),
        type=dict(type='str', choices=INTEGRATION.by_option['type'].choices),
        read_versions=dict(type='bool', default=False),
    )), lambda module: IntegrationInfo())


if __name__ == '__main__':
    main()
