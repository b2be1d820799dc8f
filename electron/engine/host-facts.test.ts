import { describe, expect, it } from 'vitest';
import { parseLimits, detectCgroups } from './host-facts.js';

const limits = `Limit                     Soft Limit           Hard Limit           Units
Max processes             95000                95000                processes
Max open files            1024                 20000                files
`;

describe('host facts', () => {
  it('reads hard rlimits from /proc/self/limits', () => {
    expect(parseLimits(limits)).toEqual({ nofile: 20000, nproc: 95000 });
    expect(parseLimits(limits.replace('95000                processes', 'unlimited            processes')).nproc).toBe(Infinity);
  });
  const v1 = '30 25 0:26 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu\n31 25 0:27 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n';
  it('finds the hybrid hugetlb problem and says how to fix it', () => {
    const f = detectCgroups(v1, 'hugetlb\n');
    expect(f.version).toBe('v1');
    expect(f.problem).toMatch(/mount -t cgroup -o hugetlb cgroup \/run\/podyard-hugetlb/);
  });
  it('is content with hybrid mode once hugetlb moved, and with pure v2', () => {
    expect(detectCgroups(v1, '\n')).toEqual({ version: 'v1' });
    expect(detectCgroups('31 25 0:27 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n', 'cpu memory hugetlb')).toEqual({ version: 'v2' });
  });
});

import { parseSubIds, rootlessFacts, idMappings, cgroupDelegated } from './host-facts.js';

describe('rootless facts', () => {
  const subuid = 'alice:100000:65536\n1002:300000:1000\n';
  it('reads subordinate ranges by name or uid', () => {
    expect(parseSubIds(subuid, 'alice', 1001)).toEqual({ start: 100000, count: 65536 });
    expect(parseSubIds(subuid, 'bob', 1002)).toEqual({ start: 300000, count: 1000 });
    expect(parseSubIds(subuid, 'carol', 1003)).toBeUndefined();
  });
  it('maps 0 to the user and 1.. to the range, as Podman', () => {
    expect(idMappings(1001, { start: 100000, count: 65536 })).toEqual([
      { containerID: 0, hostID: 1001, size: 1 },
      { containerID: 1, hostID: 100000, size: 65536 },
    ]);
    expect(idMappings(1001, undefined)).toEqual([{ containerID: 0, hostID: 1001, size: 1 }]);
  });
  const base = { user: 'carol', uid: 1003, gid: 1003, subuidText: subuid, subgidText: subuid, newuidmap: true, cgroups: { version: 'v2' as const }, delegated: true };
  it('names each missing prerequisite with the command that fixes it', () => {
    expect(rootlessFacts({ ...base, user: 'alice', uid: 1001 }).problems).toEqual([]);
    const p = rootlessFacts({ ...base, newuidmap: false, delegated: false }).problems.map((x) => x.fix);
    expect(p).toEqual([
      'apt-get install uidmap',
      'usermod --add-subuids 100000-165535 --add-subgids 100000-165535 carol',
      'delegate the user cgroup, e.g. systemctl edit user@.service with Delegate=yes',
    ]);
    expect(rootlessFacts({ ...base, user: 'alice', uid: 1001, cgroups: { version: 'v1' } }).problems[0]!.what).toMatch(/cgroups v1/);
  });
  it('sees delegation only on v2 with a writable own cgroup', () => {
    const self = '0::/user.slice/user-1001.slice/session-1.scope\n';
    expect(cgroupDelegated({ version: 'v2' }, self, (p) => p === '/sys/fs/cgroup/user.slice/user-1001.slice/session-1.scope/cgroup.subtree_control')).toBe(true);
    expect(cgroupDelegated({ version: 'v2' }, self, () => false)).toBe(false);
    expect(cgroupDelegated({ version: 'v1' }, self, () => true)).toBe(false);
  });
});

import { cgroupBase } from './host-facts.js';

describe('cgroupBase', () => {
  it('is /podyard for root, and below the user\'s own cgroup when delegated', () => {
    expect(cgroupBase(false, '0::/whatever\n')).toBe('/podyard');
    expect(cgroupBase(true, '0::/user.slice/user-1001.slice/user@1001.service/app.slice\n')).toBe('/user.slice/user-1001.slice/user@1001.service/app.slice/podyard');
  });
});
