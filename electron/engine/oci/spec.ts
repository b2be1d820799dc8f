/**
 * Builds the OCI runtime spec (config.json) for a container. Pure: everything it
 * needs about the host (hard rlimits, the init binary's path) comes in as input.
 * The defaults follow Podman's, so a process sees the same environment in both.
 */

export type NamespaceType = 'pid' | 'network' | 'ipc' | 'uts' | 'mount' | 'cgroup' | 'user';

export interface NamespaceSpec {
  type: NamespaceType;
  /** Join this existing namespace (`/proc/PID/ns/...`) instead of making a new one. */
  path?: string;
}

export interface OciMount {
  destination: string;
  type: string;
  source: string;
  options?: string[];
}

export interface IdMapping {
  containerID: number;
  hostID: number;
  size: number;
}

export interface SpecInput {
  args: string[];
  env: string[];
  cwd: string;
  uid: number;
  gid: number;
  additionalGids?: number[];
  hostname: string;
  rootfs: string;
  /** Host path of the static catatonit binary to run as PID 1, or undefined. */
  initPath?: string;
  namespaces: NamespaceSpec[];
  /** Undefined: no cgroup (rootless on cgroup v1). */
  cgroupsPath?: string;
  hardLimits: { nofile: number; nproc: number };
  /** Extra bind mounts (hosts, hostname, resolv.conf, the pod's /dev/shm, ...). */
  binds: { source: string; destination: string; readonly?: boolean }[];
  /** Bind-mount this directory as /dev/shm instead of a private tmpfs. */
  shmSource?: string;
  resources?: { cpuQuota?: number; cpuPeriod?: number; memoryLimit?: number };
  uidMappings?: IdMapping[];
  gidMappings?: IdMapping[];
  annotations?: Record<string, string>;
  /**
   * Mount the container's view of /sys/fs/cgroup (default with a cgroup). runc mirrors
   * every host v1 hierarchy there and fails on the hugetlb hierarchy the host setup
   * moves to /run/podyard-hugetlb, so runc containers go without it.
   */
  cgroupMount?: boolean;
}

/** Podman's default capabilities. */
export const DEFAULT_CAPABILITIES = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_FOWNER',
  'CAP_FSETID',
  'CAP_KILL',
  'CAP_NET_BIND_SERVICE',
  'CAP_SETFCAP',
  'CAP_SETGID',
  'CAP_SETPCAP',
  'CAP_SETUID',
  'CAP_SYS_CHROOT',
];

export const DEFAULT_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Where the init binary appears inside the container. */
export const INIT_PATH_IN_CONTAINER = '/run/podyard-init';

const MASKED_PATHS = [
  '/proc/acpi',
  '/proc/kcore',
  '/proc/keys',
  '/proc/latency_stats',
  '/proc/timer_list',
  '/proc/timer_stats',
  '/proc/sched_debug',
  '/proc/scsi',
  '/sys/firmware',
  '/sys/fs/selinux',
  '/sys/dev/block',
];

const READONLY_PATHS = [
  '/proc/asound',
  '/proc/bus',
  '/proc/fs',
  '/proc/irq',
  '/proc/sys',
  '/proc/sysrq-trigger',
];

/** The wanted soft/hard limit, capped at what this process may grant. */
export function cappedLimit(wanted: number, hard: number): number {
  return Math.min(wanted, hard);
}

export interface OciSpec {
  ociVersion: string;
  process: {
    terminal: boolean;
    user: { uid: number; gid: number; additionalGids?: number[] };
    args: string[];
    env: string[];
    cwd: string;
    capabilities: Record<'bounding' | 'effective' | 'permitted', string[]>;
    rlimits: { type: string; hard: number; soft: number }[];
    noNewPrivileges: boolean;
  };
  root: { path: string; readonly: boolean };
  hostname?: string;
  mounts: OciMount[];
  annotations?: Record<string, string>;
  linux: {
    namespaces: NamespaceSpec[];
    cgroupsPath?: string;
    resources?: {
      cpu?: { quota?: number; period?: number };
      memory?: { limit?: number };
    };
    uidMappings?: IdMapping[];
    gidMappings?: IdMapping[];
    maskedPaths: string[];
    readonlyPaths: string[];
  };
}

export function buildSpec(input: SpecInput): OciSpec {
  const userns = input.namespaces.some((n) => n.type === 'user');
  const mounts: OciMount[] = [
    { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
    {
      destination: '/dev',
      type: 'tmpfs',
      source: 'tmpfs',
      options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'],
    },
    {
      destination: '/dev/pts',
      type: 'devpts',
      source: 'devpts',
      // gid=5 (tty) does not exist inside a user namespace without a mapping for it.
      options: userns
        ? ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620']
        : ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5'],
    },
    { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: ['nosuid', 'noexec', 'nodev'] },
    userns
      ? // A user namespace may not mount a fresh sysfs unless it owns a network namespace.
        { destination: '/sys', type: 'bind', source: '/sys', options: ['rbind', 'nosuid', 'noexec', 'nodev', 'ro'] }
      : { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', 'ro'] },
  ];
  if (input.cgroupsPath !== undefined && input.cgroupMount !== false) {
    mounts.push({
      destination: '/sys/fs/cgroup',
      type: 'cgroup',
      source: 'cgroup',
      options: ['nosuid', 'noexec', 'nodev', 'relatime', 'ro'],
    });
  }
  mounts.push(
    input.shmSource !== undefined
      ? { destination: '/dev/shm', type: 'bind', source: input.shmSource, options: ['rbind', 'nosuid', 'noexec', 'nodev'] }
      : {
          destination: '/dev/shm',
          type: 'tmpfs',
          source: 'shm',
          options: ['nosuid', 'noexec', 'nodev', 'mode=1777', 'size=65536k'],
        },
  );
  for (const b of input.binds) {
    mounts.push({
      destination: b.destination,
      type: 'bind',
      source: b.source,
      options: b.readonly === true ? ['bind', 'ro', 'nosuid', 'nodev'] : ['bind', 'nosuid', 'nodev'],
    });
  }

  let args = input.args;
  if (input.initPath !== undefined) {
    mounts.push({
      destination: INIT_PATH_IN_CONTAINER,
      type: 'bind',
      source: input.initPath,
      options: ['bind', 'ro', 'nosuid', 'nodev'],
    });
    args = [INIT_PATH_IN_CONTAINER, '--', ...input.args];
  }

  const nofile = cappedLimit(1048576, input.hardLimits.nofile);
  const nproc = cappedLimit(4194304, input.hardLimits.nproc);

  const spec: OciSpec = {
    ociVersion: '1.0.2',
    process: {
      terminal: false,
      user:
        input.additionalGids !== undefined && input.additionalGids.length > 0
          ? { uid: input.uid, gid: input.gid, additionalGids: input.additionalGids }
          : { uid: input.uid, gid: input.gid },
      args,
      env: input.env,
      cwd: input.cwd,
      capabilities: {
        bounding: DEFAULT_CAPABILITIES,
        effective: DEFAULT_CAPABILITIES,
        permitted: DEFAULT_CAPABILITIES,
      },
      rlimits: [
        { type: 'RLIMIT_NOFILE', hard: nofile, soft: nofile },
        { type: 'RLIMIT_NPROC', hard: nproc, soft: nproc },
      ],
      noNewPrivileges: false,
    },
    root: { path: input.rootfs, readonly: false },
    mounts,
    linux: {
      namespaces: input.namespaces,
      maskedPaths: MASKED_PATHS,
      readonlyPaths: READONLY_PATHS,
    },
  };
  // A hostname can only be set in a UTS namespace of the container's own.
  if (input.namespaces.some((n) => n.type === 'uts' && n.path === undefined)) spec.hostname = input.hostname;
  if (input.annotations !== undefined) spec.annotations = input.annotations;
  if (input.cgroupsPath !== undefined) {
    spec.linux.cgroupsPath = input.cgroupsPath;
    const r = input.resources;
    if (r !== undefined && (r.cpuQuota !== undefined || r.memoryLimit !== undefined)) {
      spec.linux.resources = {};
      if (r.cpuQuota !== undefined) spec.linux.resources.cpu = { quota: r.cpuQuota, period: r.cpuPeriod ?? 100000 };
      if (r.memoryLimit !== undefined) spec.linux.resources.memory = { limit: r.memoryLimit };
    }
  }
  if (input.uidMappings !== undefined) spec.linux.uidMappings = input.uidMappings;
  if (input.gidMappings !== undefined) spec.linux.gidMappings = input.gidMappings;
  return spec;
}

/** Merges image env under container env: the container's value wins for a key. */
export function mergeEnv(...lists: string[][]): string[] {
  const out = new Map<string, string>();
  for (const list of lists) {
    for (const kv of list) {
      const eq = kv.indexOf('=');
      const key = eq < 0 ? kv : kv.slice(0, eq);
      out.set(key, kv);
    }
  }
  return [...out.values()];
}

/**
 * Resolves `--user` (`uid`, `uid:gid`, `name`, `name:group`) against the image's
 * /etc/passwd and /etc/group text. Throws a clear error for an unknown name.
 */
export function resolveUser(
  user: string,
  passwd: string | undefined,
  group: string | undefined,
): { uid: number; gid: number } {
  if (user === '') return { uid: 0, gid: 0 };
  const [u = '', g] = user.split(':', 2);
  const lookup = (text: string | undefined, name: string, idCol: number): number | undefined => {
    for (const line of (text ?? '').split('\n')) {
      const cols = line.split(':');
      if (cols[0] === name && cols[idCol] !== undefined) return Number(cols[idCol]);
    }
    return undefined;
  };
  let uid: number;
  let gid: number | undefined;
  if (/^\d+$/.test(u)) {
    uid = Number(u);
  } else {
    const found = lookup(passwd, u, 2);
    if (found === undefined) throw new Error(`unable to find user ${u}: no matching entries in passwd file`);
    uid = found;
  }
  if (g === undefined) {
    // The user's primary group from passwd, else gid = 0 (as Podman).
    for (const line of (passwd ?? '').split('\n')) {
      const cols = line.split(':');
      if ((cols[0] === u || cols[2] === String(uid)) && cols[3] !== undefined) {
        gid = Number(cols[3]);
        break;
      }
    }
    gid ??= 0;
  } else if (/^\d+$/.test(g)) {
    gid = Number(g);
  } else {
    gid = lookup(group, g, 2);
    if (gid === undefined) throw new Error(`unable to find group ${g}: no matching entries in group file`);
  }
  return { uid, gid };
}
