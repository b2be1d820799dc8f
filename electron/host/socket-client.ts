import { request } from 'node:http';
import { createClient } from '../../shared/client.js';
import type { Api, MethodName } from '../../shared/api.js';
import { PodyardError, ErrorCode, type ErrorPayload } from '../../shared/errors.js';
import type { PodyardEvent } from '../../shared/types.js';

function post(socketPath: string, method: MethodName, params: unknown, timeoutMs?: number): Promise<unknown> {
  const body = JSON.stringify(params ?? {});
  return new Promise((resolve, reject) => {
    const req = request(
      { socketPath, path: `/v1/call/${method}`, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            const r = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { ok: boolean; result?: unknown; error?: ErrorPayload };
            if (r.ok) resolve(r.result);
            else reject(PodyardError.fromPayload(r.error ?? { code: ErrorCode.Internal, message: 'malformed answer from the Podyard host' }));
          } catch (e) {
            reject(e);
          }
        });
      },
    );
    req.on('error', reject);
    if (timeoutMs !== undefined) req.setTimeout(timeoutMs, () => req.destroy(new Error('timeout')));
    req.end(body);
  });
}

/** The Api over the host's Unix socket. */
export function socketClient(socketPath: string): Api {
  return createClient((m, p) => post(socketPath, m, p));
}

/**
 * The Api of a running host, or undefined when none answers (no socket, or a stale
 * one left by a host that died).
 */
export async function connectHost(socketPath: string): Promise<Api | undefined> {
  try {
    await post(socketPath, 'system.version', {}, 2000);
    return socketClient(socketPath);
  } catch {
    return undefined;
  }
}

/** Follows the host's live events until `signal` aborts. */
export function followHostEvents(socketPath: string, onEvent: (e: PodyardEvent) => void, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path: '/v1/events', method: 'GET', signal }, (res) => {
      let buf = '';
      res.on('data', (c: Buffer) => {
        buf += c.toString('utf8');
        let nl;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl).trim();
          buf = buf.slice(nl + 1);
          if (line !== '') onEvent(JSON.parse(line) as PodyardEvent);
        }
      });
      res.on('end', () => resolve());
    });
    req.on('error', (e) => ((e as { name?: string }).name === 'AbortError' ? resolve() : reject(e)));
    req.end();
  });
}
