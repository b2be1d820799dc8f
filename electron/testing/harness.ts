import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execFileSync, spawn } from 'node:child_process';
import { afterAll, beforeAll, inject } from 'vitest';
import { readLog, type LogLine } from '../engine/logs.js';
import { Engine, type EngineOptions } from '../engine/engine.js';
import { startHost, type Host } from '../host/host.js';

/** The repository's CLI launcher (runs the compiled output; `npm test` builds first). */
export const CLI = resolve('bin/podyard.js');

/**
 * A temp state root with a real engine on crun + conmon. Each test file gets its own,
 * so files can run in parallel. `close()` kills what is left and removes the root.
 */
export class TestRoot {
  readonly dir: string;
  readonly root: string;
  readonly runroot: string;
  private engines: Engine[] = [];
  host: Host | undefined;

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'podyard-test-'));
    this.root = join(this.dir, 'root');
    this.runroot = join(this.dir, 'run');
  }

  /**
   * Starts a host on this root (owner lock, reconcile, API socket), as the app does,
   * so conmon's exit commands reach this engine. Returns its engine.
   */
  async start(extra: Partial<EngineOptions> = {}): Promise<Engine> {
    this.host = await startHost({ root: this.root, runroot: this.runroot, cliCommand: [process.execPath, CLI], ...extra });
    return this.host.engine;
  }

  /** An engine without the owner lock: for read-only checks beside a host or CLI. */
  engine(extra: Partial<EngineOptions> = {}): Engine {
    const e = new Engine({ root: this.root, runroot: this.runroot, cliCommand: [process.execPath, CLI], ...extra });
    this.engines.push(e);
    return e;
  }

  /** Imports the busybox test image as localhost/busybox:latest. */
  async withBusybox(e: Engine): Promise<void> {
    await e.importImage(inject('busyboxTar'), 'busybox');
  }

  /**
   * Runs the CLI against this root; returns its output and exit code. Asynchronous,
   * so a host in this process keeps answering the CLI meanwhile.
   */
  cli(args: string[], opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<{ stdout: string; stderr: string; code: number }> {
    return new Promise((resolve, reject) => {
      const p = spawn(process.execPath, [CLI, '--root', this.root, '--runroot', this.runroot, ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: opts.env ?? process.env,
      });
      let stdout = '';
      let stderr = '';
      p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => p.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
      p.on('error', reject);
      p.on('close', (code) => {
        clearTimeout(timer);
        resolve({ stdout, stderr, code: code ?? -1 });
      });
    });
  }

  async close(): Promise<void> {
    const e = this.host?.engine ?? this.engines[0] ?? this.engine();
    for (const p of e.store.listPods()) {
      try {
        execFileSync('umount', ['-l', e.paths.podShmDir(p.id)], { stdio: 'ignore' });
      } catch {
        // not mounted
      }
    }
    for (const c of e.store.listContainers()) {
      await e.runtime(c.config.runtime).delete(c.id, true).catch(() => undefined);
    }
    for (const c of e.store.listContainers()) {
      try {
        execFileSync('umount', ['-l', e.paths.mergedDir(c.id)], { stdio: 'ignore' });
      } catch {
        // not mounted
      }
    }
    for (const p of e.store.listPods()) {
      for (const ctl of ['cpu', 'cpuacct', 'cpuset', 'memory', 'devices', 'freezer', 'blkio', 'pids', 'systemd']) {
        try {
          execFileSync('find', [`/sys/fs/cgroup/${ctl}/podyard/${p.id}`, '-depth', '-type', 'd', '-delete'], { stdio: 'ignore' });
        } catch {
          // gone
        }
      }
    }
    await this.host?.close();
    for (const en of this.engines) en.close();
    // Exit commands of the containers just killed may still be writing: retry briefly.
    for (let i = 0; ; i++) {
      try {
        rmSync(this.dir, { recursive: true, force: true });
        return;
      } catch (err) {
        if (i >= 20) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }
}

/** Polls `fn` until it returns a truthy value; fails after `timeoutMs`. */
export async function until<T>(fn: () => T | Promise<T>, timeoutMs = 15_000, what = 'condition'): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * For a test file: a hosted TestRoot with the busybox image, made before its tests and
 * removed after them. `use` receives the root and its engine.
 */
export function hostedRootWithBusybox(use: (t: TestRoot, e: Engine) => void): void {
  let root: TestRoot | undefined;
  beforeAll(async () => {
    root = new TestRoot();
    const e = await root.start();
    await root.withBusybox(e);
    use(root, e);
  });
  afterAll(async () => {
    await root?.close();
  });
}

/** A container's whole log so far, as lines. */
export async function logLines(e: Engine, ref: string): Promise<LogLine[]> {
  const out: LogLine[] = [];
  for await (const l of readLog(e.logPath(ref).path, { follow: false, live: () => false })) out.push(l);
  return out;
}
