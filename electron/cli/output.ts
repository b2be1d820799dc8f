/** Output helpers for the CLI: Podman-like tables, JSON, errors. */

export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]! + 2)))
      .join('')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

export function json(v: unknown): string {
  return JSON.stringify(v, null, 4);
}

/** `2.14MB` as Podman prints sizes (decimal units). */
export function humanSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${u === 0 ? v : v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2)}${units[u]}`;
}

export function shortId(id: string): string {
  return id.slice(0, 12);
}

export class Output {
  out(s: string): void {
    process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
  }
  err(s: string): void {
    process.stderr.write(s.endsWith('\n') ? s : `${s}\n`);
  }
  error(msg: string): void {
    this.err(`Error: ${msg}`);
  }
}
