# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""git_integrations at scale: 5,000 unchanged integrations cost one request (timings are in `make bench`)."""

from conftest import assert_no_secret

COUNT = 5000


def test_five_thousand_unchanged_integrations_cost_one_request_and_keep_their_ids(gij):
    gij.emulator.reset([{'displayName': 'scale-%04d' % n, 'type': 'GITHUB', 'pat': 'p', 'smartCommitsEnabled': n % 2 == 0}
                        for n in range(COUNT)])
    items = [{'name': 'scale-%04d' % n, 'smart_commits_enabled': n % 2 == 0} for n in range(COUNT)]
    # The last item is listed by id: the index finds items by id as well as by name.
    items[-1] = {'id': COUNT, 'smart_commits_enabled': (COUNT - 1) % 2 == 0}
    result = gij.run_tasks([{'gij.jira.git_integrations': {'integrations': items}}])[0]
    assert not result.failed and result['changed'] is False, result.output[-3000:]
    assert [(r['method'], r['path']) for r in result.requests] == [('GET', '/rest/gitplugin/1.0/integration')]
    assert result['unchanged'] == [{'name': 'scale-%04d' % n, 'id': n + 1} for n in range(COUNT)]
    assert result['created'] == result['updated'] == result['deleted'] == []
    assert result['integrations'] == []  # unchanged integrations are not echoed in full (see RETURN)
    assert_no_secret(result.result)
