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
