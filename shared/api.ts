import { z } from 'zod';
import type {
  ContainerInspect,
  ContainerListEntry,
  ImageListEntry,
  PodyardEvent,
  SystemInfo,
} from './types.js';
import type { PodInspect, PodListEntry, PodReport } from './pod-types.js';

/**
 * The one contract every client uses: the Electron renderer over IPC, the browser over
 * WebSocket, the CLI over a Unix socket, and in-process callers. Each method has a
 * zod schema for its parameters (checked on the receiving side, so a malformed
 * payload never reaches the engine) and a result type.
 */

const ref = z.string().min(1).max(256);
const timeout = z.number().int().min(-1).max(86_400);
const name = z.string().min(1).max(253);
const shortText = z.string().max(4096);
const stringList = z.array(shortText).max(1024);
const labels = z.record(z.string().min(1).max(1024), z.string().max(4096));

export const CreateContainerSchema = z
  .object({
    image: ref,
    command: stringList.optional(),
    name: name.optional(),
    env: stringList.optional(),
    workdir: shortText.optional(),
    user: z.string().max(256).optional(),
    stopSignal: z.string().max(32).optional(),
    stopTimeout: z.number().int().min(0).max(86_400).optional(),
    init: z.boolean().optional(),
    restart: z.string().max(64).optional(),
    labels: labels.optional(),
    hostname: z.string().max(253).optional(),
    pod: ref.optional(),
    requires: z.array(ref).max(256).optional(),
    initCtr: z.enum(['once', 'always']).optional(),
    createCommand: stringList.optional(),
    runtime: z.string().min(1).max(16).optional(),
  })
  .strict();

export const CreatePodSchema = z
  .object({
    name: name.optional(),
    infra: z.boolean().optional(),
    infraName: name.optional(),
    share: z.string().max(256).optional(),
    labels: labels.optional(),
    hostname: z.string().max(253).optional(),
    exitPolicy: z.enum(['continue', 'stop']).optional(),
    cpus: z.number().positive().max(4096).optional(),
    memory: z.string().max(32).optional(),
    createCommand: stringList.optional(),
  })
  .strict();

const refOnly = z.object({ ref }).strict();
const empty = z.object({}).strict();

export const methods = {
  'system.info': { params: empty },
  'system.version': { params: empty },

  'images.list': { params: empty },
  'images.import': { params: z.object({ source: z.string().min(1).max(4096), name: ref }).strict() },
  'images.remove': { params: z.object({ ref, force: z.boolean().optional() }).strict() },

  'containers.list': { params: z.object({ all: z.boolean().optional() }).strict() },
  'containers.inspect': { params: refOnly },
  'containers.create': { params: CreateContainerSchema },
  'containers.start': { params: refOnly },
  'containers.stop': { params: z.object({ ref, timeout: timeout.optional() }).strict() },
  'containers.kill': { params: z.object({ ref, signal: z.string().min(1).max(32).optional() }).strict() },
  'containers.pause': { params: refOnly },
  'containers.unpause': { params: refOnly },
  'containers.restart': { params: z.object({ ref, timeout: timeout.optional() }).strict() },
  'containers.remove': { params: z.object({ ref, force: z.boolean().optional(), timeout: timeout.optional() }).strict() },
  'containers.cleanup': { params: refOnly },
  'containers.logs': { params: z.object({ ref, tail: z.number().int().min(0).max(100_000).optional() }).strict() },

  'pods.list': { params: empty },
  'pods.inspect': { params: refOnly },
  'pods.exists': { params: refOnly },
  'pods.create': { params: CreatePodSchema },
  'pods.start': { params: refOnly },
  'pods.stop': { params: z.object({ ref, timeout: timeout.optional(), cleanup: z.boolean().optional() }).strict() },
  'pods.cleanup': { params: refOnly },
  'pods.pause': { params: refOnly },
  'pods.unpause': { params: refOnly },
  'pods.restart': { params: refOnly },
  'pods.kill': { params: z.object({ ref, signal: z.string().min(1).max(32).optional() }).strict() },
  'pods.remove': { params: z.object({ ref, force: z.boolean().optional(), timeout: timeout.optional() }).strict() },

  'events.list': {
    params: z
      .object({
        sinceNano: z.number().int().min(0).optional(),
        afterSeq: z.number().int().min(0).optional(),
        /** Only the newest N (still oldest first). */
        tail: z.number().int().min(1).max(100_000).optional(),
      })
      .strict(),
  },
} as const;

export type MethodName = keyof typeof methods;
export type Params<M extends MethodName> = z.infer<(typeof methods)[M]['params']>;

export interface LogEntry {
  time: string;
  stream: 'stdout' | 'stderr';
  text: string;
}

/** Result types, by method. */
export interface Results {
  'system.info': SystemInfo;
  'system.version': { version: string };
  'images.list': ImageListEntry[];
  'images.import': { id: string; names: string[] };
  'images.remove': { untagged: string[]; deleted: string[] };
  'containers.list': ContainerListEntry[];
  'containers.inspect': ContainerInspect;
  'containers.create': { id: string; name: string };
  'containers.start': { id: string };
  'containers.stop': { id: string; warnings: string[] };
  'containers.kill': { id: string };
  'containers.pause': { id: string };
  'containers.unpause': { id: string };
  'containers.restart': { id: string };
  'containers.remove': { id: string };
  'containers.cleanup': { id: string };
  'containers.logs': LogEntry[];
  'pods.list': PodListEntry[];
  'pods.inspect': PodInspect;
  'pods.exists': { exists: boolean };
  'pods.create': { id: string; name: string };
  'pods.start': PodReport;
  'pods.stop': PodReport;
  'pods.cleanup': PodReport;
  'pods.pause': PodReport;
  'pods.unpause': PodReport;
  'pods.restart': PodReport;
  'pods.kill': PodReport;
  'pods.remove': PodReport;
  'events.list': PodyardEvent[];
}

/** The client every transport provides. */
export type Api = {
  [M in MethodName]: (params: Params<M>) => Promise<Results[M]>;
};

export const METHOD_NAMES = Object.keys(methods) as MethodName[];

export function isMethodName(m: unknown): m is MethodName {
  return typeof m === 'string' && Object.prototype.hasOwnProperty.call(methods, m);
}

/**
 * Validates a method's parameters; returns a clear message naming the method and
 * the bad field, or undefined when they are fine.
 */
export function validateParams<M extends MethodName>(method: M, params: unknown): { ok: true; value: Params<M> } | { ok: false; message: string } {
  const r = methods[method].params.safeParse(params ?? {});
  if (r.success) return { ok: true, value: r.data as Params<M> };
  const issue = r.error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? 'parameters' : issue.path.join('.');
  return { ok: false, message: `invalid ${where} for ${method}: ${issue?.message ?? 'malformed payload'}` };
}

/** Events pushed to clients. */
export interface PushedEvent {
  kind: 'event';
  event: PodyardEvent;
}
