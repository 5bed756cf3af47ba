# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    """Waiting for the first indexing of a created integration (git_integration, git_integrations): docs/guide.md."""

    DOCUMENTATION = r'''
options:
  wait_for_index:
    description:
      - After creating an integration, wait until the app has discovered its repositories and indexed each of them
        once, as the vendor's planning guide advises before creating the next integration.
      - The wait reads the repository list (C(GET /rest/gitplugin/1.0/repository)) once per O(poll_interval). It ends
        when the new integration has at least one repository and each of them has a C(lastIndexedDate) or is in state
        C(ERROR); the result's C(index) reports what it saw.
      - A wait that reaches O(wait_timeout) is a warning, not a failure, naming how many repositories were still not
        indexed (or that none were discovered); indexing goes on in the background. Repositories in state C(ERROR) are
        a warning too.
      - Only a create waits. An update, a delete or an unchanged integration does not, so an unchanged task still
        costs one request. In check mode nothing is polled; C(index) says that the task would wait.
      - An integration created disabled may never be indexed; its wait then ends with the timeout warning.
    type: bool
    default: false
  wait_timeout:
    description:
      - Seconds to wait for the first indexing of each created integration with O(wait_for_index=true) before the
        warning; the indexing itself goes on.
      - Must be between 1 and 86400 (a day).
    type: int
    default: 600
  poll_interval:
    description:
      - Seconds between two reads of the repository list with O(wait_for_index=true). Must be positive.
      - A wait reads the list at most 1000 times, so with a long O(wait_timeout) the reads are spaced further apart.
    type: float
    default: 10.0
'''
