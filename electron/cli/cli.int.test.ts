import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { spawn } from 'node:child_process';
import { writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { TestRoot, until, CLI } from '../testing/harness.js';
import { OwnerLock } from '../engine/lock.js';

// No host runs on this root: every CLI command is its own process, as when no app is open.
let t: TestRoot;

beforeAll(async () => {
  t = new TestRoot();
  const r = await t.cli(['image', 'import', inject('busyboxTar'), 'busybox']);
  expect(r.code).toBe(0);
});
afterAll(async () => {
  await t.close();
});

const inspect = async (ref: string) => {
  const r = await t.cli(['inspect', ref]);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { State: { Status: string; ExitCode: number } }[])[0]!;
};

describe('the CLI without a host', () => {
  it('a container outlives the CLI; a new CLI sees it running, then its real exit code', async () => {
    const run = await t.cli(['run', '-d', '--name', 'outlive', 'busybox', 'sh', '-c', 'sleep 1.5; exit 5']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim()).toMatch(/^[0-9a-f]{64}$/);
    expect((await inspect('outlive')).State.Status).toBe('running');
    const w = await t.cli(['wait', 'outlive']);
    expect(w.stdout.trim()).toBe('5');
    // conmon's exit command (another CLI process) recorded it in the database.
    await until(() => t.engine().store.getContainer(run.stdout.trim())?.state === 'exited', 10_000, 'the exit command');
    expect((await inspect('outlive')).State).toMatchObject({ Status: 'exited', ExitCode: 5 });
  });

  it('run prints the output and exits with the container\'s code; errors are Podman\'s with 125', async () => {
    const r = await t.cli(['run', '--rm', 'busybox', 'sh', '-c', 'echo to-out; echo to-err >&2; exit 3']);
    expect(r.stdout).toBe('to-out\n');
    expect(r.stderr).toBe('to-err\n');
    expect(r.code).toBe(3);
    const bad = await t.cli(['start', 'ghost']);
    expect(bad.stderr).toBe('Error: no such container ghost\n');
    expect(bad.code).toBe(125);
    const img = await t.cli(['run', '-d', 'nosuchimage', 'true']);
    expect(img.stderr).toBe('Error: no such image nosuchimage\n');
    expect(img.code).toBe(125);
    const rmi = await t.cli(['rmi', 'busybox']);
    expect(rmi.stderr).toMatch(/^Error: image used by [0-9a-f]{64}: image is in use by a container\n$/);
  });

  it('ps, images and logs speak Podman\'s formats', async () => {
    const ps = JSON.parse((await t.cli(['ps', '-a', '--format', 'json'])).stdout) as Record<string, unknown>[];
    expect(Object.keys(ps[0]!)).toEqual(expect.arrayContaining(['Id', 'Names', 'Image', 'State', 'Status', 'ExitCode', 'Pod', 'PodName', 'StartedAt', 'Created']));
    const images = JSON.parse((await t.cli(['images', '--format', 'json'])).stdout) as Record<string, unknown>[];
    expect(images).toHaveLength(1);
    expect(images[0]).toMatchObject({ Names: ['localhost/busybox:latest'] });
    expect(Object.keys(images[0]!)).toEqual(expect.arrayContaining(['Id', 'Names', 'Created', 'Size']));
    const table = (await t.cli(['ps', '-a'])).stdout.split('\n')[0];
    expect(table).toMatch(/^CONTAINER ID\s+IMAGE\s+COMMAND\s+CREATED\s+STATUS\s+NAMES$/);
  });

  it('exec runs in the container with its exit code; logs -f follows until exit', async () => {
    await t.cli(['run', '-d', '--name', 'execme', '--init', 'busybox', 'sh', '-c', 'for i in 1 2 3; do echo tick $i; sleep 0.3; done']);
    const ex = await t.cli(['exec', '-e', 'WHO=podyard', 'execme', 'sh', '-c', 'echo hello $WHO; exit 4']);
    expect(ex.stdout).toBe('hello podyard\n');
    expect(ex.code).toBe(4);
    const logs = await t.cli(['logs', '-f', 'execme']);
    expect(logs.stdout).toBe('tick 1\ntick 2\ntick 3\n');
  });

  it('killing the CLI with SIGKILL in the middle of start leaves a state the next process reconciles', async () => {
    const names: string[] = [];
    for (let i = 0; i < 8; i++) {
      const name = `crash${i}`;
      names.push(name);
      expect((await t.cli(['create', '--name', name, '--init', 'busybox', 'sleep', '1000'])).code).toBe(0);
    }
    // Kill `start` at different points of its work.
    for (let i = 0; i < names.length; i++) {
      const p = spawn(process.execPath, [CLI, '--root', t.root, '--runroot', t.runroot, 'start', names[i]!], { stdio: 'ignore' });
      await new Promise((r) => setTimeout(r, 60 + i * 40));
      p.kill('SIGKILL');
      await new Promise((r) => p.on('close', r));
    }
    // The next process that takes the lock reconciles.
    expect((await t.cli(['create', '--name', 'after-crash', 'busybox', 'true'])).code).toBe(0);
    const e = t.engine();
    const rt = e.runtime();
    for (const name of names) {
      const row = e.store.getContainer(e.resolveContainer(name).id)!;
      const st = await rt.state(row.id);
      if (row.state === 'running') expect(st?.status, `${name} recorded running`).toBe('running');
      if (st?.status === 'running') expect(row.state, `${name} runs`).toBe('running');
      expect(['created', 'running', 'initialized', 'exited']).toContain(row.state);
    }
    // Nothing lost: every container is still there, and all of them start now.
    const start = await t.cli(['start', ...names]);
    expect(start.code, start.stderr).toBe(0);
    for (const name of names) expect((await inspect(name)).State.Status).toBe('running');
    // No runtime container is unknown to the database.
    const known = new Set(e.store.listContainers().map((c) => c.id));
    for (const id of await rt.list()) expect(known.has(id)).toBe(true);
    const rm = await t.cli(['rm', '-f', '-t', '0', ...names]);
    expect(rm.code, rm.stderr).toBe(0);
  }, 90_000);
});

describe('events', () => {
  it('events --stream=false prints what is stored, filtered, in Podman\'s JSON keys', async () => {
    const since = new Date().toISOString();
    expect((await t.cli(['pod', 'create', '--name', 'evpod'])).code).toBe(0);
    expect((await t.cli(['create', '--pod', 'evpod', '--name', 'evctr', 'busybox', 'true'])).code).toBe(0);
    const r = await t.cli(['events', '--stream=false', '--since', since, '--filter', 'type=pod', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const evs = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(evs.map((ev) => [ev.Type, ev.Status, ev.Name])).toEqual([['pod', 'create', 'evpod']]);
    expect(Object.keys(evs[0]!)).toEqual(expect.arrayContaining(['ID', 'Name', 'Status', 'Type', 'Time']));
    const all = await t.cli(['events', '--stream=false', '--since', since, '--filter', 'pod=evpod']);
    expect(all.stdout).toMatch(/container create [0-9a-f]{64} \(image=localhost\/busybox:latest, name=evctr, pod_id=[0-9a-f]{64}\)/);
    const bad = await t.cli(['events', '--stream=false', '--filter', 'color=red']);
    expect(bad.code).toBe(125);
    expect(bad.stderr).toMatch(/invalid filter key "color"/);
  });

  it('a streaming events command shows new events as they happen', async () => {
    const p = spawn(process.execPath, [CLI, '--root', t.root, '--runroot', t.runroot, 'events', '--format', 'json', '--filter', 'container=streamed']);
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await new Promise((r) => setTimeout(r, 700));
    expect((await t.cli(['create', '--name', 'streamed', 'busybox', 'true'])).code).toBe(0);
    await until(() => out.includes('"Status":"create"'), 10_000, 'the streamed event');
    p.kill('SIGTERM');
    expect(JSON.parse(out.trim().split('\n')[0]!)).toMatchObject({ Type: 'container', Status: 'create', Name: 'streamed' });
  });
});

describe('the owner lock', () => {
  it('a second process waits for the holder and says what it waits for', async () => {
    mkdirSync(t.runroot, { recursive: true });
    const lock = new OwnerLock(join(t.runroot, 'podyard.lock'), 'a long test operation');
    await lock.acquire();
    const p = t.cli(['create', '--name', 'waited', 'busybox', 'true']);
    // Held past the one-second mark, so the waiting command says what it waits for.
    await new Promise((r) => setTimeout(r, 2000));
    lock.release();
    const r = await p;
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`Waiting for the state lock held by process ${process.pid} \\(a long test operation\\)`));
    // Read-only commands never wait.
    await lock.acquire();
    const ps = await t.cli(['ps', '-a', '-q'], { timeoutMs: 5000 });
    lock.release();
    expect(ps.code).toBe(0);
  });

  it('a stale lock of a dead process is taken over', async () => {
    const file = join(t.runroot, 'podyard.lock');
    writeFileSync(file, '999999 12345 a process that died\n');
    const r = await t.cli(['create', '--name', 'after-stale', 'busybox', 'true'], { timeoutMs: 10_000 });
    expect(r.code, r.stderr).toBe(0);
    // It may wait for a live exit command of an earlier test, never for the dead holder.
    expect(r.stderr).not.toMatch(/999999/);
    expect(existsSync(file)).toBe(false);
  });
});
