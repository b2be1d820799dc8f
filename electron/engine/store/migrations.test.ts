import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { migrate, migrations, LATEST_VERSION } from './migrations.js';

function tables(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
}

describe('migrations', () => {
  it('1: creates images, containers, dependencies, exit codes and events', () => {
    const db = new Database(':memory:');
    migrate(db, 1);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(tables(db)).toEqual(expect.arrayContaining(['meta', 'images', 'image_names', 'containers', 'container_deps', 'exit_codes', 'events']));
    db.prepare("INSERT INTO images VALUES ('i', 't', 1, '{}')").run();
    db.prepare("INSERT INTO containers(id, name, image_id, image_name, config, created, state) VALUES ('c', 'n', 'i', 'img', '{}', 't', 'created')").run();
    expect(() =>
      db.prepare("INSERT INTO containers(id, name, image_id, image_name, config, created, state) VALUES ('d', 'n', 'i', 'img', '{}', 't', 'created')").run(),
    ).toThrow(/UNIQUE/);
  });
  it('is idempotent and numbered without gaps', () => {
    const db = new Database(':memory:');
    migrate(db);
    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_m, i) => i + 1));
  });
  it('refuses a database from a newer Podyard', () => {
    const db = new Database(':memory:');
    db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    expect(() => migrate(db)).toThrow(/newer than this Podyard/);
  });
});

describe('migration 2', () => {
  it('adds pods and container membership, keeping containers made before it', () => {
    const db = new Database(':memory:');
    migrate(db, 1);
    db.prepare("INSERT INTO images VALUES ('i', 't', 1, '{}')").run();
    db.prepare(`INSERT INTO containers(id, name, image_id, image_name, config, created, state) VALUES ('c', 'n', 'i', 'img', '{"podId":""}', 't', 'exited')`).run();
    migrate(db, 2);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(tables(db)).toContain('pods');
    expect(db.prepare("SELECT pod_id, state FROM containers WHERE id = 'c'").get()).toEqual({ pod_id: null, state: 'exited' });
    db.pragma('foreign_keys = ON');
    db.prepare("INSERT INTO pods(id, name, config, created) VALUES ('p', 'web', '{}', 't')").run();
    db.prepare("UPDATE containers SET pod_id = 'p' WHERE id = 'c'").run();
    expect(() => db.prepare("UPDATE containers SET pod_id = 'nope' WHERE id = 'c'").run()).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare("INSERT INTO pods(id, name, config, created) VALUES ('q', 'web', '{}', 't')").run()).toThrow(/UNIQUE/);
  });
});
