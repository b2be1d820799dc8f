import Database from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import { migrate } from './migrations.js';
import type { ContainerState, InitContainerType, RestartPolicy } from '../../../shared/types.js';

/** What a container was created with; stored as JSON, never changed after create. */
export interface ContainerConfig {
  command: string[];
  env: string[];
  workdir: string;
  user: string;
  hostname: string;
  /** Signal number. */
  stopSignal: number;
  stopTimeout: number;
  init: boolean;
  restartPolicy: RestartPolicy;
  labels: Record<string, string>;
  createCommand: string[];
  /** Ids of the containers named with --requires. */
  requires: string[];
  podId: string;
  initType: InitContainerType;
  isInfra: boolean;
  /** The runtime binary name (crun or runc). */
  runtime: string;
}

export interface ContainerRow {
  id: string;
  name: string;
  imageId: string;
  imageName: string;
  config: ContainerConfig;
  created: string;
  state: ContainerState;
  pid: number;
  conmonPid: number;
  exitCode: number;
  startedAt: string | null;
  finishedAt: string | null;
  error: string;
  stoppedByUser: boolean;
  restartCount: number;
  mounted: boolean;
}

export type ContainerPatch = Partial<
  Pick<
    ContainerRow,
    | 'state'
    | 'pid'
    | 'conmonPid'
    | 'exitCode'
    | 'startedAt'
    | 'finishedAt'
    | 'error'
    | 'stoppedByUser'
    | 'restartCount'
    | 'mounted'
  >
>;

export interface ImageConfig {
  /** Where the unpacked root filesystem lives. */
  rootfs: string;
  cmd: string[];
  env: string[];
  workdir: string;
  /** Made by the engine (the infra root); hidden from image lists. */
  internal?: boolean;
}

export interface ImageRow {
  id: string;
  created: string;
  size: number;
  config: ImageConfig;
  names: string[];
}

/** What a pod was created with. */
export interface PodConfig {
  labels: Record<string, string>;
  hostname: string;
  /** Shared namespaces: a subset of cgroup, ipc, net, pid, uts. */
  share: string[];
  exitPolicy: 'continue' | 'stop';
  infra: boolean;
  cgroupParent: string;
  cpuQuota?: number;
  cpuPeriod?: number;
  memoryLimit?: number;
  createCommand: string[];
}

export interface PodRow {
  id: string;
  name: string;
  config: PodConfig;
  created: string;
  infraId: string | null;
}

export interface EventRow {
  seq: number;
  timeNano: number;
  type: string;
  action: string;
  objId: string;
  name: string;
  image: string | null;
  podId: string | null;
  exitCode: number | null;
  attributes: Record<string, string> | null;
}

export interface DependencyEdge {
  ctrId: string;
  depId: string;
  kind: 'requires' | 'namespace';
}

interface ContainerDbRow {
  id: string;
  name: string;
  image_id: string;
  image_name: string;
  config: string;
  created: string;
  state: string;
  pid: number;
  conmon_pid: number;
  exit_code: number;
  started_at: string | null;
  finished_at: string | null;
  error: string;
  stopped_by_user: number;
  restart_count: number;
  mounted: number;
}

interface EventDbRow {
  seq: number;
  time_nano: number;
  type: string;
  action: string;
  obj_id: string;
  name: string;
  image: string | null;
  pod_id: string | null;
  exit_code: number | null;
  attributes: string | null;
}

const patchColumns: Record<keyof ContainerPatch, string> = {
  state: 'state',
  pid: 'pid',
  conmonPid: 'conmon_pid',
  exitCode: 'exit_code',
  startedAt: 'started_at',
  finishedAt: 'finished_at',
  error: 'error',
  stoppedByUser: 'stopped_by_user',
  restartCount: 'restart_count',
  mounted: 'mounted',
};

function rowToContainer(r: ContainerDbRow): ContainerRow {
  return {
    id: r.id,
    name: r.name,
    imageId: r.image_id,
    imageName: r.image_name,
    config: JSON.parse(r.config) as ContainerConfig,
    created: r.created,
    state: r.state as ContainerState,
    pid: r.pid,
    conmonPid: r.conmon_pid,
    exitCode: r.exit_code,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    error: r.error,
    stoppedByUser: r.stopped_by_user !== 0,
    restartCount: r.restart_count,
    mounted: r.mounted !== 0,
  };
}

function rowToEvent(r: EventDbRow): EventRow {
  return {
    seq: r.seq,
    timeNano: r.time_nano,
    type: r.type,
    action: r.action,
    objId: r.obj_id,
    name: r.name,
    image: r.image,
    podId: r.pod_id,
    exitCode: r.exit_code,
    attributes: r.attributes === null ? null : (JSON.parse(r.attributes) as Record<string, string>),
  };
}

/**
 * The SQLite state store. Every write is one statement or one transaction, so a
 * process killed at any point leaves either the old or the new state, never half.
 * WAL mode lets read-only processes query while the owner writes.
 */
export class Store {
  readonly db: BetterSqlite3.Database;

  constructor(file: string, opts: { readonly?: boolean } = {}) {
    this.db = new Database(file, { readonly: opts.readonly === true, fileMustExist: opts.readonly === true });
    this.db.pragma('busy_timeout = 10000');
    if (opts.readonly !== true) {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('foreign_keys = ON');
      migrate(this.db);
    }
  }

  close(): void {
    this.db.close();
  }

  /** Runs `fn` in one transaction. */
  tx<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  getMeta(key: string): string | undefined {
    const r = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as
      | { value: string }
      | undefined;
    return r?.value;
  }

  setMeta(key: string, value: string): void {
    this.db
      .prepare('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
      .run(key, value);
  }

  // ---- images ----

  insertImage(img: ImageRow): void {
    this.tx(() => {
      this.db
        .prepare('INSERT INTO images(id, created, size, config) VALUES (?, ?, ?, ?)')
        .run(img.id, img.created, img.size, JSON.stringify(img.config));
      for (const n of img.names) this.tagImage(img.id, n);
    });
  }

  /** Points `name` at the image, moving it off any image that had it (as `podman tag`). */
  tagImage(imageId: string, name: string): void {
    this.db
      .prepare(
        'INSERT INTO image_names(name, image_id) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET image_id = excluded.image_id',
      )
      .run(name, imageId);
  }

  private imageNames(id: string): string[] {
    return (
      this.db.prepare('SELECT name FROM image_names WHERE image_id = ? ORDER BY name').all(id) as {
        name: string;
      }[]
    ).map((r) => r.name);
  }

  getImage(id: string): ImageRow | undefined {
    const r = this.db.prepare('SELECT * FROM images WHERE id = ?').get(id) as
      | { id: string; created: string; size: number; config: string }
      | undefined;
    if (r === undefined) return undefined;
    return {
      id: r.id,
      created: r.created,
      size: r.size,
      config: JSON.parse(r.config) as ImageConfig,
      names: this.imageNames(r.id),
    };
  }

  imageIdByName(name: string): string | undefined {
    const r = this.db.prepare('SELECT image_id FROM image_names WHERE name = ?').get(name) as
      | { image_id: string }
      | undefined;
    return r?.image_id;
  }

  imageIdsByPrefix(prefix: string): string[] {
    return (
      this.db.prepare("SELECT id FROM images WHERE id LIKE ? || '%'").all(prefix) as { id: string }[]
    ).map((r) => r.id);
  }

  listImages(): ImageRow[] {
    const ids = this.db.prepare('SELECT id FROM images ORDER BY created DESC').all() as { id: string }[];
    return ids.map((r) => this.getImage(r.id)!);
  }

  deleteImage(id: string): void {
    this.db.prepare('DELETE FROM images WHERE id = ?').run(id);
  }

  // ---- containers ----

  insertContainer(c: ContainerRow, deps: DependencyEdge[]): void {
    this.tx(() => {
      this.db
        .prepare(
          `INSERT INTO containers(id, name, image_id, image_name, config, created, state, pod_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(c.id, c.name, c.imageId, c.imageName, JSON.stringify(c.config), c.created, c.state, c.config.podId === '' ? null : c.config.podId);
      const ins = this.db.prepare('INSERT OR IGNORE INTO container_deps(ctr_id, dep_id, kind) VALUES (?, ?, ?)');
      for (const d of deps) ins.run(d.ctrId, d.depId, d.kind);
    });
  }

  getContainer(id: string): ContainerRow | undefined {
    const r = this.db.prepare('SELECT * FROM containers WHERE id = ?').get(id) as
      | ContainerDbRow
      | undefined;
    return r === undefined ? undefined : rowToContainer(r);
  }

  containerIdByName(name: string): string | undefined {
    const r = this.db.prepare('SELECT id FROM containers WHERE name = ?').get(name) as
      | { id: string }
      | undefined;
    return r?.id;
  }

  containerIdsByPrefix(prefix: string): string[] {
    return (
      this.db.prepare("SELECT id FROM containers WHERE id LIKE ? || '%'").all(prefix) as { id: string }[]
    ).map((r) => r.id);
  }

  listContainers(): ContainerRow[] {
    return (this.db.prepare('SELECT * FROM containers ORDER BY created').all() as ContainerDbRow[]).map(
      rowToContainer,
    );
  }

  containersUsingImage(imageId: string): string[] {
    return (
      this.db.prepare('SELECT id FROM containers WHERE image_id = ? ORDER BY created').all(imageId) as {
        id: string;
      }[]
    ).map((r) => r.id);
  }

  updateContainer(id: string, patch: ContainerPatch): void {
    const keys = Object.keys(patch) as (keyof ContainerPatch)[];
    if (keys.length === 0) return;
    const sets = keys.map((k) => `${patchColumns[k]} = @${k}`).join(', ');
    const params: Record<string, unknown> = { id };
    for (const k of keys) {
      const v = patch[k];
      params[k] = typeof v === 'boolean' ? (v ? 1 : 0) : v;
    }
    this.db.prepare(`UPDATE containers SET ${sets} WHERE id = @id`).run(params);
  }

  deleteContainer(id: string): void {
    this.db.prepare('DELETE FROM containers WHERE id = ?').run(id);
  }

  dependencies(ctrId: string): DependencyEdge[] {
    return (
      this.db.prepare('SELECT ctr_id, dep_id, kind FROM container_deps WHERE ctr_id = ?').all(ctrId) as {
        ctr_id: string;
        dep_id: string;
        kind: DependencyEdge['kind'];
      }[]
    ).map((r) => ({ ctrId: r.ctr_id, depId: r.dep_id, kind: r.kind }));
  }

  dependents(depId: string): string[] {
    return (
      this.db.prepare('SELECT DISTINCT ctr_id FROM container_deps WHERE dep_id = ?').all(depId) as {
        ctr_id: string;
      }[]
    ).map((r) => r.ctr_id);
  }

  // ---- pods ----

  insertPod(p: PodRow): void {
    this.db
      .prepare('INSERT INTO pods(id, name, config, created, infra_id) VALUES (?, ?, ?, ?, ?)')
      .run(p.id, p.name, JSON.stringify(p.config), p.created, p.infraId);
  }

  setPodInfra(podId: string, infraId: string | null): void {
    this.db.prepare('UPDATE pods SET infra_id = ? WHERE id = ?').run(infraId, podId);
  }

  getPod(id: string): PodRow | undefined {
    const r = this.db.prepare('SELECT * FROM pods WHERE id = ?').get(id) as
      | { id: string; name: string; config: string; created: string; infra_id: string | null }
      | undefined;
    return r === undefined ? undefined : { id: r.id, name: r.name, config: JSON.parse(r.config) as PodConfig, created: r.created, infraId: r.infra_id };
  }

  podIdByName(name: string): string | undefined {
    return (this.db.prepare('SELECT id FROM pods WHERE name = ?').get(name) as { id: string } | undefined)?.id;
  }

  podIdsByPrefix(prefix: string): string[] {
    return (this.db.prepare("SELECT id FROM pods WHERE id LIKE ? || '%'").all(prefix) as { id: string }[]).map((r) => r.id);
  }

  listPods(): PodRow[] {
    return (this.db.prepare('SELECT id FROM pods ORDER BY created').all() as { id: string }[]).map((r) => this.getPod(r.id)!);
  }

  podContainers(podId: string): ContainerRow[] {
    return (this.db.prepare('SELECT * FROM containers WHERE pod_id = ? ORDER BY created').all(podId) as ContainerDbRow[]).map(rowToContainer);
  }

  deletePod(id: string): void {
    this.db.prepare('DELETE FROM pods WHERE id = ?').run(id);
  }

  addExitCode(ctrId: string, code: number, time: string): void {
    this.db.prepare('INSERT INTO exit_codes(ctr_id, exit_code, time) VALUES (?, ?, ?)').run(ctrId, code, time);
  }

  // ---- events ----

  insertEvent(e: Omit<EventRow, 'seq'>): EventRow {
    const info = this.db
      .prepare(
        `INSERT INTO events(time_nano, type, action, obj_id, name, image, pod_id, exit_code, attributes)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        e.timeNano,
        e.type,
        e.action,
        e.objId,
        e.name,
        e.image,
        e.podId,
        e.exitCode,
        e.attributes === null ? null : JSON.stringify(e.attributes),
      );
    return { ...e, seq: Number(info.lastInsertRowid) };
  }

  /** Events after `afterSeq` and not older than `sinceNano`, oldest first; `tail`: only the newest N. */
  listEvents(opts: { afterSeq?: number; sinceNano?: number; tail?: number } = {}): EventRow[] {
    const rows = this.db
      .prepare('SELECT * FROM events WHERE seq > ? AND time_nano >= ? ORDER BY seq DESC LIMIT ?')
      .all(opts.afterSeq ?? 0, opts.sinceNano ?? 0, opts.tail ?? -1) as EventDbRow[];
    return rows.reverse().map(rowToEvent);
  }
}
