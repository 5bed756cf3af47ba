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
description:
  - Adds, updates, enables, disables and deletes a single repository of Git Integration for Jira (Data Center /
    Server) through C(/rest/gitplugin/1.0/repository), with the same behaviour as M(gij.jira.git_integration).
  - Only the options a task sets are managed; check and diff mode, write-only secrets and one-line errors work as there.
  - Repositories that an integration discovered (nested repositories, with an C(integration_id)) are read-only
    here; a task that would change or delete one fails and points to the integration.
author:
  - gij.jira contributors (@gij-jira)
extends_documentation_fragment:
  - gij.jira.connection
  - ansible.builtin.action_common_attributes
  - gij.jira.attributes
attributes:
  check_mode:
    support: full
    details: Sends no write and returns the C(changed), C(repository) and C(diff) a real run would.
  diff_mode:
    support: full
    details: Shows the managed options before and after; secrets only as V(********).
options:
  id:
    description:
      - Id of the repository. With O(id), O(origin) and O(name) are the wanted values.
      - One of O(id) and O(origin) is required.
    type: int
  origin:
    description:
      - URL (or local path) of the git repository (API field C(origin)), for example V(https://github.com/example/app.git).
      - Without O(id), the repository is looked up by this exact origin (a trailing slash does not count); if several
        share it, O(name) chooses among them. Required to add a repository.
    type: str
  name:
    description: Display name in the app's repository list (API field C(displayName)). Default is derived from O(origin).
    type: str
    aliases: [display_name]
  state:
    description: V(present) adds or updates the repository; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  delete_files:
    description: With O(state=absent), also delete the clone from the Jira home directory (API query C(deleteFiles)).
    type: bool
    default: false
  update_secrets:
    description:
      - When to send the write-only values O(password), O(pat), O(username) and O(ref_spec_custom), which the server
        never returns. V(on_create) sends credentials only when the repository is added; V(always) sends them on
        every run and always reports a change (token rotation).
    type: str
    choices: [on_create, always]
    default: on_create
  main_branch:
    description: Branch that organizes the Git Commits tab (API field C(mainBranch)). The server uses V(master) when not set.
    type: str
  real_root:
    description:
      - Path of the repository on the Jira server (API field C(realRoot)), absolute or relative to the app's folder
        in the Jira home, as O(absolute_root) says. Goes together with O(absolute_root).
    type: str
  absolute_root:
    description: Whether O(real_root) is an absolute path (API field C(absoluteRoot)). Goes together with O(real_root).
    type: bool
  disabled:
    description:
      - Disable the repository (API field C(disabled)). Create-time default V(false).
      - Applied through the enable/disable endpoint and re-applied after an update that reset it.
    type: bool
  enable_fetches:
    description: Fetch from the remote origin (API field C(enableFetches)); V(false) for repositories on the Jira host.
    type: bool
  send_commit_emails:
    description: Send commit notification emails (API field C(sendCommitEmails)). Create-time default V(true).
    type: bool
  max_mins_to_commit_email:
    description: Only commits younger than this many minutes are emailed (API field C(maxMinsToCommitEmail)). Create-time default V(1440).
    type: int
  global:
    description: Associate the repository with all Jira projects (API field C(global)). Create-time default V(true).
    type: bool
  revision_indexing:
    description: Index issue keys in the revision history (API field C(revisionIndexing)). Create-time default V(true).
    type: bool
  git_viewer_enabled:
    description:
      - Enable the repository browser (API field C(gitViewerEnabled)). Create-time default V(true).
      - With O(global=false) the server then needs at least one project in O(project_mapping_ids).
    type: bool
  username:
    description: User name on the git host (API field C(username)). Write-only, see O(update_secrets).
    type: str
  password:
    description: Password on the git host (API field C(password)). Write-only, see O(update_secrets).
    type: str
  pat:
    description: Personal access token for the git host (API field C(pat)). Write-only, see O(update_secrets).
    type: str
  disable_ssl_verification:
    description: Do not verify the git host's TLS certificate (API field C(disableSslVerification)). Create-time default V(false).
    type: bool
  smart_commits_enabled:
    description: Process smart commits (API field C(smartCommitsEnabled)). Create-time default V(true).
    type: bool
  web_link_type:
    description: Web link type of the git host (API field C(webLinkType)).
    type: str
  view_format:
    description: Unused by recent app versions (API field C(viewFormat)).
    type: str
  changeset_format:
    description: URL that shows a revision, with C(${rev}) (API field C(changesetFormat)).
    type: str
  file_added_format:
    description: URL that shows an added file (API field C(fileAddedFormat)).
    type: str
  file_modified_format:
    description: URL that shows a modified file (API field C(fileModifiedFormat)).
    type: str
  file_deleted_format:
    description: URL that shows a deleted file (API field C(fileDeletedFormat)).
    type: str
  merge_request_format:
    description: URL that shows a pull/merge request, with C(${mergereqId}) (API field C(mergeRequestFormat)).
    type: str
  branch_link_format:
    description: URL that shows a branch, with C(${branch}) (API field C(branchLinkFormat)).
    type: str
  commits_validation_required:
    description: Reject pushes whose commit messages name no valid issue key, on self-hosted servers (API field C(commitsValidationRequired)).
    type: bool
  tags_filter:
    description: Java regular expression; only matching tags are shown on issues (API field C(tagsFilter)).
    type: str
  project_mapping_ids:
    description:
      - Numeric Jira project ids (API field C(projectMappingIds)). Needs O(global=false). Compared as a set.
        Create-time default V([]).
    type: list
    elements: int
  sources_diff_view_enabled:
    description: Show commit and file diffs in Jira (API field C(sourcesDiffViewEnabled)). Create-time default V(true).
    type: bool
  trust_folder_stat:
    description: Trust the pack folder's modification time (API field C(trustFolderStat)). Create-time default V(false).
    type: bool
  ref_spec_notes:
    description: Fetch C(refs/notes/*) (API field C(refSpecNotes)). Create-time default V(true).
    type: bool
  ref_spec_changes:
    description: Fetch C(refs/changes/*) (API field C(refSpecChanges)). Create-time default V(false).
    type: bool
  ref_spec_custom:
    description: Comma-separated extra refspecs (API field C(refSpecCustom)). Never returned by the server, see O(update_secrets).
    type: str
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
    project_mapping_ids: [10000]

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
diff:
  description: Managed options before and after, with secrets masked. Only with C(--diff).
  returned: when diff mode is on
  type: dict
  sample:
    before: {disabled: false}
    after: {disabled: true}
'''

from ansible_collections.gij.jira.plugins.module_utils.fields import REPOSITORY
from ansible_collections.gij.jira.plugins.module_utils.repository import RepositoryReconciler, RepositoryService
from ansible_collections.gij.jira.plugins.module_utils.runner import StateTask, item_argument_spec, module_argument_spec, run_module


def main():
    run_module(module_argument_spec(item_argument_spec(REPOSITORY)),
               lambda module: StateTask(module, RepositoryReconciler, RepositoryService))


if __name__ == '__main__':
    main()
