import { describe, expect, it } from 'vitest';
import { parseArgs, int, type OptSpec } from './args.js';

const specs: OptSpec[] = [
  { name: 'detach', short: 'd', type: 'boolean' },
  { name: 'interactive', short: 'i', type: 'boolean' },
  { name: 'tty', short: 't', type: 'boolean' },
  { name: 'env', short: 'e', type: 'strings' },
  { name: 'name', type: 'string' },
  { name: 'infra', type: 'boolean' },
];

describe('parseArgs', () => {
  it('stops at the first positional for run, leaving the command untouched', () => {
    const p = parseArgs(['-d', '--name', 'x', '-e', 'A=1', '--env=B=2', 'busybox', 'sh', '-c', 'echo -n hi'], specs, true);
    expect(p.opts).toEqual({ detach: true, name: 'x', env: ['A=1', 'B=2'] });
    expect(p.positionals).toEqual(['busybox', 'sh', '-c', 'echo -n hi']);
  });
  it('takes combined short booleans and --flag=false', () => {
    const p = parseArgs(['-it', '--infra=false', 'c1'], specs);
    expect(p.opts).toEqual({ interactive: true, tty: true, infra: false });
  });
  it('refuses unknown flags and missing values clearly', () => {
    expect(() => parseArgs(['--bogus'], specs)).toThrow('unknown flag: --bogus');
    expect(() => parseArgs(['--name'], specs)).toThrow('flag needs an argument: --name');
    expect(() => parseArgs(['--infra=maybe'], specs)).toThrow(/use true or false/);
  });
  it('validates whole numbers', () => {
    expect(int(parseArgs(['--name', '5'], specs), 'name', 0)).toBe(5);
    expect(() => int(parseArgs(['--name', 'x'], specs), 'name', 0)).toThrow(/expected a whole number/);
  });
});
