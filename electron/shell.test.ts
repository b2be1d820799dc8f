import { describe, expect, it, vi } from 'vitest';
import { METHOD_NAMES, type Api } from '../shared/api.js';
import { createClient } from '../shared/client.js';
import { PodyardError, ErrorCode } from '../shared/errors.js';
import type { PodListEntry } from '../shared/pod-types.js';
import type { PodyardEvent } from '../shared/types.js';
import { registerApiHandlers, isTrustedSender, EventForwarder, channelFor, EVENT_CHANNEL, type IpcEventLike } from './ipc.js';
import { windowOptions, hardenContents } from './window.js';
import { buildTrayMenu, trayTooltip, failureText, TrayController, type TrayItem } from './tray.js';

/** A fake Api that records calls and answers from a table. */
function fakeApi(answers: Partial<Record<string, (p: unknown) => unknown>> = {}) {
  const calls: [string, unknown][] = [];
  const api = createClient(async (m, p) => {
    calls.push([m, p]);
    const f = answers[m];
    return f === undefined ? { ok: true } : f(p);
  });
  return { api, calls };
}

class FakeIpcMain {
  handlers = new Map<string, (e: IpcEventLike, ...a: unknown[]) => Promise<unknown>>();
  handle(channel: string, fn: (e: IpcEventLike, ...a: unknown[]) => Promise<unknown>) {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, fn);
  }
}

const appFrame: IpcEventLike = { senderFrame: { url: 'podyard://app/index.html', parent: null } };

describe('IPC handlers', () => {
  it('registers exactly one handler per contract method', () => {
    const ipc = new FakeIpcMain();
    const channels = registerApiHandlers(ipc, fakeApi().api);
    expect([...ipc.handlers.keys()].sort()).toEqual(METHOD_NAMES.map(channelFor).sort());
    expect(channels).toHaveLength(METHOD_NAMES.length);
  });

  it('refuses a message from an unexpected frame without touching the engine', async () => {
    const { api, calls } = fakeApi();
    const ipc = new FakeIpcMain();
    registerApiHandlers(ipc, api);
    const handler = ipc.handlers.get(channelFor('pods.stop'))!;
    for (const frame of [
      { url: 'https://evil.example/', parent: null },
      { url: 'file:///etc/passwd', parent: null },
      { url: 'podyard://app/index.html', parent: { url: 'podyard://app/' } },
    ]) {
      const r = await handler({ senderFrame: frame }, { ref: 'web' });
      expect(r).toMatchObject({ ok: false, error: { code: ErrorCode.Unauthorized } });
    }
    expect(await handler({ senderFrame: null }, { ref: 'web' })).toMatchObject({ ok: false });
    expect(calls).toEqual([]);
  });

  it('validates payloads and keeps error codes and per-container details', async () => {
    const { api, calls } = fakeApi({
      'pods.start': () => {
        throw new PodyardError(ErrorCode.PartialFailure, 'starting some containers: some containers failed', { errors: { abc: 'boom' } });
      },
    });
    const ipc = new FakeIpcMain();
    registerApiHandlers(ipc, api);
    expect(await ipc.handlers.get(channelFor('pods.start'))!(appFrame, { ref: 7 })).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(calls).toEqual([]);
    expect(await ipc.handlers.get(channelFor('pods.start'))!(appFrame, { ref: 'web' })).toEqual({
      ok: false,
      error: { code: 'partial_failure', message: 'starting some containers: some containers failed', details: { errors: { abc: 'boom' } } },
    });
    expect(await ipc.handlers.get(channelFor('system.version'))!(appFrame, {})).toEqual({ ok: true, result: { ok: true } });
  });

  it('trusts only the app protocol\'s top frame', () => {
    expect(isTrustedSender(appFrame)).toBe(true);
    expect(isTrustedSender({ senderFrame: { url: 'podyard://other/x', parent: null } })).toBe(false);
    expect(isTrustedSender({ senderFrame: { url: 'not a url', parent: null } })).toBe(false);
  });

  it('queues events until the page is ready, then forwards them in order', () => {
    const sent: [string, PodyardEvent][] = [];
    const f = new EventForwarder((c, e) => sent.push([c, e]));
    const ev = (n: number) => ({ Seq: n, ID: 'x', Name: 'x', Status: 'start', Type: 'container', Time: '', timeNano: n }) as PodyardEvent;
    f.push(ev(1));
    f.push(ev(2));
    expect(sent).toEqual([]);
    f.markReady();
    f.push(ev(3));
    expect(sent.map(([c, e]) => `${c}:${e.Seq}`)).toEqual([`${EVENT_CHANNEL}:1`, `${EVENT_CHANNEL}:2`, `${EVENT_CHANNEL}:3`]);
  });
});

describe('the window', () => {
  it('has isolation, the sandbox and web security on, Node off', () => {
    const o = windowOptions('/app/preload.cjs', true);
    expect(o.webPreferences).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('denies navigation away, new windows and webviews; https links open outside', () => {
    const handlers = new Map<string, (e: { preventDefault(): void }, url?: string) => void>();
    let opener: ((d: { url: string }) => { action: 'deny' }) | undefined;
    const opened: string[] = [];
    hardenContents(
      {
        on: (ev: string, fn: (e: { preventDefault(): void }, url?: string) => void) => handlers.set(ev, fn),
        setWindowOpenHandler: (fn) => (opener = fn),
      } as Parameters<typeof hardenContents>[0],
      (u) => opened.push(u),
    );
    const nav = (url: string) => {
      const e = { prevented: false, preventDefault() { this.prevented = true; } };
      handlers.get('will-navigate')!(e, url);
      return e.prevented;
    };
    expect(nav('https://evil.example/')).toBe(true);
    expect(nav('podyard://app/index.html#/pods')).toBe(false);
    const wv = { prevented: false, preventDefault() { this.prevented = true; } };
    handlers.get('will-attach-webview')!(wv);
    expect(wv.prevented).toBe(true);
    expect(opener!({ url: 'https://docs.example/' })).toEqual({ action: 'deny' });
    expect(opener!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://docs.example/']);
  });
});

describe('the preload', () => {
  it('exposes one frozen bridge with a function per method and onEvent, nothing else', async () => {
    const exposed: [string, Record<string, unknown>][] = [];
    const invoked: [string, unknown][] = [];
    vi.resetModules();
    vi.doMock('electron', () => ({
      contextBridge: { exposeInMainWorld: (k: string, v: Record<string, unknown>) => exposed.push([k, v]) },
      ipcRenderer: {
        invoke: async (c: string, p: unknown) => {
          invoked.push([c, p]);
          return { ok: true, result: 1 };
        },
        on: vi.fn(),
        off: vi.fn(),
      },
    }));
    await import('./preload.js');
    vi.doUnmock('electron');
    expect(exposed).toHaveLength(1);
    const [key, bridge] = exposed[0]!;
    expect(key).toBe('podyardBridge');
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(Object.keys(bridge).sort()).toEqual([...METHOD_NAMES, 'onEvent'].sort());
    expect(Object.values(bridge).every((v) => typeof v === 'function')).toBe(true);
    await (bridge['pods.start'] as (p: unknown) => Promise<unknown>)({ ref: 'web' });
    expect(invoked).toEqual([['podyard:pods.start', { ref: 'web' }]]);
  });
});

const pod = (name: string, status: PodListEntry['Status'], containers: [string, string][] = []): PodListEntry => ({
  Id: `${name}-id`, Name: name, Status: status, Created: '', InfraId: '', Labels: {},
  Containers: containers.map(([Id, Names]) => ({ Id, Names, Status: 'running' })),
});

describe('the tray', () => {
  const noop = { start: vi.fn(), stop: vi.fn(), restart: vi.fn(), stopAll: vi.fn(), open: vi.fn(), quit: vi.fn() };

  it('lists pods with their state and quick actions, then the global ones', () => {
    const menu = buildTrayMenu([pod('web', 'Running'), pod('db', 'Exited')], noop);
    expect(menu.map((i) => i.label ?? i.type)).toEqual(['web — Running', 'db — Exited', 'separator', 'Stop all pods', 'separator', 'Open Podyard', 'Quit']);
    const web = menu[0]!.submenu!;
    expect(web.map((i) => [i.label, i.enabled])).toEqual([['Start', false], ['Stop', true], ['Restart', true]]);
    const db = menu[1]!.submenu!;
    expect(db.map((i) => [i.label, i.enabled])).toEqual([['Start', true], ['Stop', false], ['Restart', true]]);
    db[0]!.click!();
    expect(noop.start).toHaveBeenCalledWith('db');
    expect(menu.find((i) => i.label === 'Stop all pods')?.enabled).toBe(true);
    expect(buildTrayMenu([], noop)[0]).toEqual({ label: 'No pods yet', enabled: false });
  });

  it('counts running pods in the tooltip', () => {
    expect(trayTooltip([pod('a', 'Running'), pod('b', 'Degraded'), pod('c', 'Exited')])).toBe('Podyard: 2 of 3 pods running');
  });

  it('a failed action notifies with the failing containers by name', async () => {
    const failing = new PodyardError(ErrorCode.PartialFailure, 'starting some containers: some containers failed', { errors: { 'c-db': 'exec failed' } });
    const { api } = fakeApi({
      'pods.list': () => [pod('web', 'Exited', [['c-db', 'db'], ['c-app', 'app']])],
      'pods.start': () => {
        throw failing;
      },
    });
    const notes: string[] = [];
    let menu: TrayItem[] = [];
    const c = new TrayController({ api: api as Api, setMenu: (m) => (menu = m), setToolTip: () => undefined, notify: (_t, b) => notes.push(b), open: vi.fn(), quit: vi.fn() });
    await c.refresh();
    menu[0]!.submenu![0]!.click!();
    await vi.waitFor(() => expect(notes).toHaveLength(1));
    expect(notes[0]).toBe('Starting web failed for 1 container — db: exec failed');
    expect(failureText('Stopping', undefined, 'x', new Error('gone'))).toBe('Stopping x failed: gone');
  });
});
