# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Usage: logged.py LOG -- COMMAND...: run COMMAND with its output in LOG, then print one line (wall and CPU time,
and pytest's closing counts when there are any), then pytest's own closing lines as pytest printed them; on failure
print the whole log. Exits with COMMAND's status."""

import os
import re
import resource
import subprocess
import sys
import time


def main():
    log, command = sys.argv[1], sys.argv[sys.argv.index('--') + 1:]
    started = time.time()
    with open(log, 'w', encoding='utf-8') as handle:
        status = subprocess.run(command, stdout=handle, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, check=False).returncode
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(log, encoding='utf-8', errors='replace') as handle:
        output = handle.read()
    closing = list(re.finditer(r'^=*\s*(\d+ (?:passed|failed|errors?|skipped)[^=\n]* in [0-9.]+s[^=\n]*?)\s*=*$', output, re.M))
    counts = [match.group(1) for match in closing]
    if status:
        sys.stdout.write(output)
    print('%s: %s in %d s, CPU %d s%s (log: %s)' % (
        os.path.basename(log)[:-4], 'FAILED' if status else 'ok', time.time() - started,
        children.ru_utime + children.ru_stime, ', ' + '; '.join(counts) if counts else '', os.path.relpath(log)))
    for match in closing:
        print(match.group(0))
    return status


if __name__ == '__main__':
    sys.exit(main())
