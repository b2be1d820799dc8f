import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { request } from 'node:http';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { TestRoot, until } from '../testing/harness.js';
import { METHOD_NAMES, type Api, type MethodName } from '../../shared/api.js';
import { createClient } from '../../shared/client.js';
import { wsClient, type WebSocketLike } from '../../shared/ws-client.js';
import { ErrorCode, PodyardError } from '../../shared/errors.js';
import type { PodyardEvent } from '../../shared/types.js';
import { dispatch } from './dispatch.js';
import { socketClient, followHostEvents } from './socket-client.js';
import { startWebServer, type WebServer } from './web-server.js';
import type { Engine } from '../engine/engine.js';

let t: TestRoot;
let e: Engine;
let web: WebServer;
const staticDir = join(process.cwd(), '.cache', 'contract-static');

beforeAll(async () => {
  t = new TestRoot();
  e = await t.start();
  await t.withBusybox(e);
  mkdirSync(staticDir, { recursive: true });
  web = await startWebServer({ api: t.host!.api, subscribe: (fn) => e.subscribe(fn), staticDir });
});
afterAll(async () => {
  await web.close();
  await t.close();
});

interface Transport {
  name: string;
  connect(): Promise<{ api: Api; events: (fn: (ev: PodyardEvent) => void) => () => void; close(): void }>;
}

const transports: Transport[] = [
  {
    name: 'in-process',
    async connect() {
      // The same receiving side as the other transports: validation, then the engine.
      const api = createClient(async (m, p) => {
        const r = await dispatch(t.host!.api, m, p);
        if (r.ok) return r.result;
        throw PodyardError.fromPayload(r.error);
      });
      return { api, events: (fn) => e.subscribe(fn), close: () => undefined };
    },
  },
  {
    name: 'websocket',
    async connect() {
      const ws = new WebSocket(`ws://127.0.0.1:${web.port}/v1/ws?token=${web.token}`, { origin: `http://127.0.0.1:${web.port}` });
      const c = await wsClient(ws as unknown as WebSocketLike);
      return { api: c.api, events: (fn) => c.onEvent(fn), close: () => c.close() };
    },
  },
  {
    name: 'unix socket',
    async connect() {
      const api = socketClient(t.host!.socketPath);
      return {
        api,
        events: (fn) => {
          const ac = new AbortController();
          void followHostEvents(t.host!.socketPath, fn, ac.signal);
          return () => ac.abort();
        },
        close: () => undefined,
      };
    },
  },
];

function snapshot() {
  return JSON.stringify({
    c: e.store.listContainers().map((c) => [c.id, c.state]),
    p: e.store.listPods().map((p) => p.id),
    i: e.listImages().map((i) => [i.Id, i.Names]),
  });
}

async function failure(p: Promise<unknown>): Promise<PodyardError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(PodyardError);
    return err as PodyardError;
  }
  throw new Error('expected a failure');
}

describe.each(transports)('the contract over $name', (tr) => {
  it('every method round-trips', async () => {
    const { api, close } = await tr.connect();
    const called = new Set<MethodName>();
    const call = async <M extends MethodName>(m: M, p: Parameters<Api[M]>[0]) => {
      called.add(m);
      return (api[m] as unknown as (x: typeof p) => ReturnType<Api[M]>)(p);
    };
    const tag = tr.name.replace(/[^a-z]/g, '');
    expect((await call('system.version', {})).version).toMatch(/^\d+\.\d+\.\d+$/);
    expect((await call('system.info', {})).mode).toBe(process.getuid?.() === 0 ? 'rootful' : 'rootless');
    // Without cgroups (rootless on v1) pause round-trips as its documented refusal.
    const pausing = async (p: Promise<unknown>, refusal: string) => {
      if (e.cgroupsUsable()) await p;
      else await expect(p).rejects.toThrow(refusal);
    };
    const img = await call('images.import', { source: inject('busyboxTar'), name: `img-${tag}` });
    expect(img.names).toContain(`localhost/img-${tag}:latest`);
    expect((await call('images.list', {})).some((i) => i.Id === img.id)).toBe(true);
    const pod = await call('pods.create', { name: `pod-${tag}` });
    expect((await call('pods.exists', { ref: pod.name })).exists).toBe(true);
    const c = await call('containers.create', { image: `img-${tag}`, name: `ctr-${tag}`, pod: pod.name, init: true, command: ['sh', '-c', 'echo hi; exec sleep 1000'] });
    expect((await call('containers.start', { ref: c.id })).id).toBe(c.id);
    await until(async () => (await call('containers.logs', { ref: c.id })).some((l) => l.text === 'hi'), 10_000, 'the log line');
    expect((await call('containers.inspect', { ref: c.name })).State.Status).toBe('running');
    expect((await call('containers.list', {})).some((x) => x.Id === c.id && x.PodName === pod.name)).toBe(true);
    await pausing(call('containers.pause', { ref: c.id }), 'cannot pause without using Cgroups');
    await pausing(call('containers.unpause', { ref: c.id }), 'is not paused');
    await call('containers.kill', { ref: c.id, signal: 'USR2' });
    expect((await call('containers.restart', { ref: c.id, timeout: 2 })).id).toBe(c.id);
    expect((await call('containers.stop', { ref: c.id, timeout: 2 })).id).toBe(c.id);
    expect((await call('containers.cleanup', { ref: c.id })).id).toBe(c.id);
    await call('pods.start', { ref: pod.name });
    await pausing(call('pods.pause', { ref: pod.name }), 'can not pause pods containing rootless containers with cgroup V1');
    await call('pods.unpause', { ref: pod.name });
    await call('pods.restart', { ref: pod.name });
    await call('pods.kill', { ref: pod.name, signal: 'KILL' });
    await until(() => e.pods.inspect(pod.name).State === 'Exited', 10_000, 'the pod to exit');
    await call('pods.stop', { ref: pod.name, timeout: 1 });
    await call('pods.cleanup', { ref: pod.name });
    expect((await call('pods.inspect', { ref: pod.name })).SharedNamespaces).toEqual(['ipc', 'net', 'uts']);
    expect((await call('pods.list', {})).some((p) => p.Id === pod.id)).toBe(true);
    const solo = await call('containers.create', { image: `img-${tag}`, command: ['true'] });
    expect((await call('containers.remove', { ref: solo.id })).id).toBe(solo.id);
    await call('pods.remove', { ref: pod.name, force: true });
    expect((await call('events.list', {})).some((ev) => ev.ID === pod.id && ev.Status === 'remove')).toBe(true);
    await call('images.remove', { ref: `img-${tag}` });
    expect([...called].sort()).toEqual([...METHOD_NAMES].sort());
    close();
  });

  it('events arrive', async () => {
    const { api, events, close } = await tr.connect();
    const got: PodyardEvent[] = [];
    const off = events((ev) => got.push(ev));
    await new Promise((r) => setTimeout(r, 200));
    const pod = await api['pods.create']({});
    await until(() => got.some((ev) => ev.Type === 'pod' && ev.ID === pod.id && ev.Status === 'create'), 5000, 'the pod create event');
    off();
    await api['pods.remove']({ ref: pod.id });
    close();
  });

  it('errors keep their code and per-container details', async () => {
    const { api, close } = await tr.connect();
    const missing = await failure(api['containers.inspect']({ ref: 'no-such-thing' }));
    expect(missing.code).toBe(ErrorCode.NoSuchContainer);
    expect(missing.message).toBe('no such container no-such-thing');
    const pod = await api['pods.create']({});
    await api['containers.create']({ image: 'busybox', pod: pod.id, command: ['/not/here'] });
    const partial = await failure(api['pods.start']({ ref: pod.id }));
    expect(partial.code).toBe(ErrorCode.PartialFailure);
    expect(partial.message).toBe('starting some containers: some containers failed');
    const errs = partial.details?.errors ?? {};
    expect(Object.keys(errs)).toHaveLength(1);
    expect(Object.values(errs)[0]).toMatch(/not\/here/);
    await api['pods.remove']({ ref: pod.id, force: true });
    close();
  });

  it('malformed payloads are refused on every method and change nothing', async () => {
    const { api, close } = await tr.connect();
    const before = snapshot();
    const raw = api as unknown as Record<string, (p: unknown) => Promise<unknown>>;
    for (const m of METHOD_NAMES) {
      for (const bad of [{ ref: 42, bogus: true }, { ref: 'x'.repeat(100_000), image: 'y'.repeat(100_000) }, 'not an object', [1, 2, 3]]) {
        const err = await failure(raw[m]!(bad));
        expect(err.code, `${m} with ${JSON.stringify(bad).slice(0, 40)}`).toBe(ErrorCode.Validation);
        expect(err.message).toContain(m);
      }
    }
    const err = await failure(api['containers.create']({ name: 'no-image' } as unknown as Parameters<Api['containers.create']>[0]));
    expect(err.message).toMatch(/invalid image for containers\.create/);
    expect(snapshot()).toBe(before);
    close();
  });
});

describe('unknown methods', () => {
  it('are refused by the receiving side', async () => {
    const r = await dispatch(t.host!.api, 'containers.explode', {});
    expect(r).toMatchObject({ ok: false, error: { code: ErrorCode.Validation } });
    const ws = new WebSocket(`ws://127.0.0.1:${web.port}/v1/ws?token=${web.token}`, { origin: `http://127.0.0.1:${web.port}` });
    await new Promise((r) => ws.once('open', r));
    const reply = new Promise<string>((r) => ws.once('message', (d) => r(d.toString())));
    ws.send(JSON.stringify({ id: 7, method: 'system.shutdown', params: {} }));
    expect(JSON.parse(await reply)).toMatchObject({ id: 7, ok: false, error: { code: 'validation', message: 'unknown method "system.shutdown"' } });
    ws.close();
  });
});

describe('browser access is protected', () => {
  const get = (path: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: web.port, path, method: headers['x-method'] ?? 'GET', headers: { host: `127.0.0.1:${web.port}`, ...headers } }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    });

  it('no token: 401; wrong token: 401; foreign Origin or Host: 403', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/v1/call/system.version', { 'x-method': 'POST' })).status).toBe(401);
    expect((await get(`/?token=${'a'.repeat(web.token.length)}`)).status).toBe(401);
    expect((await get(`/?token=${web.token}`, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await get(`/?token=${web.token}`, { host: `rebind.example:${web.port}` })).status).toBe(403);
  });

  it('the token in the address becomes an HttpOnly cookie, and pages carry a strict CSP', async () => {
    const first = await get(`/?token=${web.token}`);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    const cookie = String((first.headers['set-cookie'] as string[])[0]);
    expect(cookie).toMatch(/HttpOnly; SameSite=Strict/);
    const page = await get('/', { cookie: cookie.split(';')[0]! });
    expect(page.status).not.toBe(401);
    const api = await get('/v1/call/system.version', { 'x-method': 'POST', authorization: `Bearer ${web.token}` });
    expect(JSON.parse(api.body)).toMatchObject({ ok: true, result: { version: expect.any(String) } });
  });

  it('a WebSocket without the token, or from another origin, is refused', async () => {
    const tryWs = (url: string, origin: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(url, { origin });
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => {
          ws.close();
          resolve(101);
        });
        ws.on('error', () => undefined);
      });
    expect(await tryWs(`ws://127.0.0.1:${web.port}/v1/ws`, `http://127.0.0.1:${web.port}`)).toBe(401);
    expect(await tryWs(`ws://127.0.0.1:${web.port}/v1/ws?token=${web.token}`, 'http://evil.example')).toBe(403);
    expect(await tryWs(`ws://127.0.0.1:${web.port}/v1/ws?token=${web.token}`, `http://127.0.0.1:${web.port}`)).toBe(101);
  });
});
