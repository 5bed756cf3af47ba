# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""An in-process emulator (real HTTP on loopback) for the unit tests of the client and the emulator itself.

Hermetic: importing this module removes the developer's proxies (``*_PROXY`` in any case), ``JIRA_*`` credentials and
``ANSIBLE_*`` settings from the test process, so plain pytest gives the same results as ``ansible-test units``.
"""

import os
import re

import pytest

from ansible_collections.gij.jira.tests.unit.emulator_support import RunningEmulator
from ansible_collections.gij.jira.tests.unit.module_harness import TOKENS, USERS, ModuleRunner

# Set by ansible-test units for its own pytest plugins; everything else named ANSIBLE_* is the developer's.
ANSIBLE_TEST_OWN = ('ANSIBLE_COLLECTIONS_PATH', 'ANSIBLE_CONTROLLER_MIN_PYTHON_VERSION')


def make_hermetic(environ):
    for name in list(environ):
        if re.search(r'_proxy$', name, re.I) or name.startswith('JIRA_') or (
                name.startswith('ANSIBLE_') and name not in ANSIBLE_TEST_OWN and not name.startswith('ANSIBLE_TEST_')):
            del environ[name]


make_hermetic(os.environ)


@pytest.fixture()
def emulator():
    running = RunningEmulator()
    yield running
    running.stop()


@pytest.fixture()
def make_emulator():
    started = []

    def start(**options):
        started.append(RunningEmulator(**options))
        return started[-1]
    yield start
    for running in started:
        running.stop()


@pytest.fixture()
def gij():
    """Modules run in-process (``gij.run(args, module='git_repository')``, see module_harness.py) against a fresh
    emulator (``gij.emulator``) that knows the sentinel credentials of module_harness."""
    running = RunningEmulator(users=USERS, tokens=TOKENS)
    yield ModuleRunner(running)
    running.stop()
