# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: result_file
type: aggregate
short_description: Test helper that writes every task result to the JSON file named by GIJ_RESULT_FILE
description:
  - Used by the integration tests only; the normal stdout callback keeps printing as usual.
requirements:
  - GIJ_RESULT_FILE in the environment
'''

import json
import os

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'result_file'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super(CallbackModule, self).__init__()
        self.results = []

    def _record(self, result, status):
        # Which task and host: the runner numbers its tasks with the task var gij_task and gives each task its own
        # Jira token per host, so requests are matched to results by identity, never by time.
        data = json.loads(json.dumps(result._result, default=str))
        data['_status'] = status
        data['_task'] = result._task.get_name()
        data['_task_id'] = (result._task.vars or {}).get('gij_task')
        data['_host'] = result._host.get_name()
        self.results.append(data)

    def v2_runner_on_ok(self, result):
        self._record(result, 'ok')

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result, 'failed')

    def v2_runner_on_skipped(self, result):
        self._record(result, 'skipped')

    def v2_runner_on_unreachable(self, result):
        self._record(result, 'unreachable')

    def v2_playbook_on_stats(self, stats):
        path = os.environ.get('GIJ_RESULT_FILE')
        if path:
            with open(path, 'w') as handle:
                json.dump(self.results, handle)
