# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Let ansible-test bootstrap pip without the internet.

ansible-test downloads a get-pip script into every virtualenv it makes; that host is not reachable here.
This puts the pip wheel it wants (from PyPI) in its cache with a small script that installs pip from it.
Run it with the Python of the virtualenv that holds ansible-core. Quiet when all is in place already.
"""

import glob
import os
import re
import subprocess
import sys

import ansible_test

# Runs with the Python of each virtualenv that ansible-test makes. Besides pip, it gives that virtualenv a
# pip.conf (read by every later pip run there) without progress bars and per-package chatter: ansible-test
# passes no PIP_* variable through, and its installs would otherwise print hundreds of lines.
SHIM = '''import os
import sys
with open(os.path.join(sys.prefix, "pip.conf"), "w") as conf:
    conf.write("[global]\\nprogress_bar = off\\nquiet = 1\\n")
sys.path.insert(0, {wheel!r})
from pip._internal.cli.main import main
sys.exit(main(["install", "--upgrade", "--force-reinstall", "--quiet", "--progress-bar", "off"]
              + [a for a in sys.argv[1:] if a not in ("--no-setuptools", "--no-wheel")]))
'''


def main():
    source = os.path.join(os.path.dirname(ansible_test.__file__), '_internal', 'python_requirements.py')
    with open(source, encoding='utf-8') as handle:
        version = re.search(r"pip='([0-9.]+)'", handle.read()).group(1)
    cache = os.path.expanduser('~/.ansible/test/cache')
    os.makedirs(cache, exist_ok=True)
    script = os.path.join(cache, 'get_pip_%s.py' % version.replace('.', '_'))
    wheels = glob.glob(os.path.join(cache, 'pip-%s-py3-none-any.whl' % version))
    if not wheels:
        subprocess.run([sys.executable, '-m', 'pip', 'download', '-q', '--disable-pip-version-check', '--no-deps',
                        '--progress-bar', 'off', '--only-binary=:all:', '-d', cache, 'pip==%s' % version], check=True)
        wheels = glob.glob(os.path.join(cache, 'pip-%s-py3-none-any.whl' % version))
    stale = script + '.download'
    if os.path.exists(stale):
        os.remove(stale)
    shim = SHIM.format(wheel=wheels[0])
    if os.path.exists(script):
        with open(script, encoding='utf-8') as handle:
            if handle.read() == shim:
                return  # already in place: nothing to say
    with open(script, 'w', encoding='utf-8') as handle:
        handle.write(shim)
    print('ansible-test pip %s bootstrap: %s' % (version, script))


if __name__ == '__main__':
    main()
