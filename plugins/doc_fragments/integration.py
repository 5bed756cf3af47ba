# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    """The options of an integration: git_integration's, and those of git_integrations' items."""

    # Written by tools/doc_fragments.py from the field table in plugins/module_utils/fields.py: do not edit.
    DOCUMENTATION = r'''
options:
  api_filter:
    description:
      - JMESPath expression that filters the repositories the API returns.
      - API field C(apiFilter).
      - At most 2000 characters.
    type: str
  api_path:
    description:
      - Relative REST API path, starting with C(/), that lists the repositories to track, for example V(/groups/platform/projects).
      - Default is the host's own listing; V('') clears it.
      - API field C(apiPath).
      - Only valid for V(GITHUB), V(GITHUB_SERVER), V(GITLAB), V(GITLAB_SERVER), V(GITLAB_SERVER_LEGACY).
      - At most 2000 characters.
    type: str
  aws_region:
    choices:
      - us-east-1
      - us-east-2
      - us-west-1
      - us-west-2
      - ap-south-1
      - ap-northeast-2
      - ap-southeast-1
      - ap-southeast-2
      - ap-northeast-1
      - ca-central-1
      - eu-central-1
      - eu-west-1
      - eu-west-2
      - eu-west-3
      - eu-north-1
      - me-south-1
      - sa-east-1
    description:
      - Region of the CodeCommit repositories.
      - One of the 17 regions the vendor lists as supported; a region the list does not have yet is refused before
        any request (see the troubleshooting page).
      - API field C(awsRegion).
      - Required to create V(AWS); an existing integration is found and changed without it.
      - Only valid for V(AWS).
      - 'The server never returns it, so it cannot be compared: it is sent on create and with every update that
        gives it, which also protects it on a server that resets omitted fields; see O(update_secrets).'
    type: str
  delete_files:
    default: false
    description:
      - With O(state=absent), also delete the clones from the shared home of Jira (API query C(deleteFiles)).
      - 'Refused before anything is sent unless the server''s answer shows that the files are the app''s own clones:
        for V(FILESPACE) integrations, whose "clones" are your original repositories, for a type this collection
        does not know (also one written in another case), and for a path outside the app''s folder in the Jira home.'
    type: bool
  disable_ssl_verification:
    description:
      - Do not verify the git host's TLS certificate.
      - API field C(disableSslVerification).
      - Create-time default V(false).
    type: bool
  disabled:
    description:
      - Disable the integration.
      - Applied through the enable/disable endpoint, as the vendor advises, and re-applied after an update that
        reset it.
      - API field C(disabled).
      - Create-time default V(false).
    type: bool
  folder_depth:
    description:
      - How many folder levels below O(origin) a tracked folder scans for repositories. V(3) suits GitLab hashed
        storage.
      - API field C(folderDepth).
      - Required to create V(FILESPACE); an existing integration is found and changed without it.
      - Only valid for V(FILESPACE).
      - Must be between 1 and 5.
      - 'The server never returns it, so it cannot be compared: it is sent on create and with every update that
        gives it, which also protects it on a server that resets omitted fields; see O(update_secrets).'
    type: int
  git_viewer_enabled:
    description:
      - Enable the repository browser.
      - API field C(gitViewerEnabled).
      - Create-time default V(true).
    type: bool
  global:
    description:
      - Associate the repositories with all Jira projects.
      - Set V(false) to use O(projects) or O(project_mapping_ids).
      - API field C(global).
      - Create-time default V(true).
    type: bool
  id:
    description:
      - Id of the integration, as returned by the modules of this collection.
      - With O(id), O(name) is the wanted value (for example a rename).
      - An O(id) that does not exist fails with O(state=present) and is V(ok) with O(state=absent).
      - One of O(id) and O(name) is required.
    type: int
  max_mins_to_commit_email:
    description:
      - Only commits younger than this many minutes are emailed.
      - API field C(maxMinsToCommitEmail).
      - Create-time default V(1440).
      - Must be between 0 and 2147483647.
    type: int
  name:
    aliases:
      - display_name
    description:
      - Display name of the integration, shown in the app's repository list.
      - API field C(displayName).
    type: str
  origin:
    description:
      - URL of the git host; for V(FILESPACE) the folder pattern, for example V(/srv/git/*).
      - Cloud types default to their public API, for example V(https://api.github.com). A trailing slash does not
        count as a change.
      - API field C(origin).
      - Required to create V(GITHUB_SERVER), V(GITLAB_SERVER), V(GITLAB_SERVER_LEGACY), V(FILESPACE), V(AZURE_DEVOPS),
        V(TFS_SERVER), V(GERRIT); an existing integration is found and changed without it.
    type: str
  password:
    description:
      - Password on the git host; for V(AWS) the secret access key.
      - API field C(password).
      - An empty value, or one of spaces only (as an empty vault variable or an empty AWX credential field gives),
        means it is not given.
      - Write-only and never shown; see O(update_secrets).
    type: str
  pat:
    description:
      - Personal access token for the git host.
      - Azure DevOps tokens must be created for "all accessible organizations" with at least Code (Read) scope.
      - API field C(pat).
      - An empty value, or one of spaces only (as an empty vault variable or an empty AWX credential field gives),
        means it is not given.
      - Write-only and never shown; see O(update_secrets).
    type: str
  pr_hide_filter:
    description:
      - Regular expression; matching pull/merge requests are hidden.
      - API field C(prHideFilter).
    type: str
  project_mapping_ids:
    description:
      - Numeric Jira project ids (not keys) the repositories are associated with. Needs O(global=false). O(projects)
        takes keys.
      - Compared as a set; order does not matter.
      - API field C(projectMappingIds).
      - Create-time default V([]).
      - Each must be between 1 and 9223372036854775807.
    elements: int
    type: list
  projects:
    description:
      - 'Jira project keys, such as V(PLAT), the integration is associated with: the same as O(project_mapping_ids),
        by key (keys are the same on staging and production, ids often are not). Needs O(global=false).'
      - Each key is resolved to its id through Jira's REST API (C(GET /rest/api/2/project/<key>)), once per key
        per task, in any case; an unknown key fails before anything is written.
      - Compared as a set with the ids the server holds; the result shows the keys beside the ids.
      - Mutually exclusive with O(project_mapping_ids).
    elements: str
    type: list
  ref_spec_changes:
    description:
      - Fetch C(refs/changes/*), for example Gerrit changes.
      - API field C(refSpecChanges).
      - Create-time default V(false).
    type: bool
  ref_spec_custom:
    description:
      - Comma-separated extra refspecs to fetch, for example V(+refs/pull/*:refs/pull/*).
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
  require_user_pat:
    description:
      - Users must enter their own PAT to manage branches and pull/merge requests. Needs the repository browser
        (O(git_viewer_enabled)).
      - API field C(requireUserPat).
      - Create-time default V(false).
    type: bool
  revision_indexing:
    description:
      - Index mentioned issue keys in the revision history and cache commit lists.
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
      - Let users with the View Development Tools permission see commit and file diffs.
      - API field C(sourcesDiffViewEnabled).
      - Create-time default V(true).
    type: bool
  state:
    choices:
      - present
      - absent
    default: present
    description:
      - V(present) creates the integration or makes it match the task; V(absent) deletes it.
    type: str
  tags_filter:
    description:
      - Java regular expression; only matching tags are shown on issues.
      - API field C(tagsFilter).
    type: str
  tfs_collection:
    description:
      - Collection to connect.
      - API field C(tfsCollection).
      - Only valid for V(AZURE), V(AZURE_DEVOPS), V(VSTS), V(TFS_SERVER).
      - 'The server never returns it, so it cannot be compared: it is sent on create and with every update that
        gives it, which also protects it on a server that resets omitted fields; see O(update_secrets).'
    type: str
  trust_folder_stat:
    description:
      - Use the modification time of C(.git/objects/pack) to detect new packs instead of scanning it. Keep V(false)
        for network shares.
      - API field C(trustFolderStat).
      - Create-time default V(false).
    type: bool
  type:
    choices:
      - GITHUB
      - GITHUB_SERVER
      - GITLAB
      - GITLAB_SERVER
      - GITLAB_SERVER_LEGACY
      - FILESPACE
      - AZURE_DEVOPS
      - VSTS
      - AZURE
      - TFS_SERVER
      - AWS
      - GERRIT
    description:
      - Kind of git host. The type of an existing integration cannot be changed.
      - API field C(type), returned as C(integrationType).
    type: str
  update_secrets:
    choices:
      - on_create
      - always
    default: on_create
    description:
      - 'When to send the write-only values: the credentials V(password), V(pat), V(username), and V(tfs_collection),
        V(aws_region), V(ref_spec_custom), V(folder_depth).'
      - The server never returns them, so the module cannot tell whether they changed.
      - V(on_create) sends credentials only when the integration is created, so a re-run is V(ok); the other write-only
        options are sent with every update that gives them.
      - V(always) sends all of them on every run and always reports a change; use it to rotate a token.
    type: str
  username:
    description:
      - User name on the git host; for V(AWS) the access key id; V(all) with a PAT for V(TFS_SERVER).
      - API field C(username).
      - An empty value, or one of spaces only (as an empty vault variable or an empty AWX credential field gives),
        means it is not given.
      - 'The server never returns it, so it cannot be compared: like the secrets, it is sent on create and on an
        update only with O(update_secrets=always).'
    type: str
'''

    ITEMS = r'''
options:
  integrations:
    suboptions:
      api_filter:
        description:
          - JMESPath expression that filters the repositories the API returns.
          - API field C(apiFilter).
          - At most 2000 characters.
        type: str
      api_path:
        description:
          - Relative REST API path, starting with C(/), that lists the repositories to track, for example V(/groups/platform/projects).
          - Default is the host's own listing; V('') clears it.
          - API field C(apiPath).
          - Only valid for V(GITHUB), V(GITHUB_SERVER), V(GITLAB), V(GITLAB_SERVER), V(GITLAB_SERVER_LEGACY).
          - At most 2000 characters.
        type: str
      aws_region:
        choices:
          - us-east-1
          - us-east-2
          - us-west-1
          - us-west-2
          - ap-south-1
          - ap-northeast-2
          - ap-southeast-1
          - ap-southeast-2
          - ap-northeast-1
          - ca-central-1
          - eu-central-1
          - eu-west-1
          - eu-west-2
          - eu-west-3
          - eu-north-1
          - me-south-1
          - sa-east-1
        description:
          - Region of the CodeCommit repositories.
          - One of the 17 regions the vendor lists as supported; a region the list does not have yet is refused
            before any request (see the troubleshooting page).
          - API field C(awsRegion).
          - Required to create V(AWS); an existing integration is found and changed without it.
          - Only valid for V(AWS).
          - 'The server never returns it, so it cannot be compared: it is sent on create and with every update that
            gives it, which also protects it on a server that resets omitted fields; see O(integrations[].update_secrets).'
        type: str
      delete_files:
        default: false
        description:
          - With O(integrations[].state=absent), also delete the clones from the shared home of Jira (API query
            C(deleteFiles)).
          - 'Refused before anything is sent unless the server''s answer shows that the files are the app''s own
            clones: for V(FILESPACE) integrations, whose "clones" are your original repositories, for a type this
            collection does not know (also one written in another case), and for a path outside the app''s folder
            in the Jira home.'
        type: bool
      disable_ssl_verification:
        description:
          - Do not verify the git host's TLS certificate.
          - API field C(disableSslVerification).
          - Create-time default V(false).
        type: bool
      disabled:
        description:
          - Disable the integration.
          - Applied through the enable/disable endpoint, as the vendor advises, and re-applied after an update that
            reset it.
          - API field C(disabled).
          - Create-time default V(false).
        type: bool
      folder_depth:
        description:
          - How many folder levels below O(integrations[].origin) a tracked folder scans for repositories. V(3)
            suits GitLab hashed storage.
          - API field C(folderDepth).
          - Required to create V(FILESPACE); an existing integration is found and changed without it.
          - Only valid for V(FILESPACE).
          - Must be between 1 and 5.
          - 'The server never returns it, so it cannot be compared: it is sent on create and with every update that
            gives it, which also protects it on a server that resets omitted fields; see O(integrations[].update_secrets).'
        type: int
      git_viewer_enabled:
        description:
          - Enable the repository browser.
          - API field C(gitViewerEnabled).
          - Create-time default V(true).
        type: bool
      global:
        description:
          - Associate the repositories with all Jira projects.
          - Set V(false) to use O(integrations[].projects) or O(integrations[].project_mapping_ids).
          - API field C(global).
          - Create-time default V(true).
        type: bool
      id:
        description:
          - Id of the integration, as returned by the modules of this collection.
          - With O(integrations[].id), O(integrations[].name) is the wanted value (for example a rename).
          - An O(integrations[].id) that does not exist fails with O(integrations[].state=present) and is V(ok)
            with O(integrations[].state=absent).
          - One of O(integrations[].id) and O(integrations[].name) is required.
        type: int
      max_mins_to_commit_email:
        description:
          - Only commits younger than this many minutes are emailed.
          - API field C(maxMinsToCommitEmail).
          - Create-time default V(1440).
          - Must be between 0 and 2147483647.
        type: int
      name:
        aliases:
          - display_name
        description:
          - Display name of the integration, shown in the app's repository list.
          - API field C(displayName).
        type: str
      origin:
        description:
          - URL of the git host; for V(FILESPACE) the folder pattern, for example V(/srv/git/*).
          - Cloud types default to their public API, for example V(https://api.github.com). A trailing slash does
            not count as a change.
          - API field C(origin).
          - Required to create V(GITHUB_SERVER), V(GITLAB_SERVER), V(GITLAB_SERVER_LEGACY), V(FILESPACE), V(AZURE_DEVOPS),
            V(TFS_SERVER), V(GERRIT); an existing integration is found and changed without it.
        type: str
      password:
        description:
          - Password on the git host; for V(AWS) the secret access key.
          - API field C(password).
          - An empty value, or one of spaces only (as an empty vault variable or an empty AWX credential field gives),
            means it is not given.
          - Write-only and never shown; see O(integrations[].update_secrets).
        type: str
      pat:
        description:
          - Personal access token for the git host.
          - Azure DevOps tokens must be created for "all accessible organizations" with at least Code (Read) scope.
          - API field C(pat).
          - An empty value, or one of spaces only (as an empty vault variable or an empty AWX credential field gives),
            means it is not given.
          - Write-only and never shown; see O(integrations[].update_secrets).
        type: str
      pr_hide_filter:
        description:
          - Regular expression; matching pull/merge requests are hidden.
          - API field C(prHideFilter).
        type: str
      project_mapping_ids:
        description:
          - Numeric Jira project ids (not keys) the repositories are associated with. Needs O(integrations[].global=false).
            O(integrations[].projects) takes keys.
          - Compared as a set; order does not matter.
          - API field C(projectMappingIds).
          - Create-time default V([]).
          - Each must be between 1 and 9223372036854775807.
        elements: int
        type: list
      projects:
        description:
          - 'Jira project keys, such as V(PLAT), the integration is associated with: the same as O(integrations[].project_mapping_ids),
            by key (keys are the same on staging and production, ids often are not). Needs O(integrations[].global=false).'
          - Each key is resolved to its id through Jira's REST API (C(GET /rest/api/2/project/<key>)), once per
            key per task, in any case; an unknown key fails before anything is written.
          - Compared as a set with the ids the server holds; the result shows the keys beside the ids.
          - Mutually exclusive with O(integrations[].project_mapping_ids).
        elements: str
        type: list
      ref_spec_changes:
        description:
          - Fetch C(refs/changes/*), for example Gerrit changes.
          - API field C(refSpecChanges).
          - Create-time default V(false).
        type: bool
      ref_spec_custom:
        description:
          - Comma-separated extra refspecs to fetch, for example V(+refs/pull/*:refs/pull/*).
          - API field C(refSpecCustom).
          - 'The server never returns it, so it cannot be compared: it is sent on create and with every update that
            gives it, which also protects it on a server that resets omitted fields; see O(integrations[].update_secrets).'
        type: str
      ref_spec_notes:
        description:
          - Fetch C(refs/notes/*).
          - API field C(refSpecNotes).
          - Create-time default V(true).
        type: bool
      require_user_pat:
        description:
          - Users must enter their own PAT to manage branches and pull/merge requests. Needs the repository browser
            (O(integrations[].git_viewer_enabled)).
          - API field C(requireUserPat).
          - Create-time default V(false).
        type: bool
      revision_indexing:
        description:
          - Index mentioned issue keys in the revision history and cache commit lists.
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
          - Let users with the View Development Tools permission see commit and file diffs.
          - API field C(sourcesDiffViewEnabled).
          - Create-time default V(true).
        type: bool
      state:
        choices:
          - present
          - absent
        default: present
        description:
          - V(present) creates the integration or makes it match the task; V(absent) deletes it.
        type: str
      tags_filter:
        description:
          - Java regular expression; only matching tags are shown on issues.
          - API field C(tagsFilter).
        type: str
      tfs_collection:
        description:
          - Collection to connect.
          - API field C(tfsCollection).
          - Only valid for V(AZURE), V(AZURE_DEVOPS), V(VSTS), V(TFS_SERVER).
          - 'The server never returns it, so it cannot be compared: it is sent on create and with every update that
            gives it, which also protects it on a server that resets omitted fields; see O(integrations[].update_secrets).'
        type: str
      trust_folder_stat:
        description:
          - Use the modification time of C(.git/objects/pack) to detect new packs instead of scanning it. Keep V(false)
            for network shares.
          - API field C(trustFolderStat).
          - Create-time default V(false).
        type: bool
      type:
        choices:
          - GITHUB
          - GITHUB_SERVER
          - GITLAB
          - GITLAB_SERVER
          - GITLAB_SERVER_LEGACY
          - FILESPACE
          - AZURE_DEVOPS
          - VSTS
          - AZURE
          - TFS_SERVER
          - AWS
          - GERRIT
        description:
          - Kind of git host. The type of an existing integration cannot be changed.
          - API field C(type), returned as C(integrationType).
        type: str
      update_secrets:
        choices:
          - on_create
          - always
        default: on_create
        description:
          - 'When to send the write-only values: the credentials V(password), V(pat), V(username), and V(tfs_collection),
            V(aws_region), V(ref_spec_custom), V(folder_depth).'
          - The server never returns them, so the module cannot tell whether they changed.
          - V(on_create) sends credentials only when the integration is created, so a re-run is V(ok); the other
            write-only options are sent with every update that gives them.
          - V(always) sends all of them on every run and always reports a change; use it to rotate a token.
        type: str
      username:
        description:
          - User name on the git host; for V(AWS) the access key id; V(all) with a PAT for V(TFS_SERVER).
          - API field C(username).
          - An empty value, or one of spaces only (as an empty vault variable or an empty AWX credential field gives),
            means it is not given.
          - 'The server never returns it, so it cannot be compared: like the secrets, it is sent on create and on
            an update only with O(integrations[].update_secrets=always).'
        type: str
'''
