import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { TestRoot, until, CLI, hostedRootWithBusybox, logLines } from '../../testing/harness.js';
import type { Engine } from '../engine.js';
import { PodyardError } from '../../../shared/errors.js';
import type { PodInspect } from '../../../shared/pod-types.js';

let t: TestRoot;
let e: Engine;
hostedRootWithBusybox((root, engine) => {
  t = root;
  e = engine;
});

const lines = (ref: string) => logLines(e, ref);
const logText = async (ref: string) => (await lines(ref)).map((l) => l.text).join('\n');
const idOf = (ref: string) => e.resolveContainer(ref).id;
const state = (ref: string) => e.inspectContainer(ref).State;
const IGNORE_TERM = 'trap "echo got-term" TERM; echo ready; while true; do sleep 0.1; done';

async function caught(p: Promise<unknown>): Promise<PodyardError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof PodyardError) return err;
    throw err;
  }
  throw new Error('expected the operation to fail');
}

describe('pod start', () => {
  it('an empty pod without infra has no root to start from', async () => {
    const pod = await e.pods.create({ name: 'empty', infra: false });
    const err = await caught(e.pods.start('empty'));
    expect(err.message).toBe(`no containers in pod ${pod.id} have no dependencies, cannot start pod`);
  });

  it('a --requires chain starts in order and stops in reverse; infra stops last', async () => {
    const pod = await e.pods.create({ name: 'chain' });
    await e.createContainer({ image: 'busybox', name: 'c1', pod: 'chain', init: true, command: ['sleep', '1000'] });
    await e.createContainer({ image: 'busybox', name: 'c2', pod: 'chain', init: true, requires: ['c1'], command: ['sleep', '1000'] });
    await e.createContainer({ image: 'busybox', name: 'c3', pod: 'chain', init: true, requires: ['c2'], command: ['sleep', '1000'] });
    await e.pods.start('chain');
    const infra = pod.infraId!;
    const started = ['c1', 'c2', 'c3'].map((c) => Date.parse(state(c).StartedAt));
    expect(Date.parse(state(infra).StartedAt)).toBeLessThanOrEqual(started[0]!);
    expect(started[0]).toBeLessThanOrEqual(started[1]!);
    expect(started[1]).toBeLessThanOrEqual(started[2]!);
    // Events give the strict order (times can tie at millisecond precision).
    const starts = e.listEvents().filter((ev) => ev.Status === 'start' && ev.PodID === pod.id && ev.Type === 'container').map((ev) => ev.Name);
    expect(starts).toEqual([`${pod.id.slice(0, 12)}-infra`, 'c1', 'c2', 'c3']);

    const before = e.listEvents().length;
    await e.pods.stop('chain', { timeout: 5 });
    const stops = e.listEvents().slice(before).filter((ev) => ev.Status === 'stop' && ev.Type === 'container').map((ev) => ev.Name);
    expect(stops).toEqual(['c3', 'c2', 'c1', `${pod.id.slice(0, 12)}-infra`]);
    const finished = ['c3', 'c2', 'c1', infra].map((c) => Date.parse(state(c).FinishedAt));
    for (let i = 1; i < finished.length; i++) expect(finished[i - 1]).toBeLessThanOrEqual(finished[i]!);
    expect(e.pods.inspect('chain').State).toBe('Exited');
  });

  it('a failed dependency poisons its dependents; the others still start; both errors reported', async () => {
    await e.pods.create({ name: 'poison' });
    await e.createContainer({ image: 'busybox', name: 'broken', pod: 'poison', command: ['/no/such/binary'] });
    await e.createContainer({ image: 'busybox', name: 'needs-broken', pod: 'poison', requires: ['broken'], command: ['sleep', '1000'] });
    await e.createContainer({ image: 'busybox', name: 'fine', pod: 'poison', init: true, command: ['sleep', '1000'] });
    const err = await caught(e.pods.start('poison'));
    expect(err.message).toBe('starting some containers: some containers failed');
    const errors = err.details?.errors ?? {};
    expect(Object.keys(errors).sort()).toEqual([idOf('broken'), idOf('needs-broken')].sort());
    expect(errors[idOf('broken')]).toMatch(/no\/such\/binary/);
    expect(errors[idOf('needs-broken')]).toBe(`a dependency of container ${idOf('needs-broken')} failed to start`);
    expect(state('fine').Status).toBe('running');
    expect(state('needs-broken').Status).toBe('created');
    expect(e.inspectContainer('broken').State.Error).toMatch(/no\/such\/binary/);
    // No pod start event on a partial failure.
    expect(e.listEvents().some((ev) => ev.Type === 'pod' && ev.Name === 'poison' && ev.Status === 'start')).toBe(false);
    await e.pods.stop('poison', { timeout: 2 });
  });
});

describe('init containers', () => {
  it('an always init container writes /dev/shm for the app, and runs again on the next start', async () => {
    await e.pods.create({ name: 'withinit' });
    await e.createContainer({ image: 'busybox', name: 'prep', pod: 'withinit', initCtr: 'always', command: ['sh', '-c', 'echo prepared > /dev/shm/flag; echo prep-ran'] });
    await e.createContainer({ image: 'busybox', name: 'reader', pod: 'withinit', init: true, command: ['sh', '-c', 'cat /dev/shm/flag; exec sleep 1000'] });
    await e.pods.start('withinit');
    await until(async () => (await logText('reader')).includes('prepared'), 10_000, 'the app to read the init container\'s file');
    // An exited init container does not make the pod Degraded.
    expect(e.pods.inspect('withinit').State).toBe('Running');
    expect(state('prep').Status).toBe('exited');
    await e.pods.stop('withinit', { timeout: 5 });
    await e.pods.start('withinit');
    expect((await lines('prep')).filter((l) => l.text === 'prep-ran')).toHaveLength(2);
    await e.pods.stop('withinit', { timeout: 5 });
  });

  it('a once init container is removed after it succeeded and does not run again', async () => {
    await e.pods.create({ name: 'oneshot' });
    const once = await e.createContainer({ image: 'busybox', name: 'migrate', pod: 'oneshot', initCtr: 'once', command: ['true'] });
    await e.createContainer({ image: 'busybox', name: 'svc', pod: 'oneshot', init: true, command: ['sleep', '1000'] });
    await e.pods.start('oneshot');
    expect(() => e.inspectContainer(once.id)).toThrow(`no such container ${once.id}`);
    expect(e.pods.inspect('oneshot').Containers.map((c) => c.Name)).not.toContain('migrate');
    await e.pods.stop('oneshot', { timeout: 5 });
    const before = e.listEvents().length;
    await e.pods.start('oneshot');
    expect(e.listEvents().slice(before).some((ev) => ev.ID === once.id)).toBe(false);
    await e.pods.stop('oneshot', { timeout: 5 });
  });

  it('an init container exiting 1 aborts the start; no regular container starts', async () => {
    await e.pods.create({ name: 'badinit' });
    const init = await e.createContainer({ image: 'busybox', name: 'failing-init', pod: 'badinit', initCtr: 'always', command: ['sh', '-c', 'exit 1'] });
    await e.createContainer({ image: 'busybox', name: 'never', pod: 'badinit', command: ['sleep', '1000'] });
    const err = await caught(e.pods.start('badinit'));
    expect(err.message).toBe(`init container ${init.id} exited with code 1`);
    expect(Object.keys(err.details?.errors ?? {})).toEqual([]);
    expect(state('never').Status).toBe('created');
    expect(state('never').StartedAt).toBe('0001-01-01T00:00:00Z');
  });

  it('init containers are refused without a pod, with a bad value, and into a running pod', async () => {
    await expect(e.createContainer({ image: 'busybox', initCtr: 'once', command: ['true'] })).rejects.toThrow('must specify pod value with init-ctr');
    await e.pods.create({ name: 'busy-pod' });
    await e.createContainer({ image: 'busybox', name: 'busy-app', pod: 'busy-pod', init: true, command: ['sleep', '1000'] });
    await e.pods.start('busy-pod');
    await expect(e.createContainer({ image: 'busybox', pod: 'busy-pod', initCtr: 'always', command: ['true'] })).rejects.toThrow('cannot add init-ctr to a running pod');
    await e.pods.remove('busy-pod', { force: true, timeout: 0 });
  });
});

describe('pod stop', () => {
  it('-t 2 stops independent SIGTERM-ignoring containers in parallel: every stop signal before the first SIGKILL', async () => {
    await e.pods.create({ name: 'stubborn' });
    const names = ['s1', 's2', 's3', 's4'];
    for (const n of names) await e.createContainer({ image: 'busybox', name: n, pod: 'stubborn', command: ['sh', '-c', IGNORE_TERM] });
    await e.pods.start('stubborn');
    for (const n of names) await until(async () => (await logText(n)).includes('ready'), 10_000, `${n} to be ready`);
    const before = e.listEvents().length;
    const t0 = Date.now();
    const report = await e.pods.stop('stubborn', { timeout: 2 });
    const elapsed = Date.now() - t0;
    expect(report.Warnings).toHaveLength(4);
    const termTimes = await Promise.all(names.map(async (n) => {
      const l = (await lines(n)).find((x) => x.text === 'got-term');
      expect(l, `${n} got its stop signal`).toBeDefined();
      return Date.parse(l!.time);
    }));
    const killTimes = e.listEvents().slice(before).filter((ev) => ev.Status === 'kill' && ev.Attributes?.signal === 'SIGKILL').map((ev) => ev.timeNano / 1e6);
    expect(killTimes).toHaveLength(4);
    expect(Math.max(...termTimes)).toBeLessThan(Math.min(...killTimes));
    // Serial would take 4 x 2 s at least.
    expect(elapsed).toBeLessThan(4 * 2000);
    for (const n of names) expect(state(n)).toMatchObject({ Status: 'exited', ExitCode: 137 });
  });

  it('inspect and ps answer from another process during a slow stop, showing stopping', async () => {
    await e.pods.create({ name: 'slow' });
    await e.createContainer({ image: 'busybox', name: 'slowpoke', pod: 'slow', command: ['sh', '-c', IGNORE_TERM] });
    await e.pods.start('slow');
    await until(async () => (await logText('slowpoke')).includes('ready'), 10_000, 'slowpoke to be ready');
    const stopping = e.pods.stop('slow', { timeout: 10 });
    await until(() => state('slowpoke').Status === 'stopping', 5000, 'the stopping state');
    const run = (args: string[]) =>
      new Promise<{ out: string; ms: number }>((resolve, reject) => {
        const t0 = Date.now();
        const p = spawn(process.execPath, [CLI, '--root', t.root, '--runroot', t.runroot, ...args]);
        let out = '';
        p.stdout.on('data', (d: Buffer) => (out += d.toString()));
        p.on('error', reject);
        p.on('close', () => resolve({ out, ms: Date.now() - t0 }));
      });
    const [inspect, ps] = await Promise.all([run(['pod', 'inspect', 'slow']), run(['ps', '-a', '--format', 'json'])]);
    const pod = (JSON.parse(inspect.out) as PodInspect[])[0]!;
    expect(pod.Containers.find((c) => c.Name === 'slowpoke')?.State).toBe('stopping');
    expect(pod.State).toBe('Degraded');
    const rows = JSON.parse(ps.out) as { Names: string[]; State: string }[];
    expect(rows.find((r) => r.Names[0] === 'slowpoke')?.State).toBe('stopping');
    // They answered while the stop was still waiting on its 10 s timeout.
    expect(state('slowpoke').Status).toBe('stopping');
    await stopping;
    expect(state('slowpoke').ExitCode).toBe(137);
  }, 60_000);
});

describe('pause, restart, kill', () => {
  it('pause then unpause: Paused then Running; unpausing a running pod is a silent no-op', async () => {
    await e.pods.create({ name: 'freeze' });
    await e.createContainer({ image: 'busybox', name: 'f1', pod: 'freeze', command: ['sleep', '1000'] });
    await e.createContainer({ image: 'busybox', name: 'f2', pod: 'freeze', command: ['sleep', '1000'] });
    await e.pods.start('freeze');
    if (!e.cgroupsUsable()) {
      // Rootless on cgroup v1: no freezer. The refusal comes first and changes nothing.
      await expect(e.pods.pause('freeze')).rejects.toThrow('can not pause pods containing rootless containers with cgroup V1');
      expect(e.pods.inspect('freeze').State).toBe('Running');
      return;
    }
    await e.pods.pause('freeze');
    const paused = e.pods.inspect('freeze');
    expect(paused.State).toBe('Paused');
    expect(paused.Containers.every((c) => c.State === 'paused')).toBe(true);
    await e.pods.unpause('freeze');
    expect(e.pods.inspect('freeze').State).toBe('Running');
    const before = e.listEvents().length;
    await expect(e.pods.unpause('freeze')).resolves.toMatchObject({ Name: 'freeze' });
    expect(e.listEvents().length).toBe(before);
    expect(e.pods.inspect('freeze').State).toBe('Running');
  });

  it('kill -s BOGUS is refused; kill with nothing running is refused', async () => {
    const before = e.listEvents().length;
    await expect(e.pods.kill('freeze', 'BOGUS')).rejects.toThrow('invalid signal: BOGUS');
    expect(e.listEvents().length).toBe(before);
    expect(e.pods.inspect('freeze').State).toBe('Running');
    await e.pods.kill('freeze', 'SIGKILL');
    await until(() => e.pods.inspect('freeze').State === 'Exited', 10_000, 'the pod to exit');
    await expect(e.pods.kill('freeze', 'KILL')).rejects.toThrow('cannot kill a pod with no running containers');
  });

  it('restart stops in reverse order, starts in order, gives new StartedAt, runs no init container', async () => {
    const pod = await e.pods.create({ name: 'again' });
    await e.createContainer({ image: 'busybox', name: 'r-init', pod: 'again', initCtr: 'always', command: ['true'] });
    await e.createContainer({ image: 'busybox', name: 'r1', pod: 'again', init: true, command: ['sleep', '1000'] });
    await e.createContainer({ image: 'busybox', name: 'r2', pod: 'again', init: true, requires: ['r1'], command: ['sleep', '1000'] });
    await e.pods.start('again');
    const first = Object.fromEntries(['r1', 'r2', pod.infraId!].map((c) => [c, state(c).StartedAt]));
    const before = e.listEvents().length;
    await e.pods.restart('again');
    const evs = e.listEvents().slice(before).filter((ev) => ev.Type === 'container');
    const seq = evs.filter((ev) => ev.Status === 'stop' || ev.Status === 'start').map((ev) => `${ev.Status}:${ev.Name}`);
    const infraName = `${pod.id.slice(0, 12)}-infra`;
    expect(seq).toEqual(['stop:r2', 'stop:r1', `stop:${infraName}`, `start:${infraName}`, 'start:r1', 'start:r2']);
    expect(evs.some((ev) => ev.Name === 'r-init')).toBe(false);
    for (const [c, started] of Object.entries(first)) expect(Date.parse(state(c).StartedAt)).toBeGreaterThan(Date.parse(started));
    expect(e.pods.inspect('again').State).toBe('Running');
    await e.pods.remove('again', { force: true, timeout: 0 });
  });

  it('restarting a never-started pod starts it', async () => {
    await e.pods.create({ name: 'fresh' });
    await e.createContainer({ image: 'busybox', name: 'fresh1', pod: 'fresh', init: true, command: ['sleep', '1000'] });
    await e.pods.restart('fresh');
    expect(e.pods.inspect('fresh').State).toBe('Running');
    await e.pods.remove('fresh', { force: true, timeout: 0 });
  });
});

describe('pod state and exit policy', () => {
  it('Created, Running, Degraded, Stopped, Exited from real containers', async () => {
    await e.pods.create({ name: 'states' });
    expect(e.pods.inspect('states').State).toBe('Created');
    await e.createContainer({ image: 'busybox', name: 'longrun', pod: 'states', init: true, command: ['sleep', '1000'] });
    await e.createContainer({ image: 'busybox', name: 'shortrun', pod: 'states', command: ['sh', '-c', 'sleep 0.3'] });
    await e.pods.start('states');
    await until(() => e.pods.inspect('states').State === 'Degraded', 10_000, 'Degraded after one container exits');
    await e.pods.stop('states', { timeout: 5 });
    expect(e.pods.inspect('states').State).toBe('Exited');
    await e.createContainer({ image: 'busybox', name: 'neverrun', pod: 'states', command: ['true'] });
    expect(e.pods.inspect('states').State).toBe('Stopped');
  });

  it('exit policy stop: the pod stops (Exited) when only the infra container is left; continue leaves it Degraded', async () => {
    await e.pods.create({ name: 'policy-stop', exitPolicy: 'stop' });
    await e.createContainer({ image: 'busybox', name: 'job', pod: 'policy-stop', command: ['sh', '-c', 'sleep 0.3'] });
    await e.pods.start('policy-stop');
    await until(() => e.pods.inspect('policy-stop').State === 'Exited', 20_000, 'the exit policy to stop the pod');
    await e.pods.create({ name: 'policy-continue' });
    await e.createContainer({ image: 'busybox', name: 'job2', pod: 'policy-continue', command: ['sh', '-c', 'sleep 0.3'] });
    await e.pods.start('policy-continue');
    await until(() => state('job2').Status === 'exited', 10_000, 'job2 to exit');
    await new Promise((r) => setTimeout(r, 500));
    expect(e.pods.inspect('policy-continue').State).toBe('Degraded');
    await e.pods.stop('policy-continue', { timeout: 2 });
  });
});

describe('inspect, events, networking', () => {
  it('inspect of a default pod: shared namespaces, counts, containers sorted by id; a missing pod', async () => {
    const pod = await e.pods.create({ name: 'look', labels: { tier: 'web' } });
    await e.createContainer({ image: 'busybox', name: 'look-init', pod: 'look', initCtr: 'always', command: ['true'] });
    await e.createContainer({ image: 'busybox', name: 'look-a', pod: 'look', command: ['true'] });
    await e.createContainer({ image: 'busybox', name: 'look-b', pod: 'look', command: ['true'] });
    const i = e.pods.inspect('look');
    expect(i.SharedNamespaces).toEqual(['ipc', 'net', 'uts']);
    expect(i.NumContainers).toBe(4);
    expect(i.InfraContainerID).toBe(pod.infraId);
    expect(i.Labels).toEqual({ tier: 'web' });
    const ids = i.Containers.map((c) => c.Id);
    expect(ids).toEqual([...ids].sort());
    expect(Object.keys(i)).toEqual(expect.arrayContaining(['Id', 'Name', 'Namespace', 'Created', 'CreateCommand', 'ExitPolicy', 'State', 'Hostname', 'Labels', 'CreateCgroup', 'CgroupParent', 'CgroupPath', 'CreateInfra', 'InfraContainerID', 'InfraConfig', 'SharedNamespaces', 'NumContainers', 'Containers']));
    expect(() => e.pods.inspect('nopod')).toThrow('no such pod nopod');
    const r = await t.cli(['pod', 'inspect', 'nopod']);
    expect(r.stderr).toContain('Error: no such pod nopod');
    expect(r.code).toBe(125);
  });

  it('events of a start/stop cycle come in the documented order', async () => {
    const pod = await e.pods.create({ name: 'evented' });
    await e.createContainer({ image: 'busybox', name: 'ev1', pod: 'evented', init: true, command: ['sleep', '1000'] });
    const before = e.listEvents().length;
    await e.pods.start('evented');
    await e.pods.stop('evented', { timeout: 5 });
    const evs = e.listEvents().slice(before).filter((ev) => ev.ID === pod.id || ev.PodID === pod.id);
    const key = (s: string) => evs.findIndex((ev) => `${ev.Type}:${ev.Status}:${ev.Type === 'pod' ? 'pod' : ev.Name}` === s);
    const infra = `${pod.id.slice(0, 12)}-infra`;
    const order = [
      `container:init:${infra}`, `container:start:${infra}`, 'container:init:ev1', 'container:start:ev1', 'pod:start:pod',
      'pod:stop:pod', 'container:died:ev1', 'container:stop:ev1', `container:died:${infra}`, `container:stop:${infra}`,
    ].map(key);
    expect(order.every((i) => i >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('two containers in one pod reach each other over 127.0.0.1 and share the hostname', async () => {
    await e.pods.create({ name: 'net', hostname: 'shared-host' });
    await e.createContainer({ image: 'busybox', name: 'server', pod: 'net', command: ['sh', '-c', 'hostname > /tmp/www; echo ok >> /tmp/www; exec httpd -f -p 127.0.0.1:8080 -h /tmp'] });
    await e.createContainer({ image: 'busybox', name: 'client', pod: 'net', requires: ['server'], command: ['sh', '-c', 'echo "client on $(hostname)"; for i in $(seq 1 50); do wget -qO- http://127.0.0.1:8080/www && exit 0; sleep 0.1; done; exit 1'] });
    await e.pods.start('net');
    expect(await e.waitContainer('client')).toBe(0);
    const out = await logText('client');
    expect(out).toContain('client on shared-host');
    expect(out).toContain('shared-host\nok');
    await e.pods.remove('net', { force: true, timeout: 0 });
  });
});

describe('remove and the infra container', () => {
  it('the infra container cannot be removed alone; pod rm -f removes everything', async () => {
    const pod = await e.pods.create({ name: 'gone' });
    await e.createContainer({ image: 'busybox', name: 'gone1', pod: 'gone', init: true, command: ['sleep', '1000'] });
    await e.pods.start('gone');
    await expect(e.removeContainer(pod.infraId!, { force: true })).rejects.toThrow(
      `container ${pod.infraId} is the infra container of pod ${pod.id} and cannot be removed without removing the pod`,
    );
    await expect(e.pods.remove('gone')).rejects.toThrow(/has running or paused containers/);
    expect(e.pods.inspect('gone').State).toBe('Running');
    await e.pods.remove('gone', { force: true, timeout: 2 });
    expect(e.pods.exists('gone')).toBe(false);
    expect(() => e.inspectContainer('gone1')).toThrow('no such container gone1');
    await expect(e.pods.start(pod.id)).rejects.toThrow(`no such pod ${pod.id}`);
  });

  it('bad pod input is refused and changes nothing', async () => {
    const before = e.pods.list().length;
    await expect(e.pods.create({ name: 'states' })).rejects.toThrow('name "states" is in use: pod already exists');
    await expect(e.pods.create({ share: 'net,bogus' })).rejects.toThrow('invalid kernel namespace to share: bogus. Options are: cgroup, ipc, net, pid, uts or none');
    await expect(e.pods.create({ name: 'bad name' })).rejects.toThrow('names must match');
    await expect(e.createContainer({ image: 'busybox', pod: 'nopod', command: ['true'] })).rejects.toThrow('no such pod nopod');
    await expect(e.createContainer({ image: 'busybox', pod: 'look', requires: ['c1'], command: ['true'] })).rejects.toThrow(/dependencies must be in the same pod/);
    expect(e.pods.list().length).toBe(before);
  });
});

describe('the CLI reports per-container failures as Podman does', () => {
  it('pod start with a failing container: one Error line per container, exit 125', async () => {
    await e.pods.create({ name: 'cli-partial' });
    await e.createContainer({ image: 'busybox', name: 'cli-bad', pod: 'cli-partial', command: ['/missing'] });
    await e.createContainer({ image: 'busybox', name: 'cli-good', pod: 'cli-partial', init: true, command: ['sleep', '1000'] });
    const r = await t.cli(['pod', 'start', 'cli-partial']);
    expect(r.code).toBe(125);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^Error: starting container ${idOf('cli-bad')}: .*missing`, 'm'));
    const stop = await t.cli(['pod', 'stop', '-t', '1', 'cli-partial']);
    expect(stop.stdout.trim()).toBe('cli-partial');
    expect(stop.code).toBe(0);
  });
});
