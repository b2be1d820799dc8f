import { describe, expect, it, inject } from 'vitest';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { TestRoot, until, hostedRootWithBusybox, logLines } from '../testing/harness.js';
import type { Engine } from './engine.js';

let t: TestRoot;
let e: Engine;
hostedRootWithBusybox((root, engine) => {
  t = root;
  e = engine;
});

const logText = async (ref: string) => (await logLines(e, ref)).map((l) => l.text).join('\n');

/** Runs a container to its end and returns the recorded exit code. */
async function runToExit(name: string, script: string, extra: { init?: boolean } = {}): Promise<number> {
  await e.createContainer({ image: 'busybox', name, command: ['sh', '-c', script], ...extra });
  await e.startContainer(name);
  const code = await e.waitContainer(name);
  await e.cleanupContainer(name);
  return code;
}

describe('containers on crun + conmon', () => {
  it('a container that prints and exits: logs show the output, inspect the exit code', async () => {
    expect(await runToExit('exit0', 'echo out-zero; echo err-zero >&2')).toBe(0);
    expect(await logText('exit0')).toContain('out-zero');
    expect(await logText('exit0')).toContain('err-zero');
    const i = e.inspectContainer('exit0');
    expect(i.State.Status).toBe('exited');
    expect(i.State.ExitCode).toBe(0);
    expect(Date.parse(i.State.FinishedAt)).toBeGreaterThanOrEqual(Date.parse(i.Created));

    expect(await runToExit('exit3', 'echo three; exit 3')).toBe(3);
    expect(e.inspectContainer('exit3').State.ExitCode).toBe(3);

    // PID 1 cannot be SIGKILLed from inside its namespace: the signal comes from outside.
    await e.createContainer({ image: 'busybox', name: 'exit137', command: ['sleep', '1000'] });
    await e.startContainer('exit137');
    await e.killContainer('exit137', 'KILL');
    expect(await e.waitContainer('exit137')).toBe(137);
    await e.cleanupContainer('exit137');
    expect(e.inspectContainer('exit137').State).toMatchObject({ Status: 'exited', ExitCode: 137 });
  });

  it('stop -t 1 on a container that ignores SIGTERM ends it by SIGKILL after the timeout', async () => {
    await e.createContainer({ image: 'busybox', name: 'ignterm', command: ['sh', '-c', 'trap "" TERM; while true; do sleep 0.1; done'] });
    await e.startContainer('ignterm');
    const before = e.listEvents().length;
    const t0 = Date.now();
    const { warnings } = await e.stopContainer('ignterm', { timeout: 1 });
    const elapsed = Date.now() - t0;
    expect(warnings[0]).toMatch(/StopSignal SIGTERM failed to stop container ignterm in 1 seconds, resorting to SIGKILL/);
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(15_000);
    const i = e.inspectContainer('ignterm');
    expect(i.State).toMatchObject({ Status: 'exited', ExitCode: 137 });
    const actions = e.listEvents().slice(before).filter((ev) => ev.Name === 'ignterm').map((ev) => ev.Status);
    expect(actions.indexOf('kill')).toBeGreaterThanOrEqual(0);
    expect(actions.indexOf('kill')).toBeLessThan(actions.indexOf('died'));
    expect(actions.indexOf('died')).toBeLessThan(actions.indexOf('stop'));
  });

  it('with --init, SIGTERM stops a shell (exit 143)', async () => {
    await e.createContainer({ image: 'busybox', name: 'withinit', init: true, command: ['sleep', '1000'] });
    await e.startContainer('withinit');
    const { warnings } = await e.stopContainer('withinit', { timeout: 10 });
    expect(warnings).toEqual([]);
    expect(e.inspectContainer('withinit').State).toMatchObject({ Status: 'exited', ExitCode: 143 });
  });

  it('pause and unpause go through the freezer', async () => {
    await e.createContainer({ image: 'busybox', name: 'frozen', command: ['sleep', '1000'] });
    const row = await e.startContainer('frozen');
    if (!e.cgroupsUsable()) {
      // Rootless on cgroup v1: there is no freezer to use.
      await expect(e.pauseContainer('frozen')).rejects.toThrow('cannot pause without using Cgroups');
      expect(e.inspectContainer('frozen').State.Status).toBe('running');
      await e.killContainer('frozen');
      return;
    }
    await e.pauseContainer('frozen');
    expect(e.inspectContainer('frozen').State.Status).toBe('paused');
    const freezer = `/sys/fs/cgroup/freezer/podyard/${row.id}/freezer.state`;
    expect(readFileSync(freezer, 'utf8').trim()).toBe('FROZEN');
    await expect(e.pauseContainer('frozen')).rejects.toThrow(/paused already/);
    await e.unpauseContainer('frozen');
    expect(e.inspectContainer('frozen').State.Status).toBe('running');
    expect(readFileSync(freezer, 'utf8').trim()).toBe('THAWED');
    await expect(e.unpauseContainer('frozen')).rejects.toThrow(/is not paused, can't unpause: container state improper/);
    await e.killContainer('frozen');
  });

  it('kill -s USR1 reaches the process; kill -s BOGUS changes nothing', async () => {
    await e.createContainer({ image: 'busybox', name: 'usr1', command: ['sh', '-c', 'trap "echo got-usr1" USR1; echo ready; while true; do sleep 0.1; done'] });
    await e.startContainer('usr1');
    await until(async () => (await logText('usr1')).includes('ready'), 10_000, 'the trap to be set');
    const eventsBefore = e.listEvents().length;
    await expect(e.killContainer('usr1', 'BOGUS')).rejects.toThrow('invalid signal: BOGUS');
    expect(e.listEvents().length).toBe(eventsBefore);
    expect(e.inspectContainer('usr1').State.Status).toBe('running');
    await e.killContainer('usr1', 'USR1');
    await until(async () => (await logText('usr1')).includes('got-usr1'), 10_000, 'the USR1 trap output');
    expect(e.inspectContainer('usr1').State.Status).toBe('running');
    await e.killContainer('usr1', 'KILL');
    expect(await e.waitContainer('usr1')).toBe(137);
  });

  it('runc is selectable per container', async () => {
    await e.createContainer({ image: 'busybox', name: 'via-runc', runtime: 'runc', init: true, command: ['sh', '-c', 'echo via runc; exec sleep 1000'] });
    await e.startContainer('via-runc');
    expect(e.inspectContainer('via-runc').OCIRuntime).toBe('runc');
    expect(await e.runtime('runc').state(e.resolveContainer('via-runc').id)).toMatchObject({ status: 'running' });
    const { warnings } = await e.stopContainer('via-runc', { timeout: 5 });
    expect(warnings).toEqual([]);
    expect(e.inspectContainer('via-runc').State).toMatchObject({ Status: 'exited', ExitCode: 143 });
    expect(await logText('via-runc')).toBe('via runc');
    await expect(e.createContainer({ image: 'busybox', runtime: 'youki', command: ['true'] })).rejects.toThrow('unknown OCI runtime "youki": use crun or runc');
  });

  it('each container has its own writable root over the image', async () => {
    await runToExit('writer', 'echo mine > /etc/marker');
    await runToExit('reader', 'cat /etc/marker 2>/dev/null || echo absent');
    expect(await logText('reader')).toBe('absent');
    const img = e.images.resolve('busybox');
    expect(existsSync(`${img.config.rootfs}/etc/marker`)).toBe(false);
  });

  it('restart policy on-failure:2 restarts twice, then leaves the container exited', async () => {
    await e.createContainer({ image: 'busybox', name: 'flaky', restart: 'on-failure:2', command: ['sh', '-c', 'exit 1'] });
    await e.startContainer('flaky');
    // conmon's exit command (the real CLI) applies the policy.
    await until(() => {
      const i = e.inspectContainer('flaky');
      return i.RestartCount === 2 && i.State.Status === 'exited';
    }, 30_000, 'two restarts');
    await new Promise((r) => setTimeout(r, 500));
    expect(e.inspectContainer('flaky').RestartCount).toBe(2);
  });

  it('stop marks the container stopped by user, so restart=always does not revive it', async () => {
    await e.createContainer({ image: 'busybox', name: 'always', restart: 'always', init: true, command: ['sleep', '1000'] });
    await e.startContainer('always');
    await e.stopContainer('always', { timeout: 5 });
    await new Promise((r) => setTimeout(r, 1000));
    expect(e.inspectContainer('always').State.Status).toBe('exited');
    expect(e.inspectContainer('always').RestartCount).toBe(0);
  });

  it('restart gives a new StartedAt', async () => {
    await e.createContainer({ image: 'busybox', name: 'again', init: true, command: ['sleep', '1000'] });
    await e.startContainer('again');
    const first = e.inspectContainer('again').State.StartedAt;
    await e.restartContainer('again', 1);
    const second = e.inspectContainer('again').State;
    expect(second.Status).toBe('running');
    expect(Date.parse(second.StartedAt)).toBeGreaterThan(Date.parse(first));
    await e.removeContainer('again', { force: true, timeout: 0 });
  });

  it('conmon dead without an exit file: stopped, exit -1, the documented error', async () => {
    await e.createContainer({ image: 'busybox', name: 'orphaned', command: ['sleep', '1000'] });
    const row = await e.startContainer('orphaned');
    const fresh = e.store.getContainer(row.id)!;
    // Kill conmon first so it cannot write the exit file, then the container.
    process.kill(fresh.conmonPid, 'SIGKILL');
    await until(() => !existsSync(`/proc/${fresh.conmonPid}`), 5000, 'conmon to die');
    await e.runtime().kill(row.id, 9);
    await until(async () => (await e.runtime().state(row.id))?.status === 'stopped', 5000, 'the container to stop');
    await e.reconcile();
    const i = e.inspectContainer('orphaned');
    expect(i.State.Status).toBe('stopped');
    expect(i.State.ExitCode).toBe(-1);
    expect(i.State.Error).toBe('conmon died without writing exit file, container exit code could not be retrieved');
  });

  it('after a reboot, running containers are exited and created ones stay created', async () => {
    await e.createContainer({ image: 'busybox', name: 'boot-run', command: ['sleep', '1000'] });
    await e.createContainer({ image: 'busybox', name: 'boot-new', command: ['true'] });
    const row = await e.startContainer('boot-run');
    // Simulate the reboot: the runtime state is gone and the boot id differs.
    await e.runtime().delete(row.id, true);
    e.store.setMeta('boot_id', 'a-previous-boot');
    await e.reconcile();
    expect(e.inspectContainer('boot-run').State).toMatchObject({ Status: 'exited', Pid: 0 });
    expect(e.inspectContainer('boot-new').State.Status).toBe('created');
    // And it starts again afterwards.
    await e.startContainer('boot-run');
    expect(e.inspectContainer('boot-run').State.Status).toBe('running');
    await e.removeContainer('boot-run', { force: true, timeout: 0 });
  });
});

describe('bad input is refused with a clear message and changes nothing', () => {
  function snapshot() {
    return {
      containers: e.store.listContainers().map((c) => `${c.id}:${c.state}`).sort(),
      images: e.listImages().map((i) => `${i.Id}:${i.Names.join(',')}`).sort(),
      events: e.listEvents().length,
    };
  }

  it('unknown image, duplicate name, invalid name, bad restart policy, bad signal', async () => {
    await e.createContainer({ image: 'busybox', name: 'taken', command: ['true'] });
    const before = snapshot();
    await expect(e.createContainer({ image: 'nosuchimage', command: ['true'] })).rejects.toThrow('no such image nosuchimage');
    await expect(e.createContainer({ image: 'busybox', name: 'taken', command: ['true'] })).rejects.toThrow(
      /the container name "taken" is already in use by [0-9a-f]{64}\. You have to remove that container to be able to reuse that name: that name is already in use/,
    );
    await expect(e.createContainer({ image: 'busybox', name: 'no good', command: ['true'] })).rejects.toThrow(
      'names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument',
    );
    await expect(e.createContainer({ image: 'busybox', restart: 'sometimes', command: ['true'] })).rejects.toThrow(/invalid restart policy/);
    await expect(e.createContainer({ image: 'busybox', stopSignal: 'NOPE', command: ['true'] })).rejects.toThrow('invalid signal: NOPE');
    await expect(e.createContainer({ image: 'busybox' })).rejects.toThrow(/no command or entrypoint provided/);
    expect(snapshot()).toEqual(before);
  });

  it('rm of a running container without -f, rmi of an image in use', async () => {
    await e.createContainer({ image: 'busybox', name: 'busy', init: true, command: ['sleep', '1000'] });
    await e.startContainer('busy');
    const before = snapshot();
    await expect(e.removeContainer('busy')).rejects.toThrow(
      /cannot remove container [0-9a-f]{64} as it is running - running or paused containers cannot be removed without force: container state improper/,
    );
    await expect(e.removeImage('busybox')).rejects.toThrow(/image used by [0-9a-f]{64}: image is in use by a container/);
    expect(snapshot()).toEqual(before);
    expect(e.inspectContainer('busy').State.Status).toBe('running');
    await e.removeContainer('busy', { force: true, timeout: 0 });
    expect(() => e.inspectContainer('busy')).toThrow('no such container busy');
  });

  it('a corrupt tarball and a missing file', async () => {
    const bad = `${t.dir}/corrupt.tar`;
    writeFileSync(bad, 'this is not a tar archive at all'.repeat(50));
    const before = snapshot();
    await expect(e.importImage(bad, 'broken')).rejects.toThrow(/is not a valid rootfs tarball/);
    await expect(e.importImage(`${t.dir}/missing.tar`, 'broken')).rejects.toThrow(/does not exist/);
    expect(snapshot()).toEqual(before);
    expect(() => e.images.resolve('broken')).toThrow('no such image broken');
  });

  it('a second name of the same content only untags', async () => {
    await e.importImage(inject('busyboxTar'), 'other:1');
    const img = e.images.resolve('other:1');
    // Same content as busybox: one image with two names; removing one name only untags.
    expect(img.names).toEqual(expect.arrayContaining(['localhost/busybox:latest', 'localhost/other:1']));
    const r = await e.removeImage('other:1');
    expect(r).toEqual({ untagged: ['localhost/other:1'], deleted: [] });
    expect(e.images.resolve('busybox').id).toBe(img.id);
  });
});

describe('image removal with force', () => {
  it('rmi -f removes the containers using the image first', async () => {
    await e.importImage(inject('busyboxTar'), 'solo');
    const dir = `${t.dir}/solo-rootfs`;
    const { execFileSync } = await import('node:child_process');
    execFileSync('mkdir', ['-p', `${dir}/bin`]);
    execFileSync('cp', ['/bin/busybox', `${dir}/bin/sh`]);
    writeFileSync(`${dir}/marker`, 'distinct content');
    const img = await e.importImage(dir, 'fromdir');
    expect(img.names).toEqual(['localhost/fromdir:latest']);
    const c = await e.createContainer({ image: 'fromdir', name: 'user-of-fromdir', command: ['/bin/sh', '-c', 'sleep 100'] });
    await e.startContainer(c.id);
    const r = await e.removeImage('fromdir', true);
    expect(r.deleted).toEqual([img.id]);
    expect(() => e.inspectContainer('user-of-fromdir')).toThrow('no such container user-of-fromdir');
    expect(() => e.images.resolve('fromdir')).toThrow('no such image fromdir');
  });
});
