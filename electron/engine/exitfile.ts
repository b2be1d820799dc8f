import { readFile, stat } from 'node:fs/promises';
import { watch } from 'node:fs';
import { dirname, basename } from 'node:path';

/** conmon's exit file: a bare number, 128+n for a death by signal n. */
export async function readExitFile(file: string): Promise<{ code: number; time: Date } | undefined> {
  try {
    const [text, st] = await Promise.all([readFile(file, 'utf8'), stat(file)]);
    const t = text.trim();
    if (t === '') return undefined; // conmon is still writing it
    const code = Number(t);
    return Number.isFinite(code) ? { code, time: st.mtime } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Waits until the exit file exists (and is complete) or the timeout passes.
 * Watches the exit directory and polls as a safety net (inotify can miss events on
 * some filesystems).
 */
export async function waitForExitFile(file: string, timeoutMs: number): Promise<{ code: number; time: Date } | undefined> {
  const first = await readExitFile(file);
  if (first !== undefined || timeoutMs <= 0) return first;
  return new Promise((resolve) => {
    let done = false;
    const name = basename(file);
    const check = async () => {
      if (done) return;
      const r = await readExitFile(file);
      if (r !== undefined) finish(r);
    };
    let watcher: ReturnType<typeof watch> | undefined;
    try {
      watcher = watch(dirname(file), (_ev, f) => {
        if (f === null || f === name) void check();
      });
      watcher.on('error', () => undefined);
    } catch {
      watcher = undefined;
    }
    const poll = setInterval(() => void check(), 50);
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    function finish(r: { code: number; time: Date } | undefined) {
      if (done) return;
      done = true;
      clearInterval(poll);
      clearTimeout(timer);
      watcher?.close();
      resolve(r);
    }
    void check();
  });
}
