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
description:
  - Makes the integrations of Git Integration for Jira (Data Center / Server) match a list, in one task.
  - Each item takes the same options as M(gij.jira.git_integration) and behaves the same way.
  - One list request serves every item, so a set of unchanged integrations costs one HTTP request in all.
  - With O(exclusive=true), integrations that no item names are deleted.
  - Every item is checked against the server before the first write; a wrong item, an ambiguous name or an item
    listed twice fails the task with nothing changed.
author:
  - gij.jira contributors (@gij-jira)
extends_documentation_fragment:
  - gij.jira.connection
  - ansible.builtin.action_common_attributes
  - gij.jira.attributes
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
    suboptions:
      id:
        description: Id of the integration; with O(integrations[].id), O(integrations[].name) renames it.
        type: int
      name:
        description: Display name; the integration is looked up by it when O(integrations[].id) is not given.
        type: str
        aliases: [display_name]
      state:
        description: V(present) or V(absent).
        type: str
        choices: [present, absent]
        default: present
      delete_files:
        description: With O(integrations[].state=absent), also delete the clones. Refused for V(FILESPACE).
        type: bool
        default: false
      update_secrets:
        description: V(on_create) or V(always); see M(gij.jira.git_integration).
        type: str
        choices: [on_create, always]
        default: on_create
      type:
        description: Kind of git host (API field C(type)).
        type: str
        choices: [GITHUB, GITHUB_SERVER, GITLAB, GITLAB_SERVER, GITLAB_SERVER_LEGACY, FILESPACE, AZURE_DEVOPS, VSTS, AZURE, TFS_SERVER, AWS, GERRIT]
      origin:
        description: URL of the git host or folder pattern (API field C(origin)).
        type: str
      disabled:
        description: Disable the integration (API field C(disabled)).
        type: bool
      send_commit_emails:
        description: API field C(sendCommitEmails).
        type: bool
      max_mins_to_commit_email:
        description: API field C(maxMinsToCommitEmail).
        type: int
      username:
        description: API field C(username); write-only.
        type: str
      password:
        description: API field C(password); write-only.
        type: str
      pat:
        description: API field C(pat); write-only.
        type: str
      disable_ssl_verification:
        description: API field C(disableSslVerification).
        type: bool
      api_path:
        description: API field C(apiPath).
        type: str
      api_filter:
        description: API field C(apiFilter).
        type: str
      tfs_collection:
        description: API field C(tfsCollection); Microsoft types only.
        type: str
      aws_region:
        description: API field C(awsRegion); required for V(AWS).
        type: str
        choices: [us-east-1, us-east-2, us-west-1, us-west-2, ap-south-1, ap-northeast-2, ap-southeast-1, ap-southeast-2,
                  ap-northeast-1, ca-central-1, eu-central-1, eu-west-1, eu-west-2, eu-west-3, eu-north-1, me-south-1, sa-east-1]
      require_user_pat:
        description: API field C(requireUserPat).
        type: bool
      git_viewer_enabled:
        description: API field C(gitViewerEnabled).
        type: bool
      smart_commits_enabled:
        description: API field C(smartCommitsEnabled).
        type: bool
      global:
        description: API field C(global).
        type: bool
      sources_diff_view_enabled:
        description: API field C(sourcesDiffViewEnabled).
        type: bool
      revision_indexing:
        description: API field C(revisionIndexing).
        type: bool
      tags_filter:
        description: API field C(tagsFilter).
        type: str
      project_mapping_ids:
        description: API field C(projectMappingIds); needs O(integrations[].global=false).
        type: list
        elements: int
      trust_folder_stat:
        description: API field C(trustFolderStat).
        type: bool
      ref_spec_notes:
        description: API field C(refSpecNotes).
        type: bool
      ref_spec_changes:
        description: API field C(refSpecChanges).
        type: bool
      ref_spec_custom:
        description: API field C(refSpecCustom).
        type: str
      folder_depth:
        description: API field C(folderDepth); required for V(FILESPACE).
        type: int
      pr_hide_filter:
        description: API field C(prHideFilter).
        type: str
  exclusive:
    description:
      - Delete every integration on the server that no item of O(integrations) refers to.
    type: bool
    default: false
  exclusive_delete_files:
    description:
      - With O(exclusive=true), also delete the clones of the integrations deleted for not being listed.
      - Never applied to V(FILESPACE) integrations, whose "clones" are the original repositories.
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
  description: Integrations that already matched.
  returned: always
  type: list
  elements: dict
  sample: [{name: GitLab platform group, id: 7}]
integrations:
  description: The listed integrations as the server returned them (as the C(integration) result of M(gij.jira.git_integration)).
  returned: always
  type: list
  elements: dict
  sample: [{id: 12, name: GitHub (platform), type: GITHUB, disabled: false}]
diff:
  description: Before and after of every changed integration, keyed by "name (id N)"; secrets masked.
  returned: when diff mode is on
  type: dict
  sample: {before: {"GitHub (id 12)": {disabled: false}}, after: {"GitHub (id 12)": {disabled: true}}}
'''

from ansible_collections.gij.jira.plugins.module_utils.fields import INTEGRATION
from ansible_collections.gij.jira.plugins.module_utils.integration import IntegrationSetTask
from ansible_collections.gij.jira.plugins.module_utils.runner import item_argument_spec, module_argument_spec, run_module


def main():
    run_module(module_argument_spec(dict(
        integrations=dict(type='list', elements='dict', required=True, options=item_argument_spec(INTEGRATION)),
        exclusive=dict(type='bool', default=False),
        exclusive_delete_files=dict(type='bool', default=False),
    )), IntegrationSetTask)


if __name__ == '__main__':
    main()
