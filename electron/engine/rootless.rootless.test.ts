import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { CLI, until } from '../testing/harness.js';
import { parseSubIds } from './host-facts.js';

// Runs as an unprivileged user (build/test-rootless.sh makes one); as root there is nothing to test.
const isRoot = process.getuid?.() === 0;

let dir: string;
let env: NodeJS.ProcessEnv;

function podyard(args: string[], timeoutMs = 60_000): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const t = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.on('error', reject);
    p.on('close', (code) => {
      clearTimeout(t);
      resolve({ stdout, stderr, code: code ?? -1 });
    });
  });
}
async function ok(args: string[]): Promise<string> {
  const r = await podyard(args);
  expect(r.code, `podyard ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout;
}
async function inspect(ref: string): Promise<{ Id: string; State: { Status: string; Pid: number; ExitCode: number; StartedAt: string } }> {
  return (JSON.parse(await ok(['inspect', ref])) as { Id: string; State: { Status: string; Pid: number; ExitCode: number; StartedAt: string } }[])[0]!;
}

describe.skipIf(isRoot)('rootless: Podyard as an ordinary user', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'podyard-rootless-'));
    mkdirSync(join(dir, 'run'), { mode: 0o700 });
    // The user's own XDG directories (temporary ones, to leave the home alone); no --root.
    env = { ...process.env, XDG_DATA_HOME: join(dir, 'data'), XDG_RUNTIME_DIR: join(dir, 'run'), PODYARD_ROOT: undefined, PODYARD_RUNROOT: undefined };
    await ok(['image', 'import', inject('busyboxTar'), 'busybox']);
  });
  afterAll(async () => {
    await podyard(['pod', 'rm', '-f', '-t', '0', '--all']);
    const ids = (await podyard(['ps', '-a', '-q'])).stdout.trim().split('\n').filter(Boolean);
    if (ids.length > 0) await podyard(['rm', '-f', '-t', '0', ...ids]);
    for (let i = 0; i < 20; i++) {
      try {
        rmSync(dir, { recursive: true, force: true });
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  });

  it('a pod with infra and two containers: start, logs, stop with timeout, kill, restart, remove; state in the XDG directories', async () => {
    expect(existsSync(join(dir, 'data', 'podyard', 'podyard.db'))).toBe(true);
    expect(statSync(join(dir, 'run', 'podyard')).mode & 0o777).toBe(0o700);
    await ok(['pod', 'create', '--name', 'mine']);
    await ok(['create', '--pod', 'mine', '--name', 'first', '--init', 'busybox', 'sh', '-c', 'id; echo on $(hostname); exec sleep 1000']);
    await ok(['create', '--pod', 'mine', '--name', 'second', '--stop-timeout', '1', '--requires', 'first', 'busybox', 'sh', '-c', 'trap "echo got-term" TERM; while true; do sleep 0.2; done']);
    expect((await ok(['pod', 'start', 'mine'])).trim()).toBe('mine');
    await until(async () => (await ok(['logs', 'first'])).includes('on mine'), 10_000, 'the first container\'s output');
    expect(await ok(['logs', 'first'])).toContain('uid=0(root) gid=0(root)');
    const stop = await podyard(['pod', 'stop', '-t', '1', 'mine']);
    expect(stop.code, stop.stderr).toBe(0);
    expect(stop.stderr).toMatch(/StopSignal SIGTERM failed to stop container second in 1 seconds, resorting to SIGKILL/);
    expect((await inspect('second')).State).toMatchObject({ Status: 'exited', ExitCode: 137 });
    expect((await inspect('first')).State).toMatchObject({ Status: 'exited', ExitCode: 143 });
    await ok(['pod', 'start', 'mine']);
    const before = (await inspect('first')).State.StartedAt;
    await ok(['pod', 'restart', 'mine']);
    expect(Date.parse((await inspect('first')).State.StartedAt)).toBeGreaterThan(Date.parse(before));
    await ok(['pod', 'kill', 'mine']);
    await until(async () => (await inspect('first')).State.Status === 'exited', 10_000, 'the kill');
    expect((await inspect('first')).State.ExitCode).toBe(137);
    await ok(['pod', 'rm', 'mine']);
    expect((await podyard(['pod', 'exists', 'mine'])).code).toBe(1);
  });

  it('the mapping is Podman\'s: 0 is the user, 1 and up the subordinate range', async () => {
    const me = userInfo();
    const range = parseSubIds(readFileSync('/etc/subuid', 'utf8'), me.username, me.uid);
    expect(range, 'the test user has subordinate uids').toBeDefined();
    await ok(['run', '-d', '--name', 'as-root', 'busybox', 'sleep', '1000']);
    await ok(['run', '-d', '--name', 'as-1000', '--user', '1000:1000', 'busybox', 'sleep', '1000']);
    const pid = (await inspect('as-root')).State.Pid;
    const map = readFileSync(`/proc/${pid}/uid_map`, 'utf8').trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number));
    expect(map).toEqual([[0, me.uid, 1], [1, range!.start, range!.count]]);
    const uidOf = (p: number) => Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${p}/status`, 'utf8'))![1]);
    expect(uidOf(pid)).toBe(me.uid);
    expect(uidOf((await inspect('as-1000')).State.Pid)).toBe(range!.start + 999);
    await ok(['rm', '-f', '-t', '0', 'as-root', 'as-1000']);
    // Files a non-root container user writes belong to a subordinate uid on the host;
    // the image keeps its modes (/tmp stays 1777), and removal still cleans them up.
    const out = await podyard(['run', '--name', 'writes', '--user', '1000:1000', 'busybox', 'sh', '-c', 'mkdir /tmp/mine && echo data > /tmp/mine/f && stat -c %u /tmp/mine/f']);
    expect(out.stdout.trim()).toBe('1000');
    const id = (await inspect('writes')).Id;
    const upper = join(dir, 'data', 'podyard', 'containers', id);
    expect(existsSync(upper)).toBe(true);
    await ok(['rm', 'writes']);
    expect(existsSync(upper)).toBe(false);
  });

  it('pod pause fails with the cgroup V1 message and changes no container', async () => {
    await ok(['pod', 'create', '--name', 'frozen']);
    await ok(['create', '--pod', 'frozen', '--name', 'fz', '--init', 'busybox', 'sleep', '1000']);
    await ok(['pod', 'start', 'frozen']);
    const since = new Date().toISOString();
    const r = await podyard(['pod', 'pause', 'frozen']);
    expect(r.code).toBe(125);
    expect(r.stderr).toBe('Error: can not pause pods containing rootless containers with cgroup V1\n');
    const pod = JSON.parse(await ok(['pod', 'inspect', 'frozen'])) as { Containers: { State: string }[] }[];
    expect(pod[0]!.Containers.map((c) => c.State)).toEqual(['running', 'running']);
    expect(await ok(['events', '--stream=false', '--since', since, '--filter', 'event=pause'])).toBe('');
    const single = await podyard(['pause', 'fz']);
    expect(single.stderr).toBe('Error: cannot pause without using Cgroups\n');
    await ok(['pod', 'rm', '-f', '-t', '0', 'frozen']);
  });

  it('two users have separate pods that neither can see or touch', async () => {
    const other = process.env.PODYARD_OTHER_USER;
    const otherUid = process.env.PODYARD_OTHER_UID;
    expect(other, 'build/test-rootless.sh names the other user').toBeDefined();
    // Theirs is not ours.
    expect(await ok(['pod', 'ps', '--format', 'json'])).not.toContain('"theirs"');
    expect((await podyard(['pod', 'exists', 'theirs'])).code).toBe(1);
    // Their state root and runtime directory are closed to us.
    for (const d of [`/run/user/${otherUid}/podyard`, `/home/${other}/.local/share/podyard`]) {
      expect(() => readdirSync(d), d).toThrow(/EACCES/);
    }
    // Ours is closed to them: 0700 directories, and a 0600 socket while a host serves.
    expect(statSync(join(dir, 'run', 'podyard')).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'data', 'podyard')).mode & 0o777).toBe(0o700);
    const serve = spawn(process.execPath, [CLI, 'serve'], { env, stdio: 'ignore' });
    try {
      const sock = join(dir, 'run', 'podyard', 'podyard.sock');
      await until(() => existsSync(sock), 15_000, 'the socket');
      expect(statSync(sock).mode & 0o777).toBe(0o600);
    } finally {
      serve.kill('SIGTERM');
      await new Promise((r) => serve.on('close', r));
    }
  });

  it('podyard info names the mode and any missing prerequisite, with its fix', async () => {
    const info = await ok(['info']);
    expect(info).toMatch(/^mode: rootless$/m);
    expect(info).toMatch(/subuids: \d+-\d+/);
    expect(info).toMatch(/cgroups v1: rootless containers run without cgroups, so limits and pause are unavailable/);
    // The second test user has no subordinate ids (build/test-rootless.sh saved their info).
    const theirs = readFileSync('/tmp/podyard-test2-info.txt', 'utf8');
    expect(theirs).toMatch(/^mode: rootless$/m);
    expect(theirs).toMatch(/has no subordinate uids in \/etc\/subuid/);
    expect(theirs).toMatch(/fix: usermod --add-subuids 100000-165535 --add-subgids 100000-165535 podyard-test2/);
  });
});
