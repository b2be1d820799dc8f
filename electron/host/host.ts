import type { Server } from 'node:http';
import { join } from 'node:path';
import type { Api } from '../../shared/api.js';
import { Engine, type EngineOptions } from '../engine/engine.js';
import { createEngineApi } from '../engine/api.js';
import { OwnerLock } from '../engine/lock.js';
import { serveUnixSocket } from './socket-server.js';
import { ErrorCode, PodyardError } from '../../shared/errors.js';

export interface Host {
  engine: Engine;
  api: Api;
  socketPath: string;
  close(): Promise<void>;
}

/**
 * Hosts the engine: owns the state root (the owner lock, for the host's lifetime),
 * reconciles it, and serves the Api on `<runroot>/podyard.sock` for the CLI and for
 * conmon's exit commands. The Electron main process and `podyard serve` both use it.
 */
export async function startHost(opts: EngineOptions & { lockWaitMs?: number }): Promise<Host> {
  const lock = new OwnerLock(join(opts.runroot, 'podyard.lock'), `podyard host (pid ${process.pid})`);
  try {
    await lock.acquire(undefined, opts.lockWaitMs ?? 30_000);
  } catch {
    const h = OwnerLock.holder(join(opts.runroot, 'podyard.lock'));
    throw new PodyardError(
      ErrorCode.StateImproper,
      `another Podyard process${h !== undefined ? ` (pid ${h.pid}: ${h.purpose})` : ''} owns the state root ${opts.root}: stop it first`,
    );
  }
  let engine: Engine | undefined;
  let server: Server | undefined;
  try {
    engine = new Engine(opts);
    await engine.reconcile();
    const api = createEngineApi(engine);
    const e = engine;
    server = await serveUnixSocket(api, (fn) => e.subscribe(fn), engine.paths.socket);
    const srv = server;
    return {
      engine,
      api,
      socketPath: engine.paths.socket,
      async close() {
        await new Promise<void>((r) => srv.close(() => r()));
        srv.closeAllConnections?.();
        e.close();
        lock.release();
      },
    };
  } catch (err) {
    server?.close();
    engine?.close();
    lock.release();
    throw err;
  }
}
