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

export interface SubIdRange {
  start: number;
  count: number;
}

/**
 * The first subordinate id range of a user in /etc/subuid or /etc/subgid text
 * (`name:start:count`, or the uid instead of the name).
 */
export function parseSubIds(text: string, user: string, uid: number): SubIdRange | undefined {
  for (const line of text.split('\n')) {
    const [who, start, count] = line.trim().split(':');
    if ((who === user || who === String(uid)) && start !== undefined && count !== undefined && /^\d+$/.test(start) && /^\d+$/.test(count)) {
      return { start: Number(start), count: Number(count) };
    }
  }
  return undefined;
}

export function readSubIds(file: string, user: string, uid: number): SubIdRange | undefined {
  try {
    return parseSubIds(readFileSync(file, 'utf8'), user, uid);
  } catch {
    return undefined;
  }
}

/** What an unprivileged user needs, and the command that fixes each missing piece. */
export interface RootlessFacts {
  user: string;
  uid: number;
  gid: number;
  subuid?: SubIdRange;
  subgid?: SubIdRange;
  newuidmap: boolean;
  problems: { what: string; fix: string }[];
}

/**
 * Checks the rootless prerequisites. Cgroup v2 with delegation would give rootless
 * containers limits and pause; on v1 (or without delegation) they run without cgroups.
 */
export function rootlessFacts(o: { user: string; uid: number; gid: number; subuidText?: string; subgidText?: string; newuidmap: boolean; cgroups: CgroupFacts; delegated: boolean }): RootlessFacts {
  const subuid = o.subuidText === undefined ? undefined : parseSubIds(o.subuidText, o.user, o.uid);
  const subgid = o.subgidText === undefined ? undefined : parseSubIds(o.subgidText, o.user, o.uid);
  const problems: RootlessFacts['problems'] = [];
  if (!o.newuidmap) problems.push({ what: 'newuidmap and newgidmap are missing: containers get only one uid', fix: 'apt-get install uidmap' });
  if (subuid === undefined || subgid === undefined) {
    problems.push({
      what: `${o.user} has no subordinate ${subuid === undefined ? 'uids' : 'gids'} in /etc/sub${subuid === undefined ? 'uid' : 'gid'}: containers get only one uid`,
      fix: `usermod --add-subuids 100000-165535 --add-subgids 100000-165535 ${o.user}`,
    });
  }
  if (o.cgroups.version === 'v1' || !o.delegated) {
    problems.push({
      what: o.cgroups.version === 'v1' ? 'cgroups v1: rootless containers run without cgroups, so limits and pause are unavailable' : 'no delegated cgroup: limits and pause are unavailable',
      fix: o.cgroups.version === 'v1' ? 'boot with cgroup v2 (systemd.unified_cgroup_hierarchy=1) and delegate controllers to the user' : 'delegate the user cgroup, e.g. systemctl edit user@.service with Delegate=yes',
    });
  }
  return { user: o.user, uid: o.uid, gid: o.gid, ...(subuid !== undefined ? { subuid } : {}), ...(subgid !== undefined ? { subgid } : {}), newuidmap: o.newuidmap, problems };
}

/**
 * Podman's rootless mapping: container id 0 is the user, ids from 1 map to the
 * subordinate range. Without a range, only id 0 exists.
 */
export function idMappings(id: number, range: SubIdRange | undefined): { containerID: number; hostID: number; size: number }[] {
  const m = [{ containerID: 0, hostID: id, size: 1 }];
  if (range !== undefined && range.count > 0) m.push({ containerID: 1, hostID: range.start, size: range.count });
  return m;
}

/** Whether this user may manage a delegated cgroup v2 subtree (its own cgroup is writable). */
export function cgroupDelegated(cgroups: CgroupFacts, procSelfCgroup: string, canWrite: (path: string) => boolean): boolean {
  if (cgroups.version !== 'v2') return false;
  const line = procSelfCgroup.split('\n').find((l) => l.startsWith('0::'));
  if (line === undefined) return false;
  return canWrite(`/sys/fs/cgroup${line.slice(3).trim()}/cgroup.subtree_control`);
}

/**
 * Where Podyard's cgroups go: `/podyard` for root; for a user with a delegated
 * cgroup v2 subtree, below the user's own cgroup (the only place it may write).
 */
export function cgroupBase(rootless: boolean, procSelfCgroup: string): string {
  if (!rootless) return '/podyard';
  const line = procSelfCgroup.split('\n').find((l) => l.startsWith('0::'));
  const own = line === undefined ? '' : line.slice(3).trim().replace(/\/$/, '');
  return `${own}/podyard`;
}
