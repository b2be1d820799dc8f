import { createClient } from './client.js';
import type { Api } from './api.js';
import { ErrorCode, PodyardError, type ErrorPayload } from './errors.js';
import type { PodyardEvent } from './types.js';

/** The part of a WebSocket this client uses (the browser's, or the `ws` package's). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  addEventListener(type: 'open' | 'close' | 'error', fn: () => void): void;
  addEventListener(type: 'message', fn: (ev: { data: unknown }) => void): void;
}

export interface WsClient {
  api: Api;
  /** Subscribes to pushed events; returns the unsubscribe function. */
  onEvent(fn: (e: PodyardEvent) => void): () => void;
  /** Called when the connection drops (the page shows it and reconnects). */
  onClose(fn: () => void): void;
  close(): void;
}

type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: ErrorPayload };

/** The Api over one WebSocket: requests carry ids, replies match them, events are pushed. */
export function wsClient(ws: WebSocketLike): Promise<WsClient> {
  let next = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  const listeners = new Set<(e: PodyardEvent) => void>();
  const closers: (() => void)[] = [];
  ws.addEventListener('message', (ev) => {
    const text = typeof ev.data === 'string' ? ev.data : String(ev.data);
    const msg = JSON.parse(text) as Reply | { kind: 'event'; event: PodyardEvent };
    if ('kind' in msg) {
      for (const l of listeners) l(msg.event);
      return;
    }
    const p = pending.get(msg.id);
    if (p === undefined) return;
    pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.result);
    else p.reject(PodyardError.fromPayload(msg.error));
  });
  ws.addEventListener('close', () => {
    for (const p of pending.values()) p.reject(new PodyardError(ErrorCode.Internal, 'the connection to Podyard was lost'));
    pending.clear();
    for (const c of closers) c();
  });
  const client: WsClient = {
    api: createClient(
      (method, params) =>
        new Promise((resolve, reject) => {
          const id = next++;
          pending.set(id, { resolve, reject });
          ws.send(JSON.stringify({ id, method, params }));
        }),
    ),
    onEvent(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    onClose(fn) {
      closers.push(fn);
    },
    close: () => ws.close(),
  };
  return new Promise((resolve, reject) => {
    if (ws.readyState === 1) resolve(client);
    ws.addEventListener('open', () => resolve(client));
    ws.addEventListener('error', () => reject(new PodyardError(ErrorCode.Unauthorized, 'cannot connect to Podyard: the address needs its token')));
  });
}
