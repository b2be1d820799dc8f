import { describe, expect, it } from 'vitest';
import { buildGraph, startRoots, stopRoots, topoOrder, CYCLE_MESSAGE } from './graph.js';

describe('dependency graph', () => {
  const g = buildGraph([
    { id: 'infra', deps: [] },
    { id: 'db', deps: ['infra'] },
    { id: 'app', deps: ['db', 'infra'] },
    { id: 'side', deps: ['infra', 'elsewhere'] },
  ]);
  it('has start roots without dependencies and stop roots nothing depends on', () => {
    expect(startRoots(g)).toEqual(['infra']);
    expect(stopRoots(g).sort()).toEqual(['app', 'side']);
  });
  it('ignores edges to containers outside the set', () => {
    expect([...g.deps.get('side')!]).toEqual(['infra']);
  });
  it('orders dependencies first', () => {
    const order = topoOrder(g);
    expect(order.indexOf('infra')).toBeLessThan(order.indexOf('db'));
    expect(order.indexOf('db')).toBeLessThan(order.indexOf('app'));
  });
  it('refuses cycles, including a self edge, with Podman\'s text', () => {
    expect(() => buildGraph([{ id: 'a', deps: ['b'] }, { id: 'b', deps: ['c'] }, { id: 'c', deps: ['a'] }])).toThrow(CYCLE_MESSAGE);
    expect(() => buildGraph([{ id: 'a', deps: ['a'] }])).toThrow(CYCLE_MESSAGE);
  });
  it('has no roots only when empty', () => {
    expect(startRoots(buildGraph([]))).toEqual([]);
  });
});
