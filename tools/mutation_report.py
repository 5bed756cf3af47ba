# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Usage: mutation_report.py SESSION.sqlite OUT.md SECONDS MODULE...: docs/mutation.md from a cosmic-ray session.

Run by make mutate (noxfile.py, session mutate) with cosmic-ray installed.
"""

import sys

from cosmic_ray.work_db import WorkDB, use_db
from cosmic_ray.work_item import TestOutcome

HEADER = """# Mutation testing

`make mutate` (not part of `make test`) runs [cosmic-ray](https://cosmic-ray.readthedocs.io/) over
`plugins/module_utils` against the unit tests and the in-process module tests (`tests/unit`), and rewrites this
page with the score and the mutants that survived. A surviving mutant is a change to the code that no test
notices: a missing test, or dead code. The run can be bounded: `make mutate MUTATE_MODULES="plugins/module_utils/runner.py"`
and `MUTATE_SECONDS=600` (mutants not reached in time are listed as not run).

"""


def main():
    database, out, seconds, modules = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    with use_db(database, WorkDB.Mode.open) as db:
        done = list(db.completed_work_items)
        pending = list(db.pending_work_items)
    killed = [item for item, result in done if result.test_outcome == TestOutcome.KILLED]
    survived = [(item, result) for item, result in done if result.test_outcome == TestOutcome.SURVIVED]
    incompetent = len(done) - len(killed) - len(survived)
    tested = len(killed) + len(survived)
    lines = [HEADER, 'Last run: %s, at most %s s; %d mutants, %d run, %d not run in time.\n' % (
        ', '.join('`%s`' % m for m in modules), seconds, len(done) + len(pending), len(done), len(pending)),
        '\nScore: %d killed of %d (%.1f %%); %d survived; %d incompetent (the mutant did not even load).\n' % (
            len(killed), tested, 100.0 * len(killed) / tested if tested else 0.0, len(survived), incompetent)]
    if survived:
        lines.append('\n## Survivors\n')
    for item, result in survived:
        mutation = item.mutations[0]
        lines.append('\n- `%s` line %d, %s (occurrence %d):\n\n```diff\n%s\n```\n' % (
            mutation.module_path, mutation.start_pos[0], mutation.operator_name, mutation.occurrence,
            '\n'.join(line for line in (result.diff or '').splitlines() if not line.startswith(('---', '+++')))))
    with open(out, 'w', encoding='utf-8') as handle:
        handle.write(''.join(lines))
    print('mutation score: %d killed of %d, %d survived, %d not run (%s)' % (len(killed), tested, len(survived), len(pending), out))


if __name__ == '__main__':
    main()
