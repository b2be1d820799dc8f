import { linkSync, readFileSync, unlinkSync, writeFileSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { processAlive, processStartTime } from './host-facts.js';

/**
 * A mutex for async work within one process, keyed by object id. Lock order is
 * always pod before container, so two keys never deadlock.
 */
export class KeyedMutex {
  private tails = new Map<string, Promise<void>>();

  async lock(key: string): Promise<() => void> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => {
      release = r;
    });
    const tail = prev.then(() => mine);
    this.tails.set(key, tail);
    await prev;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (this.tails.get(key) === tail) this.tails.delete(key);
      release();
    };
  }

  async with<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const unlock = await this.lock(key);
    try {
      return await fn();
    } finally {
      unlock();
    }
  }
}

export interface LockHolder {
  pid: number;
  start: string;
  purpose: string;
}

function parseHolder(text: string): LockHolder | undefined {
  const [pid, start, ...purpose] = text.trim().split(' ');
  if (pid === undefined || start === undefined || !/^\d+$/.test(pid)) return undefined;
  return { pid: Number(pid), start, purpose: purpose.join(' ') };
}

function holderAlive(h: LockHolder): boolean {
  return processAlive(h.pid) && processStartTime(h.pid) === h.start;
}

/**
 * The owner lock: one process at a time changes a state root. The lock file names
 * its holder (pid, start time, purpose); it is created atomically with its content
 * (write a private file, then hard-link it into place), so nobody ever sees it empty.
 * A lock whose holder is dead (or whose pid was reused) is stale and taken over.
 */
export class OwnerLock {
  private held = false;

  constructor(
    readonly file: string,
    readonly purpose: string,
  ) {}

  /** Tries once. Returns the live holder if someone else has it. */
  tryAcquire(): LockHolder | undefined {
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    const me = `${process.pid} ${processStartTime(process.pid) ?? '0'} ${this.purpose}\n`;
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, me, { mode: 0o600 });
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          linkSync(tmp, this.file);
          this.held = true;
          return undefined;
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        }
        const text = safeRead(this.file);
        if (text === undefined) continue; // released meanwhile
        const holder = parseHolder(text);
        if (holder !== undefined && holderAlive(holder)) return holder;
        if (holder === undefined && Date.now() - mtimeMs(this.file) < 1000) {
          return { pid: 0, start: '0', purpose: 'unknown' };
        }
        this.breakStale(text);
      }
      return { pid: 0, start: '0', purpose: 'unknown' };
    } finally {
      try {
        unlinkSync(tmp);
      } catch {
        // already gone
      }
    }
  }

  /** Removes a stale lock, but only if it still holds the content we judged stale. */
  private breakStale(staleText: string): void {
    const guard = `${this.file}.takeover`;
    try {
      writeFileSync(guard, String(process.pid), { flag: 'wx' });
    } catch {
      // Someone else is taking it over; a guard left by a dead process expires.
      if (Date.now() - mtimeMs(guard) > 5000) safeUnlink(guard);
      return;
    }
    try {
      if (safeRead(this.file) === staleText) safeUnlink(this.file);
    } finally {
      safeUnlink(guard);
    }
  }

  /**
   * Waits for the lock; `onWait` is told once whom we wait for (the CLI prints it), but
   * only when the wait lasts past `noticeAfterMs`: a blip (a container's exit command
   * finishing) is not worth announcing.
   */
  async acquire(onWait?: (h: LockHolder) => void, timeoutMs = 10 * 60_000, noticeAfterMs = 1000): Promise<void> {
    const started = Date.now();
    const deadline = started + timeoutMs;
    let told = false;
    let delay = 10;
    for (;;) {
      const holder = this.tryAcquire();
      if (holder === undefined) return;
      if (!told && onWait !== undefined && Date.now() - started >= noticeAfterMs) {
        onWait(holder);
        told = true;
      }
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for the state lock held by process ${holder.pid} (${holder.purpose})`);
      }
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 100);
    }
  }

  release(): void {
    if (!this.held) return;
    this.held = false;
    const text = safeRead(this.file);
    const h = text === undefined ? undefined : parseHolder(text);
    if (h !== undefined && h.pid === process.pid) safeUnlink(this.file);
  }

  /** Who holds the lock now, if anyone alive. */
  static holder(file: string): LockHolder | undefined {
    const text = safeRead(file);
    const h = text === undefined ? undefined : parseHolder(text);
    return h !== undefined && holderAlive(h) ? h : undefined;
  }
}

function safeRead(f: string): string | undefined {
  try {
    return readFileSync(f, 'utf8');
  } catch {
    return undefined;
  }
}

function safeUnlink(f: string): void {
  try {
    unlinkSync(f);
  } catch {
    // gone already
  }
}

function mtimeMs(f: string): number {
  try {
    return statSync(f).mtimeMs;
  } catch {
    return 0;
  }
}
