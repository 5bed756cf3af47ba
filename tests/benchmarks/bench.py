# -*- coding: utf-8 -*-
# Copyright (c) gij.jira contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmarks of gij.jira against the bundled emulator; writes docs/benchmarks.md and a plot.

Run through `make bench` (which prepares the virtualenv and the collection). Measures, in one run with warm-up
and interleaved repeats: HTTP requests per task; wall time of N unchanged git_integration tasks against N
ansible.builtin.uri GETs and N ansible.builtin.ping tasks, as separate tasks and as a loop; time and
requests per task with 10 to 5,000 integrations on the server; and one git_integrations task over 100 to 5,000
unchanged integrations against a one-task ping playbook, with an in-process profile of the module at 5,000.
"""

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time

import requests

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
EMULATOR = os.path.join(ROOT, 'tests', 'emulator', 'gij_emulator.py')
TOKEN = 'bench-admin-token'
DEFAULT_OUT = os.path.join(ROOT, 'docs', 'benchmarks.md')


class Emulator:
    def __init__(self, workdir):
        port_file = os.path.join(workdir, 'port')
        self.process = subprocess.Popen(  # pylint: disable=consider-using-with
            [sys.executable, EMULATOR, '--control', '--port-file', port_file, '--token', TOKEN + ':admin'],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for dummy in range(300):
            if os.path.exists(port_file):
                break
            time.sleep(0.02)
        with open(port_file, encoding='utf-8') as handle:
            self.base = 'http://127.0.0.1:%s' % handle.read()

    def control(self, method, path, body=None):
        response = requests.request(method, self.base + '/_emulator' + path, json=body, timeout=120)
        response.raise_for_status()
        return response.json()

    def seed(self, count):
        items = [{'displayName': 'bench-%05d' % n, 'type': 'GITHUB', 'pat': 'p', 'smartCommitsEnabled': True}
                 for n in range(count)]
        self.control('POST', '/reset', {'integrations': items})

    def api_requests(self):
        return [r for r in self.control('GET', '/log')['requests'] if '/rest/' in r['path']]

    def stop(self):
        self.process.terminate()
        self.process.wait(10)


# Ansible's own cost of a task that carries a list of N items to a module and back (the module echoes its
# arguments in `invocation`, as every module does): the same argument as git_integrations, nothing else done.
FLOOR_MODULE = '''#!/usr/bin/python
from ansible.module_utils.basic import AnsibleModule


def main():
    module = AnsibleModule(argument_spec=dict(integrations=dict(type='list', elements='dict', required=True)),
                           supports_check_mode=True)
    module.exit_json(changed=False)


if __name__ == '__main__':
    main()
'''


class Bench:
    def __init__(self, emulator, workdir):
        self.emulator = emulator
        self.workdir = workdir
        library = os.path.join(workdir, 'library')
        os.makedirs(library, exist_ok=True)
        with open(os.path.join(library, 'bench_floor.py'), 'w', encoding='utf-8') as handle:
            handle.write(FLOOR_MODULE)
        self.cpu = None  # CPU seconds (user + system) of the last ansible-playbook run and its children
        # Pipelining (a usual production setting) for every kind alike: it trims Ansible's per-task overhead.
        self.env = dict(os.environ, JIRA_URL=emulator.base, JIRA_TOKEN=TOKEN, ANSIBLE_LOCALHOST_WARNING='0',
                        ANSIBLE_INVENTORY_UNPARSED_WARNING='0', ANSIBLE_PYTHON_INTERPRETER=sys.executable,
                        ANSIBLE_PIPELINING='1', ANSIBLE_LIBRARY=library)
        self.count = 0

    def playbook(self, tasks):
        self.count += 1
        path = os.path.join(self.workdir, 'bench%d.yml' % self.count)
        with open(path, 'w', encoding='utf-8') as handle:
            json.dump([{'hosts': 'localhost', 'gather_facts': False, 'tasks': tasks}], handle)
        return path

    def run(self, tasks):
        """Wall time of one ansible-playbook run, in seconds; fails loudly if the play failed."""
        path = self.playbook(tasks)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(['ansible-playbook', path], env=self.env, capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        if done.returncode != 0:
            raise SystemExit('benchmark playbook failed:\n' + done.stdout[-3000:] + done.stderr[-3000:])
        return elapsed

    def requests_of(self, tasks):
        self.emulator.control('DELETE', '/log')
        self.run(tasks)
        return self.emulator.api_requests()


def integration_task(number, **extra):
    args = {'name': 'bench-%05d' % number, 'smart_commits_enabled': True}
    args.update(extra)
    return {'gij.jira.git_integration': args}


def uri_task(base, number):
    return {'ansible.builtin.uri': {'url': '%s/rest/gitplugin/1.0/integration/%d' % (base, number + 1),
                                    'headers': {'Authorization': 'Bearer ' + TOKEN}, 'return_content': False}}


def tasks_for(kind, count, base, loop=False):
    if kind in ('git_integrations', 'floor'):  # the plural module: all N integrations in one task
        items = [{'name': 'bench-%05d' % n, 'smart_commits_enabled': True} for n in range(count)]
        return [{'gij.jira.git_integrations' if kind == 'git_integrations' else 'bench_floor': {'integrations': items}}]
    if kind == 'ping':
        task = {'ansible.builtin.ping': {}}
    elif kind == 'uri':
        task = uri_task(base, 0)
    else:
        task = integration_task(0)
    if loop:
        item = dict(task)
        if kind == 'uri':
            item['ansible.builtin.uri'] = dict(task['ansible.builtin.uri'],
                                               url=base + '/rest/gitplugin/1.0/integration/{{ item + 1 }}')
        elif kind == 'git_integration':
            item['gij.jira.git_integration'] = {'name': "bench-{{ '%05d' | format(item) }}", 'smart_commits_enabled': True}
        item['loop'] = '{{ range(%d) | list }}' % count
        return [item]
    if kind == 'uri':
        return [uri_task(base, n) for n in range(count)]
    if kind == 'git_integration':
        return [integration_task(n) for n in range(count)]
    return [task] * count


def summary(samples):
    return {'median': statistics.median(samples), 'min': min(samples), 'max': max(samples), 'n': len(samples)}


def measure_requests(bench):
    emulator = bench.emulator
    emulator.seed(1)
    counts = {}
    counts['unchanged'] = len(bench.requests_of([integration_task(0)]))
    counts['create'] = len(bench.requests_of([{'gij.jira.git_integration': {'name': 'new', 'type': 'GITHUB', 'pat': 'p'}}]))
    counts['update'] = len(bench.requests_of([integration_task(0, smart_commits_enabled=False)]))
    counts['update + disable'] = len(bench.requests_of([integration_task(0, max_mins_to_commit_email=5, disabled=True)]))
    counts['delete'] = len(bench.requests_of([{'gij.jira.git_integration': {'name': 'new', 'state': 'absent'}}]))
    counts['info'] = len(bench.requests_of([{'gij.jira.git_integration_info': {}}]))
    counts['info + versions'] = len(bench.requests_of([{'gij.jira.git_integration_info': {'read_versions': True}}]))
    return counts


def measure_against_uri(bench, sizes, repeats):
    bench.emulator.seed(max(sizes))
    results = {}
    bench.run(tasks_for('git_integration', 1, bench.emulator.base))  # warm-up: caches, bytecode
    for repeat in range(repeats):
        for count in sizes:
            for loop in (False, True):
                kinds = ('git_integration', 'uri', 'ping') + (() if loop else ('git_integrations',))
                for kind in kinds:  # interleaved, so drift hits every kind alike
                    # The 100-task playbooks dominate the run time: two samples of separate tasks for the compared
                    # kinds, one for ping and for every loop.
                    if count >= 100 and repeat >= (1 if kind == 'ping' or loop else 2):
                        continue
                    key = (kind, count, loop)
                    results.setdefault(key, []).append(bench.run(tasks_for(kind, count, bench.emulator.base, loop)))
    plural_requests = len(bench.requests_of(tasks_for('git_integrations', max(sizes), bench.emulator.base)))
    return dict((key, summary(value)) for key, value in results.items()), plural_requests


def measure_scaling(bench, existing, repeats, tasks=6):
    results = {}
    for count in existing:
        bench.emulator.seed(count)
        # The tasks target the last integrations of the list: the lookup has to read all of it.
        targets = [count - 1 - n for n in range(tasks)]
        many = [integration_task(n) for n in targets]
        by_id = [{'gij.jira.git_integration': {'id': n + 1, 'smart_commits_enabled': True}} for n in targets]
        made = bench.requests_of([integration_task(targets[0])])
        bench.run(many[:1])  # warm-up
        samples_name, samples_id, samples_one = [], [], []
        for dummy in range(repeats):
            samples_one.append(bench.run(many[:1]))
            samples_name.append(bench.run(many))
            samples_id.append(bench.run(by_id))
        one = statistics.median(samples_one)
        results[count] = {
            'requests': len(made),
            'reply_bytes': len(requests.get(bench.emulator.base + '/rest/gitplugin/1.0/integration',
                                            headers={'Authorization': 'Bearer ' + TOKEN}, timeout=60).content),
            'per_task_by_name': (statistics.median(samples_name) - one) / (tasks - 1),
            'per_task_by_id': (statistics.median(samples_id) - one) / (tasks - 1),
            'spread_by_name': (min(samples_name) - one) / (tasks - 1), 'spread_by_name_max': (max(samples_name) - one) / (tasks - 1),
        }
    return results


SET_SIZES = (100, 1000, 5000)
SET_GOALS = {1000: 1.3, 5000: 2.0}  # issue 16: at most this many times a one-task ping playbook


def measure_set(bench, sizes, repeats):
    """One git_integrations task over N unchanged integrations, the floor module with the same argument, and a
    one-task ping playbook; interleaved in one run. Wall and CPU seconds per playbook run."""
    bench.emulator.seed(max(sizes))
    base = bench.emulator.base
    bench.run(tasks_for('ping', 1, base))  # warm-up
    bench.run(tasks_for('git_integrations', min(sizes), base))
    samples = {}
    for dummy in range(repeats):
        runs = [('ping', 1)] + [(kind, count) for count in sizes for kind in ('floor', 'git_integrations')]
        for kind, count in runs:
            wall = bench.run(tasks_for(kind, count, base))
            samples.setdefault((kind, count), []).append((wall, bench.cpu))
    made = bench.requests_of(tasks_for('git_integrations', max(sizes), base))
    results = {}
    for key, values in samples.items():
        results[key] = {'wall': summary([v[0] for v in values]), 'cpu': summary([v[1] for v in values])}
    return results, len(made)


NESTED_COUNT = 500  # issue 28: an unchanged set of 500 nested repositories is one list read


def measure_nested(bench, repeats, count=NESTED_COUNT):
    """One git_repositories task over the ``count`` repositories one integration discovered, with one item for all of
    them: by project ids (one list read) and by project keys (one more read per key); against a one-task ping."""
    bench.emulator.control('POST', '/reset', {'integrations': [{'displayName': 'bench-gitlab', 'type': 'GITLAB', 'pat': 'p'}],
                                              'config': {'repos_per_integration': count}})
    by_ids = [{'gij.jira.git_repositories': {'repositories': [
        {'integration_id': 1, 'global': False, 'project_mapping_ids': [10000, 10100], 'smart_commits_enabled': True}]}}]
    by_keys = [{'gij.jira.git_repositories': {'repositories': [
        {'integration_id': 1, 'global': False, 'projects': ['PLAT', 'OPS'], 'smart_commits_enabled': True}]}}]
    first = bench.requests_of(by_ids)  # maps all of them: one update each
    samples = {}
    for dummy in range(repeats):
        for label, tasks in (('ping', tasks_for('ping', 1, bench.emulator.base)), ('ids', by_ids), ('keys', by_keys)):
            samples.setdefault(label, []).append(bench.run(tasks))
    return {'count': count, 'first_writes': len([r for r in first if r['method'] != 'GET']),
            'requests_ids': [r['path'] for r in bench.requests_of(by_ids)],
            'requests_keys': [r['path'] for r in bench.requests_of(by_keys)],
            'wall': dict((label, summary(values)) for label, values in samples.items())}


def nested_report(add, nested, repeats):
    """The section of issue 28: the repositories an integration discovered, all in one item."""
    wall = nested['wall']
    add('## Repositories of an integration: git_repositories over %d nested repositories' % nested['count'])
    add('')
    add('One `git_repositories` task with one item for every repository that one integration discovered (%d): the'
        % nested['count'])
    add('first run maps them all to two projects (%d updates); then, unchanged, by project ids and by project keys,'
        % nested['first_writes'])
    add('against a one-task ping playbook; median of %d (min–max), wall seconds.' % repeats)
    add('')
    add('| task | requests | wall s | ratio to ping |')
    add('|---|---|---|---|')
    for label, key in (('by project ids', 'ids'), ('by project keys (PLAT, OPS)', 'keys')):
        add('| %s | %d (%s) | %.2f (%.2f–%.2f) | %.2f× |' % (
            label, len(nested['requests_' + key]), ', '.join(nested['requests_' + key]), wall[key]['median'],
            wall[key]['min'], wall[key]['max'], wall[key]['median'] / wall['ping']['median']))
    add('| ping | — | %.2f (%.2f–%.2f) | 1.00× |' % (wall['ping']['median'], wall['ping']['min'], wall['ping']['max']))
    add('')


def profile_set(emulator, count, top=12):
    """The module alone, in this process, over ``count`` unchanged integrations: CPU seconds of its parts
    (unprofiled) and the top functions of a cProfile run, by own time."""
    import cProfile  # pylint: disable=import-outside-toplevel
    import io  # pylint: disable=import-outside-toplevel
    import pstats  # pylint: disable=import-outside-toplevel
    sys.path.insert(0, os.environ['ANSIBLE_COLLECTIONS_PATH'].split(os.pathsep)[0])
    from ansible.module_utils import basic  # pylint: disable=import-outside-toplevel
    from ansible.module_utils.testing import patch_module_args  # pylint: disable=import-outside-toplevel
    from ansible_collections.gij.jira.plugins.module_utils import reconcile, service  # pylint: disable=import-outside-toplevel
    from ansible_collections.gij.jira.plugins.module_utils.integration import IntegrationService  # pylint: disable=import-outside-toplevel
    from ansible_collections.gij.jira.plugins.module_utils.runner import item_argument_spec  # pylint: disable=import-outside-toplevel
    from ansible_collections.gij.jira.plugins.modules import git_integrations  # pylint: disable=import-outside-toplevel
    emulator.seed(count)
    args = {'jira_url': emulator.base, 'jira_token': TOKEN,
            'integrations': [{'name': 'bench-%05d' % n, 'smart_commits_enabled': True} for n in range(count)]}
    parts = {}
    originals = []

    def timed(owner, name, label):
        original = getattr(owner, name)
        originals.append((owner, name, original))

        def wrapper(*pargs, **kwargs):
            start = time.process_time()
            try:
                return original(*pargs, **kwargs)
            finally:
                parts[label] = parts.get(label, 0.0) + time.process_time() - start
        setattr(owner, name, wrapper)

    def run():
        output, real = io.StringIO(), sys.stdout
        sys.stdout = output
        try:
            with patch_module_args(args):
                git_integrations.main()
        except SystemExit:
            pass
        finally:
            sys.stdout = real
        return output.getvalue()

    run()  # warm-up
    labels = ('AnsibleModule: argument validation (%d items x %d options)' % (count, len(item_argument_spec(IntegrationService))),
              'gij.jira: index, plan and compare every item (list included)',
              'gij.jira: of which the one list request, decoded into facts',
              'AnsibleModule.exit_json: masking (remove_values) and JSON of the result',
              'AnsibleModule.exit_json: of which remove_values')
    timed(basic.AnsibleModule, '__init__', labels[0])
    timed(reconcile.SetReconciler, 'run', labels[1])
    timed(service.Service, 'list', labels[2])
    timed(basic.AnsibleModule, 'exit_json', labels[3])
    timed(basic, 'remove_values', labels[4])
    try:
        start = time.process_time()
        output = run()
        total = time.process_time() - start
    finally:
        for owner, name, original in originals:
            setattr(owner, name, original)
    result = json.loads(output)
    if result.get('failed') or len(result.get('unchanged', [])) != count:
        raise SystemExit('profiled git_integrations run failed: %s' % output[:2000])
    profiler = cProfile.Profile()
    profiler.enable()
    run()
    profiler.disable()
    stats = pstats.Stats(profiler, stream=io.StringIO())
    rows = []
    for (filename, line, function), (dummy, calls, own, cumulative, dummy2) in stats.stats.items():
        where = filename.split('site-packages/')[-1].split('ansible_collections/')[-1]
        rows.append((own, cumulative, calls, '%s:%d(%s)' % (where, line, function)))
    rows.sort(reverse=True)
    return {'total': total, 'parts': [(label, parts.get(label, 0.0)) for label in labels], 'top': rows[:top], 'result_bytes': len(output),
            'profiled_total': sum(row[0] for row in rows)}


def measure_lookup(emulator, existing, rounds=15):
    """The lookup alone, in this process with the module's own client: the part that grows with the server."""
    sys.path.insert(0, os.environ['ANSIBLE_COLLECTIONS_PATH'].split(os.pathsep)[0])
    from ansible_collections.gij.jira.plugins.module_utils.api import GijClient  # pylint: disable=import-outside-toplevel
    from ansible_collections.gij.jira.plugins.module_utils.integration import IntegrationService  # pylint: disable=import-outside-toplevel
    service = IntegrationService(GijClient({'jira_url': emulator.base, 'jira_token': TOKEN}, environ={}))
    results = {}
    for count in existing:
        emulator.seed(count)
        name = 'bench-%05d' % (count - 1)
        by_name, by_id, parse = [], [], []
        for dummy in range(rounds):
            start = time.perf_counter()
            found = service.find({'name': name})
            by_name.append(time.perf_counter() - start)
            start = time.perf_counter()
            service.get(found['id'])
            by_id.append(time.perf_counter() - start)
            raw = requests.get(emulator.base + '/rest/gitplugin/1.0/integration', headers={'Authorization': 'Bearer ' + TOKEN},
                               timeout=60).content
            start = time.perf_counter()
            json.loads(raw)
            parse.append(time.perf_counter() - start)
        results[count] = {'by_name': statistics.median(by_name), 'by_id': statistics.median(by_id),
                          'parse': statistics.median(parse), 'bytes': len(raw)}
    return results


def machine():
    cpu = 'unknown'
    try:
        with open('/proc/cpuinfo', encoding='utf-8') as handle:
            cpu = next(line.split(':', 1)[1].strip() for line in handle if line.startswith('model name'))
    except (OSError, StopIteration):
        pass
    core = subprocess.run(['ansible', '--version'], capture_output=True, text=True, check=False).stdout.splitlines()[0]
    return {'cpu': cpu, 'cores': os.cpu_count(), 'python': platform.python_version(), 'ansible': core,
            'requests': requests.__version__, 'os': platform.platform()}


def plot(path, against, scaling, lookups, sizes, whole_set):
    import matplotlib  # pylint: disable=import-outside-toplevel
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt  # pylint: disable=import-outside-toplevel
    figure, (left, middle, right, last) = plt.subplots(1, 4, figsize=(20, 4.2))
    existing = sorted(scaling)
    name = [scaling[k]['per_task_by_name'] * 1000 for k in existing]
    low = [n - scaling[k]['spread_by_name'] * 1000 for n, k in zip(name, existing)]
    high = [scaling[k]['spread_by_name_max'] * 1000 - n for n, k in zip(name, existing)]
    left.errorbar(existing, name, yerr=[low, high], fmt='o-', capsize=3, label='by name (min–max)')
    left.plot(existing, [scaling[k]['per_task_by_id'] * 1000 for k in existing], 's-', label='by id')
    finish_panel(left, 'integrations on the server', 'ms per unchanged task (end to end)',
                 'Time per task vs size of the instance', log_x=True, from_zero=True, legend_at='lower right')
    existing = sorted(lookups)
    middle.plot(existing, [lookups[k]['by_name'] * 1000 for k in existing], 'o-', label='lookup by name')
    middle.plot(existing, [lookups[k]['parse'] * 1000 for k in existing], 'x--', label='of which parsing')
    middle.plot(existing, [lookups[k]['by_id'] * 1000 for k in existing], 's-', label='lookup by id')
    finish_panel(middle, 'integrations on the server', 'ms (median, in-process)', 'The lookup alone', log_x=True)
    for kind, marker in (('git_integration', 'o-'), ('uri', 's-'), ('ping', '^-'), ('git_integrations', 'd-')):
        right.plot(sizes, [against[(kind, n, False)]['median'] for n in sizes], marker,
                   label=kind + (' (one task)' if kind == 'git_integrations' else ''))
    finish_panel(right, 'unchanged integrations / tasks in the playbook (N)', 'seconds per playbook (median)',
                 'N tasks: module vs uri vs ping')
    counts = sorted(count for kind, count in whole_set if kind == 'git_integrations')
    ping = whole_set[('ping', 1)]['wall']['median']
    last.plot(counts, [whole_set[('git_integrations', n)]['wall']['median'] / ping for n in counts], 'd-',
              label='git_integrations (one task)')
    last.plot(counts, [whole_set[('floor', n)]['wall']['median'] / ping for n in counts], 'x--',
              label='Ansible alone carrying the N items')
    last.plot(sorted(SET_GOALS), [SET_GOALS[n] for n in sorted(SET_GOALS)], 'r_', markersize=20, mew=2, label='goal')
    finish_panel(last, 'unchanged integrations in one task (N)', 'wall time / one-task ping playbook',
                 'The whole set in one task vs ping', log_x=True, from_zero=True, legend_at='lower right')
    figure.tight_layout()
    figure.savefig(path, dpi=100)


def finish_panel(axes, xlabel, ylabel, title, log_x=False, from_zero=False, legend_at='best'):
    """One panel's axes, title and legend, once its lines are drawn."""
    if log_x:
        axes.set_xscale('log')
    if from_zero:
        axes.set_ylim(bottom=0)
    axes.set_xlabel(xlabel)
    axes.set_ylabel(ylabel)
    axes.set_title(title)
    axes.legend(loc=legend_at)


def set_report(add, whole_set, set_requests, profile, repeats):
    """The section of issue 16: one git_integrations task over thousands of unchanged integrations."""
    ping = whole_set[('ping', 1)]
    counts = sorted(count for kind, count in whole_set if kind == 'git_integrations')
    add('## The whole set in one task: git_integrations over %d to %d unchanged integrations' % (min(counts), max(counts)))
    add('')
    add('One `git_integrations` task over N unchanged integrations (%d on the server), against a one-task' % max(counts))
    add('`ansible.builtin.ping` playbook, in the same run, interleaved; median of %d (min–max), wall seconds. The' % repeats)
    add('"Ansible alone" column runs a module that declares the same `integrations` list (without suboptions) and')
    add('does nothing: it is what Ansible itself spends to parse, template and send the N items and to bring the')
    add('module\'s echo of them (`invocation`) back, before this collection does anything. CPU is user + system time')
    add('of the whole `ansible-playbook` run; on a shared machine it is steadier than wall time.')
    add('')
    add('| N | git_integrations | ping | ratio | Ansible alone (ratio) | CPU ratio | goal |')
    add('|---|---|---|---|---|---|---|')
    for count in counts:
        mine, floor = whole_set[('git_integrations', count)], whole_set[('floor', count)]
        add('| %d | %.2f (%.2f–%.2f) | %.2f (%.2f–%.2f) | %.2f× | %.2f (%.2f×) | %.2f× | %s |' % (
            count, mine['wall']['median'], mine['wall']['min'], mine['wall']['max'], ping['wall']['median'],
            ping['wall']['min'], ping['wall']['max'], mine['wall']['median'] / ping['wall']['median'],
            floor['wall']['median'], floor['wall']['median'] / ping['wall']['median'],
            mine['cpu']['median'] / ping['cpu']['median'],
            '≤ %.1f×' % SET_GOALS[count] if count in SET_GOALS else '—'))
    add('')
    add('Requests for %d unchanged integrations in one task: %d.' % (max(counts), set_requests))
    add('')
    add('Where the module\'s own process spends its CPU time at %d unchanged integrations (in-process, no profiler;'
        % profile['count'])
    add('%.2f s in all, %.1f MB of result):' % (profile['total'], profile['result_bytes'] / 1e6))
    add('')
    add('| part | CPU s |')
    add('|---|---|')
    for label, value in profile['parts']:
        add('| %s | %.3f |' % (label, value))
    add('')
    add('The top functions of a cProfile run of the same (own time; the profiler inflates every call alike):')
    add('')
    add('| own s | cumulative s | calls | function |')
    add('|---|---|---|---|')
    for own, cumulative, calls, where in profile['top']:
        add('| %.3f | %.3f | %d | `%s` |' % (own, cumulative, calls, where))
    add('')


def report(out, png, info, counts, against, scaling, lookups, sizes, repeats, seconds, plural_requests,  # pylint: disable=too-many-locals
           whole_set, set_requests, profile, nested):
    rows = []
    add = rows.append
    add('# Benchmarks')
    add('')
    add('Generated by `make bench` (`tests/benchmarks/bench.py`) against the bundled emulator on loopback; rerun it to')
    add('measure your machine. Timings are medians of %d interleaved repeats after a warm-up, with min–max.' % repeats)
    add('The test suite checks the request counts; timings are only reported here.')
    add('')
    add('Machine: %s, %s cores; %s; Python %s; %s; requests %s. Whole run: %.0f s.'
        % (info['cpu'], info['cores'], info['os'], info['python'], info['ansible'], info['requests'], seconds))
    add('')
    add('## HTTP requests per task')
    add('')
    add('| task | requests | target |')
    add('|---|---|---|')
    targets = {'unchanged': '1', 'create': '≤ 3', 'update': '≤ 3', 'update + disable': '≤ 3', 'delete': '≤ 3', 'info': '1',
               'info + versions': '3 (1 + the Jira and app versions)'}
    for name, count in counts.items():
        add('| %s | %d | %s |' % (name, count, targets[name]))
    add('')
    add('## N unchanged tasks: git_integration vs ansible.builtin.uri GET vs ansible.builtin.ping')
    add('')
    add('Seconds per playbook run (median, min–max). `uri` is the cheapest hand-written alternative: one GET of the')
    add('integration, which checks nothing and changes nothing. `ping` is Ansible\'s floor for a task. Pipelining is on')
    add('for every kind. The 100-task playbooks have two samples as separate tasks (ping, and every loop, one), the')
    add('others %d.' % repeats)
    add('')
    add('| N | style | git_integration | uri | ping | git_integration / uri |')
    add('|---|---|---|---|---|---|')
    for count in sizes:
        for loop in (False, True):
            cells = [against[(kind, count, loop)] for kind in ('git_integration', 'uri', 'ping')]
            add('| %d | %s | %s | %s | %s | %.2f× |' % (
                count, 'loop' if loop else 'tasks', *['%.2f (%.2f–%.2f)' % (c['median'], c['min'], c['max']) for c in cells],
                cells[0]['median'] / cells[1]['median']))
    add('')
    add('## One task for the whole set: git_integrations vs a loop over git_integration')
    add('')
    add('The same N unchanged integrations, declared as one `git_integrations` task or as a `loop` of `git_integration`.')
    add('')
    add('| N | git_integrations (one task) | loop over git_integration | speed-up |')
    add('|---|---|---|---|')
    for count in sizes:
        plural, looped = against[('git_integrations', count, False)], against[('git_integration', count, True)]
        add('| %d | %.2f (%.2f–%.2f) | %.2f (%.2f–%.2f) | %.1f× |' % (
            count, plural['median'], plural['min'], plural['max'], looped['median'], looped['min'], looped['max'],
            looped['median'] / plural['median']))
    add('')
    add('Requests for %d unchanged integrations: %d with `git_integrations`, %d with the loop.'
        % (max(sizes), plural_requests, max(sizes) * counts['unchanged']))
    add('')
    set_report(add, whole_set, set_requests, profile, repeats)
    nested_report(add, nested, repeats)
    add('## Cost per task vs integrations on the server')
    add('')
    add('Marginal time of one more unchanged task (the median of a 6-task playbook minus a 1-task playbook, divided')
    add('by 5), and the requests one task makes. By name the module lists all integrations (the API has no name')
    add('filter); by id it reads one. The tasks target the last integrations of the list.')
    add('')
    add('| integrations | list reply | requests per task | ms per task by name (min–max) | ms per task by id |')
    add('|---|---|---|---|---|')
    for count in sorted(scaling):
        row = scaling[count]
        add('| %d | %.0f kB | %d | %.0f (%.0f–%.0f) | %.0f |' % (
            count, row['reply_bytes'] / 1024.0, row['requests'], row['per_task_by_name'] * 1000,
            row['spread_by_name'] * 1000, row['spread_by_name_max'] * 1000, row['per_task_by_id'] * 1000))
    add('')
    add('The end-to-end numbers carry the noise of a ~0.35 s Ansible task (see the min–max). The lookup alone, timed')
    add('in-process with the module\'s own client (median of 15), shows what grows with the size of the instance:')
    add('')
    add('| integrations | lookup by name (list + parse + scan) | of which parsing the reply | lookup by id |')
    add('|---|---|---|---|')
    for count in sorted(lookups):
        row = lookups[count]
        add('| %d | %.1f ms | %.1f ms | %.1f ms |' % (count, row['by_name'] * 1000, row['parse'] * 1000, row['by_id'] * 1000))
    add('')
    add('![time per task](%s)' % os.path.basename(png))
    add('')
    small, large = min(scaling), max(scaling)
    ratio_tasks = against[('git_integration', max(sizes), False)]['median'] / against[('uri', max(sizes), False)]['median']
    growth = (lookups[large]['by_name'] - lookups[small]['by_name']) * 1000
    growth_id = (lookups[large]['by_id'] - lookups[small]['by_id']) * 1000
    growth_parse = (lookups[large]['parse'] - lookups[small]['parse']) * 1000
    add('## Targets')
    add('')
    add('| target | measured | met |')
    add('|---|---|---|')
    add('| unchanged task = 1 request | %d | %s |' % (counts['unchanged'], 'yes' if counts['unchanged'] == 1 else 'no'))
    worst = max(v for k, v in counts.items() if k not in ('unchanged', 'info', 'info + versions'))
    add('| a change ≤ 3 requests | at most %d | %s |' % (worst, 'yes' if worst <= 3 else 'no'))
    add('| %d unchanged tasks ≤ 1.05× %d uri GETs | %.2f× | %s |' % (max(sizes), max(sizes), ratio_tasks, 'yes' if ratio_tasks <= 1.05 else 'no'))
    add('| per task at %d integrations within +10 ms of %d, by name (lookup time) | %+.0f ms | %s |'
        % (large, small, growth, 'yes' if growth <= 10 else 'no'))
    add('| — of which the module\'s own work (parsing the list) | %+.0f ms | %s |' % (growth_parse, 'yes' if growth_parse <= 10 else 'no'))
    add('| the same, by id | %+.1f ms | %s |' % (growth_id, 'yes' if growth_id <= 10 else 'no'))
    ping = whole_set[('ping', 1)]['wall']['median']
    largest = max(count for kind, count in whole_set if kind == 'git_integrations')
    add('| %d unchanged integrations in one git_integrations task = 1 request | %d | %s |'
        % (largest, set_requests, 'yes' if set_requests == 1 else 'no'))
    nested_ids, nested_keys = len(nested['requests_ids']), len(nested['requests_keys'])
    add('| %d unchanged nested repositories in one git_repositories task = 1 request (+1 per project key) | %d (%d by 2 keys) | %s |'
        % (nested['count'], nested_ids, nested_keys, 'yes' if nested_ids == 1 and nested_keys == 3 else 'no'))
    for count, goal in sorted(SET_GOALS.items()):
        if ('git_integrations', count) not in whole_set:  # a --quick run
            continue
        ratio = whole_set[('git_integrations', count)]['wall']['median'] / ping
        add('| git_integrations over %d unchanged ≤ %.1f× a one-task ping playbook | %.2f× | %s |'
            % (count, goal, ratio, 'yes' if ratio <= goal else 'no (see "The whole set in one task")'))
    add('')
    with open(os.path.join(ROOT, 'tests', 'benchmarks', 'findings.md'), encoding='utf-8') as handle:
        rows.append(handle.read().rstrip())
    with open(out, 'w', encoding='utf-8') as handle:
        handle.write('\n'.join(rows) + '\n')


def only_set(args):
    """The issue-16 section alone: quicker to rerun than the whole benchmark, never over docs/benchmarks.md."""
    out = args.out if args.out != DEFAULT_OUT else os.path.join(ROOT, 'build', 'benchmarks-set.md')
    started = time.perf_counter()
    workdir = tempfile.mkdtemp(prefix='gij-bench-')
    emulator = Emulator(workdir)
    try:
        whole_set, set_requests = measure_set(Bench(emulator, workdir), SET_SIZES, args.repeats)
        profile = profile_set(emulator, max(SET_SIZES))
        profile['count'] = max(SET_SIZES)
    finally:
        emulator.stop()
    info = machine()
    rows = ['# Benchmark: the whole set in one task', '',
            'Generated by `tests/benchmarks/bench.py --only-set`. Machine: %s, %s cores; Python %s; %s. Run: %.0f s.'
            % (info['cpu'], info['cores'], info['python'], info['ansible'], time.perf_counter() - started), '']
    set_report(rows.append, whole_set, set_requests, profile, args.repeats)
    ping = whole_set[('ping', 1)]['wall']['median']
    for count, goal in sorted(SET_GOALS.items()):
        ratio = whole_set[('git_integrations', count)]['wall']['median'] / ping
        rows.append('- %d unchanged: %.2f× ping (goal ≤ %.1f×): %s' % (count, ratio, goal, 'met' if ratio <= goal else 'not met'))
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, 'w', encoding='utf-8') as handle:
        handle.write('\n'.join(rows) + '\n')
    print('wrote %s' % out)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--out', default=DEFAULT_OUT)
    parser.add_argument('--repeats', type=int, default=3)
    parser.add_argument('--quick', action='store_true', help='small sizes, one repeat (a smoke run)')
    parser.add_argument('--only-set', action='store_true',
                        help='only the whole-set section (git_integrations vs ping and the profile, a few minutes), '
                             'written to build/benchmarks-set.md unless --out says otherwise')
    args = parser.parse_args()
    if args.only_set:
        return only_set(args)
    sizes = [1, 5] if args.quick else [1, 20, 100]
    existing = [10, 100] if args.quick else [10, 100, 1000, 5000]
    repeats = 1 if args.quick else args.repeats
    png = os.path.splitext(args.out)[0] + '.png'
    started = time.perf_counter()
    workdir = tempfile.mkdtemp(prefix='gij-bench-')
    emulator = Emulator(workdir)
    try:
        bench = Bench(emulator, workdir)
        counts = measure_requests(bench)
        print('requests per task:', counts, flush=True)
        against, plural_requests = measure_against_uri(bench, sizes, repeats)
        print('against uri: done', flush=True)
        scaling = measure_scaling(bench, existing, min(repeats, 2))
        lookups = measure_lookup(emulator, existing)
        print('scaling: done', flush=True)
        set_sizes = (10, 50) if args.quick else SET_SIZES
        whole_set, set_requests = measure_set(bench, set_sizes, repeats)
        profile = profile_set(emulator, max(set_sizes))
        profile['count'] = max(set_sizes)
        print('whole set: done', flush=True)
        nested = measure_nested(bench, repeats, 50 if args.quick else NESTED_COUNT)
        print('nested repositories: done', flush=True)
    finally:
        emulator.stop()
    plot(png, against, scaling, lookups, sizes, whole_set)
    report(args.out, png, machine(), counts, against, scaling, lookups, sizes, repeats, time.perf_counter() - started,
           plural_requests, whole_set, set_requests, profile, nested)
    print('wrote %s and %s' % (args.out, png))


if __name__ == '__main__':
    main()
