import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const STATE_FILE = resolve('.cache/e2e-state.json');
export interface E2EState {
  url: string;
  origin: string;
  root: string;
  runroot: string;
  pid: number;
  dir: string;
}

const CLI = resolve('bin/podyard.js');

export function state(): E2EState {
  return JSON.parse(readFileSync(STATE_FILE, 'utf8')) as E2EState;
}

/** Runs the podyard CLI against the served state root (it goes through the server's socket). */
export function podyard(...args: string[]): { stdout: string; stderr: string; code: number } {
  const s = state();
  const r = spawnSync(process.execPath, [CLI, '--root', s.root, '--runroot', s.runroot, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 };
}

/** Starts `podyard serve` on a fresh temp state root with the busybox test image. */
export async function startServe(): Promise<E2EState> {
  const dir = mkdtempSync(join(tmpdir(), 'podyard-e2e-'));
  const root = join(dir, 'root');
  const runroot = join(dir, 'run');
  const tar = resolve('.cache/busybox-rootfs.tar');
  if (!existsSync(tar)) spawnSync('bash', ['build/make-test-image.sh', tar], { stdio: 'inherit' });
  const imp = spawnSync(process.execPath, [CLI, '--root', root, '--runroot', runroot, 'image', 'import', tar, 'busybox'], { encoding: 'utf8' });
  if (imp.status !== 0) throw new Error(`image import failed: ${imp.stderr}`);
  const child: ChildProcess = spawn(process.execPath, [CLI, '--root', root, '--runroot', runroot, 'serve'], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  const url = await new Promise<string>((res, rej) => {
    let out = '';
    const t = setTimeout(() => rej(new Error(`podyard serve printed no address: ${out}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(out);
      if (m !== null) {
        clearTimeout(t);
        res(m[0]);
      }
    });
  });
  child.unref();
  const s: E2EState = { url, origin: new URL(url).origin, root, runroot, pid: child.pid!, dir };
  writeFileSync(STATE_FILE, JSON.stringify(s));
  return s;
}

export function stopServe(): void {
  if (!existsSync(STATE_FILE)) return;
  const s = state();
  // Remove every pod and container (they outlive the server), then stop the server.
  podyard('pod', 'rm', '-f', '-t', '0', '--all');
  const ids = podyard('ps', '-a', '-q').stdout.trim().split('\n').filter(Boolean);
  if (ids.length > 0) podyard('rm', '-f', '-t', '0', ...ids);
  try {
    process.kill(s.pid, 'SIGTERM');
  } catch {
    // already gone
  }
  spawnSync('sleep', ['1']);
  rmSync(s.dir, { recursive: true, force: true });
  rmSync(STATE_FILE, { force: true });
}
