import type { Api, MethodName } from '../../shared/api';
import { createClient } from '../../shared/client';
import { wsClient, type WebSocketLike } from '../../shared/ws-client';
import { PodyardError, type ErrorPayload } from '../../shared/errors';
import type { PodyardEvent } from '../../shared/types';

/** The engine as the renderer sees it: the typed Api and one event subscription. */
export interface Connection {
  api: Api;
  onEvent(fn: (e: PodyardEvent) => void): () => void;
  onClose(fn: () => void): void;
  transport: 'electron' | 'browser';
}

type Envelope = { ok: true; result: unknown } | { ok: false; error: ErrorPayload };
type Bridge = Record<MethodName, (p: unknown) => Promise<Envelope>> & { onEvent(fn: (e: PodyardEvent) => void): () => void };

declare global {
  interface Window {
    podyardBridge?: Bridge;
  }
}

/** In Electron the preload's bridge; in a browser a WebSocket to the serving host. */
export async function connect(): Promise<Connection> {
  const bridge = window.podyardBridge;
  if (bridge !== undefined) {
    const api = createClient(async (m, p) => {
      const r = await bridge[m](p);
      if (r.ok) return r.result;
      throw PodyardError.fromPayload(r.error);
    });
    return { api, onEvent: (fn) => bridge.onEvent(fn), onClose: () => undefined, transport: 'electron' };
  }
  const url = new URL('v1/ws', window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws = new WebSocket(url.toString());
  const c = await wsClient(ws as unknown as WebSocketLike);
  return { api: c.api, onEvent: c.onEvent, onClose: c.onClose, transport: 'browser' };
}
