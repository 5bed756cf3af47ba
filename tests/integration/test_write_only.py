# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Options the server never returns are needed only to create, also in an ad-hoc command.

The module behaviours are in tests/unit/plugins/modules/test_write_only.py (in-process).
"""

import subprocess

EXISTING = [
    {'displayName': 'cc', 'type': 'AWS', 'username': 'AKIA', 'password': 'seeded', 'awsRegion': 'eu-west-1'},
    {'displayName': 'folders', 'type': 'FILESPACE', 'origin': '/srv/git/*', 'folderDepth': 2},
    {'displayName': 'ghe', 'type': 'GITHUB_SERVER', 'origin': 'https://ghe.example.org', 'pat': 'seeded'},
]


def test_an_existing_integration_is_managed_without_them_in_an_ad_hoc_command(gij):
    gij.emulator.reset(EXISTING)
    done = subprocess.run(['ansible', 'localhost', '-m', 'gij.jira.git_integration', '-a', 'name=cc disabled=true'],
                          env=gij.env(), capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0 and 'CHANGED' in done.stdout, done.stdout + done.stderr
    assert gij.emulator.state()[0]['disabled'] is True
