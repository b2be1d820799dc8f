import { open } from 'node:fs/promises';

/** One line of a container's output. */
export interface LogLine {
  time: string;
  stream: 'stdout' | 'stderr';
  text: string;
}

/**
 * Parses conmon's k8s-file format: `TIME STREAM TAG TEXT`, TAG `F` for a full line,
 * `P` for a partial one continued by the next record. Partial records are joined.
 * Returns the lines and the unparsed tail (an incomplete last record).
 */
export function parseK8sLog(text: string, pending: Partial<Record<'stdout' | 'stderr', string>> = {}): { lines: LogLine[]; rest: string } {
  const lines: LogLine[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) break;
    const rec = text.slice(start, nl);
    start = nl + 1;
    const a = rec.indexOf(' ');
    const b = rec.indexOf(' ', a + 1);
    const c = rec.indexOf(' ', b + 1);
    if (a < 0 || b < 0) continue;
    const time = rec.slice(0, a);
    const stream = rec.slice(a + 1, b) === 'stderr' ? 'stderr' : 'stdout';
    const tag = c < 0 ? rec.slice(b + 1) : rec.slice(b + 1, c);
    const body = c < 0 ? '' : rec.slice(c + 1);
    if (tag.startsWith('P')) {
      pending[stream] = (pending[stream] ?? '') + body;
      continue;
    }
    lines.push({ time, stream, text: (pending[stream] ?? '') + body });
    pending[stream] = '';
  }
  return { lines, rest: text.slice(start) };
}

/**
 * Reads a container log, then (with `follow`) keeps reading while `live()` holds.
 * Takes no lock; the file is only appended to by conmon.
 */
export async function* readLog(
  path: string,
  opts: { follow: boolean; live: () => boolean; signal?: AbortSignal; pollMs?: number },
): AsyncGenerator<LogLine> {
  let pos = 0;
  let rest = '';
  const pending: Partial<Record<'stdout' | 'stderr', string>> = {};
  const buf = Buffer.alloc(1 << 16);
  for (;;) {
    let fh;
    try {
      fh = await open(path, 'r');
    } catch {
      fh = undefined;
    }
    if (fh !== undefined) {
      try {
        for (;;) {
          const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
          if (bytesRead === 0) break;
          pos += bytesRead;
          const parsed = parseK8sLog(rest + buf.subarray(0, bytesRead).toString('utf8'), pending);
          rest = parsed.rest;
          yield* parsed.lines;
        }
      } finally {
        await fh.close();
      }
    }
    if (!opts.follow || opts.signal?.aborted === true) return;
    if (!opts.live()) {
      // One more pass: conmon may have written the last lines just before the exit.
      opts.follow = false;
      continue;
    }
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 100));
  }
}
