# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    """Attributes every module of the collection shares; each module adds check_mode and diff_mode."""

    DOCUMENTATION = r'''
attributes:
  action_group:
    description: Use C(group/gij.jira.gij) in C(module_defaults) to set options for every module of the collection.
    support: full
    membership: [gij.jira.gij]
  async:
    description: Supports being used with the C(async) keyword.
    support: none
  action:
    description: Indicates this has a corresponding action plugin so some parts of the options can be executed on the controller.
    support: none
  bypass_host_loop:
    description: Forces a 'global' task that does not execute per host.
    support: none
  platform:
    description: Target OS/families that can be operated against.
    support: N/A
    platforms: all
'''
