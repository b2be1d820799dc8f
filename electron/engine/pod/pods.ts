import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, rm, rmdir, writeFile, chmod } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { ErrorCode, PodyardError, errNoSuchPod, type ContainerErrors } from '../../../shared/errors.js';
import { ContainerState, PodState } from '../../../shared/types.js';
import type { CreateContainerOptions } from '../../../shared/api-types.js';
import type { PodInspect, PodListEntry, PodReport } from '../../../shared/pod-types.js';
import type { Params } from '../../../shared/api.js';
import type { Engine, Placement } from '../engine.js';
import type { ContainerRow, DependencyEdge, PodConfig, PodRow } from '../store/store.js';
import type { NamespaceSpec, NamespaceType } from '../oci/spec.js';
import { newId, resolveRef, validateName } from '../names.js';
import { randomName } from '../names-gen.js';
import { parseSignal, signalName } from '../signals.js';
import { nowString } from '../time.js';
import { isMountpoint } from '../container/rootfs.js';
import { buildGraph, startRoots, type DepGraph } from './graph.js';
import { Executor } from './executor.js';
import { podStatus } from './status.js';

export type CreatePodOptions = Params<'pods.create'>;

/** The name of the internal image the infra containers run from (hidden from image lists). */
export const INFRA_IMAGE = 'localhost/podyard-infra:latest';

const NAMESPACES = ['cgroup', 'ipc', 'net', 'pid', 'uts'] as const;
const DEFAULT_SHARE = ['ipc', 'net', 'uts'];

/** `--share`: a list of cgroup, ipc, net, pid, uts; `none`; or `+x` to add to the default. */
export function parseShare(input: string | undefined): string[] {
  if (input === undefined) return [...DEFAULT_SHARE];
  const s = input.trim();
  if (s === 'none' || s === '') return [];
  const add = s.startsWith('+');
  const items = (add ? s.slice(1) : s).split(',').map((x) => x.trim()).filter(Boolean);
  for (const it of items) {
    if (!(NAMESPACES as readonly string[]).includes(it)) {
      throw new PodyardError(
        ErrorCode.InvalidArgument,
        `invalid kernel namespace to share: ${it}. Options are: cgroup, ipc, net, pid, uts or none`,
      );
    }
  }
  const set = new Set(add ? [...DEFAULT_SHARE, ...items] : items);
  return [...set].sort();
}

/** `--memory`: bytes, or a number with b, k, m, g. */
export function parseMemory(s: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([bkmg]?)b?$/i.exec(s.trim());
  if (m === null) throw new PodyardError(ErrorCode.InvalidArgument, `invalid memory limit "${s}": use a size such as 512m or 1g`);
  const mult = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2]!.toLowerCase() as '' | 'b' | 'k' | 'm' | 'g'];
  const bytes = Math.floor(Number(m[1]) * mult);
  if (bytes < 6 * 1024 * 1024) throw new PodyardError(ErrorCode.InvalidArgument, `memory limit "${s}" is too small: the minimum is 6m`);
  return bytes;
}

const nsFile: Record<string, { type: NamespaceType; file: string }> = {
  ipc: { type: 'ipc', file: 'ipc' },
  net: { type: 'network', file: 'net' },
  uts: { type: 'uts', file: 'uts' },
  pid: { type: 'pid', file: 'pid' },
  cgroup: { type: 'cgroup', file: 'cgroup' },
};

const isImproper = (e: unknown) =>
  e instanceof PodyardError && (e.code === ErrorCode.StateImproper || e.code === ErrorCode.ContainerStopped);

function partial(verb: string, errors: ContainerErrors, warnings: string[] = []): PodyardError {
  return new PodyardError(ErrorCode.PartialFailure, `${verb} some containers: some containers failed`, {
    errors,
    ...(warnings.length > 0 ? { warnings } : {}),
  });
}

/**
 * Podman's pod lifecycle on top of the container engine. Every verb that changes a
 * pod holds the pod's lock, then container locks (pod before container, always);
 * bulk work goes through one bounded executor; every verb returns the same contract:
 * success, or a partial failure carrying the per-container error map, or an error
 * before anything was attempted.
 */
export class Pods {
  readonly executor: Executor;

  constructor(private e: Engine) {
    this.executor = new Executor(e.parallelism);
  }

  // ------------------------------------------------------------------ lookups

  resolve(ref: string): PodRow {
    const id = resolveRef(ref, (n) => this.e.store.podIdByName(n), (p) => this.e.store.podIdsByPrefix(p), errNoSuchPod);
    const pod = this.e.store.getPod(id);
    if (pod === undefined) throw errNoSuchPod(ref);
    return pod;
  }

  exists(ref: string): boolean {
    try {
      this.resolve(ref);
      return true;
    } catch {
      return false;
    }
  }

  names(): Map<string, string> {
    return new Map(this.e.store.listPods().map((p) => [p.id, p.name]));
  }

  private async withPod<T>(ref: string, fn: (pod: PodRow) => Promise<T>): Promise<T> {
    const pod = this.resolve(ref);
    return this.e.locks.with(`pod:${pod.id}`, async () => {
      const fresh = this.e.store.getPod(pod.id);
      if (fresh === undefined) throw new PodyardError(ErrorCode.PodRemoved, 'pod has already been removed');
      return fn(fresh);
    });
  }

  private containers(pod: PodRow): ContainerRow[] {
    return this.e.store.podContainers(pod.id).map((c) => this.e.viewOf(c));
  }

  private graph(rows: ContainerRow[]): DepGraph {
    return buildGraph(rows.map((r) => ({ id: r.id, deps: this.e.store.dependencies(r.id).map((d) => d.depId) })));
  }

  private podEvent(pod: PodRow, action: string): void {
    this.e.events.emit({ type: 'pod', action, id: pod.id, name: pod.name });
  }

  private report(pod: PodRow, warnings: string[] = []): PodReport {
    return warnings.length > 0 ? { Id: pod.id, Name: pod.name, Warnings: warnings } : { Id: pod.id, Name: pod.name };
  }

  // ------------------------------------------------------------------ create

  async create(o: CreatePodOptions): Promise<PodRow> {
    if (o.name !== undefined) validateName(o.name);
    const name = o.name ?? randomName((n) => this.e.store.podIdByName(n) !== undefined);
    if (this.e.store.podIdByName(name) !== undefined) {
      throw new PodyardError(ErrorCode.NameInUse, `name "${name}" is in use: pod already exists`);
    }
    const infra = o.infra !== false;
    const share = parseShare(o.share);
    if (!infra && o.share !== undefined && share.length > 0) {
      throw new PodyardError(ErrorCode.InvalidArgument, 'you must have an infra container to share namespaces: use --share none with --infra=false');
    }
    if (o.infraName !== undefined) {
      validateName(o.infraName);
      if (!infra) throw new PodyardError(ErrorCode.InvalidArgument, 'cannot set the infra container name without an infra container');
    }
    if (o.infraName !== undefined && this.e.store.containerIdByName(o.infraName) !== undefined) {
      throw new PodyardError(
        ErrorCode.NameInUse,
        `the container name "${o.infraName}" is already in use by ${this.e.store.containerIdByName(o.infraName)}. You have to remove that container to be able to reuse that name: that name is already in use`,
      );
    }
    const id = newId();
    const config: PodConfig = {
      labels: o.labels ?? {},
      hostname: o.hostname ?? name,
      share: infra ? share : [],
      exitPolicy: o.exitPolicy ?? 'continue',
      infra,
      cgroupParent: `${this.e.cgroupBase}/${id}`,
      createCommand: o.createCommand ?? [],
    };
    if (o.cpus !== undefined) {
      config.cpuPeriod = 100000;
      config.cpuQuota = Math.round(o.cpus * 100000);
    }
    if (o.memory !== undefined) config.memoryLimit = parseMemory(o.memory);
    const pod: PodRow = { id, name, config, created: nowString(), infraId: null };
    const infraImage = infra ? await this.ensureInfraImage() : undefined;
    this.e.store.insertPod(pod);
    if (infraImage !== undefined) {
      try {
        const row = await this.e.createContainer({
          image: infraImage,
          name: o.infraName ?? `${id.slice(0, 12)}-infra`,
          command: ['/catatonit', '-P'],
          pod: id,
          isInfra: true,
          stopTimeout: 10,
        });
        this.e.store.setPodInfra(id, row.id);
        pod.infraId = row.id;
      } catch (err) {
        this.e.store.deletePod(id);
        throw err;
      }
    }
    this.podEvent(pod, 'create');
    return pod;
  }

  /**
   * The infra container needs no image: its root is a tiny directory holding only
   * the static catatonit binary, made on first use and recorded as an internal image.
   */
  private async ensureInfraImage(): Promise<string> {
    const bin = await readFile(this.e.catatonitPath).catch(() => {
      throw new PodyardError(ErrorCode.HostSetup, `catatonit not found at ${this.e.catatonitPath}: install it (apt-get install catatonit)`);
    });
    const digest = createHash('sha256').update(bin).digest('hex');
    if (this.e.store.getImage(digest) !== undefined) return INFRA_IMAGE;
    const rootfs = this.e.paths.imageRootfs(digest);
    await mkdir(rootfs, { recursive: true });
    for (const d of ['proc', 'dev', 'sys', 'etc', 'tmp', 'run']) await mkdir(join(rootfs, d), { recursive: true });
    await copyFile(this.e.catatonitPath, join(rootfs, 'catatonit'));
    await chmod(join(rootfs, 'catatonit'), 0o755);
    await writeFile(join(rootfs, 'etc/passwd'), 'root:x:0:0:root:/:/catatonit\n');
    this.e.store.insertImage({
      id: digest,
      created: nowString(),
      size: bin.length,
      config: { rootfs, cmd: ['/catatonit', '-P'], env: [], workdir: '/', internal: true },
      names: [INFRA_IMAGE],
    });
    return INFRA_IMAGE;
  }

  // ------------------------------------------------------------------ hooks for the container engine

  /** Where a new container goes (its pod, namespace edges and hostname). */
  placement(o: CreateContainerOptions): { podId: string; namespaceDeps: string[]; hostname?: string } {
    if (o.pod === undefined || o.pod === '') {
      if (o.initCtr !== undefined) throw new PodyardError(ErrorCode.InvalidArgument, 'must specify pod value with init-ctr');
      return { podId: '', namespaceDeps: [] };
    }
    const pod = this.resolve(o.pod);
    if (o.initCtr !== undefined) {
      const running = this.containers(pod).some((c) => c.config.initType === '' && !c.config.isInfra && (c.state === ContainerState.Running || c.state === ContainerState.Paused));
      if (running) throw new PodyardError(ErrorCode.StateImproper, 'cannot add init-ctr to a running pod');
    }
    if (o.isInfra === true) return { podId: pod.id, namespaceDeps: [], hostname: pod.config.hostname };
    const joins = pod.infraId !== null && pod.config.share.length > 0;
    return {
      podId: pod.id,
      namespaceDeps: joins ? [pod.infraId!] : [],
      ...(pod.config.share.includes('uts') ? { hostname: pod.config.hostname } : {}),
    };
  }

  /** Dependencies must be in the same pod; the graph with the new container must be acyclic. */
  validateEdges(row: ContainerRow, deps: DependencyEdge[]): void {
    for (const d of deps) {
      const dep = this.e.store.getContainer(d.depId);
      if (dep === undefined) continue;
      if (dep.config.podId !== row.config.podId) {
        throw new PodyardError(
          ErrorCode.InvalidArgument,
          row.config.podId === ''
            ? `container ${dep.id} is in pod ${dep.config.podId}: a container outside that pod cannot depend on it`
            : `container ${dep.id} is not in pod ${row.config.podId}: dependencies must be in the same pod`,
        );
      }
    }
    if (row.config.podId === '') return;
    const pod = this.e.store.getPod(row.config.podId)!;
    const nodes = this.e.store.podContainers(pod.id).map((c) => ({ id: c.id, deps: this.e.store.dependencies(c.id).map((x) => x.depId) }));
    nodes.push({ id: row.id, deps: deps.map((d) => d.depId) });
    buildGraph(nodes);
  }

  /** Namespaces joined from the infra, the pod cgroup, the pod's shared /dev/shm. */
  async runtimePlacement(row: ContainerRow): Promise<Placement> {
    const pod = this.e.store.getPod(row.config.podId)!;
    const namespaces: NamespaceSpec[] = [{ type: 'mount' }];
    const joining = !row.config.isInfra && pod.infraId !== null;
    let infraPid = 0;
    if (joining && pod.config.share.length > 0) {
      const infra = this.e.viewOf(this.e.store.getContainer(pod.infraId!)!);
      if (infra.state !== ContainerState.Running || infra.pid <= 0) {
        throw new PodyardError(ErrorCode.StateImproper, `the infra container ${infra.id} of pod ${pod.id} is not running: start the pod, or start the infra container first`);
      }
      infraPid = infra.pid;
    }
    const cgroups = this.e.cgroupsUsable();
    for (const ns of ['ipc', 'net', 'uts', 'pid', 'cgroup']) {
      if (ns === 'cgroup' && !cgroups) continue;
      const { type, file } = nsFile[ns]!;
      if (infraPid > 0 && pod.config.share.includes(ns)) namespaces.push({ type, path: `/proc/${infraPid}/ns/${file}` });
      else namespaces.push({ type });
    }
    const out: Placement = { namespaces };
    // Rootless: the infra's user namespace owns the shared ones, so members join it too.
    const userns = this.e.userNamespace();
    if (userns !== undefined) {
      if (infraPid > 0) namespaces.push({ type: 'user', path: `/proc/${infraPid}/ns/user` });
      else {
        namespaces.push(userns.ns);
        out.uidMappings = userns.uidMappings;
        out.gidMappings = userns.gidMappings;
      }
    }
    const shared = pod.infraId !== null && pod.config.share.includes('ipc');
    if (shared) out.shmSource = await this.ensurePodShm(pod);
    if (cgroups) {
      await this.ensurePodCgroup(pod);
      out.cgroupsPath = `${pod.config.cgroupParent}/${row.id}`;
    }
    return out;
  }

  checkRemovable(row: ContainerRow): void {
    if (row.config.isInfra && row.config.podId !== '') {
      throw new PodyardError(
        ErrorCode.StateImproper,
        `container ${row.id} is the infra container of pod ${row.config.podId} and cannot be removed without removing the pod`,
      );
    }
  }

  // ------------------------------------------------------------------ pod resources

  private shmMounting = new Map<string, Promise<string>>();

  /**
   * One tmpfs per pod, bind-mounted as /dev/shm into every member. Members starting in
   * parallel share one mount: the first call mounts, the others wait for it.
   */
  private ensurePodShm(pod: PodRow): Promise<string> {
    let p = this.shmMounting.get(pod.id);
    if (p === undefined) {
      p = this.mountPodShm(pod).finally(() => this.shmMounting.delete(pod.id));
      this.shmMounting.set(pod.id, p);
    }
    return p;
  }

  private async mountPodShm(pod: PodRow): Promise<string> {
    const dir = this.e.paths.podShmDir(pod.id);
    await mkdir(dir, { recursive: true });
    if (!(await isMountpoint(dir)) && !this.e.rootless) {
      const r = await execa('mount', ['-t', 'tmpfs', '-o', 'nosuid,nodev,noexec,mode=1777,size=65536k', 'shm', dir], { reject: false });
      if (r.exitCode !== 0) throw new PodyardError(ErrorCode.Runtime, `cannot mount /dev/shm for pod ${pod.id}: ${r.stderr.trim()}`);
    }
    if (this.e.rootless) await chmod(dir, 0o1777);
    return dir;
  }

  private async releasePodShm(pod: PodRow): Promise<void> {
    const dir = this.e.paths.podShmDir(pod.id);
    if (await isMountpoint(dir)) await execa('umount', ['-l', dir], { reject: false });
    await rm(join(dir, '..'), { recursive: true, force: true });
  }

  private cgroupMounts(): string[] {
    // v1: one hierarchy per controller under /sys/fs/cgroup, plus hugetlb where the setup moved it.
    const roots = ['cpu', 'cpuacct', 'cpuset', 'memory', 'devices', 'freezer', 'blkio', 'pids', 'systemd', 'net_cls', 'perf_event', 'unified'].map((c) => `/sys/fs/cgroup/${c}`);
    roots.push('/run/podyard-hugetlb', '/sys/fs/cgroup');
    return roots.filter((r) => existsSync(r));
  }

  /** The pod cgroup with the pod's limits; made on start, removed after a full stop. */
  private async ensurePodCgroup(pod: PodRow): Promise<void> {
    const c = pod.config;
    if (c.cpuQuota !== undefined && existsSync('/sys/fs/cgroup/cpu')) {
      const dir = `/sys/fs/cgroup/cpu${c.cgroupParent}`;
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'cpu.cfs_period_us'), String(c.cpuPeriod ?? 100000));
      await writeFile(join(dir, 'cpu.cfs_quota_us'), String(c.cpuQuota));
    }
    if (c.memoryLimit !== undefined && existsSync('/sys/fs/cgroup/memory')) {
      const dir = `/sys/fs/cgroup/memory${c.cgroupParent}`;
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'memory.limit_in_bytes'), String(c.memoryLimit));
    }
  }

  private async removePodCgroup(pod: PodRow): Promise<void> {
    if (!this.e.cgroupsUsable()) return;
    for (const root of this.cgroupMounts()) {
      await rmdir(`${root}${pod.config.cgroupParent}`).catch(() => undefined);
    }
  }

  // ------------------------------------------------------------------ status, inspect, list

  /** Pod state from its containers (init containers left out). */
  status(pod: PodRow): PodState {
    return podStatus(this.containers(pod).filter((c) => c.config.initType === '').map((c) => c.state));
  }

  inspect(ref: string): PodInspect {
    const pod = this.resolve(ref);
    const ctrs = this.containers(pod);
    const c = pod.config;
    const out: PodInspect = {
      Id: pod.id,
      Name: pod.name,
      Namespace: '',
      Created: pod.created,
      CreateCommand: c.createCommand,
      ExitPolicy: c.exitPolicy,
      State: podStatus(ctrs.filter((x) => x.config.initType === '').map((x) => x.state)),
      Hostname: c.hostname,
      Labels: c.labels,
      CreateCgroup: this.e.cgroupsUsable(),
      CgroupParent: this.e.cgroupBase,
      CgroupPath: c.cgroupParent,
      CreateInfra: c.infra,
      InfraContainerID: pod.infraId ?? '',
      InfraConfig: {
        PortBindings: {},
        HostNetwork: false,
        StaticIP: '',
        StaticMAC: '',
        NoManageResolvConf: false,
        DNSServer: null,
        DNSSearch: null,
        DNSOption: null,
        NoManageHosts: false,
        HostAdd: null,
        Networks: null,
        NetworkOptions: null,
        ...(c.share.includes('pid') ? { pid_ns: 'pod' } : {}),
      },
      SharedNamespaces: [...c.share].sort(),
      NumContainers: ctrs.length,
      Containers: ctrs.map((x) => ({ Id: x.id, Name: x.name, State: x.state })).sort((a, b) => (a.Id < b.Id ? -1 : 1)),
    };
    if (c.cpuQuota !== undefined) {
      out.cpu_period = c.cpuPeriod ?? 100000;
      out.cpu_quota = c.cpuQuota;
    }
    if (c.memoryLimit !== undefined) out.memory_limit = c.memoryLimit;
    return out;
  }

  list(): PodListEntry[] {
    // One query for every container, grouped by pod (not one query per pod).
    const byPod = new Map<string, ContainerRow[]>();
    for (const c of this.e.store.listContainers()) {
      if (c.config.podId === '') continue;
      const list = byPod.get(c.config.podId) ?? [];
      list.push(this.e.viewOf(c));
      byPod.set(c.config.podId, list);
    }
    return this.e.store.listPods().map((pod) => {
      const ctrs = byPod.get(pod.id) ?? [];
      return {
        Id: pod.id,
        Name: pod.name,
        Status: podStatus(ctrs.filter((x) => x.config.initType === '').map((x) => x.state)),
        Created: pod.created,
        InfraId: pod.infraId ?? '',
        Labels: pod.config.labels,
        Containers: ctrs.map((x) => ({ Id: x.id, Names: x.name, Status: x.state })),
      };
    });
  }

  // ------------------------------------------------------------------ start

  /**
   * Starts a pod: init containers first (oldest first, one at a time; a non-zero exit
   * aborts the start), then every other container after its dependencies, independent
   * branches in parallel. A failure poisons the failed container's dependents.
   */
  async start(ref: string): Promise<PodReport> {
    return this.withPod(ref, (pod) => this.startLocked(pod, true));
  }

  private async startLocked(pod: PodRow, runInit: boolean): Promise<PodReport> {
    const all = this.containers(pod);
    if (runInit) await this.runInitContainers(all.filter((c) => c.config.initType !== ''));
    const regular = this.containers(pod).filter((c) => c.config.initType === '');
    const g = this.graph(regular);
    if (startRoots(g).length === 0) {
      throw new PodyardError(ErrorCode.NoRootContainers, `no containers in pod ${pod.id} have no dependencies, cannot start pod`);
    }
    const errors = await this.executor.walk(
      g,
      'forward',
      (id) => this.startOne(id),
      (id) => `a dependency of container ${id} failed to start`,
    );
    if (Object.keys(errors).length > 0) throw partial('starting', errors);
    this.podEvent(pod, 'start');
    return this.report(pod);
  }

  private async startOne(id: string): Promise<void> {
    await this.e.withContainer(id, async (r) => {
      if (r.state === ContainerState.Running) return r;
      this.e.store.updateContainer(r.id, { stoppedByUser: false });
      return this.e.startRow(this.e.store.getContainer(r.id)!);
    });
  }

  private async runInitContainers(inits: ContainerRow[]): Promise<void> {
    for (const init of [...inits].sort((a, b) => (a.created < b.created ? -1 : 1))) {
      for (const dep of this.e.store.dependencies(init.id)) await this.startOne(dep.depId);
      await this.startOne(init.id);
      const code = await this.e.waitContainer(init.id);
      await this.e.cleanupContainer(init.id);
      if (code !== 0) {
        throw new PodyardError(ErrorCode.InitContainerFailed, `init container ${init.id} exited with code ${code}`, { errors: {} });
      }
      if (init.config.initType === 'once') await this.e.removeRowNow(init.id);
    }
  }

  // ------------------------------------------------------------------ stop

  /**
   * Stops a pod in reverse dependency order, in parallel: a container stops only after
   * everything that depends on it has stopped, so infra stops last. Timeout -1 means
   * each container's own. Paused containers are left alone.
   */
  async stop(ref: string, opts: { timeout?: number; cleanup?: boolean } = {}): Promise<PodReport> {
    return this.withPod(ref, (pod) => this.stopLocked(pod, opts));
  }

  private async stopLocked(pod: PodRow, opts: { timeout?: number; cleanup?: boolean }, verb = 'stopping'): Promise<PodReport> {
    this.podEvent(pod, 'stop');
    const rows = this.containers(pod);
    const warnings: string[] = [];
    const errors = await this.executor.walk(
      this.graph(rows),
      'reverse',
      async (id, slot) => {
        const r = await this.e.stopById(id, { timeout: opts.timeout ?? -1, cleanup: opts.cleanup !== false, ignorePaused: true, slot });
        warnings.push(...r.warnings);
      },
      (id) => `a container that depends on container ${id} could not be stopped`,
    );
    if (Object.keys(errors).length > 0) throw partial(verb, errors, warnings);
    if (this.containers(pod).every((c) => c.state !== ContainerState.Running && c.state !== ContainerState.Paused)) {
      await this.removePodCgroup(pod);
      await this.releasePodShm(pod);
    }
    return this.report(pod, warnings);
  }

  /** Cleans up every container in parallel, leaving running and paused ones alone. */
  async cleanup(ref: string): Promise<PodReport> {
    return this.withPod(ref, async (pod) => {
      const errors = await this.executor.forEach(
        this.containers(pod).map((c) => c.id),
        async (id) => {
          await this.e.withContainer(id, async (r) => {
            if (r.state === ContainerState.Running || r.state === ContainerState.Paused) return r;
            return this.e.cleanupRow(r);
          });
        },
        isImproper,
      );
      if (Object.keys(errors).length > 0) throw partial('cleaning up', errors);
      return this.report(pod);
    });
  }

  // ------------------------------------------------------------------ pause / unpause

  async pause(ref: string): Promise<PodReport> {
    return this.withPod(ref, async (pod) => {
      if (this.e.rootless && this.e.cgroups.version === 'v1') {
        throw new PodyardError(ErrorCode.StateImproper, 'can not pause pods containing rootless containers with cgroup V1');
      }
      const ids = this.containers(pod).filter((c) => c.state === ContainerState.Running).map((c) => c.id);
      const jobs = this.executor.forEach(ids, async (id) => void (await this.e.pauseById(id)), isImproper);
      this.podEvent(pod, 'pause');
      const errors = await jobs;
      if (Object.keys(errors).length > 0) throw partial('pausing', errors);
      return this.report(pod);
    });
  }

  async unpause(ref: string): Promise<PodReport> {
    return this.withPod(ref, async (pod) => {
      const st = this.status(pod);
      if (st !== PodState.Paused && st !== PodState.Degraded) return this.report(pod);
      const ids = this.containers(pod).filter((c) => c.state === ContainerState.Paused).map((c) => c.id);
      const jobs = this.executor.forEach(ids, async (id) => void (await this.e.unpauseById(id)), isImproper);
      this.podEvent(pod, 'unpause');
      const errors = await jobs;
      if (Object.keys(errors).length > 0) throw partial('unpausing', errors);
      return this.report(pod);
    });
  }

  // ------------------------------------------------------------------ restart

  /**
   * Ordered stop, then ordered start, without init containers. Paused and unknown
   * containers are skipped; a never-started pod is simply started.
   */
  async restart(ref: string): Promise<PodReport> {
    return this.withPod(ref, async (pod) => {
      const regular = this.containers(pod).filter((c) => c.config.initType === '' && c.state !== ContainerState.Paused && c.state !== ContainerState.Unknown);
      const g = this.graph(regular);
      this.podEvent(pod, 'stop');
      const warnings: string[] = [];
      const stopErrors = await this.executor.walk(
        g,
        'reverse',
        async (id, slot) => {
          const r = await this.e.stopById(id, { timeout: -1, cleanup: true, ignorePaused: true, slot });
          warnings.push(...r.warnings);
        },
        (id) => `a container that depends on container ${id} could not be stopped`,
      );
      if (Object.keys(stopErrors).length > 0) throw partial('restarting', stopErrors, warnings);
      if (startRoots(g).length === 0) {
        throw new PodyardError(ErrorCode.NoRootContainers, `no containers in pod ${pod.id} have no dependencies, cannot start pod`);
      }
      const startErrors = await this.executor.walk(g, 'forward', (id) => this.startOne(id), (id) => `a dependency of container ${id} failed to start`);
      if (Object.keys(startErrors).length > 0) throw partial('restarting', startErrors, warnings);
      for (const id of g.ids) this.e.emitContainerEvent(this.e.store.getContainer(id)!, 'restart');
      this.podEvent(pod, 'start');
      return this.report(pod, warnings);
    });
  }

  // ------------------------------------------------------------------ kill

  async kill(ref: string, signal: string): Promise<PodReport> {
    const sig = parseSignal(signal);
    return this.withPod(ref, async (pod) => {
      const live = this.containers(pod).filter((c) => c.state === ContainerState.Running || c.state === ContainerState.Stopping || c.state === ContainerState.Paused);
      if (live.length === 0) throw new PodyardError(ErrorCode.StateImproper, 'cannot kill a pod with no running containers');
      const jobs = this.executor.forEach(live.map((c) => c.id), async (id) => void (await this.e.killById(id, sig)), isImproper);
      this.e.events.emit({ type: 'pod', action: 'kill', id: pod.id, name: pod.name, attributes: { signal: signalName(sig) } });
      const errors = await jobs;
      if (Object.keys(errors).length > 0) throw partial('killing', errors);
      return this.report(pod);
    });
  }

  // ------------------------------------------------------------------ remove

  /** Removes a pod: with `force`, stops it first (graph order); then removes dependents first, infra last. */
  async remove(ref: string, opts: { force?: boolean; timeout?: number } = {}): Promise<PodReport> {
    return this.withPod(ref, async (pod) => {
      const rows = this.containers(pod);
      const live = rows.filter((c) => c.state === ContainerState.Running || c.state === ContainerState.Paused || c.state === ContainerState.Stopping);
      if (live.length > 0 && opts.force !== true) {
        throw new PodyardError(
          ErrorCode.StateImproper,
          `pod ${pod.id} has running or paused containers (${live.map((c) => c.id.slice(0, 12)).join(', ')}): stop the pod first or use -f`,
        );
      }
      for (const c of rows.filter((x) => x.state === ContainerState.Paused)) await this.e.killById(c.id, 9).catch(() => undefined);
      if (live.length > 0) await this.stopLocked(pod, { timeout: opts.timeout ?? -1, cleanup: true }, 'removing');
      const errors = await this.executor.walk(
        this.graph(this.containers(pod)),
        'reverse',
        async (id) => void (await this.e.removeRowNow(id)),
        (id) => `a container that depends on container ${id} could not be removed`,
      );
      if (Object.keys(errors).length > 0) throw partial('removing', errors);
      await this.removePodCgroup(pod);
      await this.releasePodShm(pod);
      this.e.store.deletePod(pod.id);
      this.podEvent(pod, 'remove');
      return this.report(pod);
    });
  }

  // ------------------------------------------------------------------ exit policy

  /** Exit policy `stop`: once only the infra container is left running, stop the pod. */
  async applyExitPolicy(podId: string): Promise<void> {
    const pod = this.e.store.getPod(podId);
    if (pod === undefined || pod.config.exitPolicy !== 'stop' || pod.infraId === null) return;
    await this.e.locks.with(`pod:${podId}`, async () => {
      const rows = this.containers(pod);
      const infra = rows.find((c) => c.config.isInfra);
      const others = rows.filter((c) => !c.config.isInfra && c.config.initType === '');
      const othersDown = others.every((c) => c.state !== ContainerState.Running && c.state !== ContainerState.Paused && c.state !== ContainerState.Stopping && c.state !== ContainerState.Created);
      if (infra?.state === ContainerState.Running && others.length > 0 && othersDown) {
        await this.stopLocked(pod, { timeout: -1, cleanup: true });
      }
    });
  }
}
