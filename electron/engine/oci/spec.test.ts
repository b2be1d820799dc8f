import { describe, expect, it } from 'vitest';
import { buildSpec, mergeEnv, resolveUser, INIT_PATH_IN_CONTAINER, type SpecInput } from './spec.js';

const base: SpecInput = {
  args: ['sh', '-c', 'echo hi'],
  env: ['PATH=/bin'],
  cwd: '/',
  uid: 0,
  gid: 0,
  hostname: 'box',
  rootfs: '/r/merged',
  namespaces: [{ type: 'pid' }, { type: 'mount' }],
  cgroupsPath: '/podyard/abc',
  hardLimits: { nofile: 20000, nproc: Infinity },
  binds: [{ source: '/b/hosts', destination: '/etc/hosts' }],
};

describe('buildSpec', () => {
  it('never asks for rlimits above the hard limit', () => {
    const s = buildSpec(base);
    const nofile = s.process.rlimits.find((r) => r.type === 'RLIMIT_NOFILE')!;
    expect(nofile.hard).toBe(20000);
    expect(nofile.soft).toBe(20000);
    expect(s.process.rlimits.find((r) => r.type === 'RLIMIT_NPROC')!.hard).toBe(4194304);
  });
  it('runs catatonit as PID 1 with --init', () => {
    const s = buildSpec({ ...base, initPath: '/usr/bin/catatonit' });
    expect(s.process.args).toEqual([INIT_PATH_IN_CONTAINER, '--', 'sh', '-c', 'echo hi']);
    expect(s.mounts.find((m) => m.destination === INIT_PATH_IN_CONTAINER)?.source).toBe('/usr/bin/catatonit');
  });
  it('joins namespaces by path and keeps the cgroup path', () => {
    const s = buildSpec({ ...base, namespaces: [{ type: 'network', path: '/proc/42/ns/net' }, { type: 'mount' }] });
    expect(s.linux.namespaces).toContainEqual({ type: 'network', path: '/proc/42/ns/net' });
    expect(s.linux.cgroupsPath).toBe('/podyard/abc');
    expect(s.mounts.some((m) => m.type === 'cgroup')).toBe(true);
  });
  it('can leave out the /sys/fs/cgroup view but keep the cgroup (runc)', () => {
    const s = buildSpec({ ...base, cgroupMount: false });
    expect(s.linux.cgroupsPath).toBe('/podyard/abc');
    expect(s.mounts.some((m) => m.type === 'cgroup')).toBe(false);
  });
  it('leaves cgroups out entirely when there are none', () => {
    const { cgroupsPath: _omit, ...noCg } = base;
    const s = buildSpec(noCg);
    expect(s.linux.cgroupsPath).toBeUndefined();
    expect(s.mounts.some((m) => m.type === 'cgroup')).toBe(false);
  });
  it('bind-mounts the pod /dev/shm instead of a private tmpfs', () => {
    const s = buildSpec({ ...base, shmSource: '/run/pods/p/shm' });
    const shm = s.mounts.find((m) => m.destination === '/dev/shm')!;
    expect(shm.type).toBe('bind');
    expect(shm.source).toBe('/run/pods/p/shm');
  });
  it('sets resources only with a cgroup', () => {
    const s = buildSpec({ ...base, resources: { cpuQuota: 50000, memoryLimit: 1 << 20 } });
    expect(s.linux.resources).toEqual({ cpu: { quota: 50000, period: 100000 }, memory: { limit: 1 << 20 } });
  });
});

describe('mergeEnv and resolveUser', () => {
  it('lets later lists win per key', () => {
    expect(mergeEnv(['PATH=/a', 'X=1'], ['X=2', 'Y=3'])).toEqual(['PATH=/a', 'X=2', 'Y=3']);
  });
  const passwd = 'root:x:0:0::/root:/bin/sh\nnobody:x:65534:65534::/:/bin/false\n';
  const group = 'root:x:0:\nnogroup:x:65534:\n';
  it('resolves names and numbers', () => {
    expect(resolveUser('', passwd, group)).toEqual({ uid: 0, gid: 0 });
    expect(resolveUser('nobody', passwd, group)).toEqual({ uid: 65534, gid: 65534 });
    expect(resolveUser('1000:nogroup', passwd, group)).toEqual({ uid: 1000, gid: 65534 });
    expect(resolveUser('1000', passwd, group)).toEqual({ uid: 1000, gid: 0 });
  });
  it('refuses unknown names', () => {
    expect(() => resolveUser('ghost', passwd, group)).toThrow(/unable to find user ghost/);
  });
});
