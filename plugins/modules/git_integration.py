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
description:
  - Creates, updates, enables, disables and deletes an integration of Git Integration for Jira (Data Center / Server)
    through its REST API C(/rest/gitplugin/1.0/integration).
  - An integration connects Jira to a git host; the app then discovers and indexes the host's repositories in
    the background. Those repositories are not part of this module's state.
  - Only the options a task sets are managed. Options left out keep their value on the server, also on servers
    whose update call resets the fields it is not sent (the module sends the known values along).
  - The field names of the API are given per option; the module translates between them.
author:
  - gij.jira contributors (@gij-jira)
extends_documentation_fragment:
  - gij.jira.connection
  - ansible.builtin.action_common_attributes
  - gij.jira.attributes
attributes:
  check_mode:
    support: full
    details: Sends no write and returns the C(changed), C(integration) and C(diff) a real run would (without server-set ids and dates).
  diff_mode:
    support: full
    details: Shows the managed options before and after; secrets only as V(********).
options:
  id:
    description:
      - Id of the integration, as returned by this module or M(gij.jira.git_integration_info).
      - With O(id), O(name) is the wanted display name (renames the integration).
      - An O(id) that does not exist fails with O(state=present) and is V(ok) with O(state=absent).
      - One of O(id) and O(name) is required.
    type: int
  name:
    description:
      - Display name of the integration (API field C(displayName)), shown in the app's repository list.
      - Without O(id), the integration is looked up by this exact name. If several integrations share it and
        O(type) is set, only those of that type count; more than one match fails and lists their ids.
    type: str
    aliases: [display_name]
  state:
    description:
      - V(present) creates the integration or makes it match the task; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  delete_files:
    description:
      - With O(state=absent), also delete the clones of the integration's repositories from the Jira home
        directory (API query C(deleteFiles)).
      - Refused for V(FILESPACE) integrations, whose "clones" are your original repositories.
    type: bool
    default: false
  update_secrets:
    description:
      - When to send the write-only values O(password), O(pat), O(username) and the options the server never
        returns (O(tfs_collection), O(aws_region), O(ref_spec_custom), O(folder_depth)).
      - The server never returns them, so the module cannot tell whether they changed.
      - V(on_create) sends credentials only when the integration is created, so a re-run is V(ok). Write-only
        options other than credentials are also sent along with any other update.
      - V(always) sends all of them on every run and always reports a change; use it to rotate a token.
    type: str
    choices: [on_create, always]
    default: on_create
  type:
    description:
      - Kind of git host (API field C(type), returned as C(integrationType)). Required to create.
      - V(GITHUB) github.com; V(GITHUB_SERVER) GitHub Enterprise Server; V(GITLAB) gitlab.com;
        V(GITLAB_SERVER) GitLab CE/EE (API v4); V(GITLAB_SERVER_LEGACY) GitLab CE/EE (API v3, removed by the vendor);
        V(FILESPACE) a tracked folder on the Jira host; V(AZURE) Azure DevOps Services (dev.azure.com);
        V(AZURE_DEVOPS) Azure DevOps Server; V(VSTS) Visual Studio Team Services; V(TFS_SERVER) Team Foundation Server;
        V(AWS) AWS CodeCommit; V(GERRIT) Gerrit.
      - The type of an existing integration cannot be changed; the module fails instead of trying.
    type: str
    choices: [GITHUB, GITHUB_SERVER, GITLAB, GITLAB_SERVER, GITLAB_SERVER_LEGACY, FILESPACE, AZURE_DEVOPS, VSTS, AZURE, TFS_SERVER, AWS, GERRIT]
  origin:
    description:
      - URL of the git host (API field C(origin)); for V(FILESPACE) the folder pattern, for example V(/srv/git/*).
      - Required for V(GITHUB_SERVER), V(GITLAB_SERVER), V(GITLAB_SERVER_LEGACY), V(FILESPACE), V(AZURE_DEVOPS),
        V(TFS_SERVER) and V(GERRIT).
      - Cloud types default to their public API, for example V(https://api.github.com). A trailing slash does not count as a change.
    type: str
  disabled:
    description:
      - Disable the integration (API field C(disabled)). Create-time default V(false).
      - Applied through the app's enable/disable endpoint, as the vendor advises, and re-applied after an update
        that reset it.
    type: bool
  send_commit_emails:
    description: Send commit notification emails (API field C(sendCommitEmails)). Create-time default V(true).
    type: bool
  max_mins_to_commit_email:
    description:
      - Only commits younger than this many minutes are emailed (API field C(maxMinsToCommitEmail)). Create-time default V(1440).
    type: int
  username:
    description:
      - User name on the git host (API field C(username)); for V(AWS) the access key id; V(all) with a PAT for V(TFS_SERVER).
      - Needed to create V(GITLAB_SERVER_LEGACY), V(GERRIT) and V(AWS); an alternative to O(pat) for V(GITHUB),
        V(AZURE_DEVOPS) and V(TFS_SERVER).
      - Write-only, see O(update_secrets).
    type: str
  password:
    description:
      - Password on the git host (API field C(password)); for V(AWS) the secret access key. Write-only, see O(update_secrets).
    type: str
  pat:
    description:
      - Personal access token for the git host (API field C(pat)). Needed to create V(GITHUB_SERVER), V(GITLAB),
        V(GITLAB_SERVER), V(AZURE) and V(VSTS), and the usual choice for V(GITHUB), V(AZURE_DEVOPS) and V(TFS_SERVER).
      - Azure DevOps tokens must be created for "all accessible organizations" with at least Code (Read) scope.
      - Write-only, see O(update_secrets).
    type: str
  disable_ssl_verification:
    description:
      - Do not verify the git host's TLS certificate (API field C(disableSslVerification)). Create-time default V(false).
    type: bool
  api_path:
    description:
      - Relative REST API path, starting with C(/), that lists the repositories to track (API field C(apiPath)),
        for example V(/groups/platform/projects). GitHub and GitLab types. At most 2000 characters.
      - Default is the host's own listing; V('') clears it.
    type: str
  api_filter:
    description:
      - JMESPath expression that filters the repositories the API returns (API field C(apiFilter)). At most 2000 characters.
    type: str
  tfs_collection:
    description:
      - Collection to connect (API field C(tfsCollection)). Only for V(AZURE), V(AZURE_DEVOPS), V(VSTS) and V(TFS_SERVER).
      - The server never returns it, see O(update_secrets).
    type: str
  aws_region:
    description:
      - Region of the CodeCommit repositories (API field C(awsRegion)). Required for V(AWS), and only valid there.
      - The server never returns it, so every task for an V(AWS) integration must set it; see O(update_secrets).
    type: str
    choices: [us-east-1, us-east-2, us-west-1, us-west-2, ap-south-1, ap-northeast-2, ap-southeast-1, ap-southeast-2,
              ap-northeast-1, ca-central-1, eu-central-1, eu-west-1, eu-west-2, eu-west-3, eu-north-1, me-south-1, sa-east-1]
  require_user_pat:
    description:
      - Users must enter their own PAT to manage branches and pull/merge requests (API field C(requireUserPat)).
        Needs the repository browser (O(git_viewer_enabled)). Create-time default V(false).
    type: bool
  git_viewer_enabled:
    description: Enable the repository browser (API field C(gitViewerEnabled)). Create-time default V(true).
    type: bool
  smart_commits_enabled:
    description: Process smart commits (API field C(smartCommitsEnabled)). Create-time default V(true).
    type: bool
  global:
    description:
      - Associate the repositories with all Jira projects (API field C(global)). Create-time default V(true).
      - Set V(false) to use O(project_mapping_ids).
    type: bool
  sources_diff_view_enabled:
    description:
      - Let users with the View Development Tools permission see commit and file diffs (API field C(sourcesDiffViewEnabled)).
        Create-time default V(true), as in the vendor's example.
    type: bool
  revision_indexing:
    description:
      - Index mentioned issue keys in the revision history and cache commit lists (API field C(revisionIndexing)).
        Create-time default V(true).
    type: bool
  tags_filter:
    description:
      - Java regular expression; only matching tags are shown on issues (API field C(tagsFilter)). Default is empty, all tags.
    type: str
  project_mapping_ids:
    description:
      - Numeric Jira project ids (not keys) the repositories are associated with (API field C(projectMappingIds)).
      - Needs O(global=false). Compared as a set; order does not matter. Create-time default V([]).
    type: list
    elements: int
  trust_folder_stat:
    description:
      - Use the modification time of C(.git/objects/pack) to detect new packs instead of scanning it (API field
        C(trustFolderStat)). Keep V(false) for repositories on network shares. Create-time default V(false).
    type: bool
  ref_spec_notes:
    description: Fetch C(refs/notes/*) (API field C(refSpecNotes)). Create-time default V(true).
    type: bool
  ref_spec_changes:
    description: Fetch C(refs/changes/*), for example Gerrit changes (API field C(refSpecChanges)). Create-time default V(false).
    type: bool
  ref_spec_custom:
    description:
      - Comma-separated list of extra refspecs to fetch, for example V(+refs/pull/*:refs/pull/*) (API field C(refSpecCustom)).
      - The server never returns it, see O(update_secrets).
    type: str
  folder_depth:
    description:
      - How many folder levels below O(origin) a tracked folder scans for repositories, 1 to 5 (API field C(folderDepth)).
        Required for V(FILESPACE) and only valid there; V(3) suits GitLab hashed storage.
      - The server never returns it, so every task for a V(FILESPACE) integration must set it.
    type: int
  pr_hide_filter:
    description:
      - Regular expression; matching pull/merge requests are hidden (API field C(prHideFilter)).
    type: str
notes:
  - An unchanged task costs one HTTP request; a change at most three (read, write, and the enable/disable call or a read back).
  - After every write the module compares what the server returned with the task and fails naming any value it did not keep.
  - The integration is reported created as soon as the server answers; cloning and indexing continue in the background.
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
    project_mapping_ids: [10000, 10100]

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
diff:
  description: Managed options before and after, with secrets masked. Only with C(--diff).
  returned: when diff mode is on
  type: dict
  sample:
    before: {smart_commits_enabled: true}
    after: {smart_commits_enabled: false}
'''

from ansible_collections.gij.jira.plugins.module_utils.fields import INTEGRATION
from ansible_collections.gij.jira.plugins.module_utils.integration import IntegrationReconciler, IntegrationService
from ansible_collections.gij.jira.plugins.module_utils.runner import StateTask, item_argument_spec, module_argument_spec, run_module


def main():
    run_module(module_argument_spec(item_argument_spec(INTEGRATION)),
               lambda module: StateTask(module, IntegrationReconciler, IntegrationService))


if __name__ == '__main__':
    main()
