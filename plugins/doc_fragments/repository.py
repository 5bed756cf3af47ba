# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    """The options of a single repository: git_repository's, and those of git_repositories' items."""

    # Written by tools/doc_fragments.py from the field table in plugins/module_utils/fields.py: do not edit.
    DOCUMENTATION = r'''
options:
  absolute_root:
    description:
      - Whether O(real_root) is an absolute path. Goes together with O(real_root).
      - API field C(absoluteRoot).
    type: bool
  branch_link_format:
    description:
      - URL that shows a branch, with C(${branch}).
      - API field C(branchLinkFormat).
    type: str
  changeset_format:
    description:
      - URL that shows a revision, with C(${rev}).
      - API field C(changesetFormat).
    type: str
  commits_validation_required:
    description:
      - Reject pushes whose commit messages name no valid issue key, on self-hosted servers.
      - API field C(commitsValidationRequired).
    type: bool
  delete_files:
    default: false
    description:
      - With O(state=absent), also delete the clones from the shared home of Jira (API query C(deleteFiles)).
      - 'Refused before anything is sent unless the server''s answer shows that the files are the app''s own clone:
        O(absolute_root=false) and a O(real_root) inside the app''s folder in the Jira home. A repository on an
        absolute path has the original repository as its files.'
    type: bool
  disable_ssl_verification:
    description:
      - Do not verify the git host's TLS certificate.
      - API field C(disableSslVerification).
      - Create-time default V(false).
    type: bool
  disabled:
    description:
      - Disable the repository.
      - Applied through the enable/disable endpoint and re-applied after an update that reset it.
      - API field C(disabled).
      - Create-time default V(false).
    type: bool
  enable_fetches:
    description:
      - Fetch from the remote origin; V(false) for repositories on the Jira host.
      - API field C(enableFetches).
    type: bool
  file_added_format:
    description:
      - URL that shows an added file.
      - API field C(fileAddedFormat).
    type: str
  file_deleted_format:
    description:
      - URL that shows a deleted file.
      - API field C(fileDeletedFormat).
    type: str
  file_modified_format:
    description:
      - URL that shows a modified file.
      - API field C(fileModifiedFormat).
    type: str
  git_viewer_enabled:
    description:
      - Enable the repository browser. With O(global=false) the server then needs at least one project in O(project_mapping_ids).
      - API field C(gitViewerEnabled).
      - Create-time default V(true).
    type: bool
  global:
    description:
      - Associate the repository with all Jira projects.
      - API field C(global).
      - Create-time default V(true).
    type: bool
  id:
    description:
      - Id of the repository, as returned by the modules of this collection.
      - With O(id), O(origin) is the wanted value (for example a rename).
      - An O(id) that does not exist fails with O(state=present) and is V(ok) with O(state=absent).
      - One of O(id) and O(origin) is required.
    type: int
  integration_id:
    description:
      - 'Id of the integration that discovered the repository: the task then changes the settings of that nested
        repository.'
      - It is found among that integration's repositories by O(id), else O(origin), else O(name) (exact).
      - 'Only the options the vendor''s nested update may change are allowed: V(name), V(disabled), V(send_commit_emails),
        V(max_mins_to_commit_email), V(global), V(project_mapping_ids), V(revision_indexing), V(git_viewer_enabled),
        V(smart_commits_enabled), V(web_link_type), V(view_format), V(changeset_format), V(file_added_format), V(file_modified_format),
        V(file_deleted_format), V(merge_request_format), V(branch_link_format), V(tags_filter), V(pr_hide_filter),
        V(sources_diff_view_enabled), V(trust_folder_stat), V(ref_spec_notes), V(ref_spec_changes), V(ref_spec_custom),
        and O(projects). Any other (V(main_branch), V(real_root), V(absolute_root), V(enable_fetches), V(username),
        V(password), V(pat), V(disable_ssl_verification), V(commits_validation_required)) is refused before anything
        is sent, and so is O(state=absent): this collection never deletes a repository an integration discovered,
        nor adds one.'
      - In gij.jira.git_repositories, an item without O(id), O(origin) and O(name) is about every repository of
        the integration, and an item that names one of them refines it for that one.
      - Mutually exclusive with O(integration_name).
    type: int
  integration_name:
    description:
      - 'Name of the integration that discovered the repository, as O(integration_id) (one more request: the integration
        list).'
      - It is found among that integration's repositories by O(id), else O(origin), else O(name) (exact).
      - 'Only the options the vendor''s nested update may change are allowed: V(name), V(disabled), V(send_commit_emails),
        V(max_mins_to_commit_email), V(global), V(project_mapping_ids), V(revision_indexing), V(git_viewer_enabled),
        V(smart_commits_enabled), V(web_link_type), V(view_format), V(changeset_format), V(file_added_format), V(file_modified_format),
        V(file_deleted_format), V(merge_request_format), V(branch_link_format), V(tags_filter), V(pr_hide_filter),
        V(sources_diff_view_enabled), V(trust_folder_stat), V(ref_spec_notes), V(ref_spec_changes), V(ref_spec_custom),
        and O(projects). Any other (V(main_branch), V(real_root), V(absolute_root), V(enable_fetches), V(username),
        V(password), V(pat), V(disable_ssl_verification), V(commits_validation_required)) is refused before anything
        is sent, and so is O(state=absent): this collection never deletes a repository an integration discovered,
        nor adds one.'
      - In gij.jira.git_repositories, an item without O(id), O(origin) and O(name) is about every repository of
        the integration, and an item that names one of them refines it for that one.
    type: str
  main_branch:
    description:
      - Branch that organizes the Git Commits tab. The server uses V(master) when not set.
      - API field C(mainBranch).
    type: str
  max_mins_to_commit_email:
    description:
      - Only commits younger than this many minutes are emailed.
      - API field C(maxMinsToCommitEmail).
      - Create-time default V(1440).
      - Must be between 0 and 2147483647.
    type: int
  merge_request_format:
    description:
      - URL that shows a pull/merge request, with C(${mergereqId}).
      - API field C(mergeRequestFormat).
    type: str
  name:
    aliases:
      - display_name
    description:
      - Display name in the app's repository list. Default is derived from O(origin).
      - API field C(displayName).
    type: str
  origin:
    description:
      - URL (or local path) of the git repository, for example V(https://github.com/example/app.git).
      - API field C(origin).
    type: str
  password:
    description:
      - Password on the git host.
      - API field C(password).
      - An empty value, or one of spaces only (as an empty vault variable or an empty AWX credential field gives),
        means it is not given.
      - Write-only and never shown; see O(update_secrets).
    type: str
  pat:
    description:
      - Personal access token for the git host.
      - API field C(pat).
      - An empty value, or one of spaces only (as an empty vault variable or an empty AWX credential field gives),
        means it is not given.
      - Write-only and never shown; see O(update_secrets).
    type: str
  pr_hide_filter:
    description:
      - Regular expression; matching pull/merge requests are hidden on issues.
      - API field C(prHideFilter).
    type: str
  project_mapping_ids:
    description:
      - Numeric Jira project ids. Needs O(global=false). O(projects) takes keys.
      - Compared as a set.
      - API field C(projectMappingIds).
      - Create-time default V([]).
      - Each must be between 1 and 9223372036854775807.
    elements: int
    type: list
  projects:
    description:
      - 'Jira project keys, such as V(PLAT), the repository is associated with: the same as O(project_mapping_ids),
        by key (keys are the same on staging and production, ids often are not). Needs O(global=false).'
      - Each key is resolved to its id through Jira's REST API (C(GET /rest/api/2/project/<key>)), once per key
        per task, in any case; an unknown key fails before anything is written.
      - Compared as a set with the ids the server holds; the result shows the keys beside the ids.
      - Mutually exclusive with O(project_mapping_ids).
    elements: str
    type: list
  real_root:
    description:
      - Path of the repository on the Jira server, absolute or relative to the app's folder in the Jira home, as
        O(absolute_root) says. Goes together with O(absolute_root).
      - API field C(realRoot).
    type: str
  ref_spec_changes:
    description:
      - Fetch C(refs/changes/*).
      - API field C(refSpecChanges).
      - Create-time default V(false).
    type: bool
  ref_spec_custom:
    description:
      - Comma-separated extra refspecs.
      - API field C(refSpecCustom).
      - 'The server never returns it, so it cannot be compared: it is sent on create and with every update that
        gives it, which also protects it on a server that resets omitted fields; see O(update_secrets).'
    type: str
  ref_spec_notes:
    description:
      - Fetch C(refs/notes/*).
      - API field C(refSpecNotes).
      - Create-time default V(true).
    type: bool
  revision_indexing:
    description:
      - Index issue keys in the revision history.
      - API field C(revisionIndexing).
      - Create-time default V(true).
    type: bool
  send_commit_emails:
    description:
      - Send commit notification emails.
      - API field C(sendCommitEmails).
      - Create-time default V(true).
    type: bool
  smart_commits_enabled:
    description:
      - Process smart commits.
      - API field C(smartCommitsEnabled).
      - Create-time default V(true).
    type: bool
  sources_diff_view_enabled:
    description:
      - Show commit and file diffs in Jira.
      - API field C(sourcesDiffViewEnabled).
      - Create-time default V(true).
    type: bool
  state:
    choices:
      - present
      - absent
    default: present
    description:
      - V(present) creates the repository or makes it match the task; V(absent) deletes it.
    type: str
  tags_filter:
    description:
      - Java regular expression; only matching tags are shown on issues.
      - API field C(tagsFilter).
    type: str
  trust_folder_stat:
    description:
      - Trust the pack folder's modification time.
      - API field C(trustFolderStat).
      - Create-time default V(false).
    type: bool
  update_secrets:
    choices:
      - on_create
      - always
    default: on_create
    description:
      - 'When to send the write-only values: the credentials V(password), V(pat), V(username), and V(ref_spec_custom).'
      - The server never returns them, so the module cannot tell whether they changed.
      - V(on_create) sends credentials only when the repository is created, so a re-run is V(ok); the other write-only
        options are sent with every update that gives them.
      - V(always) sends all of them on every run and always reports a change; use it to rotate a token.
    type: str
  username:
    description:
      - User name on the git host.
      - API field C(username).
      - An empty value, or one of spaces only (as an empty vault variable or an empty AWX credential field gives),
        means it is not given.
      - 'The server never returns it, so it cannot be compared: like the secrets, it is sent on create and on an
        update only with O(update_secrets=always).'
    type: str
  view_format:
    description:
      - 'Unused: the vendor says it is not configured for newly added integration types.'
      - API field C(viewFormat).
    type: str
  web_link_type:
    description:
      - Web link type of the git host.
      - API field C(webLinkType).
    type: str
'''

    ITEMS = r'''
options:
  repositories:
    suboptions:
      absolute_root:
        description:
          - Whether O(repositories[].real_root) is an absolute path. Goes together with O(repositories[].real_root).
          - API field C(absoluteRoot).
        type: bool
      branch_link_format:
        description:
          - URL that shows a branch, with C(${branch}).
          - API field C(branchLinkFormat).
        type: str
      changeset_format:
        description:
          - URL that shows a revision, with C(${rev}).
          - API field C(changesetFormat).
        type: str
      commits_validation_required:
        description:
          - Reject pushes whose commit messages name no valid issue key, on self-hosted servers.
          - API field C(commitsValidationRequired).
        type: bool
      delete_files:
        default: false
        description:
          - With O(repositories[].state=absent), also delete the clones from the shared home of Jira (API query
            C(deleteFiles)).
          - 'Refused before anything is sent unless the server''s answer shows that the files are the app''s own
            clone: O(repositories[].absolute_root=false) and a O(repositories[].real_root) inside the app''s folder
            in the Jira home. A repository on an absolute path has the original repository as its files.'
        type: bool
      disable_ssl_verification:
        description:
          - Do not verify the git host's TLS certificate.
          - API field C(disableSslVerification).
          - Create-time default V(false).
        type: bool
      disabled:
        description:
          - Disable the repository.
          - Applied through the enable/disable endpoint and re-applied after an update that reset it.
          - API field C(disabled).
          - Create-time default V(false).
        type: bool
      enable_fetches:
        description:
          - Fetch from the remote origin; V(false) for repositories on the Jira host.
          - API field C(enableFetches).
        type: bool
      file_added_format:
        description:
          - URL that shows an added file.
          - API field C(fileAddedFormat).
        type: str
      file_deleted_format:
        description:
          - URL that shows a deleted file.
          - API field C(fileDeletedFormat).
        type: str
      file_modified_format:
        description:
          - URL that shows a modified file.
          - API field C(fileModifiedFormat).
        type: str
      git_viewer_enabled:
        description:
          - Enable the repository browser. With O(repositories[].global=false) the server then needs at least one
            project in O(repositories[].project_mapping_ids).
          - API field C(gitViewerEnabled).
          - Create-time default V(true).
        type: bool
      global:
        description:
          - Associate the repository with all Jira projects.
          - API field C(global).
          - Create-time default V(true).
        type: bool
      id:
        description:
          - Id of the repository, as returned by the modules of this collection.
          - With O(repositories[].id), O(repositories[].origin) is the wanted value (for example a rename).
          - An O(repositories[].id) that does not exist fails with O(repositories[].state=present) and is V(ok)
            with O(repositories[].state=absent).
          - One of O(repositories[].id) and O(repositories[].origin) is required.
        type: int
      integration_id:
        description:
          - 'Id of the integration that discovered the repository: the task then changes the settings of that nested
            repository.'
          - It is found among that integration's repositories by O(repositories[].id), else O(repositories[].origin),
            else O(repositories[].name) (exact).
          - 'Only the options the vendor''s nested update may change are allowed: V(name), V(disabled), V(send_commit_emails),
            V(max_mins_to_commit_email), V(global), V(project_mapping_ids), V(revision_indexing), V(git_viewer_enabled),
            V(smart_commits_enabled), V(web_link_type), V(view_format), V(changeset_format), V(file_added_format),
            V(file_modified_format), V(file_deleted_format), V(merge_request_format), V(branch_link_format), V(tags_filter),
            V(pr_hide_filter), V(sources_diff_view_enabled), V(trust_folder_stat), V(ref_spec_notes), V(ref_spec_changes),
            V(ref_spec_custom), and O(repositories[].projects). Any other (V(main_branch), V(real_root), V(absolute_root),
            V(enable_fetches), V(username), V(password), V(pat), V(disable_ssl_verification), V(commits_validation_required))
            is refused before anything is sent, and so is O(repositories[].state=absent): this collection never
            deletes a repository an integration discovered, nor adds one.'
          - In gij.jira.git_repositories, an item without O(repositories[].id), O(repositories[].origin) and O(repositories[].name)
            is about every repository of the integration, and an item that names one of them refines it for that
            one.
          - Mutually exclusive with O(repositories[].integration_name).
        type: int
      integration_name:
        description:
          - 'Name of the integration that discovered the repository, as O(repositories[].integration_id) (one more
            request: the integration list).'
          - It is found among that integration's repositories by O(repositories[].id), else O(repositories[].origin),
            else O(repositories[].name) (exact).
          - 'Only the options the vendor''s nested update may change are allowed: V(name), V(disabled), V(send_commit_emails),
            V(max_mins_to_commit_email), V(global), V(project_mapping_ids), V(revision_indexing), V(git_viewer_enabled),
            V(smart_commits_enabled), V(web_link_type), V(view_format), V(changeset_format), V(file_added_format),
            V(file_modified_format), V(file_deleted_format), V(merge_request_format), V(branch_link_format), V(tags_filter),
            V(pr_hide_filter), V(sources_diff_view_enabled), V(trust_folder_stat), V(ref_spec_notes), V(ref_spec_changes),
            V(ref_spec_custom), and O(repositories[].projects). Any other (V(main_branch), V(real_root), V(absolute_root),
            V(enable_fetches), V(username), V(password), V(pat), V(disable_ssl_verification), V(commits_validation_required))
            is refused before anything is sent, and so is O(repositories[].state=absent): this collection never
            deletes a repository an integration discovered, nor adds one.'
          - In gij.jira.git_repositories, an item without O(repositories[].id), O(repositories[].origin) and O(repositories[].name)
            is about every repository of the integration, and an item that names one of them refines it for that
            one.
        type: str
      main_branch:
        description:
          - Branch that organizes the Git Commits tab. The server uses V(master) when not set.
          - API field C(mainBranch).
        type: str
      max_mins_to_commit_email:
        description:
          - Only commits younger than this many minutes are emailed.
          - API field C(maxMinsToCommitEmail).
          - Create-time default V(1440).
          - Must be between 0 and 2147483647.
        type: int
      merge_request_format:
        description:
          - URL that shows a pull/merge request, with C(${mergereqId}).
          - API field C(mergeRequestFormat).
        type: str
      name:
        aliases:
          - display_name
        description:
          - Display name in the app's repository list. Default is derived from O(repositories[].origin).
          - API field C(displayName).
        type: str
      origin:
        description:
          - URL (or local path) of the git repository, for example V(https://github.com/example/app.git).
          - API field C(origin).
        type: str
      password:
        description:
          - Password on the git host.
          - API field C(password).
          - An empty value, or one of spaces only (as an empty vault variable or an empty AWX credential field gives),
            means it is not given.
          - Write-only and never shown; see O(repositories[].update_secrets).
        type: str
      pat:
        description:
          - Personal access token for the git host.
          - API field C(pat).
          - An empty value, or one of spaces only (as an empty vault variable or an empty AWX credential field gives),
            means it is not given.
          - Write-only and never shown; see O(repositories[].update_secrets).
        type: str
      pr_hide_filter:
        description:
          - Regular expression; matching pull/merge requests are hidden on issues.
          - API field C(prHideFilter).
        type: str
      project_mapping_ids:
        description:
          - Numeric Jira project ids. Needs O(repositories[].global=false). O(repositories[].projects) takes keys.
          - Compared as a set.
          - API field C(projectMappingIds).
          - Create-time default V([]).
          - Each must be between 1 and 9223372036854775807.
        elements: int
        type: list
      projects:
        description:
          - 'Jira project keys, such as V(PLAT), the repository is associated with: the same as O(repositories[].project_mapping_ids),
            by key (keys are the same on staging and production, ids often are not). Needs O(repositories[].global=false).'
          - Each key is resolved to its id through Jira's REST API (C(GET /rest/api/2/project/<key>)), once per
            key per task, in any case; an unknown key fails before anything is written.
          - Compared as a set with the ids the server holds; the result shows the keys beside the ids.
          - Mutually exclusive with O(repositories[].project_mapping_ids).
        elements: str
        type: list
      real_root:
        description:
          - Path of the repository on the Jira server, absolute or relative to the app's folder in the Jira home,
            as O(repositories[].absolute_root) says. Goes together with O(repositories[].absolute_root).
          - API field C(realRoot).
        type: str
      ref_spec_changes:
        description:
          - Fetch C(refs/changes/*).
          - API field C(refSpecChanges).
          - Create-time default V(false).
        type: bool
      ref_spec_custom:
        description:
          - Comma-separated extra refspecs.
          - API field C(refSpecCustom).
          - 'The server never returns it, so it cannot be compared: it is sent on create and with every update that
            gives it, which also protects it on a server that resets omitted fields; see O(repositories[].update_secrets).'
        type: str
      ref_spec_notes:
        description:
          - Fetch C(refs/notes/*).
          - API field C(refSpecNotes).
          - Create-time default V(true).
        type: bool
      revision_indexing:
        description:
          - Index issue keys in the revision history.
          - API field C(revisionIndexing).
          - Create-time default V(true).
        type: bool
      send_commit_emails:
        description:
          - Send commit notification emails.
          - API field C(sendCommitEmails).
          - Create-time default V(true).
        type: bool
      smart_commits_enabled:
        description:
          - Process smart commits.
          - API field C(smartCommitsEnabled).
          - Create-time default V(true).
        type: bool
      sources_diff_view_enabled:
        description:
          - Show commit and file diffs in Jira.
          - API field C(sourcesDiffViewEnabled).
          - Create-time default V(true).
        type: bool
      state:
        choices:
          - present
          - absent
        default: present
        description:
          - V(present) creates the repository or makes it match the task; V(absent) deletes it.
        type: str
      tags_filter:
        description:
          - Java regular expression; only matching tags are shown on issues.
          - API field C(tagsFilter).
        type: str
      trust_folder_stat:
        description:
          - Trust the pack folder's modification time.
          - API field C(trustFolderStat).
          - Create-time default V(false).
        type: bool
      update_secrets:
        choices:
          - on_create
          - always
        default: on_create
        description:
          - 'When to send the write-only values: the credentials V(password), V(pat), V(username), and V(ref_spec_custom).'
          - The server never returns them, so the module cannot tell whether they changed.
          - V(on_create) sends credentials only when the repository is created, so a re-run is V(ok); the other
            write-only options are sent with every update that gives them.
          - V(always) sends all of them on every run and always reports a change; use it to rotate a token.
        type: str
      username:
        description:
          - User name on the git host.
          - API field C(username).
          - An empty value, or one of spaces only (as an empty vault variable or an empty AWX credential field gives),
            means it is not given.
          - 'The server never returns it, so it cannot be compared: like the secrets, it is sent on create and on
            an update only with O(repositories[].update_secrets=always).'
        type: str
      view_format:
        description:
          - 'Unused: the vendor says it is not configured for newly added integration types.'
          - API field C(viewFormat).
        type: str
      web_link_type:
        description:
          - Web link type of the git host.
          - API field C(webLinkType).
        type: str
'''
