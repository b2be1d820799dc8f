import type { Engine } from '../engine/engine.js';
import type { OptSpec, Parsed } from './args.js';
import type { Globals } from './context.js';
import type { Output } from './output.js';

/** Hooks the commands share (pod lookups used by `ps` and `inspect`). */
export interface CliContext {
  inspectPod(e: Engine, ref: string): unknown;
  podNames(e: Engine): Map<string, string>;
}

export interface Command {
  name: string;
  aliases?: string[];
  usage: string;
  summary: string;
  specs: OptSpec[];
  /** Stop parsing options at the first positional (the rest belongs to the container). */
  stopAtPositional?: boolean;
  /** Returns the process exit code. */
  run(p: Parsed, g: Globals, out: Output, argv: string[], ctx: CliContext): Promise<number>;
}
