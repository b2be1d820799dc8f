import { describe, expect, it } from 'vitest';
import { podFilter } from './pods.js';

describe('pod ps --filter', () => {
  const pod = { Id: 'abc123', Name: 'web', Status: 'Running' as const, Created: '', InfraId: '', Labels: { tier: 'front' }, Containers: [{ Id: 'c1', Names: 'db', Status: 'running' as const }] };
  it('matches name, id, status, label and container names; keys AND, values OR', () => {
    expect(podFilter(['name=we'])(pod)).toBe(true);
    expect(podFilter(['status=running', 'label=tier=front'])(pod)).toBe(true);
    expect(podFilter(['status=exited', 'status=running'])(pod)).toBe(true);
    expect(podFilter(['status=exited'])(pod)).toBe(false);
    expect(podFilter(['ctr-names=db', 'id=abc'])(pod)).toBe(true);
    expect(podFilter(['label=tier=back'])(pod)).toBe(false);
  });
  it('refuses unknown keys', () => {
    expect(() => podFilter(['color=red'])).toThrow(/invalid filter/);
  });
});
