/**
 * Times as Podman prints them: RFC 3339 with nanoseconds. JavaScript clocks give
 * microseconds at best (performance.timeOrigin), so the last digits come from hrtime
 * to keep ordering within a process strict.
 */
let lastNano = 0n;

/** Nanoseconds since the epoch, strictly increasing within this process. */
export function nowNano(): bigint {
  const ms = BigInt(Date.now());
  const sub = process.hrtime.bigint() % 1_000_000n;
  let n = ms * 1_000_000n + sub;
  if (n <= lastNano) n = lastNano + 1n;
  lastNano = n;
  return n;
}

/** `2026-12-04T16:39:28.526794123Z` */
export function formatNano(n: bigint): string {
  const ms = Number(n / 1_000_000n);
  const iso = new Date(ms).toISOString(); // ...:28.526Z
  const frac = (n % 1_000_000_000n).toString().padStart(9, '0');
  return `${iso.slice(0, 19)}.${frac}Z`;
}

export function nowString(): string {
  return formatNano(nowNano());
}

/** Parses an RFC 3339 time (with up to nanosecond digits) to nanoseconds. */
export function parseTimeNano(s: string): bigint {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(s);
  if (m === null) {
    const ms = Date.parse(s);
    if (Number.isNaN(ms)) throw new Error(`invalid time: ${s}`);
    return BigInt(ms) * 1_000_000n;
  }
  const base = Date.parse(`${m[1]}${m[3]}`);
  const frac = BigInt((m[2] ?? '').padEnd(9, '0'));
  return BigInt(base) * 1_000_000n + frac;
}

/** The zero time Podman prints for "never". */
export const ZERO_TIME = '0001-01-01T00:00:00Z';

/** "3 seconds", "About a minute", "2 hours": Docker's and Podman's human durations. */
export function humanDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 1) return 'Less than a second';
  if (s === 1) return '1 second';
  if (s < 60) return `${s} seconds`;
  const m = Math.floor(s / 60);
  if (m === 1) return 'About a minute';
  if (m < 60) return `${m} minutes`;
  const h = Math.round(s / 3600);
  if (h === 1) return 'About an hour';
  if (h < 48) return `${h} hours`;
  const d = Math.floor(h / 24);
  if (d < 14) return `${d} days`;
  if (d < 60) return `${Math.floor(d / 7)} weeks`;
  if (d < 730) return `${Math.floor(d / 30)} months`;
  return `${Math.floor(d / 365)} years`;
}
