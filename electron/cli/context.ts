import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine } from '../engine/engine.js';
import { OwnerLock } from '../engine/lock.js';
import { PodyardError, ErrorCode } from '../../shared/errors.js';
import type { Api } from '../../shared/api.js';
import { createEngineApi } from '../engine/api.js';
import { connectHost } from '../host/socket-client.js';

export interface Globals {
  root: string;
  runroot: string;
  runtime?: string;
}

/**
 * The default state root: rootful `/var/lib/podyard` + `/run/podyard`; rootless
 * `$XDG_DATA_HOME/podyard` + `$XDG_RUNTIME_DIR/podyard`. Flags beat the environment
 * variables `PODYARD_ROOT` / `PODYARD_RUNROOT`, which beat these.
 */
export function defaultRoots(env: NodeJS.ProcessEnv = process.env, uid = process.getuid?.() ?? 0): { root: string; runroot: string } {
  if (uid === 0) return { root: '/var/lib/podyard', runroot: '/run/podyard' };
  const home = env.HOME ?? `/home/${uid}`;
  const data = env.XDG_DATA_HOME !== undefined && env.XDG_DATA_HOME !== '' ? env.XDG_DATA_HOME : join(home, '.local/share');
  const runtime = env.XDG_RUNTIME_DIR;
  if (runtime === undefined || runtime === '') {
    if (env.PODYARD_RUNROOT !== undefined) return { root: join(data, 'podyard'), runroot: env.PODYARD_RUNROOT };
    throw new PodyardError(
      ErrorCode.HostSetup,
      `XDG_RUNTIME_DIR is not set: rootless Podyard keeps its runtime state there. Create one, e.g. as root: mkdir -p /run/user/${uid} && chown ${uid} /run/user/${uid} && chmod 700 /run/user/${uid}, then export XDG_RUNTIME_DIR=/run/user/${uid} (or pass --runroot DIR)`,
    );
  }
  return { root: join(data, 'podyard'), runroot: join(runtime, 'podyard') };
}

/**
 * The argv that runs this CLI again (conmon's exit command uses it). Inside the
 * Electron app, process.execPath is Electron itself (whose Node mode is fused off),
 * so the CLI runs with the system's Node (`PODYARD_NODE`, else `node` on PATH), from
 * the unpacked copy beside the app's archive.
 */
export function cliCommand(env: NodeJS.ProcessEnv = process.env, versions: NodeJS.ProcessVersions = process.versions): string[] {
  const launcher = fileURLToPath(new URL('../../../bin/podyard.js', import.meta.url)).replace(`app.asar${sep}`, `app.asar.unpacked${sep}`);
  const underElectron = versions.electron !== undefined;
  const node = env.PODYARD_NODE ?? (underElectron ? 'node' : process.execPath);
  return [node, launcher];
}

export function openEngine(g: Globals): Engine {
  return new Engine({ root: g.root, runroot: g.runroot, cliCommand: cliCommand(), ...(g.runtime !== undefined ? { runtime: g.runtime } : {}) });
}

/**
 * Runs `fn` as the owner of the state root: takes the owner lock (waiting, and
 * saying for what), reconciles the database with the runtime, runs, releases.
 */
export async function withOwner<T>(g: Globals, purpose: string, fn: (e: Engine) => Promise<T>, log: (s: string) => void = (s) => process.stderr.write(`${s}\n`)): Promise<T> {
  const lock = new OwnerLock(join(g.runroot, 'podyard.lock'), purpose);
  await lock.acquire((h) => log(`Waiting for the state lock held by process ${h.pid} (${h.purpose})...`));
  const engine = openEngine(g);
  const onSignal = () => {
    lock.release();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  try {
    await engine.reconcile();
    return await fn(engine);
  } finally {
    process.off('SIGINT', onSignal);
    engine.close();
    lock.release();
  }
}

/** Runs a read-only query: no lock, the database and runtime files are read directly. */
export async function readOnly<T>(g: Globals, fn: (e: Engine) => Promise<T> | T): Promise<T> {
  const engine = openEngine(g);
  try {
    return await fn(engine);
  } finally {
    engine.close();
  }
}

/**
 * Runs `fn` against the Api: through the running host's socket when there is one
 * (so its clients see every change live), otherwise in this process as the owner.
 * Either way the results are the same.
 */
export async function withApi<T>(g: Globals, purpose: string, fn: (api: Api) => Promise<T>, log?: (s: string) => void): Promise<T> {
  const host = await connectHost(join(g.runroot, 'podyard.sock'));
  if (host !== undefined) return fn(host);
  return withOwner(g, purpose, (e) => fn(createEngineApi(e)), log);
}
