# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    """The saved plan of the set modules (git_integrations, git_repositories): docs/plans.md."""

    DOCUMENTATION = r'''
options:
  plan_file:
    description:
      - A saved plan, for changes that must be reviewed before they are applied (see C(docs/plans.md)).
      - In check mode, the task writes to this file what it would do (each create, update with the fields before
        and after, and delete), keyed digests of the fields of the objects it depends on, and a fingerprint of the
        task's own arguments. The file is JSON, written atomically, and holds no secret in any form; it is written
        in check mode because that is its purpose. A plan of a set that already matches says C(nothing to do).
      - In a real run, the task reads the plan, reads Jira once and applies exactly the planned changes. It refuses
        before any write, in one line naming what moved (the objects, and the fields that changed), when an object
        the plan depends on was changed or deleted meanwhile (one it updates or deletes, in any field; one it leaves
        alone, in a field its item sets), when an object appeared under O(exclusive=true), when what it would create
        exists now, when the task's arguments are not the ones the plan was made from, or when the plan was made by
        another module, for another Jira or by an older version of the collection. A plan is used once; the file is
        marked as applied, and applying it again is refused.
      - Secrets are not in the plan. A create or a rotation takes them from the task as usual; the plan records only
        that a secret will be sent. Giving another secret value to the apply is not an argument change.
      - The file is read and written where the module runs (usually the controller, with C(delegate_to=localhost)
        or a local connection).
    type: path
'''
