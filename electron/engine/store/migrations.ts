import type BetterSqlite3 from 'better-sqlite3';

/**
 * Schema migrations, applied in order inside one transaction each. `user_version`
 * records how far a database has come. Never edit a released migration: add one.
 * Each has its own test on an in-memory database (migrations.test.ts).
 */
export interface Migration {
  version: number;
  name: string;
  up: (db: BetterSqlite3.Database) => void;
}

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'images, containers, dependencies, exit codes, events',
    up(db) {
      db.exec(`
        CREATE TABLE meta (
          key   TEXT PRIMARY KEY,
          value TEXT NOT NULL
        );
        CREATE TABLE images (
          id      TEXT PRIMARY KEY,
          created TEXT NOT NULL,
          size    INTEGER NOT NULL,
          config  TEXT NOT NULL
        );
        CREATE TABLE image_names (
          name     TEXT PRIMARY KEY,
          image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE
        );
        CREATE INDEX image_names_image ON image_names(image_id);
        CREATE TABLE containers (
          id              TEXT PRIMARY KEY,
          name            TEXT NOT NULL UNIQUE,
          image_id        TEXT NOT NULL REFERENCES images(id),
          image_name      TEXT NOT NULL,
          config          TEXT NOT NULL,
          created         TEXT NOT NULL,
          state           TEXT NOT NULL,
          pid             INTEGER NOT NULL DEFAULT 0,
          conmon_pid      INTEGER NOT NULL DEFAULT 0,
          exit_code       INTEGER NOT NULL DEFAULT 0,
          started_at      TEXT,
          finished_at     TEXT,
          error           TEXT NOT NULL DEFAULT '',
          stopped_by_user INTEGER NOT NULL DEFAULT 0,
          restart_count   INTEGER NOT NULL DEFAULT 0,
          mounted         INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX containers_image ON containers(image_id);
        CREATE TABLE container_deps (
          ctr_id TEXT NOT NULL REFERENCES containers(id) ON DELETE CASCADE,
          dep_id TEXT NOT NULL REFERENCES containers(id),
          kind   TEXT NOT NULL,
          PRIMARY KEY (ctr_id, dep_id, kind)
        );
        CREATE INDEX container_deps_dep ON container_deps(dep_id);
        CREATE TABLE exit_codes (
          ctr_id    TEXT NOT NULL,
          exit_code INTEGER NOT NULL,
          time      TEXT NOT NULL
        );
        CREATE INDEX exit_codes_ctr ON exit_codes(ctr_id);
        CREATE TABLE events (
          seq        INTEGER PRIMARY KEY AUTOINCREMENT,
          time_nano  INTEGER NOT NULL,
          type       TEXT NOT NULL,
          action     TEXT NOT NULL,
          obj_id     TEXT NOT NULL,
          name       TEXT NOT NULL,
          image      TEXT,
          pod_id     TEXT,
          exit_code  INTEGER,
          attributes TEXT
        );
        CREATE INDEX events_time ON events(time_nano);
      `);
    },
  },
  {
    version: 2,
    name: 'pods and container membership',
    up(db) {
      db.exec(`
        CREATE TABLE pods (
          id       TEXT PRIMARY KEY,
          name     TEXT NOT NULL UNIQUE,
          config   TEXT NOT NULL,
          created  TEXT NOT NULL,
          infra_id TEXT
        );
        ALTER TABLE containers ADD COLUMN pod_id TEXT REFERENCES pods(id);
        CREATE INDEX containers_pod ON containers(pod_id);
      `);
      // Containers made before pods existed keep their (empty) pod in the config JSON.
      db.exec(`UPDATE containers SET pod_id = NULLIF(json_extract(config, '$.podId'), '')`);
    },
  },
];

export const LATEST_VERSION = migrations[migrations.length - 1]!.version;

/** Brings `db` to the latest schema. Refuses a database newer than this build. */
export function migrate(db: BetterSqlite3.Database, upTo: number = LATEST_VERSION): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > LATEST_VERSION) {
    throw new Error(
      `the state database is at schema version ${current}, newer than this Podyard (${LATEST_VERSION}): upgrade Podyard`,
    );
  }
  for (const m of migrations) {
    if (m.version <= current || m.version > upTo) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}
