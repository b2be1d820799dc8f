import { describe, expect, it } from 'vitest';
import { podStatus } from './status.js';
import type { ContainerState } from '../../../shared/types.js';

const cases: [ContainerState[], string][] = [
  [[], 'Created'],
  [['running', 'running'], 'Running'],
  [['running', 'exited'], 'Degraded'],
  [['running', 'paused'], 'Degraded'],
  [['paused', 'paused'], 'Paused'],
  [['exited', 'stopped'], 'Exited'],
  [['exited', 'created'], 'Stopped'],
  [['stopping', 'created'], 'Error'],
  [['unknown'], 'Error'],
  [['removing', 'created'], 'Error'],
  [['created', 'initialized'], 'Created'],
  [['paused', 'created'], 'Created'],
];

describe('pod state from container states (Podman\'s table, first rule that holds)', () => {
  it.each(cases)('%j -> %s', (states, want) => {
    expect(podStatus(states)).toBe(want);
  });
});
