import { execa } from 'execa';
import { ContainerState } from '../../shared/types.js';
import type { CreateContainerOptions } from '../../shared/api-types.js';
import { ErrorCode, PodyardError } from '../../shared/errors.js';
import { parseSignal } from '../engine/signals.js';
import { readLog } from '../engine/logs.js';
import { str, bool, list, int, type OptSpec, type Parsed } from './args.js';
import { withApi, readOnly, type Globals } from './context.js';
import type { Api } from '../../shared/api.js';
import { table, json, shortId, type Output } from './output.js';
import type { Command } from './command.js';
import { humanDuration } from '../engine/time.js';

const createSpecs: OptSpec[] = [
  { name: 'name', type: 'string', help: 'Name of the container' },
  { name: 'env', short: 'e', type: 'strings', arg: 'KEY=VALUE', help: 'Set an environment variable' },
  { name: 'workdir', short: 'w', type: 'string', arg: 'DIR', help: 'Working directory inside the container' },
  { name: 'user', short: 'u', type: 'string', arg: 'USER[:GROUP]', help: 'User to run as' },
  { name: 'hostname', short: 'h', type: 'string', help: 'Hostname of the container' },
  { name: 'stop-signal', type: 'string', arg: 'SIGNAL', help: 'Signal that stops the container (default SIGTERM)' },
  { name: 'stop-timeout', type: 'string', arg: 'SECONDS', help: 'Seconds to wait before SIGKILL (default 10)' },
  { name: 'init', type: 'boolean', help: 'Run catatonit as PID 1, forwarding signals and reaping zombies' },
  { name: 'restart', type: 'string', arg: 'POLICY', help: 'no, always, on-failure[:N]' },
  { name: 'label', short: 'l', type: 'strings', arg: 'KEY=VALUE', help: 'Set a label' },
  { name: 'pod', type: 'string', arg: 'POD', help: 'Run in this pod' },
  { name: 'requires', type: 'string', arg: 'A,B', help: 'Containers to start before this one' },
  { name: 'init-ctr', type: 'string', arg: 'once|always', help: 'Make this an init container of its pod' },
  { name: 'runtime', type: 'string', arg: 'crun|runc', help: 'OCI runtime for this container' },
];

export function parseLabels(items: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of items) {
    const eq = l.indexOf('=');
    if (eq === 0) throw new PodyardError(ErrorCode.InvalidArgument, `invalid label "${l}": use KEY=VALUE`);
    if (eq < 0) out[l] = '';
    else out[l.slice(0, eq)] = l.slice(eq + 1);
  }
  return out;
}

function createOptions(p: Parsed, argv: string[]): CreateContainerOptions {
  const [image, ...command] = p.positionals;
  if (image === undefined) throw new PodyardError(ErrorCode.InvalidArgument, 'requires at least 1 arg: the image');
  const o: CreateContainerOptions = { image, command, createCommand: ['podyard', ...argv] };
  const s = (k: string) => str(p, k);
  if (s('name') !== undefined) o.name = s('name')!;
  if (list(p, 'env').length > 0) o.env = list(p, 'env');
  if (s('workdir') !== undefined) o.workdir = s('workdir')!;
  if (s('user') !== undefined) o.user = s('user')!;
  if (s('hostname') !== undefined) o.hostname = s('hostname')!;
  if (s('stop-signal') !== undefined) o.stopSignal = s('stop-signal')!;
  const t = int(p, 'stop-timeout', 0);
  if (t !== undefined) o.stopTimeout = t;
  if (bool(p, 'init')) o.init = true;
  if (s('restart') !== undefined) o.restart = s('restart')!;
  if (list(p, 'label').length > 0) o.labels = parseLabels(list(p, 'label'));
  if (s('pod') !== undefined) o.pod = s('pod')!;
  if (s('requires') !== undefined) o.requires = s('requires')!.split(',').map((x) => x.trim()).filter(Boolean);
  const ic = s('init-ctr');
  if (ic !== undefined) {
    if (ic !== 'once' && ic !== 'always') throw new PodyardError(ErrorCode.InvalidArgument, "init-ctr value must be 'always' or 'once'");
    o.initCtr = ic;
  }
  if (s('runtime') !== undefined) o.runtime = s('runtime')!;
  return o;
}

/** Prints a container's log lines to stdout/stderr as it wrote them. */
async function streamLogs(g: Globals, ref: string, follow: boolean, out: Output, extra: { tail?: number; timestamps?: boolean } = {}): Promise<void> {
  await readOnly(g, async (e) => {
    const { id, path } = e.logPath(ref);
    const lines = readLog(path, { follow, live: e.liveness(id) });
    const write = (l: { time: string; stream: string; text: string }) => {
      const text = extra.timestamps === true ? `${l.time} ${l.text}` : l.text;
      if (l.stream === 'stderr') process.stderr.write(`${text}\n`);
      else process.stdout.write(`${text}\n`);
    };
    if (extra.tail !== undefined && extra.tail >= 0) {
      const all = [];
      for await (const l of readLog(path, { follow: false, live: () => false })) all.push(l);
      for (const l of all.slice(Math.max(0, all.length - extra.tail))) write(l);
      if (!follow) return;
      // Skip what was printed, then follow.
      let skip = all.length;
      for await (const l of lines) {
        if (skip > 0) {
          skip--;
          continue;
        }
        write(l);
      }
      return;
    }
    for await (const l of lines) write(l);
    void out;
  });
}

function ids(p: Parsed, verb: string): string[] {
  if (p.positionals.length === 0) throw new PodyardError(ErrorCode.InvalidArgument, `you must provide at least one container name or id to ${verb}`);
  return p.positionals;
}

/**
 * Runs a verb on each named container; prints what the user typed for each success
 * and `Error: ...` for each failure; exit code 125 if any failed (as Podman).
 */
async function eachContainer(g: Globals, p: Parsed, verb: string, out: Output, fn: (ref: string, api: Api) => Promise<void | string>): Promise<number> {
  const refs = ids(p, verb);
  let failed = false;
  await withApi(g, `${verb} ${refs.join(' ')}`, async (e) => {
    for (const ref of refs) {
      try {
        const shown = await fn(ref, e);
        out.out(shown ?? ref);
      } catch (err) {
        failed = true;
        out.error(err instanceof Error ? err.message : String(err));
      }
    }
  });
  return failed ? 125 : 0;
}

/** A container verb without options: `podyard VERB CONTAINER...`. */
function simpleVerb(name: string, summary: string, call: (api: Api, ref: string) => Promise<unknown>): Command {
  return {
    name,
    usage: `podyard ${name} CONTAINER [CONTAINER...]`,
    summary,
    specs: [],
    async run(p, g, out) {
      return eachContainer(g, p, name, out, async (ref, api) => {
        await call(api, ref);
      });
    },
  };
}

export const containerCommands: Command[] = [
  {
    name: 'create',
    usage: 'podyard create [options] IMAGE [COMMAND [ARG...]]',
    summary: 'Create a container (without starting it)',
    specs: createSpecs,
    stopAtPositional: true,
    async run(p, g, out, argv) {
      const o = createOptions(p, argv);
      const row = await withApi(g, 'create container', (api) => api['containers.create'](o));
      out.out(row.id);
      return 0;
    },
  },
  {
    name: 'run',
    usage: 'podyard run [options] IMAGE [COMMAND [ARG...]]',
    summary: 'Create and start a container; without -d, print its output and exit with its code',
    specs: [
      ...createSpecs,
      { name: 'detach', short: 'd', type: 'boolean', help: 'Run in the background and print the container id' },
      { name: 'rm', type: 'boolean', help: 'Remove the container when it exits' },
    ],
    stopAtPositional: true,
    async run(p, g, out, argv) {
      const o = createOptions(p, argv);
      const detach = bool(p, 'detach');
      if (detach && bool(p, 'rm')) {
        throw new PodyardError(ErrorCode.InvalidArgument, '--rm and --detach together are not supported yet: remove the container later with podyard rm');
      }
      const row = await withApi(g, 'run container', async (api) => {
        const created = await api['containers.create'](o);
        try {
          return await api['containers.start']({ ref: created.id });
        } catch (err) {
          if (bool(p, 'rm')) await api['containers.remove']({ ref: created.id, force: true }).catch(() => undefined);
          throw err;
        }
      });
      if (detach) {
        out.out(row.id);
        return 0;
      }
      await streamLogs(g, row.id, true, out);
      const code = await readOnly(g, (e) => e.waitContainer(row.id));
      if (bool(p, 'rm')) await withApi(g, 'remove container', (api) => api['containers.remove']({ ref: row.id, force: true }));
      return code < 0 ? 125 : code;
    },
  },
  simpleVerb('start', 'Start containers (and what they require)', (api, ref) => api['containers.start']({ ref })),
  {
    name: 'stop',
    usage: 'podyard stop [-t SECONDS] CONTAINER [CONTAINER...]',
    summary: 'Stop containers: stop signal, then SIGKILL after the timeout',
    specs: [{ name: 'time', short: 't', type: 'string', arg: 'SECONDS', help: 'Seconds to wait before SIGKILL (default: the container\'s stop timeout)' }],
    async run(p, g, out) {
      const t = int(p, 'time', -1);
      return eachContainer(g, p, 'stop', out, async (ref, api) => {
        const { warnings } = await api['containers.stop']({ ref, ...(t === undefined ? {} : { timeout: t }) });
        for (const w of warnings) out.err(`WARN: ${w}`);
      });
    },
  },
  {
    name: 'kill',
    usage: 'podyard kill [-s SIGNAL] CONTAINER [CONTAINER...]',
    summary: 'Send a signal to containers (default KILL)',
    specs: [{ name: 'signal', short: 's', type: 'string', arg: 'SIGNAL', help: 'Signal to send (name or number)' }],
    async run(p, g, out) {
      const signal = str(p, 'signal') ?? 'KILL';
      parseSignal(signal);
      return eachContainer(g, p, 'kill', out, async (ref, api) => {
        await api['containers.kill']({ ref, signal });
      });
    },
  },
  simpleVerb('pause', 'Freeze all processes of containers', (api, ref) => api['containers.pause']({ ref })),
  simpleVerb('unpause', 'Thaw paused containers', (api, ref) => api['containers.unpause']({ ref })),
  {
    name: 'restart',
    usage: 'podyard restart [-t SECONDS] CONTAINER [CONTAINER...]',
    summary: 'Stop and start containers',
    specs: [{ name: 'time', short: 't', type: 'string', arg: 'SECONDS', help: 'Seconds to wait before SIGKILL' }],
    async run(p, g, out) {
      const t = int(p, 'time', -1);
      return eachContainer(g, p, 'restart', out, async (ref, api) => {
        await api['containers.restart']({ ref, ...(t === undefined ? {} : { timeout: t }) });
      });
    },
  },
  {
    name: 'rm',
    usage: 'podyard rm [-f] [-t SECONDS] CONTAINER [CONTAINER...]',
    summary: 'Remove containers',
    specs: [
      { name: 'force', short: 'f', type: 'boolean', help: 'Stop running or paused containers first' },
      { name: 'time', short: 't', type: 'string', arg: 'SECONDS', help: 'Seconds to wait before SIGKILL when forcing' },
    ],
    async run(p, g, out) {
      const t = int(p, 'time', -1);
      return eachContainer(g, p, 'rm', out, async (ref, api) => {
        await api['containers.remove']({ ref, force: bool(p, 'force'), ...(t !== undefined ? { timeout: t } : {}) });
      });
    },
  },
  {
    name: 'wait',
    usage: 'podyard wait CONTAINER [CONTAINER...]',
    summary: 'Wait for containers to exit and print their exit codes',
    specs: [],
    async run(p, g, out) {
      let failed = false;
      for (const ref of ids(p, 'wait')) {
        try {
          out.out(String(await readOnly(g, (e) => e.waitContainer(ref))));
        } catch (err) {
          failed = true;
          out.error((err as Error).message);
        }
      }
      return failed ? 125 : 0;
    },
  },
  {
    name: 'logs',
    usage: 'podyard logs [-f] [--tail N] [-t] CONTAINER',
    summary: "Print a container's output",
    specs: [
      { name: 'follow', short: 'f', type: 'boolean', help: 'Keep printing new output until the container exits' },
      { name: 'tail', type: 'string', arg: 'N', help: 'Only the last N lines' },
      { name: 'timestamps', short: 't', type: 'boolean', help: 'Show timestamps' },
    ],
    async run(p, g, out) {
      const ref = p.positionals[0];
      if (ref === undefined) throw new PodyardError(ErrorCode.InvalidArgument, 'give the container whose logs to print');
      const tail = int(p, 'tail', 0);
      await streamLogs(g, ref, bool(p, 'follow'), out, { ...(tail !== undefined ? { tail } : {}), timestamps: bool(p, 'timestamps') });
      return 0;
    },
  },
  {
    name: 'exec',
    usage: 'podyard exec [-i] [-t] [-e KEY=VALUE] [-w DIR] [-u USER] CONTAINER COMMAND [ARG...]',
    summary: 'Run a command in a running container',
    specs: [
      { name: 'interactive', short: 'i', type: 'boolean', help: 'Keep standard input open' },
      { name: 'tty', short: 't', type: 'boolean', help: 'Allocate a terminal' },
      { name: 'env', short: 'e', type: 'strings', arg: 'KEY=VALUE', help: 'Set an environment variable' },
      { name: 'workdir', short: 'w', type: 'string', arg: 'DIR', help: 'Working directory' },
      { name: 'user', short: 'u', type: 'string', arg: 'UID[:GID]', help: 'User to run as' },
    ],
    stopAtPositional: true,
    async run(p, g) {
      const [ref, ...cmd] = p.positionals;
      if (ref === undefined || cmd.length === 0) throw new PodyardError(ErrorCode.InvalidArgument, 'give a container and the command to run in it');
      // No lock: exec neither changes the state root nor should it block others.
      const { path, argv } = await readOnly(g, (e) => {
        const row = e.viewOf(e.resolveContainer(ref));
        if (row.state !== ContainerState.Running) {
          throw new PodyardError(ErrorCode.StateImproper, `can only create exec sessions on running containers: container state improper`);
        }
        const rt = e.runtime(row.config.runtime);
        return {
          path: rt.opts.path,
          argv: rt.execArgv(row.id, { tty: bool(p, 'tty'), env: e.containerEnv(row, [...list(p, 'env'), ...(bool(p, 'tty') ? ['TERM=xterm'] : [])]), ...(str(p, 'workdir') !== undefined ? { cwd: str(p, 'workdir')! } : {}), ...(str(p, 'user') !== undefined ? { user: str(p, 'user')! } : {}), args: cmd }),
        };
      });
      const r = await execa(path, argv, {
        stdin: bool(p, 'interactive') || bool(p, 'tty') ? 'inherit' : 'ignore',
        stdout: 'inherit',
        stderr: 'inherit',
        reject: false,
      });
      return r.exitCode ?? 125;
    },
  },
  {
    name: 'inspect',
    usage: 'podyard inspect [--type container|image|pod] NAME [NAME...]',
    summary: 'Show the configuration and state of containers, pods or images as JSON',
    specs: [{ name: 'type', type: 'string', help: 'container, image or pod' }],
    async run(p, g, out, _argv, ctx) {
      const type = str(p, 'type');
      const results: unknown[] = [];
      let failed = false;
      await readOnly(g, (e) => {
        for (const ref of ids(p, 'inspect')) {
          try {
            if (type === 'pod') results.push(ctx.inspectPod(e, ref));
            else if (type === 'image') results.push(e.images.resolve(ref));
            else if (type === undefined || type === 'container') {
              try {
                results.push(e.inspectContainer(ref));
              } catch (err) {
                if (type === 'container') throw err;
                try {
                  results.push(ctx.inspectPod(e, ref));
                } catch {
                  throw err;
                }
              }
            } else throw new PodyardError(ErrorCode.InvalidArgument, `invalid type "${type}": use container, image or pod`);
          } catch (err) {
            failed = true;
            out.error((err as Error).message);
          }
        }
      });
      out.out(json(results));
      return failed ? 125 : 0;
    },
  },
  {
    name: 'ps',
    usage: 'podyard ps [-a] [-q] [--format json]',
    summary: 'List containers',
    specs: [
      { name: 'all', short: 'a', type: 'boolean', help: 'All containers, not only running ones' },
      { name: 'quiet', short: 'q', type: 'boolean', help: 'Only ids' },
      { name: 'format', type: 'string', help: 'json' },
      { name: 'pod', short: 'p', type: 'boolean', help: 'Show the pod of each container' },
    ],
    async run(p, g, out, _argv, ctx) {
      const rows = await readOnly(g, (e) => e.listContainers({ all: bool(p, 'all'), podNames: ctx.podNames(e) }));
      if (str(p, 'format') === 'json') {
        out.out(json(rows));
        return 0;
      }
      if (bool(p, 'quiet')) {
        for (const r of rows) out.out(shortId(r.Id));
        return 0;
      }
      const now = Date.now();
      const showPod = bool(p, 'pod');
      out.out(
        table(
          ['CONTAINER ID', 'IMAGE', 'COMMAND', 'CREATED', 'STATUS', ...(showPod ? ['POD ID', 'PODNAME'] : []), 'NAMES'],
          rows.map((r) => {
            const cmd = r.Command.join(' ');
            return [
              shortId(r.Id),
              r.Image,
              cmd.length > 20 ? `${cmd.slice(0, 17)}...` : cmd,
              `${humanDuration((now - r.Created * 1000) / 1000)} ago`,
              r.Status,
              ...(showPod ? [shortId(r.Pod), r.PodName] : []),
              r.Names.join(','),
            ];
          }),
        ),
      );
      return 0;
    },
  },
];
