# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What crosses Ansible itself (issue 20): what a real ansible-playbook run prints at -vvvv. The behaviour behind it
is tested in-process in tests/unit/plugins/module_utils/test_untrusted_transport.py."""

import json

from ansible_collections.gij.jira.tests.unit.module_harness import GIT_PAT, assert_no_secret


def test_credentials_in_jira_url_stay_out_of_the_verbose_output(gij):
    # A password with '/', '#' and '?' ends the URL's host part early for any URL parser: the old message named
    # "Port could not be cast ... 'Pass'" and -vvv showed the whole URL.
    url = 'http://urluser:Pass/w0rd#x?y@127.0.0.1:%d' % gij.emulator.port
    result = gij.run({'name': 'GH', 'type': 'GITHUB', 'pat': GIT_PAT, 'jira_url': url}, verbosity=4)
    assert result.failed and result['msg'].startswith('jira_url must not contain credentials or any "@"'), result['msg']
    shown = result.output + json.dumps(result.result)
    for part in ('urluser', 'Pass', 'w0rd', '#x?y'):
        assert part not in shown, part
    assert_no_secret(result.output, result.result)
    assert gij.emulator.requests() == []
