import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Api } from '../../shared/api.js';
import type { PodyardEvent } from '../../shared/types.js';
import { ErrorCode } from '../../shared/errors.js';
import { dispatch } from './dispatch.js';
import { handleApiRequest } from './socket-server.js';

/** The Content-Security-Policy of every page Podyard serves (browser mode and Electron). */
export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export interface WebServerOptions {
  api: Api;
  subscribe: (fn: (e: PodyardEvent) => void) => () => void;
  /** The built renderer (index.html and assets). */
  staticDir: string;
  port?: number;
  /** Fixed token (tests); a random one per launch otherwise. */
  token?: string;
}

export interface WebServer {
  port: number;
  token: string;
  /** The address to open, with the token in it. */
  url: string;
  close(): Promise<void>;
}

const COOKIE = 'podyard_token';

function tokenFrom(req: IncomingMessage, url: URL): string | undefined {
  const q = url.searchParams.get('token');
  if (q !== null) return q;
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ') === true) return auth.slice(7);
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, v] = part.trim().split('=');
    if (k === COOKIE && v !== undefined) return decodeURIComponent(v);
  }
  return undefined;
}

function sameToken(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Serves the renderer and the Api to a browser on 127.0.0.1 only. Every request needs
 * the per-launch token (in the address the user opens, then an HttpOnly cookie);
 * the Host header must name this server (no DNS rebinding) and a browser's Origin
 * must be this server's (no cross-site requests). The token is never logged.
 */
export async function startWebServer(o: WebServerOptions): Promise<WebServer> {
  const token = o.token ?? randomBytes(32).toString('base64url');
  let port = o.port ?? 0;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  /** 0 when the request may proceed, else the HTTP status to refuse it with. */
  function check(req: IncomingMessage, url: URL): 0 | 401 | 403 {
    if (!allowedHosts().has(req.headers.host ?? '')) return 403;
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin)) return 403;
    if (!sameToken(tokenFrom(req, url), token)) return 401;
    return 0;
  }

  function refuse(res: ServerResponse, status: 401 | 403): void {
    const body = JSON.stringify({
      ok: false,
      error: {
        code: ErrorCode.Unauthorized,
        message: status === 401 ? 'this Podyard needs its access token: open the address that `podyard serve` printed' : 'request refused: wrong host or origin',
      },
    });
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(body);
  }

  async function serveStatic(res: ServerResponse, path: string): Promise<void> {
    const rel = normalize(decodeURIComponent(path)).replace(/^([/\\])+/, '');
    let file = join(o.staticDir, rel);
    if (!file.startsWith(o.staticDir + sep) && file !== o.staticDir) {
      res.writeHead(404).end();
      return;
    }
    const st = await stat(file).catch(() => undefined);
    if (st === undefined || st.isDirectory()) file = join(o.staticDir, 'index.html');
    const body = await readFile(file).catch(() => undefined);
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('the renderer is not built: run npm run build');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': extname(file) === '.html' ? 'no-store' : 'max-age=3600',
    });
    res.end(body);
  }

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const verdict = check(req, url);
      if (verdict !== 0) {
        refuse(res, verdict);
        return;
      }
      if (url.searchParams.has('token') && req.method === 'GET' && !url.pathname.startsWith('/v1/')) {
        // Move the token into an HttpOnly cookie and out of the address bar and history.
        res.writeHead(303, {
          location: url.pathname,
          'set-cookie': `${COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
          'cache-control': 'no-store',
        });
        res.end();
        return;
      }
      if (await handleApiRequest(o.api, o.subscribe, req, res, url.pathname)) return;
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405).end();
        return;
      }
      await serveStatic(res, url.pathname);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const verdict = url.pathname === '/v1/ws' ? check(req, url) : 403;
    if (verdict !== 0) {
      socket.end(`HTTP/1.1 ${verdict} ${verdict === 401 ? 'Unauthorized' : 'Forbidden'}\r\nconnection: close\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws));
  });

  function serveSocket(ws: WebSocket): void {
    const off = o.subscribe((event) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ kind: 'event', event }));
    });
    ws.on('close', off);
    ws.on('message', (data) => {
      let msg: { id?: unknown; method?: unknown; params?: unknown };
      try {
        msg = JSON.parse(data.toString()) as typeof msg;
      } catch {
        ws.send(JSON.stringify({ id: null, ok: false, error: { code: ErrorCode.Validation, message: 'malformed message: not JSON' } }));
        return;
      }
      const id = typeof msg.id === 'number' || typeof msg.id === 'string' ? msg.id : null;
      void dispatch(o.api, msg.method, msg.params).then((r) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, ...r }));
      });
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  port = typeof addr === 'object' && addr !== null ? addr.port : port;
  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    async close() {
      for (const c of wss.clients) c.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
