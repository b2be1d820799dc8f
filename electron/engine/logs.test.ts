import { describe, expect, it } from 'vitest';
import { parseK8sLog } from './logs.js';

describe('parseK8sLog', () => {
  it('reads full lines, joins partial ones, keeps an incomplete tail', () => {
    const text =
      '2026-01-01T00:00:00Z stdout F hello\n' +
      '2026-01-01T00:00:01Z stderr P par\n' +
      '2026-01-01T00:00:02Z stderr F tial\n' +
      '2026-01-01T00:00:03Z stdout F \n' +
      '2026-01-01T00:00:04Z stdout F cut';
    const { lines, rest } = parseK8sLog(text);
    expect(lines.map((l) => [l.stream, l.text])).toEqual([
      ['stdout', 'hello'],
      ['stderr', 'partial'],
      ['stdout', ''],
    ]);
    expect(rest).toBe('2026-01-01T00:00:04Z stdout F cut');
  });
});
