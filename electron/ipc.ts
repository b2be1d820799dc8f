import { METHOD_NAMES, type Api, type MethodName } from '../shared/api.js';
import type { PodyardEvent } from '../shared/types.js';
import { ErrorCode } from '../shared/errors.js';
import { dispatch, type DispatchResult } from './host/dispatch.js';

/** The IPC channel of a contract method; the preload knows only these. */
export const channelFor = (m: MethodName): string => `podyard:${m}`;
/** The channel events are pushed on. */
export const EVENT_CHANNEL = 'podyard:event';
/** The only origin the app's pages are loaded from. */
export const APP_ORIGIN = 'podyard://app';

/** What Electron's ipcMain offers that we use (injected, so tests need no Electron). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>): void;
}
export interface IpcEventLike {
  senderFrame: { url: string; parent?: unknown } | null;
}

/** Only the app's own top frame, loaded from the app protocol, may call the engine. */
export function isTrustedSender(event: IpcEventLike): boolean {
  const frame = event.senderFrame;
  if (frame === null) return false;
  if (frame.parent !== null && frame.parent !== undefined) return false;
  try {
    const u = new URL(frame.url);
    return `${u.protocol}//${u.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

/**
 * One `ipcMain.handle` per contract method. Each checks the sender frame and the
 * payload, and answers with `{ok, result}` or `{ok: false, error: {code, message,
 * details}}` — never a bare "Error invoking remote method".
 */
export function registerApiHandlers(ipcMain: IpcMainLike, api: Api, trusted: (e: IpcEventLike) => boolean = isTrustedSender): string[] {
  const channels: string[] = [];
  for (const m of METHOD_NAMES) {
    const channel = channelFor(m);
    ipcMain.handle(channel, async (event, params): Promise<DispatchResult> => {
      if (!trusted(event)) {
        return { ok: false, error: { code: ErrorCode.Unauthorized, message: `refused ${m}: the request did not come from Podyard's own window` } };
      }
      return dispatch(api, m, params);
    });
    channels.push(channel);
  }
  return channels;
}

/**
 * Pushes engine events to the window, queued until the page is ready to receive them
 * (a page still loading would drop them).
 */
export class EventForwarder {
  private queue: PodyardEvent[] = [];
  private ready = false;

  constructor(private send: (channel: string, e: PodyardEvent) => void, private limit = 10_000) {}

  push(e: PodyardEvent): void {
    if (this.ready) this.send(EVENT_CHANNEL, e);
    else {
      this.queue.push(e);
      if (this.queue.length > this.limit) this.queue.shift();
    }
  }

  /** The page loaded: flush what waited, then send as events come. */
  markReady(): void {
    this.ready = true;
    for (const e of this.queue.splice(0)) this.send(EVENT_CHANNEL, e);
  }

  /** The page is reloading: queue again. */
  markNotReady(): void {
    this.ready = false;
  }
}
