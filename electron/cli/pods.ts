import { ErrorCode, PodyardError, isPodyardError } from '../../shared/errors.js';
import type { Api } from '../../shared/api.js';
import type { PodListEntry, PodReport } from '../../shared/pod-types.js';
import { bool, int, list, str, type OptSpec, type Parsed } from './args.js';
import { readOnly, withApi, type Globals } from './context.js';
import { json, shortId, table, type Output } from './output.js';
import type { Command } from './command.js';
import { parseLabels } from './containers.js';
import { parseSignal } from '../engine/signals.js';
import { humanDuration } from '../engine/time.js';

/**
 * Prints a pod verb's outcome as Podman does: the pod as the user typed it on stdout
 * for a success, then one `Error: <verb>ing container <id>: <message>` line per failed
 * container (or `Error: <message>` when nothing was attempted). Returns whether it failed.
 */
export function printPodResult(out: Output, shown: string, r: { ok: true; report: PodReport } | { ok: false; error: unknown }, verb: string): boolean {
  if (r.ok) {
    for (const w of r.report.Warnings ?? []) out.err(`WARN: ${w}`);
    out.out(shown);
    return false;
  }
  const e = r.error;
  if (isPodyardError(e)) {
    for (const w of e.details?.warnings ?? []) out.err(`WARN: ${w}`);
    const errs = e.details?.errors ?? {};
    if (e.code === ErrorCode.PartialFailure && Object.keys(errs).length > 0) {
      for (const [id, msg] of Object.entries(errs)) out.error(`${verb} container ${id}: ${msg}`);
      return true;
    }
  }
  out.error(e instanceof Error ? e.message : String(e));
  return true;
}

const allSpec: OptSpec = { name: 'all', short: 'a', type: 'boolean', help: 'All pods' };

/** The pods a verb applies to: the named ones, or every pod with --all. */
async function targets(p: Parsed, g: Globals, verb: string): Promise<string[]> {
  if (bool(p, 'all')) {
    if (p.positionals.length > 0) throw new PodyardError(ErrorCode.InvalidArgument, '--all and pod names cannot be used together');
    return readOnly(g, (e) => e.pods.list().map((x) => x.Id));
  }
  if (p.positionals.length === 0) throw new PodyardError(ErrorCode.InvalidArgument, `you must provide at least one pod name or id to ${verb}`);
  return p.positionals;
}

function podVerb(
  name: string,
  verb: string,
  summary: string,
  specs: OptSpec[],
  call: (api: Api, ref: string, p: Parsed) => Promise<PodReport>,
  opts: { showId?: boolean; validate?: (p: Parsed) => void } = {},
): Command {
  return {
    name,
    usage: `podyard pod ${name} [options] POD [POD...]`,
    summary,
    specs: [allSpec, ...specs],
    async run(p, g, out) {
      opts.validate?.(p);
      const refs = await targets(p, g, name);
      let failed = false;
      await withApi(g, `pod ${name} ${refs.join(' ')}`, async (api) => {
        for (const ref of refs) {
          let r: { ok: true; report: PodReport } | { ok: false; error: unknown };
          try {
            r = { ok: true, report: await call(api, ref, p) };
          } catch (error) {
            r = { ok: false, error };
          }
          const shown = opts.showId === true && r.ok ? r.report.Id : ref;
          failed = printPodResult(out, shown, r, verb) || failed;
        }
      });
      return failed ? 125 : 0;
    },
  };
}

const timeSpec: OptSpec = { name: 'time', short: 't', type: 'string', arg: 'SECONDS', help: "Seconds to wait before SIGKILL (default: each container's stop timeout)" };

function timeOf(p: Parsed): { timeout?: number } {
  const t = int(p, 'time', -1);
  return t === undefined ? {} : { timeout: t };
}

/** `pod ps --filter`: name, id, status, label (key or key=value); same key ORs, keys AND. */
export function podFilter(items: string[]): (p: PodListEntry) => boolean {
  const groups = new Map<string, string[]>();
  for (const f of items) {
    const eq = f.indexOf('=');
    const k = eq < 0 ? f : f.slice(0, eq);
    if (eq <= 0 || !['name', 'id', 'status', 'label', 'ctr-names', 'ctr-ids'].includes(k)) {
      throw new PodyardError(ErrorCode.InvalidArgument, `invalid filter "${f}": use name=, id=, status=, label=, ctr-names= or ctr-ids=`);
    }
    groups.set(k, [...(groups.get(k) ?? []), f.slice(eq + 1)]);
  }
  return (pod) => {
    for (const [k, vals] of groups) {
      const ok = vals.some((v) => {
        switch (k) {
          case 'name':
            return new RegExp(v).test(pod.Name);
          case 'id':
            return pod.Id.startsWith(v);
          case 'status':
            return pod.Status.toLowerCase() === v.toLowerCase();
          case 'label': {
            const eq = v.indexOf('=');
            return eq < 0 ? v in pod.Labels : pod.Labels[v.slice(0, eq)] === v.slice(eq + 1);
          }
          case 'ctr-names':
            return pod.Containers.some((c) => c.Names === v);
          case 'ctr-ids':
            return pod.Containers.some((c) => c.Id.startsWith(v));
          default:
            return false;
        }
      });
      if (!ok) return false;
    }
    return true;
  };
}

export const podCommands: Command[] = [
  {
    name: 'create',
    usage: 'podyard pod create [options]',
    summary: 'Create a pod (with an infra container unless --infra=false)',
    specs: [
      { name: 'name', short: 'n', type: 'string', help: 'Name of the pod' },
      { name: 'infra', type: 'boolean', help: 'Create an infra container owning the shared namespaces (default true)' },
      { name: 'infra-name', type: 'string', help: 'Name of the infra container' },
      { name: 'share', type: 'string', arg: 'NS,...', help: 'Namespaces to share: cgroup, ipc, net, pid, uts, none, or +NS to add (default ipc,net,uts)' },
      { name: 'label', short: 'l', type: 'strings', arg: 'KEY=VALUE', help: 'Set a label' },
      { name: 'hostname', type: 'string', help: 'Hostname of the pod (default: its name)' },
      { name: 'exit-policy', type: 'string', arg: 'continue|stop', help: 'stop: stop the pod when only the infra container is left running' },
      { name: 'cpus', type: 'string', arg: 'N', help: 'CPU limit for the whole pod (e.g. 1.5)' },
      { name: 'memory', short: 'm', type: 'string', arg: 'SIZE', help: 'Memory limit for the whole pod (e.g. 512m)' },
    ],
    async run(p, g, out, argv) {
      const policy = str(p, 'exit-policy');
      if (policy !== undefined && policy !== 'continue' && policy !== 'stop') {
        throw new PodyardError(ErrorCode.InvalidArgument, `invalid exit policy "${policy}": use continue or stop`);
      }
      const cpusText = str(p, 'cpus');
      const cpus = cpusText === undefined ? undefined : Number(cpusText);
      if (cpus !== undefined && (!Number.isFinite(cpus) || cpus <= 0)) {
        throw new PodyardError(ErrorCode.InvalidArgument, `invalid --cpus "${cpusText}": give a positive number such as 1.5`);
      }
      const o: Parameters<Api['pods.create']>[0] = { createCommand: ['podyard', ...argv] };
      if (str(p, 'name') !== undefined) o.name = str(p, 'name')!;
      if (p.opts.infra === false) o.infra = false;
      if (str(p, 'infra-name') !== undefined) o.infraName = str(p, 'infra-name')!;
      if (str(p, 'share') !== undefined) o.share = str(p, 'share')!;
      if (list(p, 'label').length > 0) o.labels = parseLabels(list(p, 'label'));
      if (str(p, 'hostname') !== undefined) o.hostname = str(p, 'hostname')!;
      if (policy !== undefined) o.exitPolicy = policy;
      if (cpus !== undefined) o.cpus = cpus;
      if (str(p, 'memory') !== undefined) o.memory = str(p, 'memory')!;
      const r = await withApi(g, 'pod create', (api) => api['pods.create'](o));
      out.out(r.id);
      return 0;
    },
  },
  podVerb('start', 'starting', 'Start pods: init containers, then the rest in dependency order', [], (api, ref) => api['pods.start']({ ref })),
  podVerb('stop', 'stopping', 'Stop pods in reverse dependency order, in parallel', [timeSpec], (api, ref, p) => api['pods.stop']({ ref, ...timeOf(p) })),
  podVerb('cleanup', 'cleaning up', "Free stopped containers' resources", [], (api, ref) => api['pods.cleanup']({ ref }), { showId: true }),
  podVerb('pause', 'pausing', 'Freeze every container of pods', [], (api, ref) => api['pods.pause']({ ref }), { showId: true }),
  podVerb('unpause', 'unpausing', 'Thaw paused pods', [], (api, ref) => api['pods.unpause']({ ref }), { showId: true }),
  podVerb('restart', 'restarting', 'Stop, then start pods (init containers do not run again)', [], (api, ref) => api['pods.restart']({ ref }), { showId: true }),
  podVerb(
    'kill',
    'killing',
    'Send a signal to every running container of pods (default KILL)',
    [{ name: 'signal', short: 's', type: 'string', arg: 'SIGNAL', help: 'Signal to send (name or number)' }],
    (api, ref, p) => api['pods.kill']({ ref, signal: str(p, 'signal') ?? 'KILL' }),
    { showId: true, validate: (p) => void parseSignal(str(p, 'signal') ?? 'KILL') },
  ),
  {
    ...podVerb(
      'rm',
      'removing',
      'Remove pods and their containers',
      [{ name: 'force', short: 'f', type: 'boolean', help: 'Stop running pods first' }, timeSpec],
      (api, ref, p) => api['pods.remove']({ ref, force: bool(p, 'force'), ...timeOf(p) }),
      { showId: true },
    ),
    aliases: ['remove'],
  },
  {
    name: 'exists',
    usage: 'podyard pod exists POD',
    summary: 'Exit 0 if the pod exists, 1 if not',
    specs: [],
    async run(p, g) {
      const ref = p.positionals[0];
      if (ref === undefined) throw new PodyardError(ErrorCode.InvalidArgument, 'give the pod to look for');
      return (await readOnly(g, (e) => e.pods.exists(ref))) ? 0 : 1;
    },
  },
  {
    name: 'ps',
    aliases: ['ls', 'list'],
    usage: 'podyard pod ps [-q] [--format json] [--filter KEY=VALUE]',
    summary: 'List pods',
    specs: [
      { name: 'format', type: 'string', help: 'json' },
      { name: 'quiet', short: 'q', type: 'boolean', help: 'Only ids' },
      { name: 'filter', short: 'f', type: 'strings', arg: 'KEY=VALUE', help: 'name, id, status, label, ctr-names, ctr-ids' },
      { name: 'no-trunc', type: 'boolean', help: 'Full ids' },
    ],
    async run(p, g, out) {
      const keep = podFilter(list(p, 'filter'));
      const pods = (await readOnly(g, (e) => e.pods.list())).filter(keep);
      if (str(p, 'format') === 'json') {
        out.out(json(pods));
        return 0;
      }
      const id = (x: string) => (bool(p, 'no-trunc') ? x : shortId(x));
      if (bool(p, 'quiet')) {
        for (const x of pods) out.out(id(x.Id));
        return 0;
      }
      const now = Date.now();
      out.out(
        table(
          ['POD ID', 'NAME', 'STATUS', 'CREATED', 'INFRA ID', '# OF CONTAINERS'],
          pods.map((x) => [id(x.Id), x.Name, x.Status, `${humanDuration((now - Date.parse(x.Created)) / 1000)} ago`, id(x.InfraId), String(x.Containers.length)]),
        ),
      );
      return 0;
    },
  },
  {
    name: 'inspect',
    usage: 'podyard pod inspect POD [POD...]',
    summary: 'Show pods as JSON (Podman keys)',
    specs: [],
    async run(p, g, out) {
      if (p.positionals.length === 0) throw new PodyardError(ErrorCode.InvalidArgument, 'give at least one pod to inspect');
      const results: unknown[] = [];
      let failed = false;
      await readOnly(g, (e) => {
        for (const ref of p.positionals) {
          try {
            results.push(e.pods.inspect(ref));
          } catch (err) {
            failed = true;
            out.error((err as Error).message);
          }
        }
      });
      if (results.length > 0 || !failed) out.out(json(results));
      return failed ? 125 : 0;
    },
  },
];
