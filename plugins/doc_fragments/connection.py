# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    """Connection options and attributes shared by every module of the collection; each module adds check_mode and
    diff_mode support."""

    DOCUMENTATION = r'''
options:
  jira_url:
    description:
      - Base URL of Jira, with the context path if Jira has one, for example V(https://jira.example.com)
        or V(https://example.com/jira).
      - The modules call C(<jira_url>/rest/gitplugin/1.0/...).
      - If not set, the value of the E(JIRA_URL) environment variable is used.
    type: str
    required: true
    aliases: [url]
  jira_username:
    description:
      - Jira user for HTTP basic authentication, together with O(jira_password).
      - The user must be a Jira administrator.
      - Use either O(jira_token) or O(jira_username) and O(jira_password).
      - When the task (or C(module_defaults)) sets none of O(jira_token), O(jira_username), O(jira_password),
        the environment variables E(JIRA_TOKEN), or E(JIRA_USERNAME) and E(JIRA_PASSWORD), are used instead.
      - An empty value, or one of spaces only (as an empty vault variable or an empty AWX credential field gives), counts
        as not set, for each of these three options.
    type: str
  jira_password:
    description:
      - Password of O(jira_username).
      - See O(jira_username) for the environment variable E(JIRA_PASSWORD).
    type: str
  jira_token:
    description:
      - 'Jira personal access token (Jira 8.14 or later), sent as C(Authorization: Bearer <token>).'
      - Preferred over basic authentication, which Jira administrators often disable.
      - See O(jira_username) for the environment variable E(JIRA_TOKEN).
    type: str
  validate_certs:
    description:
      - Verify the TLS certificate of Jira.
      - Set to V(false) only for testing.
      - If not set, the value of the E(JIRA_VALIDATE_CERTS) environment variable is used, else V(true).
    type: bool
    default: true
  ca_path:
    description:
      - PEM file with the CA certificates to trust for Jira, for example your company's private CA.
      - When set it is the only trust store used, whatever E(REQUESTS_CA_BUNDLE) says.
      - When not set, E(REQUESTS_CA_BUNDLE) or E(CURL_CA_BUNDLE) is used if set, else the CA bundle of C(requests).
      - If not set, the value of the E(JIRA_CA_PATH) environment variable is used.
    type: path
  timeout:
    description:
      - Seconds each attempt of an HTTP request may take in all, up to the last byte of the reply (status line,
        headers and body), also against a server that sends its reply a little at a time. Between 1 and 3600.
        Connecting counts towards it (each address the host name resolves to may take this long to refuse).
      - Reads, updates and deletes are retried up to three times on connection errors, timeouts and HTTP
        429, 502, 503 and 504 (honouring C(Retry-After), at most 10 seconds). A create is never sent twice
        blindly; after an unclear failure the module looks for the new integration first.
      - So one request takes at most 4 times O(timeout) plus 3.5 seconds of waits between its attempts (up to 30 seconds
        of waits when Jira asks for them with C(Retry-After)). A task makes one list read (one request per page),
        then for each object it changes one write and one read back.
    type: int
    default: 30
notes:
  - Proxies are taken from the E(HTTPS_PROXY), E(HTTP_PROXY) and E(NO_PROXY) environment variables.
    C(~/.netrc) is never used, so it cannot replace the configured credentials.
  - Precedence of settings is task option, then C(module_defaults) (for example through the action group
    C(group/gij.jira.gij)), then environment variables.
requirements:
  - requests
attributes:
  check_mode:
    description: Can run in check mode and return a prediction of C(changed) without modifying the target.
  diff_mode:
    description: Returns details on what has changed (or would change in check mode) when in diff mode.
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
    description: Target OS/families that can be operated against (the modules talk to Jira over HTTP).
    support: N/A
    platforms: all
'''
