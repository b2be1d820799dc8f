import { mkdir, rm, readFile, writeFile, access } from 'node:fs/promises';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import {
  ErrorCode,
  PodyardError,
  errNoSuchContainer,
  type ContainerErrors,
} from '../../shared/errors.js';
import {
  ContainerState,
  type ContainerInspect,
  type ContainerListEntry,
  type ImageListEntry,
  type PodyardEvent,
  type RestartPolicy,
  type SystemInfo,
} from '../../shared/types.js';
import type { CreateContainerOptions } from '../../shared/api-types.js';
import { StatePaths } from './paths.js';
import { Store, type ContainerConfig, type ContainerRow, type DependencyEdge, type ImageRow } from './store/store.js';
import { OciRuntime, runtimeVersion } from './oci/runtime.js';
import { buildSpec, mergeEnv, resolveUser, DEFAULT_PATH, type NamespaceSpec } from './oci/spec.js';
import { ImageStore, type ImportProgress } from './image/images.js';
import { EventLog, toPodyardEvent } from './events.js';
import { KeyedMutex } from './lock.js';
import { newId, resolveRef, validateName } from './names.js';
import { randomName } from './names-gen.js';
import { parseSignal, signalName } from './signals.js';
import { nowString, ZERO_TIME, humanDuration, formatNano } from './time.js';
import { readExitFile, waitForExitFile } from './exitfile.js';
import { mountRootfs, unmountRootfs, writeNetworkFiles } from './container/rootfs.js';
import { Pods } from './pod/pods.js';
import { execa } from 'execa';
import type { Slot } from './pod/executor.js';
import {
  readHardLimits,
  readBootId,
  readCgroupFacts,
  processAlive,
  rootlessFacts,
  idMappings,
  cgroupDelegated,
  cgroupBase,
  type CgroupFacts,
  type RlimitHard,
  type RootlessFacts,
} from './host-facts.js';
import { userInfo } from 'node:os';
import { accessSync, constants as fsConstants } from 'node:fs';

export const PODYARD_VERSION = '0.1.0';

export interface EngineOptions {
  root: string;
  runroot: string;
  /** Default OCI runtime for new containers: `crun` (default) or `runc`. */
  runtime?: string;
  /**
   * argv prefix of the `podyard` CLI; conmon runs `<prefix> --root R --runroot RR
   * container cleanup ID` when a container exits, so exits are handled even when no
   * Podyard process runs.
   */
  cliCommand: string[];
  /** Slots of the parallel executor; default 3 x CPUs + 1 (as Podman). */
  parallelism?: number;
  conmonPath?: string;
  catatonitPath?: string;
  /** Host facts, injectable for tests. */
  hardLimits?: RlimitHard;
  cgroups?: CgroupFacts;
  /** Run as an unprivileged user (default: when not root). */
  rootless?: boolean;
}

/** How long `stop` waits after SIGKILL before giving up on a container. */
const KILL_GRACE_MS = 5000;

const RUNTIME_STATES: ReadonlySet<ContainerState> = new Set<ContainerState>([
  ContainerState.Created,
  ContainerState.Running,
  ContainerState.Paused,
  ContainerState.Stopping,
  ContainerState.Stopped,
]);

/** States in which the container's process may still be alive. */
const LIVE_STATES: ReadonlySet<ContainerState> = new Set<ContainerState>([
  ContainerState.Created,
  ContainerState.Running,
  ContainerState.Paused,
  ContainerState.Stopping,
]);

const CONMON_DIED = 'conmon died without writing exit file, container exit code could not be retrieved';

function which(cands: string[]): string {
  for (const c of cands) if (existsSync(c)) return c;
  return cands[0]!;
}

export function parseRestartPolicy(s: string): RestartPolicy {
  const m = /^(no|always|unless-stopped|on-failure)(?::(\d+))?$/.exec(s);
  if (m === null || (m[2] !== undefined && m[1] !== 'on-failure')) {
    throw new PodyardError(
      ErrorCode.InvalidArgument,
      `invalid restart policy "${s}": use no, always, unless-stopped or on-failure[:N]`,
    );
  }
  const name = m[1] === 'unless-stopped' ? 'always' : (m[1] as RestartPolicy['Name']);
  return { Name: name, MaximumRetryCount: m[2] === undefined ? 0 : Number(m[2]) };
}

/**
 * The pod engine. Plain Node: it never imports electron. Every verb that changes a
 * container holds that container's lock (pod before container when both); queries
 * take no lock and read the database and the runtime files directly.
 */
export class Engine {
  readonly paths: StatePaths;
  readonly store: Store;
  readonly images: ImageStore;
  readonly events: EventLog;
  readonly locks = new KeyedMutex();
  readonly parallelism: number;
  readonly hardLimits: RlimitHard;
  readonly cgroups: CgroupFacts;
  readonly conmonPath: string;
  readonly catatonitPath: string;
  readonly rootless: boolean;
  /** The unprivileged user's prerequisites and id ranges (rootless mode only). */
  readonly rootlessInfo: RootlessFacts | undefined;
  /** Whether rootless containers can have cgroups (v2 with delegation). */
  readonly delegated: boolean;
  /** The cgroup every container and pod cgroup goes below. */
  readonly cgroupBase: string;
  readonly pods: Pods;
  private runtimes = new Map<string, OciRuntime>();

  constructor(readonly opts: EngineOptions) {
    this.paths = new StatePaths(opts.root, opts.runroot);
    mkdirSync(opts.root, { recursive: true, mode: 0o700 });
    mkdirSync(opts.runroot, { recursive: true, mode: 0o700 });
    this.store = new Store(this.paths.db);
    this.images = new ImageStore(this.store, this.paths);
    this.events = new EventLog(this.store);
    this.parallelism = opts.parallelism ?? 3 * availableParallelism() + 1;
    this.hardLimits = opts.hardLimits ?? readHardLimits();
    this.cgroups = opts.cgroups ?? readCgroupFacts();
    this.conmonPath = opts.conmonPath ?? which(['/usr/bin/conmon', '/usr/libexec/podman/conmon']);
    this.catatonitPath = opts.catatonitPath ?? which(['/usr/bin/catatonit', '/usr/libexec/podman/catatonit']);
    this.rootless = opts.rootless ?? (process.getuid !== undefined && process.getuid() !== 0);
    this.delegated = this.rootless && cgroupDelegated(this.cgroups, safeRead('/proc/self/cgroup') ?? '', (p) => {
      try {
        accessSync(p, fsConstants.W_OK);
        return true;
      } catch {
        return false;
      }
    });
    this.cgroupBase = cgroupBase(this.rootless, safeRead('/proc/self/cgroup') ?? '');
    this.rootlessInfo = this.rootless
      ? rootlessFacts({
          user: userInfo().username,
          uid: process.getuid?.() ?? 0,
          gid: process.getgid?.() ?? 0,
          ...(safeRead('/etc/subuid') !== undefined ? { subuidText: safeRead('/etc/subuid')! } : {}),
          ...(safeRead('/etc/subgid') !== undefined ? { subgidText: safeRead('/etc/subgid')! } : {}),
          newuidmap: existsSync('/usr/bin/newuidmap') && existsSync('/usr/bin/newgidmap'),
          cgroups: this.cgroups,
          delegated: this.delegated,
        })
      : undefined;
    this.pods = new Pods(this);
  }

  close(): void {
    this.store.close();
  }

  runtime(name: string = this.opts.runtime ?? 'crun'): OciRuntime {
    let r = this.runtimes.get(name);
    if (r === undefined) {
      if (name !== 'crun' && name !== 'runc') {
        throw new PodyardError(ErrorCode.InvalidArgument, `unknown OCI runtime "${name}": use crun or runc`);
      }
      r = new OciRuntime({
        name,
        path: which([`/usr/bin/${name}`, `/usr/sbin/${name}`, `/usr/local/bin/${name}`]),
        conmonPath: this.conmonPath,
        stateRoot: join(this.paths.runtimeRoot, name),
        cgroupManager: this.cgroupsUsable() ? 'cgroupfs' : 'disabled',
      });
      this.runtimes.set(name, r);
    }
    return r;
  }

  /** Whether containers get cgroups here (rootful, or rootless with a delegated v2 cgroup). */
  cgroupsUsable(): boolean {
    return !this.rootless || this.delegated;
  }

  /** A new user namespace with the user's mappings (rootless), or undefined (rootful). */
  userNamespace(): { ns: NamespaceSpec; uidMappings: ReturnType<typeof idMappings>; gidMappings: ReturnType<typeof idMappings> } | undefined {
    const r = this.rootlessInfo;
    if (r === undefined) return undefined;
    return { ns: { type: 'user' }, uidMappings: idMappings(r.uid, r.subuid), gidMappings: idMappings(r.gid, r.subgid) };
  }

  // ------------------------------------------------------------------ lookups

  resolveContainer(ref: string): ContainerRow {
    const id = resolveRef(
      ref,
      (n) => this.store.containerIdByName(n),
      (p) => this.store.containerIdsByPrefix(p),
      errNoSuchContainer,
    );
    const row = this.store.getContainer(id);
    if (row === undefined) throw errNoSuchContainer(ref);
    return row;
  }

  private mustGet(id: string): ContainerRow {
    const row = this.store.getContainer(id);
    if (row === undefined) throw errNoSuchContainer(id);
    return row;
  }

  /** Runs `fn` with the container's lock held, on a freshly read and synced row. */
  async withContainer<T>(id: string, fn: (row: ContainerRow) => Promise<T>): Promise<T> {
    return this.locks.with(`ctr:${id}`, async () => {
      const row = await this.syncContainer(this.mustGet(id));
      return fn(row);
    });
  }

  // ------------------------------------------------------------------ events

  emitContainerEvent(row: ContainerRow, action: string, extra: { exitCode?: number; attributes?: Record<string, string> } = {}): PodyardEvent {
    return this.events.emit({
      type: 'container',
      action,
      id: row.id,
      name: row.name,
      image: row.imageName,
      podId: row.config.podId,
      ...extra,
    });
  }

  listEvents(opts: { sinceNano?: number; afterSeq?: number; tail?: number } = {}): PodyardEvent[] {
    return this.store.listEvents(opts).map(toPodyardEvent);
  }

  subscribe(fn: (e: PodyardEvent) => void): () => void {
    return this.events.subscribe(fn);
  }

  // ------------------------------------------------------------------ reconcile

  /**
   * Brings the database in line with the runtime after any gap: a reboot (runroot
   * wiped or boot id changed), a crash mid-operation, exits nobody handled, runtime
   * containers nobody knows. Run by whoever takes the owner lock.
   */
  async reconcile(): Promise<void> {
    const bootId = readBootId();
    const rebooted =
      !existsSync(this.paths.aliveFile) ||
      (this.store.getMeta('boot_id') !== undefined && this.store.getMeta('boot_id') !== bootId);
    if (rebooted) await this.afterReboot();
    this.store.setMeta('boot_id', bootId);
    await mkdir(this.paths.exitsDir, { recursive: true });
    await writeFile(this.paths.aliveFile, bootId);

    for (const row of this.store.listContainers()) {
      if (!RUNTIME_STATES.has(row.state)) continue;
      await this.locks.with(`ctr:${row.id}`, async () => {
        const fresh = this.store.getContainer(row.id);
        if (fresh === undefined) return;
        const synced = await this.syncContainer(fresh);
        // Without an exit file the container stays `stopped` with its error, for the user to see.
        if (synced.error !== CONMON_DIED) await this.handleExitIfAny(synced);
      });
    }
    // Runtime containers the database does not count as created: leftovers of a crash
    // between conmon's create and the database write, or of a removal.
    for (const name of ['crun', 'runc']) {
      const rt = this.runtime(name);
      if (!existsSync(rt.opts.stateRoot)) continue;
      for (const id of await rt.list()) {
        const row = this.store.getContainer(id);
        if (row === undefined || row.state === ContainerState.Configured || row.state === ContainerState.Exited) {
          await rt.delete(id, true);
          await this.retireConmon(id);
          await rm(this.paths.exitFile(id), { force: true });
          if (row !== undefined) await unmountRootfs(this.paths, id);
        }
      }
    }
  }

  private async afterReboot(): Promise<void> {
    this.store.tx(() => {
      for (const row of this.store.listContainers()) {
        if (row.state === ContainerState.Configured || row.state === ContainerState.Exited) continue;
        const next = row.state === ContainerState.Created ? ContainerState.Configured : ContainerState.Exited;
        this.store.updateContainer(row.id, { state: next, pid: 0, conmonPid: 0, mounted: false });
      }
    });
    for (const row of this.store.listContainers()) await unmountRootfs(this.paths, row.id);
  }

  /**
   * Reads the runtime's truth for one container and records it: an exit file moves a
   * live container to `stopped` with its code (and `died`); a vanished conmon without
   * one is the documented error. Call with the container's lock held.
   */
  async syncContainer(row: ContainerRow): Promise<ContainerRow> {
    if (!LIVE_STATES.has(row.state)) return row;
    const exit = await readExitFile(this.paths.exitFile(row.id));
    if (exit !== undefined) {
      this.recordExit(row, exit.code, exit.time);
      return this.mustGet(row.id);
    }
    // A running or paused container whose monitor lives and has written no exit file
    // is as recorded: nothing else drives this runtime root. Skipping `crun state`
    // here saves a process per operation.
    if ((row.state === ContainerState.Running || row.state === ContainerState.Paused) && row.conmonPid > 0 && processAlive(row.conmonPid)) {
      return row;
    }
    const rt = this.runtime(row.config.runtime);
    const st = await rt.state(row.id);
    if (st === undefined || st.status === 'stopped') {
      if (row.conmonPid > 0 && processAlive(row.conmonPid)) {
        // conmon is still writing the exit file.
        const late = await waitForExitFile(this.paths.exitFile(row.id), 2000);
        if (late !== undefined) {
          this.recordExit(row, late.code, late.time);
          return this.mustGet(row.id);
        }
      }
      if (st === undefined && row.state === ContainerState.Created) {
        this.store.updateContainer(row.id, { state: ContainerState.Configured, pid: 0, conmonPid: 0 });
      } else {
        this.store.updateContainer(row.id, {
          state: ContainerState.Stopped,
          exitCode: -1,
          error: CONMON_DIED,
          pid: 0,
          finishedAt: nowString(),
        });
        this.emitContainerEvent(row, 'died', { exitCode: -1 });
      }
      return this.mustGet(row.id);
    }
    const map: Record<string, ContainerState> = {
      created: ContainerState.Created,
      running: ContainerState.Running,
      paused: ContainerState.Paused,
    };
    const want = map[st.status];
    if (want !== undefined && want !== row.state && row.state !== ContainerState.Stopping) {
      const patch: Parameters<Store['updateContainer']>[1] = { state: want, pid: st.pid };
      if (want === ContainerState.Running && row.startedAt === null) patch.startedAt = nowString();
      this.store.updateContainer(row.id, patch);
      return this.mustGet(row.id);
    }
    if (row.state === ContainerState.Stopping && st.status === 'running' && !this.stopping.has(row.id)) {
      // A stop that was interrupted (its process died): the container still runs.
      this.store.updateContainer(row.id, { state: ContainerState.Running });
      return this.mustGet(row.id);
    }
    return row;
  }

  /** Ids this process is stopping right now (their `stopping` state is not stale). */
  private stopping = new Set<string>();

  private recordExit(row: ContainerRow, code: number, time: Date): void {
    const finished = formatNano(BigInt(time.getTime()) * 1_000_000n);
    this.store.tx(() => {
      this.store.updateContainer(row.id, {
        state: ContainerState.Stopped,
        exitCode: code,
        finishedAt: finished,
        pid: 0,
      });
      this.store.addExitCode(row.id, code, finished);
    });
    this.emitContainerEvent(row, 'died', { exitCode: code });
  }

  /**
   * After an exit: cleans up and applies the restart policy (unless the user stopped
   * or killed the container). Lock held.
   */
  private async handleExitIfAny(row: ContainerRow): Promise<ContainerRow> {
    if (row.state !== ContainerState.Stopped) return row;
    row = await this.cleanupRow(row);
    if (this.shouldRestart(row)) {
      this.store.updateContainer(row.id, { restartCount: row.restartCount + 1 });
      row = this.mustGet(row.id);
      this.emitContainerEvent(row, 'restart');
      row = await this.startRow(row);
    }
    return row;
  }

  private shouldRestart(row: ContainerRow): boolean {
    if (row.stoppedByUser || row.config.initType !== '') return false;
    const p = row.config.restartPolicy;
    if (p.Name === 'always') return true;
    if (p.Name === 'on-failure') {
      return row.exitCode !== 0 && (p.MaximumRetryCount === 0 || row.restartCount < p.MaximumRetryCount);
    }
    return false;
  }

  // ------------------------------------------------------------------ images

  async importImage(source: string, name: string, onProgress?: (p: ImportProgress) => void): Promise<ImageRow> {
    const img = await this.images.import(source, name, onProgress);
    this.events.emit({ type: 'image', action: 'import', id: img.id, name: img.names[0] ?? img.id });
    return img;
  }

  listImages(): ImageListEntry[] {
    return this.images.list();
  }

  /**
   * Removes an image (or only the given name of an image with several). Refuses while
   * a container uses it; with `force`, removes those containers first, as Podman does.
   * Returns what was untagged and deleted.
   */
  async removeImage(ref: string, force = false): Promise<{ untagged: string[]; deleted: string[] }> {
    const img = this.images.resolve(ref);
    if (img.config.internal === true) {
      throw new PodyardError(ErrorCode.InvalidArgument, `image ${ref} is Podyard's own infra image: it is removed with the last pod that uses it`);
    }
    const byName = img.names.find((n) => n === ref || n.endsWith(`/${ref}`) || n === `localhost/${ref}:latest`);
    if (byName !== undefined && img.names.length > 1) {
      this.store.db.prepare('DELETE FROM image_names WHERE name = ?').run(byName);
      this.events.emit({ type: 'image', action: 'untag', id: img.id, name: byName });
      return { untagged: [byName], deleted: [] };
    }
    const users = this.store.containersUsingImage(img.id);
    if (users.length > 0 && !force) {
      throw new PodyardError(ErrorCode.ImageInUse, `image used by ${users[0]}: image is in use by a container`, {
        containers: users,
      });
    }
    for (const id of users) await this.removeContainer(id, { force: true, timeout: 0 });
    await this.images.delete(img);
    this.events.emit({ type: 'image', action: 'remove', id: img.id, name: img.names[0] ?? img.id });
    return { untagged: img.names, deleted: [img.id] };
  }

  // ------------------------------------------------------------------ create

  /** Validates everything and records a new container in state `created`. */
  async createContainer(o: CreateContainerOptions): Promise<ContainerRow> {
    const img = this.images.resolve(o.image);
    if (o.name !== undefined) validateName(o.name);
    const name = o.name ?? randomName((n) => this.store.containerIdByName(n) !== undefined);
    const taken = this.store.containerIdByName(name);
    if (taken !== undefined) {
      throw new PodyardError(
        ErrorCode.NameInUse,
        `the container name "${name}" is already in use by ${taken}. You have to remove that container to be able to reuse that name: that name is already in use`,
      );
    }
    const command = o.command !== undefined && o.command.length > 0 ? o.command : img.config.cmd;
    if (command.length === 0) {
      throw new PodyardError(
        ErrorCode.InvalidArgument,
        'no command or entrypoint provided, and no CMD or ENTRYPOINT from image',
      );
    }
    const stopSignal = parseSignal(o.stopSignal ?? 'SIGTERM');
    const stopTimeout = o.stopTimeout ?? 10;
    if (!Number.isInteger(stopTimeout) || stopTimeout < 0) {
      throw new PodyardError(ErrorCode.InvalidArgument, `invalid stop timeout ${stopTimeout}: give whole seconds, 0 or more`);
    }
    const restartPolicy = parseRestartPolicy(o.restart ?? 'no');
    const env = (o.env ?? []).map((e) => {
      if (e.includes('=')) return e;
      const v = process.env[e];
      return v === undefined ? undefined : `${e}=${v}`;
    }).filter((e): e is string => e !== undefined);
    for (const e of env) {
      if (e.startsWith('=')) throw new PodyardError(ErrorCode.InvalidArgument, `invalid environment variable "${e}": use NAME=VALUE`);
    }
    const runtimeName = o.runtime ?? this.opts.runtime ?? 'crun';
    this.runtime(runtimeName); // validates the name

    const id = newId();
    const placement = this.placeInPod(id, o);
    const requires = (o.requires ?? []).map((r) => this.resolveContainer(r).id);
    const config: ContainerConfig = {
      command,
      env,
      workdir: o.workdir ?? img.config.workdir ?? '/',
      user: o.user ?? '',
      hostname: o.hostname ?? placement.hostname ?? id.slice(0, 12),
      stopSignal,
      stopTimeout,
      init: o.init === true,
      restartPolicy,
      labels: o.labels ?? {},
      createCommand: o.createCommand ?? [],
      requires,
      podId: placement.podId,
      initType: o.initCtr ?? '',
      isInfra: o.isInfra === true,
      runtime: runtimeName,
    };
    const deps: DependencyEdge[] = [
      ...requires.map((d) => ({ ctrId: id, depId: d, kind: 'requires' as const })),
      ...placement.namespaceDeps.map((d) => ({ ctrId: id, depId: d, kind: 'namespace' as const })),
    ];
    const row: ContainerRow = {
      id,
      name,
      imageId: img.id,
      imageName: o.image === img.id ? (img.names[0] ?? img.id) : (img.names.find((n) => n.includes(o.image)) ?? img.names[0] ?? img.id),
      config,
      created: nowString(),
      state: ContainerState.Configured,
      pid: 0,
      conmonPid: 0,
      exitCode: 0,
      startedAt: null,
      finishedAt: null,
      error: '',
      stoppedByUser: false,
      restartCount: 0,
      mounted: false,
    };
    this.validatePlacement(row, deps);
    this.store.insertContainer(row, deps);
    await mkdir(this.paths.bundleDir(id), { recursive: true });
    this.emitContainerEvent(row, 'create');
    return row;
  }

  /** Where a new container goes: its pod, its namespace edges, its hostname. */
  private placeInPod(_id: string, o: CreateContainerOptions): { podId: string; namespaceDeps: string[]; hostname?: string } {
    return this.pods.placement(o);
  }

  /** Checks a new container's edges before it is stored (same pod, no cycle). */
  private validatePlacement(row: ContainerRow, deps: DependencyEdge[]): void {
    this.pods.validateEdges(row, deps);
  }

  // ------------------------------------------------------------------ start

  /** Starts a container (and, first, the containers it requires), as `podman start`. */
  async startContainer(ref: string): Promise<ContainerRow> {
    const row = this.resolveContainer(ref);
    for (const dep of this.store.dependencies(row.id)) {
      const d = this.mustGet(dep.depId);
      if (d.state !== ContainerState.Running) await this.startContainer(d.id);
    }
    return this.withContainer(row.id, async (r) => {
      this.store.updateContainer(r.id, { stoppedByUser: false });
      return this.startRow(this.mustGet(r.id));
    });
  }

  /** Starts one container whose lock is held. Running containers are left alone. */
  async startRow(row: ContainerRow): Promise<ContainerRow> {
    if (row.state === ContainerState.Running) return row;
    if (row.state === ContainerState.Paused) {
      throw new PodyardError(ErrorCode.StateImproper, `cannot start paused container ${row.id}`);
    }
    if (row.state === ContainerState.Removing || row.state === ContainerState.Stopping) {
      throw new PodyardError(
        ErrorCode.StateImproper,
        `container ${row.id} is ${row.state}, cannot start it: container state improper`,
      );
    }
    const notRunning = this.store
      .dependencies(row.id)
      .filter((d) => d.kind === 'requires')
      .map((d) => this.mustGet(d.depId))
      .filter((d) => d.state !== ContainerState.Running)
      .map((d) => d.id);
    if (notRunning.length > 0) {
      throw new PodyardError(
        ErrorCode.StateImproper,
        `the following dependencies of container ${row.id} are not running: ${notRunning.join(', ')}`,
      );
    }
    if (row.state === ContainerState.Stopped) row = await this.cleanupRow(row);
    if (row.state !== ContainerState.Created) row = await this.initRow(row);
    const rt = this.runtime(row.config.runtime);
    // Taken before the start: a short-lived process may be gone before `start` returns.
    const startedAt = nowString();
    try {
      await rt.start(row.id);
    } catch (e) {
      await this.failedStart(row, e);
      throw e;
    }
    this.store.updateContainer(row.id, {
      state: ContainerState.Running,
      startedAt,
      error: '',
      exitCode: 0,
    });
    row = this.mustGet(row.id);
    this.emitContainerEvent(row, 'start');
    return row;
  }

  /** Records the error and removes what a failed start left in the runtime. */
  private async failedStart(row: ContainerRow, e: unknown): Promise<void> {
    const msg = e instanceof Error ? e.message : String(e);
    await this.runtime(row.config.runtime).delete(row.id, true).catch(() => undefined);
    await unmountRootfs(this.paths, row.id);
    this.store.updateContainer(row.id, { state: ContainerState.Configured, error: msg, pid: 0, conmonPid: 0, mounted: false });
  }

  /** The namespaces, cgroup and /dev/shm of a container (pods join the infra's). */
  private async runtimePlacement(row: ContainerRow): Promise<Placement> {
    if (row.config.podId !== '') return this.pods.runtimePlacement(row);
    const namespaces: NamespaceSpec[] = [
      { type: 'pid' },
      { type: 'network' },
      { type: 'ipc' },
      { type: 'uts' },
      { type: 'mount' },
    ];
    const userns = this.userNamespace();
    const out: Placement = { namespaces };
    if (userns !== undefined) {
      namespaces.push(userns.ns);
      out.uidMappings = userns.uidMappings;
      out.gidMappings = userns.gidMappings;
    }
    if (!this.cgroupsUsable()) return out;
    namespaces.push({ type: 'cgroup' });
    out.cgroupsPath = `${this.cgroupBase}/${row.id}`;
    return out;
  }

  /** The host-side path of the image's root for this container. */
  private imageRootfsFor(row: ContainerRow): string {
    return this.paths.imageRootfs(row.imageId);
  }

  /** `crun create` under conmon: the container exists, its process waits to start. */
  private async initRow(row: ContainerRow): Promise<ContainerRow> {
    if (this.cgroupsUsable() && this.cgroups.problem !== undefined) {
      throw new PodyardError(ErrorCode.HostSetup, this.cgroups.problem);
    }
    const id = row.id;
    const bundle = this.paths.bundleDir(id);
    await mkdir(bundle, { recursive: true });
    await mkdir(this.paths.exitsDir, { recursive: true });
    await mkdir(this.paths.persistDir(id), { recursive: true });
    await mkdir(this.paths.socketsDir, { recursive: true });
    // A previous run's conmon may still be finishing (a crash left it behind, or its
    // container was just deleted): let it go first, or its exit file, written late,
    // would be read as this run's exit.
    await this.retireConmon(id);
    await rm(this.paths.exitFile(id), { force: true });
    await rm(join(this.paths.persistDir(id), 'exit'), { force: true });

    let rootfs: string;
    try {
      rootfs = await mountRootfs(this.paths, id, this.imageRootfsFor(row));
    } catch (e) {
      this.store.updateContainer(id, { error: e instanceof Error ? e.message : String(e) });
      throw e;
    }
    this.store.updateContainer(id, { mounted: true });
    try {
      const net = await writeNetworkFiles(bundle, row.config.hostname, row.name);
      const placement = await this.runtimePlacement(row);
      let user: { uid: number; gid: number };
      try {
        user = resolveUser(
          row.config.user,
          await readFile(join(rootfs, 'etc/passwd'), 'utf8').catch(() => undefined),
          await readFile(join(rootfs, 'etc/group'), 'utf8').catch(() => undefined),
        );
      } catch (e) {
        throw new PodyardError(ErrorCode.InvalidArgument, `container ${id}: ${(e as Error).message}`);
      }
      const spec = buildSpec({
        args: row.config.command,
        env: this.containerEnv(row),
        cwd: row.config.workdir === '' ? '/' : row.config.workdir,
        uid: user.uid,
        gid: user.gid,
        hostname: row.config.hostname,
        rootfs,
        ...(row.config.init ? { initPath: this.catatonitPath } : {}),
        namespaces: placement.namespaces,
        ...(placement.cgroupsPath !== undefined ? { cgroupsPath: placement.cgroupsPath } : {}),
        ...(placement.shmSource !== undefined ? { shmSource: placement.shmSource } : {}),
        ...(placement.resources !== undefined ? { resources: placement.resources } : {}),
        ...(placement.uidMappings !== undefined ? { uidMappings: placement.uidMappings } : {}),
        ...(placement.gidMappings !== undefined ? { gidMappings: placement.gidMappings } : {}),
        hardLimits: this.hardLimits,
        cgroupMount: row.config.runtime !== 'runc',
        binds: [
          { source: net.hostname, destination: '/etc/hostname' },
          { source: net.hosts, destination: '/etc/hosts' },
          { source: net.resolv, destination: '/etc/resolv.conf' },
        ],
        annotations: { 'io.podyard.name': row.name, ...(row.config.podId !== '' ? { 'io.podyard.pod': row.config.podId } : {}) },
      });
      await writeFile(join(bundle, 'config.json'), JSON.stringify(spec, null, 2));
      await mkdir(this.paths.containerRunDir(id), { recursive: true });
      const { pid } = await this.runtime(row.config.runtime).createWithConmon({
        id,
        name: row.name,
        bundle,
        logPath: this.paths.logPath(id),
        exitDir: this.paths.exitsDir,
        pidFile: this.paths.pidFile(id),
        conmonPidFile: this.paths.conmonPidFile(id),
        persistDir: this.paths.persistDir(id),
        socketDir: this.paths.socketsDir,
        exitCommand: [
          ...this.opts.cliCommand,
          '--root',
          this.paths.root,
          '--runroot',
          this.paths.runroot,
          'container',
          'cleanup',
          id,
        ],
      });
      const conmonPid = Number((await readFile(this.paths.conmonPidFile(id), 'utf8').catch(() => '0')).trim());
      this.store.updateContainer(id, { state: ContainerState.Created, pid, conmonPid, error: '' });
      const fresh = this.mustGet(id);
      this.emitContainerEvent(fresh, 'init');
      return fresh;
    } catch (e) {
      await this.failedStart(row, e);
      throw e;
    }
  }

  /** The environment of the container's process: defaults, then the image's, then its own. */
  containerEnv(row: ContainerRow, extra: string[] = []): string[] {
    const img = this.store.getImage(row.imageId);
    return mergeEnv([DEFAULT_PATH, 'container=podyard', `HOSTNAME=${row.config.hostname}`, 'HOME=/root'], img?.config.env ?? [], row.config.env, extra);
  }

  /**
   * Waits (briefly) for the conmon of a previous run of this container to exit, and
   * kills it if it lingers. Its pid is in the run directory's conmon pid file.
   */
  private async retireConmon(id: string): Promise<void> {
    const text = await readFile(this.paths.conmonPidFile(id), 'utf8').catch(() => '');
    const pid = Number(text.trim());
    if (!Number.isInteger(pid) || pid <= 0) return;
    const deadline = Date.now() + 2000;
    while (processAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    if (processAlive(pid)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
    await rm(this.paths.conmonPidFile(id), { force: true });
  }

  // ------------------------------------------------------------------ stop / kill

  /**
   * Stops a container: its stop signal, then SIGKILL after `timeout` seconds (-1: the
   * container's own timeout), then up to 5 s more. While it stops its state is
   * `stopping` and its lock is released, so queries never wait on a slow stop.
   * Returns warnings (resorted to SIGKILL). Stopping a stopped container is a no-op.
   */
  async stopContainer(ref: string, opts: { timeout?: number; cleanup?: boolean } = {}): Promise<{ row: ContainerRow; warnings: string[] }> {
    const row = this.resolveContainer(ref);
    return this.stopById(row.id, opts);
  }

  async stopById(id: string, opts: { timeout?: number; cleanup?: boolean; ignorePaused?: boolean; slot?: Slot } = {}): Promise<{ row: ContainerRow; warnings: string[] }> {
    const outside = <T>(wait: () => Promise<T>): Promise<T> => (opts.slot === undefined ? wait() : opts.slot.outside(wait));
    const warnings: string[] = [];
    const prep = await this.withContainer(id, async (r) => {
      if (r.state === ContainerState.Paused) {
        if (opts.ignorePaused === true) return undefined;
        throw new PodyardError(
          ErrorCode.StateImproper,
          `container ${r.id} is paused, unpause it before stopping it (or kill it): container state improper`,
        );
      }
      if (r.state === ContainerState.Created) {
        // Created in the runtime but never started: nothing to signal.
        await this.runtime(r.config.runtime).delete(r.id, true);
        await unmountRootfs(this.paths, r.id);
        this.store.updateContainer(r.id, { state: ContainerState.Configured, pid: 0, conmonPid: 0, mounted: false, stoppedByUser: true });
        return undefined;
      }
      if (r.state !== ContainerState.Running && r.state !== ContainerState.Stopping) {
        if (r.state === ContainerState.Stopped && opts.cleanup !== false) await this.cleanupRow(r);
        return undefined;
      }
      this.store.updateContainer(r.id, { state: ContainerState.Stopping, stoppedByUser: true });
      this.stopping.add(r.id);
      return r;
    });
    if (prep !== undefined) {
      try {
        const timeout = opts.timeout === undefined || opts.timeout < 0 ? prep.config.stopTimeout : opts.timeout;
        const rt = this.runtime(prep.config.runtime);
        const exitFile = this.paths.exitFile(id);
        let exited: Awaited<ReturnType<typeof waitForExitFile>>;
        if (timeout > 0) {
          await rt.kill(id, prep.config.stopSignal).catch(() => undefined);
          exited = await outside(() => waitForExitFile(exitFile, timeout * 1000));
          if (exited === undefined) {
            const w = `StopSignal ${signalName(prep.config.stopSignal)} failed to stop container ${prep.name} in ${timeout} seconds, resorting to SIGKILL`;
            warnings.push(w);
            this.emitContainerEvent(prep, 'kill', { attributes: { signal: 'SIGKILL', reason: 'stop timeout' } });
          }
        }
        exited = await readExitFile(exitFile);
        if (exited === undefined) {
          await rt.kill(id, 9).catch(() => undefined);
          exited = await outside(() => waitForExitFile(exitFile, KILL_GRACE_MS));
          if (exited === undefined) {
            throw new PodyardError(ErrorCode.Runtime, `container ${id} did not exit within ${KILL_GRACE_MS / 1000} seconds of SIGKILL`);
          }
        }
      } catch (e) {
        await this.withContainer(id, async () => undefined);
        throw e;
      } finally {
        this.stopping.delete(id);
      }
    }
    const row = await this.withContainer(id, async (r) => {
      if (prep !== undefined) this.emitContainerEvent(r, 'stop');
      if (r.state === ContainerState.Stopped && opts.cleanup !== false) return this.cleanupRow(r);
      return r;
    });
    return { row, warnings };
  }

  /**
   * Sends a signal. Works on running, stopping and paused containers; SIGKILL to a
   * paused one also thaws it so it can die. Marks the container stopped by user.
   */
  async killContainer(ref: string, signal: string | number = 'KILL'): Promise<ContainerRow> {
    const sig = typeof signal === 'number' ? signal : parseSignal(signal);
    const row = this.resolveContainer(ref);
    return this.killById(row.id, sig);
  }

  async killById(id: string, sig: number): Promise<ContainerRow> {
    return this.withContainer(id, async (r) => {
      if (r.state !== ContainerState.Running && r.state !== ContainerState.Paused && r.state !== ContainerState.Stopping) {
        throw new PodyardError(
          ErrorCode.StateImproper,
          `can only kill running containers. ${r.id} is in state ${r.state}: container state improper`,
        );
      }
      this.store.updateContainer(r.id, { stoppedByUser: true });
      const rt = this.runtime(r.config.runtime);
      await rt.kill(r.id, sig);
      if (r.state === ContainerState.Paused && sig === 9) {
        await rt.resume(r.id).catch(() => undefined);
        this.store.updateContainer(r.id, { state: ContainerState.Running });
      }
      this.emitContainerEvent(r, 'kill', { attributes: { signal: signalName(sig) } });
      return this.mustGet(r.id);
    });
  }

  // ------------------------------------------------------------------ pause

  async pauseContainer(ref: string): Promise<ContainerRow> {
    return this.pauseById(this.resolveContainer(ref).id);
  }

  async pauseById(id: string): Promise<ContainerRow> {
    return this.withContainer(id, async (r) => {
      if (!this.cgroupsUsable()) {
        throw new PodyardError(ErrorCode.StateImproper, 'cannot pause without using Cgroups');
      }
      if (r.state === ContainerState.Paused) {
        throw new PodyardError(ErrorCode.StateImproper, `"${r.id}" is paused already: container state improper`);
      }
      if (r.state !== ContainerState.Running) {
        throw new PodyardError(ErrorCode.StateImproper, `"${r.id}" is not running, can't pause: container state improper`);
      }
      await this.runtime(r.config.runtime).pause(r.id);
      this.store.updateContainer(r.id, { state: ContainerState.Paused });
      const fresh = this.mustGet(r.id);
      this.emitContainerEvent(fresh, 'pause');
      return fresh;
    });
  }

  async unpauseContainer(ref: string): Promise<ContainerRow> {
    return this.unpauseById(this.resolveContainer(ref).id);
  }

  async unpauseById(id: string): Promise<ContainerRow> {
    return this.withContainer(id, async (r) => {
      if (r.state !== ContainerState.Paused) {
        throw new PodyardError(ErrorCode.StateImproper, `"${r.id}" is not paused, can't unpause: container state improper`);
      }
      await this.runtime(r.config.runtime).resume(r.id);
      this.store.updateContainer(r.id, { state: ContainerState.Running });
      const fresh = this.mustGet(r.id);
      this.emitContainerEvent(fresh, 'unpause');
      return fresh;
    });
  }

  // ------------------------------------------------------------------ restart

  async restartContainer(ref: string, timeout?: number): Promise<ContainerRow> {
    const row = this.resolveContainer(ref);
    if (row.state === ContainerState.Running || row.state === ContainerState.Stopping) {
      await this.stopById(row.id, timeout === undefined ? {} : { timeout });
    }
    return this.withContainer(row.id, async (r) => {
      this.store.updateContainer(r.id, { stoppedByUser: false });
      const started = await this.startRow(this.mustGet(r.id));
      this.emitContainerEvent(started, 'restart');
      return started;
    });
  }

  // ------------------------------------------------------------------ cleanup

  /**
   * Frees what a stopped container holds: the runtime container and the mount. A
   * running or paused container refuses. Lock held.
   */
  async cleanupRow(row: ContainerRow): Promise<ContainerRow> {
    if (row.state === ContainerState.Running || row.state === ContainerState.Paused) {
      throw new PodyardError(
        ErrorCode.StateImproper,
        `container ${row.id} is running or paused, refusing to clean up`,
      );
    }
    if (row.state !== ContainerState.Stopped && row.state !== ContainerState.Exited && row.state !== ContainerState.Configured) {
      return row;
    }
    await this.runtime(row.config.runtime).delete(row.id, true);
    await unmountRootfs(this.paths, row.id);
    await rm(this.paths.containerRunDir(row.id), { recursive: true, force: true });
    const wasStopped = row.state === ContainerState.Stopped;
    this.store.updateContainer(row.id, {
      state: wasStopped ? ContainerState.Exited : row.state,
      mounted: false,
      pid: 0,
      conmonPid: 0,
    });
    const fresh = this.mustGet(row.id);
    if (wasStopped) this.emitContainerEvent(fresh, 'cleanup');
    return fresh;
  }

  /**
   * What conmon's exit command runs: record the exit, clean up, apply the restart
   * policy. Safe to call any number of times.
   */
  async cleanupContainer(ref: string): Promise<ContainerRow> {
    const row = this.resolveContainer(ref);
    const after = await this.withContainer(row.id, async (r) => this.handleExitIfAny(r));
    // After the container lock is released: the pod lock comes first in lock order.
    if (after.config.podId !== '' && !after.config.isInfra && after.config.initType === '') {
      await this.pods.applyExitPolicy(after.config.podId);
    }
    return after;
  }

  // ------------------------------------------------------------------ remove

  /**
   * Removes a container. Running or paused ones need `force` (then they are stopped
   * with `timeout` first). A container others depend on cannot be removed first.
   */
  async removeContainer(ref: string, opts: { force?: boolean; timeout?: number } = {}): Promise<string> {
    const row = this.resolveContainer(ref);
    this.checkRemovable(row);
    const dependents = this.store.dependents(row.id).filter((d) => this.store.getContainer(d) !== undefined);
    if (dependents.length > 0) {
      throw new PodyardError(
        ErrorCode.StateImproper,
        `container ${row.id} has dependent containers which must be removed before it: ${dependents.join(', ')}: container already exists`,
      );
    }
    const live = row.state === ContainerState.Running || row.state === ContainerState.Paused || row.state === ContainerState.Stopping;
    if (live && opts.force !== true) {
      throw new PodyardError(
        ErrorCode.StateImproper,
        `cannot remove container ${row.id} as it is running - running or paused containers cannot be removed without force: container state improper`,
      );
    }
    if (row.state === ContainerState.Paused) await this.killById(row.id, 9);
    if (live || row.state === ContainerState.Created) {
      await this.stopById(row.id, { timeout: opts.timeout ?? -1, cleanup: true });
    }
    return this.removeRowNow(row.id);
  }

  /**
   * Removes a directory tree. Rootless, a container's files may belong to subordinate
   * ids the user cannot touch directly; those are removed from inside a user namespace
   * with the containers' own mapping (as `podman unshare` does).
   */
  async removeTree(dir: string): Promise<void> {
    try {
      await rm(dir, { recursive: true, force: true });
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const r = this.rootlessInfo;
      if (r === undefined || (code !== 'EPERM' && code !== 'EACCES')) throw err;
      const args = ['--map-root-user'];
      if (r.subuid !== undefined) args.push(`--map-users=${r.subuid.start},1,${r.subuid.count}`);
      if (r.subgid !== undefined) args.push(`--map-groups=${r.subgid.start},1,${r.subgid.count}`);
      const res = await execa('unshare', [...args, 'rm', '-rf', '--', dir], { reject: false, stdin: 'ignore' });
      if (res.exitCode !== 0) throw new PodyardError(ErrorCode.Runtime, `cannot remove ${dir}: ${res.stderr.trim()}`);
    }
  }

  /** Refuses removals the object model forbids (the infra container of a pod). */
  private checkRemovable(row: ContainerRow): void {
    this.pods.checkRemovable(row);
  }

  /** Deletes a stopped container from the runtime, the disk and the database. */
  async removeRowNow(id: string): Promise<string> {
    return this.withContainer(id, async (r) => {
      if (LIVE_STATES.has(r.state) && r.state !== ContainerState.Created) {
        throw new PodyardError(ErrorCode.StateImproper, `container ${r.id} is still ${r.state}: container state improper`);
      }
      this.store.updateContainer(r.id, { state: ContainerState.Removing });
      await this.runtime(r.config.runtime).delete(r.id, true);
      await unmountRootfs(this.paths, r.id);
      await rm(this.paths.containerRunDir(r.id), { recursive: true, force: true });
      await rm(this.paths.exitFile(r.id), { force: true });
      this.store.deleteContainer(r.id);
      this.emitContainerEvent(r, 'remove');
      await this.removeTree(this.paths.containerDir(r.id));
      return r.id;
    });
  }

  // ------------------------------------------------------------------ queries (no lock)

  /**
   * The state a reader should show, without writing: a live container whose exit
   * file exists has exited even if nobody recorded it yet.
   */
  viewOf(row: ContainerRow): ContainerRow {
    if (!LIVE_STATES.has(row.state)) return row;
    const file = this.paths.exitFile(row.id);
    if (existsSync(file)) {
      const code = Number(readFileSync(file, 'utf8').trim());
      if (Number.isFinite(code)) return { ...row, state: ContainerState.Exited, exitCode: code, pid: 0 };
    }
    if (row.conmonPid > 0 && !processAlive(row.conmonPid) && row.state !== ContainerState.Created) {
      return { ...row, state: ContainerState.Stopped, exitCode: -1, error: CONMON_DIED, pid: 0 };
    }
    return row;
  }

  inspectContainer(ref: string): ContainerInspect {
    return this.toInspect(this.viewOf(this.resolveContainer(ref)));
  }

  toInspect(row: ContainerRow): ContainerInspect {
    const c = row.config;
    const out: ContainerInspect = {
      Id: row.id,
      Created: row.created,
      Path: c.command[0] ?? '',
      Args: c.command.slice(1),
      State: {
        OciVersion: '1.0.2',
        Status: row.state,
        Running: row.state === ContainerState.Running,
        Paused: row.state === ContainerState.Paused,
        Restarting: false,
        OOMKilled: false,
        Dead: false,
        Pid: row.pid,
        ConmonPid: row.conmonPid,
        ExitCode: row.exitCode,
        Error: row.error,
        StartedAt: row.startedAt ?? ZERO_TIME,
        FinishedAt: row.finishedAt ?? ZERO_TIME,
      },
      Image: row.imageId,
      ImageName: row.imageName,
      Rootfs: '',
      Pod: c.podId,
      ResolvConfPath: join(this.paths.bundleDir(row.id), 'resolv.conf'),
      HostnamePath: join(this.paths.bundleDir(row.id), 'hostname'),
      HostsPath: join(this.paths.bundleDir(row.id), 'hosts'),
      Name: row.name,
      RestartCount: row.restartCount,
      Driver: existsSync(join(this.paths.containerDir(row.id), 'copy')) ? 'vfs' : 'overlay',
      OCIRuntime: c.runtime,
      ConmonPidFile: this.paths.conmonPidFile(row.id),
      PidFile: this.paths.pidFile(row.id),
      Dependencies: this.store.dependencies(row.id).map((d) => d.depId),
      IsInfra: c.isInfra,
      Config: {
        Hostname: c.hostname,
        User: c.user,
        Env: c.env,
        Cmd: c.command,
        Image: row.imageName,
        WorkingDir: c.workdir,
        Labels: c.labels,
        StopSignal: signalName(c.stopSignal),
        StopTimeout: c.stopTimeout,
        CreateCommand: c.createCommand,
      },
      HostConfig: {
        RestartPolicy: c.restartPolicy,
        Init: c.init,
        LogConfig: { Type: 'k8s-file', Path: this.paths.logPath(row.id) },
      },
    };
    if (c.initType !== '') out.InitContainerType = c.initType;
    return out;
  }

  /** `ps`: running containers, or all with `all`. */
  listContainers(opts: { all?: boolean; podNames?: Map<string, string> } = {}): ContainerListEntry[] {
    const now = Date.now();
    return this.store
      .listContainers()
      .map((r) => this.viewOf(r))
      .filter((r) => opts.all === true || r.state === ContainerState.Running || r.state === ContainerState.Paused || r.state === ContainerState.Stopping)
      .map((r) => ({
        Id: r.id,
        Names: [r.name],
        Image: r.imageName,
        ImageID: r.imageId,
        Command: r.config.command,
        State: r.state,
        Status: statusText(r, now),
        ExitCode: r.exitCode,
        Exited: r.state === ContainerState.Exited || r.state === ContainerState.Stopped,
        Pid: r.pid,
        Pod: r.config.podId,
        PodName: opts.podNames?.get(r.config.podId) ?? '',
        IsInfra: r.config.isInfra,
        StartedAt: r.startedAt === null ? 0 : Math.floor(Date.parse(r.startedAt) / 1000),
        ExitedAt: r.finishedAt === null ? 0 : Math.floor(Date.parse(r.finishedAt) / 1000),
        Created: Math.floor(Date.parse(r.created) / 1000),
        CreatedAt: r.created,
      }));
  }

  /**
   * Waits until the container is no longer live and returns its exit code. Takes no
   * lock: it watches the exit file and the database.
   */
  async waitContainer(ref: string, signal?: AbortSignal): Promise<number> {
    const id = this.resolveContainer(ref).id;
    for (;;) {
      if (signal?.aborted === true) throw new PodyardError(ErrorCode.Internal, 'wait cancelled');
      const row = this.store.getContainer(id);
      if (row === undefined) throw errNoSuchContainer(ref);
      const v = this.viewOf(row);
      if (!LIVE_STATES.has(v.state)) return v.exitCode;
      if (v.state === ContainerState.Created) {
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      await waitForExitFile(this.paths.exitFile(id), 1000);
    }
  }

  /** The container's log path (k8s-file format), for readers. */
  logPath(ref: string): { id: string; path: string } {
    const row = this.resolveContainer(ref);
    return { id: row.id, path: this.paths.logPath(row.id) };
  }

  /**
   * A test for `logs -f`: true while the container lives, and after that until its
   * conmon (as it was when following began) has exited, since conmon may write the
   * exit file before it has drained the last output into the log.
   */
  liveness(id: string): () => boolean {
    const conmonPid = this.store.getContainer(id)?.conmonPid ?? 0;
    return () => {
      const row = this.store.getContainer(id);
      if (row !== undefined && LIVE_STATES.has(this.viewOf(row).state)) return true;
      return conmonPid > 0 && processAlive(conmonPid);
    };
  }

  async info(): Promise<SystemInfo> {
    const rt = this.runtime();
    const rows = this.store.listContainers().map((r) => this.viewOf(r));
    const problems: SystemInfo['problems'] = [];
    problems.push(...(this.rootlessInfo?.problems ?? []));
    if (this.cgroups.problem !== undefined && this.cgroupsUsable()) {
      problems.push({ what: 'cgroups: the unified hierarchy holds hugetlb, which crun refuses', fix: 'mkdir -p /run/podyard-hugetlb && mount -t cgroup -o hugetlb cgroup /run/podyard-hugetlb' });
    }
    for (const [what, path, pkg] of [
      ['OCI runtime', rt.opts.path, 'crun'],
      ['conmon', this.conmonPath, 'conmon'],
      ['catatonit', this.catatonitPath, 'catatonit'],
    ] as const) {
      if (!(await access(path).then(() => true, () => false))) problems.push({ what: `${what} not found at ${path}`, fix: `apt-get install ${pkg}` });
    }
    return {
      version: PODYARD_VERSION,
      mode: this.rootless ? 'rootless' : 'rootful',
      runtime: { name: rt.opts.name, path: rt.opts.path, version: await runtimeVersion(rt.opts.path) },
      conmon: { path: this.conmonPath, version: await runtimeVersion(this.conmonPath) },
      cgroups: {
        version: this.cgroups.version,
        manager: this.cgroupsUsable() ? 'cgroupfs' : 'none',
        usable: this.cgroupsUsable() && this.cgroups.problem === undefined,
        ...(this.cgroups.problem !== undefined ? { problem: this.cgroups.problem } : {}),
      },
      storage: { driver: this.rootless ? 'vfs (a copy of the image per container)' : 'overlay', root: this.paths.root, runroot: this.paths.runroot, database: this.paths.db },
      counts: {
        containers: rows.length,
        running: rows.filter((r) => r.state === ContainerState.Running).length,
        pods: this.store.listPods().length,
        images: this.store.listImages().length,
      },
      problems,
      ...(this.rootlessInfo !== undefined
        ? {
            rootless: {
              user: this.rootlessInfo.user,
              uid: this.rootlessInfo.uid,
              subuid: this.rootlessInfo.subuid ?? null,
              subgid: this.rootlessInfo.subgid ?? null,
              newuidmap: this.rootlessInfo.newuidmap,
            },
          }
        : {}),
    };
  }
}

export type { ContainerErrors };

/** Where a container's process goes: namespaces (new or joined), cgroup, /dev/shm, id mappings. */
export interface Placement {
  namespaces: NamespaceSpec[];
  cgroupsPath?: string;
  shmSource?: string;
  resources?: { cpuQuota?: number; cpuPeriod?: number; memoryLimit?: number };
  uidMappings?: { containerID: number; hostID: number; size: number }[];
  gidMappings?: { containerID: number; hostID: number; size: number }[];
}

function safeRead(f: string): string | undefined {
  try {
    return readFileSync(f, 'utf8');
  } catch {
    return undefined;
  }
}

/** Podman's STATUS column: `Up 3 seconds`, `Exited (0) 2 minutes ago`, `Created`. */
export function statusText(r: ContainerRow, nowMs: number): string {
  const since = (t: string | null) => (t === null ? 0 : (nowMs - Date.parse(t)) / 1000);
  switch (r.state) {
    case ContainerState.Running:
      return `Up ${humanDuration(since(r.startedAt))}`;
    case ContainerState.Paused:
      return `Up ${humanDuration(since(r.startedAt))} (paused)`;
    case ContainerState.Stopping:
      return 'Stopping';
    case ContainerState.Exited:
    case ContainerState.Stopped:
      return `Exited (${r.exitCode}) ${humanDuration(since(r.finishedAt))} ago`;
    case ContainerState.Created:
      return 'Initialized';
    case ContainerState.Configured:
      return 'Created';
    default:
      return r.state.charAt(0).toUpperCase() + r.state.slice(1);
  }
}
