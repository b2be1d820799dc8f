import { describe, expect, it } from 'vitest';
import { normalizeImageName } from './images.js';

describe('normalizeImageName', () => {
  it('adds localhost/ and :latest as Podman does', () => {
    expect(normalizeImageName('busybox')).toBe('localhost/busybox:latest');
    expect(normalizeImageName('busybox:1.36')).toBe('localhost/busybox:1.36');
    expect(normalizeImageName('me/tools')).toBe('localhost/me/tools:latest');
    expect(normalizeImageName('quay.io/me/tools:2')).toBe('quay.io/me/tools:2');
    expect(normalizeImageName('localhost:5000/x')).toBe('localhost:5000/x:latest');
  });
  it('refuses invalid references', () => {
    expect(() => normalizeImageName('Busybox')).toThrow(/invalid image name/);
    expect(() => normalizeImageName('')).toThrow(/invalid image name/);
    expect(() => normalizeImageName('a b')).toThrow(/invalid image name/);
  });
});
