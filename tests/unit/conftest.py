# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""An in-process emulator (real HTTP on loopback) for the unit tests of the client and the emulator itself."""

import pytest

from ansible_collections.gij.jira.tests.unit.emulator_support import RunningEmulator


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
