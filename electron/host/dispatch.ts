import { isMethodName, validateParams, type Api, type MethodName } from '../../shared/api.js';
import { ErrorCode, toErrorPayload, type ErrorPayload } from '../../shared/errors.js';

export type DispatchResult = { ok: true; result: unknown } | { ok: false; error: ErrorPayload };

/**
 * The receiving side of every transport: checks that the method exists and that its
 * payload matches the contract before the engine sees it, and turns every failure
 * into `{code, message, details}`.
 */
export async function dispatch(api: Api, method: unknown, params: unknown): Promise<DispatchResult> {
  if (!isMethodName(method)) {
    return { ok: false, error: { code: ErrorCode.Validation, message: `unknown method ${typeof method === 'string' ? JSON.stringify(method.slice(0, 100)) : typeof method}` } };
  }
  const v = validateParams(method, params);
  if (!v.ok) return { ok: false, error: { code: ErrorCode.Validation, message: v.message } };
  try {
    const fn = api[method] as (p: unknown) => Promise<unknown>;
    return { ok: true, result: await fn(v.value) };
  } catch (e) {
    return { ok: false, error: toErrorPayload(e) };
  }
}

export type { MethodName };
