import { METHOD_NAMES, type Api, type MethodName } from './api.js';

/** Sends one call over some transport and returns its result (or throws a PodyardError). */
export type Call = (method: MethodName, params: unknown) => Promise<unknown>;

/**
 * Builds the typed client from one `call` function. Every transport (IPC, WebSocket,
 * Unix socket) provides only `call`; the shape of the Api comes from the contract.
 */
export function createClient(call: Call): Api {
  const api: Record<string, (p: unknown) => Promise<unknown>> = {};
  for (const m of METHOD_NAMES) api[m] = (params: unknown) => call(m, params);
  return api as unknown as Api;
}
