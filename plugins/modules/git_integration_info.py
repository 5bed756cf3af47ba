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
'''

from ansible_collections.gij.jira.plugins.module_utils.fields import INTEGRATION
from ansible_collections.gij.jira.plugins.module_utils.integration import IntegrationInfo
from ansible_collections.gij.jira.plugins.module_utils.runner import module_argument_spec, run_module


def main():
    run_module(module_argument_spec(dict(
        id=dict(type='int'),
        name=dict(type='str', aliases=['display_name']),
        type=dict(type='str', choices=INTEGRATION.by_option['type'].choices),
    )), IntegrationInfo)


if __name__ == '__main__':
    main()
