#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: git_reindex
short_description: Reindex Git Integration for Jira repositories, and wait until it is done
version_added: 0.1.0
description:
  - Starts a reindex of one repository, of every repository of an integration, or of everything, through
    C(POST /rest/gitplugin/2.0/reindex) (Git Integration for Jira 4.17 or later).
  - With O(wait=true) it follows the progress (C(GET /rest/gitplugin/1.0/index.json)) until the reindex is finished,
    and fails with the server's messages if the reindex reports errors.
  - Starting a reindex is an action, so the task reports C(changed) whenever it starts one (in check mode, whenever it
    would). An integration whose repositories have not been discovered yet has nothing to reindex, so that task is V(ok)
    with a warning.
author:
  - gij.jira contributors (@gij-jira)
extends_documentation_fragment:
  - gij.jira.connection
attributes:
  check_mode:
    support: full
    details: Resolves the integration's repositories, starts nothing and reports C(changed).
  diff_mode:
    support: none
options:
  repository_id:
    description: Reindex this repository (M(gij.jira.git_repository_info) lists the ids).
    type: int
  repository_name:
    description:
      - Like O(repository_id), with the repository's exact display name, found in the repository list.
      - A name no repository has fails in one line; so does a name several repositories have (two integrations may
        each discover a repository of the same name), listing their ids. Nothing is started then.
    type: str
  integration_id:
    description:
      - Reindex every repository of this integration (the repositories whose C(trackedFolderId) is this id).
      - An integration whose repositories have not been discovered yet has nothing to reindex; the task is then
        V(ok) with a warning.
    type: int
  integration_name:
    description: Like O(integration_id), with the integration's exact display name.
    type: str
  all:
    description: Reindex every repository.
    type: bool
    default: false
  priority:
    description: Priority of the reindex job as the API takes it (the vendor's example uses V(24)).
    type: int
  wait:
    description: Wait until the reindex is finished.
    type: bool
    default: false
  wait_timeout:
    description: Seconds to wait with O(wait=true) before failing; the reindex itself goes on.
    type: int
    default: 600
  poll_interval:
    description: Seconds between two progress requests with O(wait=true).
    type: float
    default: 2.0
seealso:
  - module: gij.jira.git_integration
  - name: Reindex API
    description: Vendor documentation of the reindex endpoints.
    link: https://help.gitkraken.com/git-integration-for-jira-data-center/reindex-post-api-gij-self-managed/
'''

EXAMPLES = r'''
- name: Reindex the repositories of an integration after changing its token, and wait
  gij.jira.git_reindex:
    jira_url: https://jira.example.com
    jira_token: "{{ jira_admin_token }}"
    integration_name: GitHub (platform)
    wait: true
    wait_timeout: 1800

- name: Reindex one repository in the background
  gij.jira.git_reindex:
    jira_url: https://jira.example.com
    jira_token: "{{ jira_admin_token }}"
    repository_id: 68

- name: Reindex one repository by its name
  gij.jira.git_reindex:
    jira_url: https://jira.example.com
    jira_token: "{{ jira_admin_token }}"
    repository_name: MyGitLab-testrepo

- name: Reindex everything at night
  gij.jira.git_reindex:
    jira_url: https://jira.example.com
    jira_token: "{{ jira_admin_token }}"
    all: true
'''

RETURN = r'''
repository_ids:
  description: Ids of the repositories a reindex was started for; empty for O(all=true).
  returned: always
  type: list
  elements: int
  sample: [68, 69]
threads:
  description:
    - One entry per started reindex, with its progress (the last one read with O(wait=true)).
    - C(percent) is a number from 0 to 100; a progress reply with anything else, or with less than before, fails the task.
    - C(messages) and C(errors) keep at most 20 of the server's texts each, then a line saying how many more there were;
      each is one line of printable text of at most 300 characters, with the task's secrets masked.
    - C(thread_id) is the server's id of the reindex; one that is not a short token (at most 64 letters, digits and
      the characters C(._:-)) fails the task and is not returned.
  returned: unless in check mode
  type: list
  elements: dict
  sample:
    - repository_id: 68
      thread_id: 0b6c9c4e-9a64-4f46-9d59-94a1c5d0b0e2
      finished: true
      percent: 100
      messages: [Indexing finished]
      errors: []
'''

from ansible_collections.gij.jira.plugins.module_utils.reindex import Reindexer
from ansible_collections.gij.jira.plugins.module_utils.runner import module_argument_spec, run_module


def main():
    run_module(module_argument_spec(dict(
        repository_id=dict(type='int'),
        repository_name=dict(type='str'),
        integration_id=dict(type='int'),
        integration_name=dict(type='str'),
        all=dict(type='bool', default=False),
        priority=dict(type='int'),
        wait=dict(type='bool', default=False),
        wait_timeout=dict(type='int', default=600),
        poll_interval=dict(type='float', default=2.0),
    )), Reindexer)


if __name__ == '__main__':
    main()
