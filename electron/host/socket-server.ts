import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { chmod, rm } from 'node:fs/promises';
import type { Api } from '../../shared/api.js';
import type { PodyardEvent } from '../../shared/types.js';
import { ErrorCode } from '../../shared/errors.js';
import { dispatch } from './dispatch.js';

const MAX_BODY = 1 << 20;

export function readBody(req: IncomingMessage, limit = MAX_BODY): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error(`request body over ${limit} bytes`));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** HTTP status for an error code, so plain HTTP clients see what kind of failure it was. */
export function httpStatus(code: string): number {
  switch (code) {
    case ErrorCode.Validation:
    case ErrorCode.InvalidArgument:
      return 400;
    case ErrorCode.Unauthorized:
      return 401;
    case ErrorCode.NoSuchContainer:
    case ErrorCode.NoSuchPod:
    case ErrorCode.NoSuchImage:
      return 404;
    case ErrorCode.NameInUse:
    case ErrorCode.StateImproper:
    case ErrorCode.ImageInUse:
      return 409;
    default:
      return 500;
  }
}

/**
 * Handles the API over HTTP/JSON: `POST /v1/call/<method>` with the parameters as the
 * body; `GET /v1/events` streams events as JSON lines. Shared by the Unix socket and
 * the browser server (which adds its own checks in front).
 */
export async function handleApiRequest(api: Api, subscribe: (fn: (e: PodyardEvent) => void) => () => void, req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
  if (path.startsWith('/v1/call/') && req.method === 'POST') {
    const method = decodeURIComponent(path.slice('/v1/call/'.length));
    let params: unknown;
    try {
      const body = await readBody(req);
      params = body === '' ? {} : JSON.parse(body);
    } catch (e) {
      send(res, 400, { ok: false, error: { code: ErrorCode.Validation, message: `malformed request body: ${(e as Error).message}` } });
      return true;
    }
    const r = await dispatch(api, method, params);
    send(res, r.ok ? 200 : httpStatus(r.error.code), r);
    return true;
  }
  if (path === '/v1/events' && req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' });
    res.write('\n');
    const off = subscribe((e) => res.write(`${JSON.stringify(e)}\n`));
    req.on('close', off);
    return true;
  }
  return false;
}

/** Serves the API on a Unix socket that only the owner can open (0600 in a 0700 dir). */
export async function serveUnixSocket(api: Api, subscribe: (fn: (e: PodyardEvent) => void) => () => void, socketPath: string): Promise<Server> {
  await rm(socketPath, { force: true });
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    void handleApiRequest(api, subscribe, req, res, path).then((handled) => {
      if (!handled) send(res, 404, { ok: false, error: { code: ErrorCode.Validation, message: `no such endpoint ${req.method} ${path}` } });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  await chmod(socketPath, 0o600);
  return server;
}
