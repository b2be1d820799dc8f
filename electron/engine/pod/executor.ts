import type { DepGraph } from './graph.js';
import type { ContainerErrors } from '../../../shared/errors.js';

/** A job's hold on an executor slot. */
export interface Slot {
  /**
   * Runs `wait` without holding the slot, then takes a slot back: waiting (for a stop
   * timeout, say) is not work, and must not keep other containers from theirs.
   */
  outside<T>(wait: () => Promise<T>): Promise<T>;
}

/**
 * A bounded parallel executor: at most `slots` jobs do work at once. Written once;
 * every fan-out in the engine goes through it.
 */
export class Executor {
  private running = 0;
  private waiting: (() => void)[] = [];

  constructor(readonly slots: number) {
    if (!Number.isInteger(slots) || slots < 1) throw new Error(`executor slots must be a whole number of at least 1, not ${slots}`);
  }

  private async acquire(): Promise<void> {
    if (this.running >= this.slots) await new Promise<void>((r) => this.waiting.push(r));
    this.running++;
  }

  private release(): void {
    this.running--;
    this.waiting.shift()?.();
  }

  async run<T>(job: (slot: Slot) => Promise<T>): Promise<T> {
    await this.acquire();
    let held = true;
    const slot: Slot = {
      outside: async (wait) => {
        this.release();
        held = false;
        try {
          return await wait();
        } finally {
          await this.acquire();
          held = true;
        }
      },
    };
    try {
      return await job(slot);
    } finally {
      if (held) this.release();
    }
  }

  /**
   * Runs `act` for every id in parallel (bounded) and collects failures by id.
   * `ignore` drops errors that mean "nothing to do".
   */
  async forEach(ids: string[], act: (id: string, slot: Slot) => Promise<void>, ignore: (e: unknown) => boolean = () => false): Promise<ContainerErrors> {
    const errors: ContainerErrors = {};
    await Promise.all(
      ids.map((id) =>
        this.run(async (slot) => {
          try {
            await act(id, slot);
          } catch (e) {
            if (!ignore(e)) errors[id] = e instanceof Error ? e.message : String(e);
          }
        }),
      ),
    );
    return errors;
  }

  /**
   * Walks a dependency graph. Forward (start): a node runs once all its dependencies
   * succeeded. Reverse (stop): a node runs once everything that depends on it is done.
   * Independent branches run in parallel. A node whose prerequisite failed is not run
   * and gets `blocked(id)` as its error.
   */
  async walk(
    g: DepGraph,
    direction: 'forward' | 'reverse',
    act: (id: string, slot: Slot) => Promise<void>,
    blocked: (id: string) => string,
  ): Promise<ContainerErrors> {
    const before = direction === 'forward' ? g.deps : g.dependents;
    const after = direction === 'forward' ? g.dependents : g.deps;
    const pending = new Map(g.ids.map((id) => [id, before.get(id)!.size]));
    const failed = new Set<string>();
    const errors: ContainerErrors = {};
    return new Promise((resolve) => {
      let outstanding = g.ids.length;
      if (outstanding === 0) {
        resolve(errors);
        return;
      }
      const finish = (id: string) => {
        outstanding--;
        for (const next of after.get(id)!) {
          const n = pending.get(next)! - 1;
          pending.set(next, n);
          if (n === 0) launch(next);
        }
        if (outstanding === 0) resolve(errors);
      };
      const launch = (id: string) => {
        const prereqFailed = [...before.get(id)!].some((p) => failed.has(p));
        if (prereqFailed) {
          failed.add(id);
          errors[id] = blocked(id);
          finish(id);
          return;
        }
        void this.run((slot) => act(id, slot)).then(
          () => finish(id),
          (e: unknown) => {
            failed.add(id);
            errors[id] = e instanceof Error ? e.message : String(e);
            finish(id);
          },
        );
      };
      for (const id of g.ids) if (pending.get(id) === 0) launch(id);
    });
  }
}
