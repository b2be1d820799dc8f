import { ErrorCode, PodyardError } from '../../shared/errors.js';
import type { PodyardEvent } from '../../shared/types.js';
import { list, str } from './args.js';
import { readOnly, withApi } from './context.js';
import { json } from './output.js';
import type { Command } from './command.js';
import { parseTimeNano, formatNano } from '../engine/time.js';

/** `--since` as Podman takes it: an RFC 3339 time, a unix time, or a duration back from now (`5m`, `1h30m`). */
export function parseSince(s: string, nowMs = Date.now()): number {
  if (/^\d+(\.\d+)?$/.test(s)) return Math.floor(Number(s) * 1e9);
  const dur = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(s);
  if (dur !== null && s !== '') {
    const secs = Number(dur[1] ?? 0) * 3600 + Number(dur[2] ?? 0) * 60 + Number(dur[3] ?? 0);
    return (nowMs - secs * 1000) * 1e6;
  }
  try {
    return Number(parseTimeNano(s));
  } catch {
    throw new PodyardError(ErrorCode.InvalidArgument, `invalid time "${s}" for --since: use an RFC 3339 time, a unix time or a duration such as 10m`);
  }
}

export type EventFilter = (e: PodyardEvent) => boolean;

/** `--filter key=value`: type, event (status), container, pod, image. Same key ORs, keys AND. */
export function parseEventFilters(items: string[]): EventFilter {
  const groups = new Map<string, string[]>();
  for (const f of items) {
    const eq = f.indexOf('=');
    if (eq <= 0) throw new PodyardError(ErrorCode.InvalidArgument, `invalid filter "${f}": use KEY=VALUE (type, event, container, pod, image)`);
    const k = f.slice(0, eq);
    if (!['type', 'event', 'status', 'container', 'pod', 'image'].includes(k)) {
      throw new PodyardError(ErrorCode.InvalidArgument, `invalid filter key "${k}": use type, event, container, pod or image`);
    }
    groups.set(k, [...(groups.get(k) ?? []), f.slice(eq + 1)]);
  }
  return (e) => {
    for (const [k, vals] of groups) {
      const ok = vals.some((v) => {
        switch (k) {
          case 'type':
            return e.Type === v;
          case 'event':
          case 'status':
            return e.Status === v;
          case 'container':
            return e.Type === 'container' && (e.Name === v || e.ID.startsWith(v));
          case 'pod':
            return (e.Type === 'pod' && (e.Name === v || e.ID.startsWith(v))) || (e.PodID !== undefined && e.PodID.startsWith(v));
          case 'image':
            return e.Image === v || (e.Type === 'image' && (e.Name === v || e.ID.startsWith(v)));
          default:
            return false;
        }
      });
      if (!ok) return false;
    }
    return true;
  };
}

/** Podman's default one-line event format. */
export function formatEvent(e: PodyardEvent): string {
  const attrs: string[] = [];
  if (e.Image !== undefined) attrs.push(`image=${e.Image}`);
  attrs.push(`name=${e.Name}`);
  if (e.PodID !== undefined) attrs.push(`pod_id=${e.PodID}`);
  if (e.ContainerExitCode !== undefined) attrs.push(`containerExitCode=${e.ContainerExitCode}`);
  for (const [k, v] of Object.entries(e.Attributes ?? {})) attrs.push(`${k}=${v}`);
  return `${formatNano(BigInt(e.timeNano))} ${e.Type} ${e.Status} ${e.ID} (${attrs.join(', ')})`;
}

export const systemCommands: Command[] = [
  {
    name: 'events',
    usage: 'podyard events [--since T] [--filter KEY=VALUE] [--format json] [--stream=false]',
    summary: 'Show events (stored ones, then new ones as they happen)',
    specs: [
      { name: 'since', type: 'string', arg: 'TIME', help: 'Only events since this time or duration (e.g. 10m)' },
      { name: 'filter', short: 'f', type: 'strings', arg: 'KEY=VALUE', help: 'type, event, container, pod, image' },
      { name: 'format', type: 'string', help: 'json' },
      { name: 'stream', type: 'boolean', help: 'Keep streaming new events (default true)' },
    ],
    async run(p, g, out) {
      const since = str(p, 'since');
      const sinceNano = since === undefined ? 0 : parseSince(since);
      const stream = p.opts.stream !== false;
      const asJson = str(p, 'format') === 'json';
      parseEventFilters(list(p, 'filter'));
      let filter: EventFilter = () => true;
      const print = (e: PodyardEvent) => {
        if (filter(e)) out.out(asJson ? JSON.stringify(e) : formatEvent(e));
      };
      await readOnly(g, async (e) => {
        // A pod named in a filter also matches its containers' events, which carry its id.
        const filters = list(p, 'filter').flatMap((f) => {
          if (!f.startsWith('pod=')) return [f];
          const ref = f.slice(4);
          return e.pods.exists(ref) ? [f, `pod=${e.pods.resolve(ref).id}`] : [f];
        });
        filter = parseEventFilters(filters);
        // Without --since, a stream shows only new events (as Podman); --stream=false shows what is stored.
        let last = 0;
        const stored = e.listEvents({ sinceNano });
        if (!stream || since !== undefined) for (const ev of stored) print(ev);
        last = stored.length > 0 ? stored[stored.length - 1]!.Seq : 0;
        if (!stream) return;
        let stop = false;
        process.once('SIGINT', () => {
          stop = true;
        });
        process.once('SIGTERM', () => {
          stop = true;
        });
        while (!stop) {
          await new Promise((r) => setTimeout(r, 100));
          for (const ev of e.listEvents({ afterSeq: last })) {
            last = ev.Seq;
            print(ev);
          }
        }
      });
      return 0;
    },
  },
  {
    name: 'info',
    usage: 'podyard info [--format json]',
    summary: 'Show the mode, runtime, cgroups, storage and any missing prerequisite',
    specs: [{ name: 'format', type: 'string', help: 'json' }],
    async run(p, g, out) {
      const info = await readOnly(g, (e) => e.info());
      if (str(p, 'format') === 'json') {
        out.out(json(info));
        return 0;
      }
      const lines = [
        `version: ${info.version}`,
        `mode: ${info.mode}`,
        'runtime:',
        `  name: ${info.runtime.name}`,
        `  path: ${info.runtime.path}`,
        `  version: ${info.runtime.version}`,
        'conmon:',
        `  path: ${info.conmon.path}`,
        `  version: ${info.conmon.version}`,
        'cgroups:',
        `  version: ${info.cgroups.version}`,
        `  manager: ${info.cgroups.manager}`,
        `  usable: ${info.cgroups.usable}`,
        'storage:',
        `  driver: ${info.storage.driver}`,
        `  root: ${info.storage.root}`,
        `  runroot: ${info.storage.runroot}`,
        `  database: ${info.storage.database}`,
        'counts:',
        `  containers: ${info.counts.containers} (${info.counts.running} running)`,
        `  pods: ${info.counts.pods}`,
        `  images: ${info.counts.images}`,
      ];
      if (info.rootless !== undefined) {
        const r = info.rootless;
        const range = (x: { start: number; count: number } | null) => (x === null ? 'none' : `${x.start}-${x.start + x.count - 1}`);
        lines.push('rootless:', `  user: ${r.user} (uid ${r.uid})`, `  subuids: ${range(r.subuid)}`, `  subgids: ${range(r.subgid)}`, `  newuidmap: ${r.newuidmap ? 'yes' : 'missing'}`);
      }
      if (info.problems.length > 0) {
        lines.push('problems:');
        for (const pr of info.problems) lines.push(`  - ${pr.what}`, `    fix: ${pr.fix}`);
      }
      out.out(lines.join('\n'));
      return 0;
    },
  },
  {
    name: 'version',
    usage: 'podyard version',
    summary: 'Show the version',
    specs: [],
    async run(_p, _g, out) {
      const { PODYARD_VERSION } = await import('../engine/engine.js');
      out.out(`Version: ${PODYARD_VERSION}`);
      return 0;
    },
  },
  {
    name: 'cleanup',
    usage: 'podyard container cleanup CONTAINER',
    summary: 'Handle the exit of a container (run by conmon when it exits)',
    specs: [],
    async run(p, g) {
      const ref = p.positionals[0];
      if (ref === undefined) throw new PodyardError(ErrorCode.InvalidArgument, 'give the container to clean up');
      await withApi(g, `cleanup container ${ref.slice(0, 12)}`, (api) => api['containers.cleanup']({ ref }), () => undefined);
      return 0;
    },
  },
];

