import { ErrorCode, PodyardError } from '../../shared/errors.js';

/**
 * A small argument parser with Podman's habits: long and short options, `--x=v`,
 * combined short booleans (`-it`), repeated options, `--flag=false`, `--` to end
 * options, and (for `run`, `exec`) stopping at the first positional so the
 * container's own arguments pass through untouched.
 */
export interface OptSpec {
  name: string;
  short?: string;
  type: 'boolean' | 'string' | 'strings';
  help?: string;
  /** Placeholder for the help text. */
  arg?: string;
}

export interface Parsed {
  opts: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

function usageError(msg: string): PodyardError {
  return new PodyardError(ErrorCode.InvalidArgument, msg);
}

export function parseArgs(argv: string[], specs: OptSpec[], stopAtPositional = false): Parsed {
  const opts: Parsed['opts'] = {};
  const positionals: string[] = [];
  const byLong = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short !== undefined).map((s) => [s.short!, s]));
  const set = (spec: OptSpec, value: string | boolean) => {
    if (spec.type === 'strings') {
      const list = (opts[spec.name] as string[] | undefined) ?? [];
      list.push(String(value));
      opts[spec.name] = list;
    } else {
      opts[spec.name] = value;
    }
  };
  let i = 0;
  while (i < argv.length) {
    const a = argv[i]!;
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const key = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const spec = byLong.get(key);
      if (spec === undefined) throw usageError(`unknown flag: --${key}`);
      if (spec.type === 'boolean') {
        if (eq < 0) set(spec, true);
        else {
          const v = a.slice(eq + 1);
          if (v !== 'true' && v !== 'false') throw usageError(`invalid argument "${v}" for "--${key}": use true or false`);
          set(spec, v === 'true');
        }
        i++;
        continue;
      }
      let v: string | undefined;
      if (eq >= 0) v = a.slice(eq + 1);
      else {
        v = argv[i + 1];
        i++;
      }
      if (v === undefined) throw usageError(`flag needs an argument: --${key}`);
      set(spec, v);
      i++;
      continue;
    }
    if (a.startsWith('-') && a.length > 1 && !/^-\d/.test(a)) {
      // -abc: booleans, the last one may take a value (-t 5, -tvalue).
      for (let j = 1; j < a.length; j++) {
        const ch = a[j]!;
        const spec = byShort.get(ch);
        if (spec === undefined) throw usageError(`unknown shorthand flag: '${ch}' in ${a}`);
        if (spec.type === 'boolean') {
          set(spec, true);
          continue;
        }
        const rest = a.slice(j + 1).replace(/^=/, '');
        if (rest !== '') set(spec, rest);
        else {
          const v = argv[i + 1];
          if (v === undefined) throw usageError(`flag needs an argument: '${ch}' in ${a}`);
          set(spec, v);
          i++;
        }
        break;
      }
      i++;
      continue;
    }
    positionals.push(a);
    i++;
    if (stopAtPositional) {
      positionals.push(...argv.slice(i));
      break;
    }
  }
  return { opts, positionals };
}

export function str(p: Parsed, name: string): string | undefined {
  const v = p.opts[name];
  return typeof v === 'string' ? v : undefined;
}

export function bool(p: Parsed, name: string): boolean {
  return p.opts[name] === true;
}

export function list(p: Parsed, name: string): string[] {
  const v = p.opts[name];
  return Array.isArray(v) ? v : [];
}

/** Parses a whole number option; clear error naming the flag otherwise. */
export function int(p: Parsed, name: string, min = Number.MIN_SAFE_INTEGER): number | undefined {
  const v = str(p, name);
  if (v === undefined) return undefined;
  if (!/^-?\d+$/.test(v) || Number(v) < min) {
    throw usageError(`invalid argument "${v}" for "--${name}": expected a whole number${min > Number.MIN_SAFE_INTEGER ? ` of at least ${min}` : ''}`);
  }
  return Number(v);
}

export function helpText(usage: string, summary: string, specs: OptSpec[]): string {
  const lines = [summary, '', `Usage:\n  ${usage}`];
  if (specs.length > 0) {
    lines.push('', 'Options:');
    for (const s of specs) {
      const flag = `${s.short !== undefined ? `-${s.short}, ` : '    '}--${s.name}${s.type === 'boolean' ? '' : ` ${s.arg ?? 'string'}`}`;
      lines.push(`  ${flag.padEnd(28)} ${s.help ?? ''}`);
    }
  }
  return lines.join('\n');
}
