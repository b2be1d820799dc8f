import { readFileSync, existsSync } from 'node:fs';

/**
 * Facts about the machine the engine runs on, read from /proc and /sys. Each
 * reader takes its file paths as parameters so tests can feed it fixtures.
 */

export interface RlimitHard {
  nofile: number;
  nproc: number;
}

/** Parses /proc/self/limits into hard limits ("unlimited" -> Infinity). */
export function parseLimits(text: string): RlimitHard {
  const hard = (label: string, fallback: number): number => {
    const line = text.split('\n').find((l) => l.startsWith(label));
    if (line === undefined) return fallback;
    const cols = line.slice(label.length).trim().split(/\s+/);
    const v = cols[1];
    if (v === undefined) return fallback;
    return v === 'unlimited' ? Number.POSITIVE_INFINITY : Number(v);
  };
  return { nofile: hard('Max open files', 1024), nproc: hard('Max processes', 4096) };
}

export function readHardLimits(file = '/proc/self/limits'): RlimitHard {
  return parseLimits(readFileSync(file, 'utf8'));
}

export function readBootId(file = '/proc/sys/kernel/random/boot_id'): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return 'unknown';
  }
}

export interface CgroupFacts {
  version: 'v1' | 'v2';
  /** The reason containers cannot get cgroups here, with the fix, if any. */
  problem?: string;
}

/**
 * Looks at the cgroup mounts. On a v1 hybrid host crun refuses to run while the
 * unified (v2) hierarchy holds the hugetlb controller; the fix is to mount hugetlb
 * as a v1 hierarchy, which moves it off the unified one.
 */
export function detectCgroups(mountinfo: string, unifiedControllers: string | undefined): CgroupFacts {
  const lines = mountinfo.split('\n');
  const fsTypes = lines.map((l) => {
    const sep = l.indexOf(' - ');
    return sep < 0 ? '' : (l.slice(sep + 3).split(' ')[0] ?? '');
  });
  const hasV1 = fsTypes.includes('cgroup');
  const hasV2 = fsTypes.includes('cgroup2');
  if (!hasV1 && hasV2) return { version: 'v2' };
  if (hasV1 && unifiedControllers !== undefined && unifiedControllers.split(/\s+/).includes('hugetlb')) {
    return {
      version: 'v1',
      problem:
        'cgroups are in hybrid mode and the unified hierarchy holds the hugetlb controller, which the OCI runtime refuses ("cgroups in hybrid mode not supported"). ' +
        'Fix it as root with: mkdir -p /run/podyard-hugetlb && mount -t cgroup -o hugetlb cgroup /run/podyard-hugetlb (or run the setup script: build/setup-host.sh)',
    };
  }
  return { version: 'v1' };
}

export function readCgroupFacts(): CgroupFacts {
  const mountinfo = readFileSync('/proc/self/mountinfo', 'utf8');
  const unifiedFile = '/sys/fs/cgroup/unified/cgroup.controllers';
  const unified = existsSync(unifiedFile) ? readFileSync(unifiedFile, 'utf8') : undefined;
  return detectCgroups(mountinfo, unified);
}

/** Whether a process with this pid exists (and, if given, started at this time). */
export function processAlive(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The start time of a process (clock ticks since boot), to tell a reused pid apart. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces and parentheses: fields start after the last ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return rest[19];
  } catch {
    return undefined;
  }
}
