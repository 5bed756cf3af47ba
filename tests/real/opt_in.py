# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""make test-real's opt-in, checked before anything is built or sent (standard library only: run.sh runs it first).

GIJ_TEST_REAL must name the host of JIRA_URL: a "yes" left set in a shell that later points at production would
otherwise confirm a Jira nobody meant. Exit status 2 and one line when it refuses; 0 and nothing printed otherwise.
"""

import os
import sys
from urllib.parse import urlsplit

REFUSED = 'test-real: refused: no opt-in. '


def jira_host(url):
    """The host name of JIRA_URL, or None when it is not an http(s) URL with a host (or carries credentials)."""
    try:
        parts = urlsplit(url or '')
        parts.port  # pylint: disable=pointless-statement  # raises ValueError for a bad port
    except ValueError:
        return None
    if parts.scheme not in ('http', 'https') or '@' in parts.netloc or not parts.hostname:
        return None
    return parts.hostname


def refusal(environ):
    """Why the run may not start, as the one line to print, or None."""
    url = environ.get('JIRA_URL') or ''
    if not url:
        return REFUSED + 'Set JIRA_URL to the base URL of the staging Jira (docs/test-real.md).'
    authority = url.split('://', 1)[-1].split('/', 1)[0].split('?', 1)[0].split('#', 1)[0]
    if '@' in authority:
        # What stands before the @ is a user and password: never repeated.
        return REFUSED + ('JIRA_URL must not contain credentials (user:password@host): give them as JIRA_TOKEN, or as '
                          'JIRA_USERNAME and JIRA_PASSWORD.')
    host = jira_host(url)
    if host is None:
        return REFUSED + 'JIRA_URL must be an http:// or https:// URL such as https://jira-staging.example.com.'
    if (environ.get('GIJ_TEST_REAL') or '').strip().lower() != host.lower():
        return REFUSED + ('It creates and deletes integrations on the Jira at %s. To confirm that this is a staging Jira '
                          'you may change, set GIJ_TEST_REAL=%s (its host name; docs/test-real.md).' % (host, host))
    return None


def main():
    why = refusal(os.environ)
    if why:
        sys.stderr.write(why + '\n')
        return 2
    return 0


if __name__ == '__main__':
    sys.exit(main())
