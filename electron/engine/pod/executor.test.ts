import { describe, expect, it } from 'vitest';
import { Executor } from './executor.js';
import { buildGraph } from './graph.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('Executor', () => {
  it('never runs more jobs at once than it has slots', async () => {
    const ex = new Executor(3);
    let now = 0;
    let peak = 0;
    await ex.forEach(Array.from({ length: 12 }, (_, i) => String(i)), async () => {
      now++;
      peak = Math.max(peak, now);
      await tick();
      now--;
    });
    expect(peak).toBe(3);
  });
  it('collects failures by id and drops ignored ones', async () => {
    const ex = new Executor(2);
    const errs = await ex.forEach(['a', 'b', 'c'], async (id) => {
      if (id === 'a') throw new Error('boom');
      if (id === 'b') throw new Error('ignorable');
    }, (e) => (e as Error).message === 'ignorable');
    expect(errs).toEqual({ a: 'boom' });
  });
  const chain = () =>
    buildGraph([
      { id: 'infra', deps: [] },
      { id: 'c1', deps: ['infra'] },
      { id: 'c2', deps: ['c1'] },
      { id: 'c3', deps: ['c2'] },
      { id: 'free', deps: ['infra'] },
    ]);
  it('walks forward after dependencies, in parallel across branches', async () => {
    const log: string[] = [];
    let concurrent = 0;
    let peak = 0;
    await new Executor(8).walk(chain(), 'forward', async (id) => {
      concurrent++;
      peak = Math.max(peak, concurrent);
      log.push(`start:${id}`);
      await tick();
      log.push(`done:${id}`);
      concurrent--;
    }, () => 'blocked');
    expect(log[0]).toBe('start:infra');
    expect(log.indexOf('done:c1')).toBeLessThan(log.indexOf('start:c2'));
    expect(log.indexOf('done:c2')).toBeLessThan(log.indexOf('start:c3'));
    expect(peak).toBe(2); // c1 and free together
  });
  it('walks in reverse: a node after everything that depends on it', async () => {
    const log: string[] = [];
    await new Executor(8).walk(chain(), 'reverse', async (id) => {
      log.push(id);
      await tick();
    }, () => 'blocked');
    expect(log[log.length - 1]).toBe('infra');
    expect(log.indexOf('c3')).toBeLessThan(log.indexOf('c2'));
    expect(log.indexOf('c2')).toBeLessThan(log.indexOf('c1'));
  });
  it('poisons what comes after a failure, and only that', async () => {
    const ran: string[] = [];
    const errs = await new Executor(4).walk(chain(), 'forward', async (id) => {
      ran.push(id);
      if (id === 'c1') throw new Error('c1 broke');
    }, (id) => `a dependency of container ${id} failed to start`);
    expect(errs).toEqual({
      c1: 'c1 broke',
      c2: 'a dependency of container c2 failed to start',
      c3: 'a dependency of container c3 failed to start',
    });
    expect(ran.sort()).toEqual(['c1', 'free', 'infra']);
  });
  it('refuses a bad slot count', () => {
    expect(() => new Executor(0)).toThrow(/at least 1/);
  });
});

describe('Executor slots while waiting', () => {
  it('a job waiting outside its slot lets others run', async () => {
    const ex = new Executor(1);
    const log: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const a = ex.run(async (slot) => {
      log.push('a:work');
      await slot.outside(() => gate);
      log.push('a:after');
    });
    const b = ex.run(async () => {
      log.push('b:work');
      release();
    });
    await Promise.all([a, b]);
    expect(log).toEqual(['a:work', 'b:work', 'a:after']);
  });
});
