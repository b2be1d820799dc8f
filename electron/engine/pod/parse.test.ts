import { describe, expect, it } from 'vitest';
import { parseShare, parseMemory } from './pods.js';

describe('--share', () => {
  it('defaults to ipc,net,uts; takes none, lists and +additions', () => {
    expect(parseShare(undefined)).toEqual(['ipc', 'net', 'uts']);
    expect(parseShare('none')).toEqual([]);
    expect(parseShare('net')).toEqual(['net']);
    expect(parseShare('+pid')).toEqual(['ipc', 'net', 'pid', 'uts']);
    expect(parseShare('pid,cgroup')).toEqual(['cgroup', 'pid']);
  });
  it('refuses anything else with Podman\'s text', () => {
    expect(() => parseShare('net,user')).toThrow('invalid kernel namespace to share: user. Options are: cgroup, ipc, net, pid, uts or none');
  });
});

describe('--memory', () => {
  it('reads sizes', () => {
    expect(parseMemory('512m')).toBe(512 * 1024 * 1024);
    expect(parseMemory('1g')).toBe(1024 ** 3);
    expect(parseMemory('10485760')).toBe(10485760);
  });
  it('refuses nonsense and tiny limits', () => {
    expect(() => parseMemory('lots')).toThrow(/invalid memory limit/);
    expect(() => parseMemory('1k')).toThrow(/too small/);
  });
});

