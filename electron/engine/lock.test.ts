import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OwnerLock, type LockHolder } from './lock.js';

describe('OwnerLock waiting', () => {
  it('announces a wait only once it lasts past the notice time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'podyard-lock-'));
    try {
      const file = join(dir, 'podyard.lock');
      const holder = new OwnerLock(file, 'holding');
      await holder.acquire();
      // A short wait: released after 100 ms, nothing said.
      const told: LockHolder[] = [];
      setTimeout(() => holder.release(), 100);
      const quick = new OwnerLock(file, 'quick');
      await quick.acquire((h) => told.push(h), 10_000, 500);
      expect(told).toEqual([]);
      // A long wait: said once, naming the holder.
      setTimeout(() => quick.release(), 800);
      await new OwnerLock(file, 'patient').acquire((h) => told.push(h), 10_000, 300);
      expect(told).toHaveLength(1);
      expect(told[0]).toMatchObject({ pid: process.pid, purpose: 'quick' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
