import type { Params } from './api.js';

/** Options of `create` / `run`, as every client sends them (schema in api.ts). */
export type CreateContainerOptions = Params<'containers.create'> & {
  /** Set by the engine for a pod's infra container only; never accepted from a client. */
  isInfra?: boolean;
};
