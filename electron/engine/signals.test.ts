import { describe, expect, it } from 'vitest';
import { parseSignal, signalName } from './signals.js';

describe('parseSignal', () => {
  it('takes names with or without SIG, in any case, and numbers', () => {
    expect(parseSignal('KILL')).toBe(9);
    expect(parseSignal('SIGKILL')).toBe(9);
    expect(parseSignal('sigterm')).toBe(15);
    expect(parseSignal('usr1')).toBe(10);
    expect(parseSignal('15')).toBe(15);
    expect(parseSignal('RTMIN+2')).toBe(36);
  });
  it('refuses anything else with Podman\'s message', () => {
    expect(() => parseSignal('BOGUS')).toThrow('invalid signal: BOGUS');
    expect(() => parseSignal('0')).toThrow('invalid signal: 0');
    expect(() => parseSignal('99')).toThrow('invalid signal: 99');
    expect(() => parseSignal('')).toThrow('invalid signal: ');
  });
  it('names signals as Podman prints them', () => {
    expect(signalName(15)).toBe('SIGTERM');
    expect(signalName(9)).toBe('SIGKILL');
    expect(signalName(6)).toBe('SIGABRT');
    expect(signalName(35)).toBe('SIGRTMIN+1');
  });
});
