import { describe, expect, it } from 'vitest';
import { resolveRef, validateName, newId } from './names.js';
import { errNoSuchContainer } from '../../shared/errors.js';

describe('names and lookups', () => {
  it('accepts Podman-valid names and refuses others', () => {
    expect(() => validateName('web-1.a_b')).not.toThrow();
    for (const bad of ['', '-x', 'a b', 'a/b', '.x', 'é']) {
      expect(() => validateName(bad)).toThrow('names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument');
    }
  });
  it('makes 64-hex ids', () => {
    expect(newId()).toMatch(/^[0-9a-f]{64}$/);
    expect(newId()).not.toBe(newId());
  });
  const ids = ['abc111', 'abc222', 'def333'];
  const byName = (n: string) => (n === 'web' ? 'def333' : n === 'abc111' ? 'abc111' : undefined);
  const byPrefix = (p: string) => ids.filter((i) => i.startsWith(p));
  it('finds by name, full id, or unique prefix', () => {
    expect(resolveRef('web', byName, byPrefix, errNoSuchContainer)).toBe('def333');
    expect(resolveRef('abc2', byName, byPrefix, errNoSuchContainer)).toBe('abc222');
    expect(resolveRef('d', byName, byPrefix, errNoSuchContainer)).toBe('def333');
  });
  it('refuses an ambiguous prefix and a missing object', () => {
    expect(() => resolveRef('abc', byName, byPrefix, errNoSuchContainer)).toThrow(/more than one result/);
    expect(() => resolveRef('nope', byName, byPrefix, errNoSuchContainer)).toThrow('no such container nope');
  });
});
