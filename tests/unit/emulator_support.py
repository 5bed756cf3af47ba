# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""An in-process emulator (real HTTP on loopback) for the unit tests of the client and the emulator itself."""

import argparse
import json
import threading

import requests

from ansible_collections.gij.jira.tests.emulator import gij_emulator

TOKEN = 'unit-admin-token'
USER_TOKEN = 'unit-user-token'


class RunningEmulator:
    def __init__(self, **options):
        args = argparse.Namespace(host='127.0.0.1', port=0, state_file=options.get('state_file'),
                                  context_path=options.get('context_path', ''), tls_cert=options.get('tls_cert'),
                                  tls_key=options.get('tls_key'),
                                  user=options.get('users', ['admin:admin-pw:admin', 'jdoe:jdoe-pw:user']),
                                  token=options.get('tokens', ['%s:admin' % TOKEN, '%s:jdoe' % USER_TOKEN]),
                                  strict=options.get('strict', False),
                                  page_size=options.get('page_size', 0), control=True, verbose=False)
        self.server = gij_emulator.build_server(args)
        self.state = self.server.state
        scheme = 'https' if args.tls_cert else 'http'
        self.url = '%s://127.0.0.1:%d%s' % (scheme, self.server.server_address[1], self.server.context_path)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={'poll_interval': 0.05}, daemon=True)
        self.thread.start()

    def api(self, method, path, auth=('admin', 'admin-pw'), **kwargs):
        kwargs.setdefault('timeout', 10)
        return requests.request(method, self.url + '/rest/gitplugin/1.0' + path, auth=auth, **kwargs)

    def fault(self, **fault):
        fault.setdefault('count', 1)
        self.state.faults.append(fault)

    def writes(self):
        return [entry for entry in self.state.log if entry['method'] != 'GET']

    # The control interface of the emulator process (tests/integration/conftest.py Emulator), on the state itself.
    def reset(self, integrations=(), repositories=(), **config):
        with self.state.lock:
            self.state.reset(list(integrations), config, list(repositories))

    def view(self):
        with self.state.lock:
            return json.loads(json.dumps(self.state.view()))

    def integrations(self):
        return self.view()['integrations']

    def repositories(self):
        return self.view()['repositories']

    def requests(self):
        """The API requests logged since the last clear_log (not the control interface's)."""
        with self.state.lock:
            return [dict(entry) for entry in self.state.log if '/rest/' in entry['path']]

    def clear_log(self):
        with self.state.lock:
            self.state.log = []

    def faults(self, *faults):
        for fault in faults:
            self.fault(**fault)

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
