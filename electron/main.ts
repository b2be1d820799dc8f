// The Electron main process: hosts the engine in-process, one window, the tray. Thin:
// everything testable lives in ipc.ts, window.ts, tray.ts and the host.
import { app, BrowserWindow, ipcMain, Menu, Tray, Notification, nativeTheme, protocol, shell, dialog, nativeImage } from 'electron';
import { readFile, writeFile, access } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join, normalize, extname } from 'node:path';
import { startHost, type Host } from './host/host.js';
import { defaultRoots, cliCommand } from './cli/context.js';
import { registerApiHandlers, EventForwarder } from './ipc.js';
import { windowOptions, hardenContents } from './window.js';
import { TrayController } from './tray.js';
import { CSP } from './host/web-server.js';

const RENDERER = fileURLToPath(new URL('../../renderer/dist/', import.meta.url));
const PRELOAD = fileURLToPath(new URL('./preload.cjs', import.meta.url));
const ICON = fileURLToPath(new URL('../../build/icons/tray.png', import.meta.url));
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png' };

protocol.registerSchemesAsPrivileged([{ scheme: 'podyard', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

if (!app.requestSingleInstanceLock()) app.quit();

let win: BrowserWindow | null = null;
let host: Host | null = null;
const forwarder = new EventForwarder((channel, e) => win?.webContents.send(channel, e));

function openWindow(): void {
  if (win !== null) {
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
    return;
  }
  win = new BrowserWindow(windowOptions(PRELOAD, nativeTheme.shouldUseDarkColors));
  hardenContents(win.webContents, (url) => void shell.openExternal(url));
  win.webContents.on('did-start-loading', () => forwarder.markNotReady());
  win.webContents.on('did-finish-load', () => forwarder.markReady());
  win.once('ready-to-show', () => win?.show());
  win.on('closed', () => {
    win = null;
    forwarder.markNotReady();
  });
  void win.loadURL('podyard://app/index.html');
}

/** Quitting leaves containers running; the first time, say so. */
async function quit(): Promise<void> {
  const flag = join(app.getPath('userData'), 'quit-notice-shown');
  if (!(await access(flag).then(() => true, () => false))) {
    await dialog.showMessageBox({
      type: 'info',
      message: 'Podyard is quitting. Your containers keep running.',
      detail: 'Open Podyard again (or use the podyard command) to manage them.',
    });
    await writeFile(flag, new Date().toISOString());
  }
  app.quit();
}

app.on('second-instance', () => openWindow());
app.on('window-all-closed', () => {
  // Stay in the tray: the tray's Quit ends the app.
});

void app.whenReady().then(async () => {
  protocol.handle('podyard', async (req) => {
    const url = new URL(req.url);
    const rel = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '');
    const file = join(RENDERER, rel === '' ? 'index.html' : rel);
    if (url.host !== 'app' || !file.startsWith(RENDERER)) return new Response('not found', { status: 404 });
    const body = await readFile(file).catch(() => readFile(join(RENDERER, 'index.html')));
    return new Response(body, { headers: { 'content-type': TYPES[extname(file)] ?? 'text/html', 'content-security-policy': CSP } });
  });
  const roots = defaultRoots();
  try {
    host = await startHost({ ...roots, cliCommand: cliCommand() });
  } catch (err) {
    dialog.showErrorBox('Podyard cannot start', err instanceof Error ? err.message : String(err));
    app.exit(1);
    return;
  }
  const h = host;
  registerApiHandlers(ipcMain, h.api, (event) => {
    // The app's own top frame only, and only our window's.
    return win !== null && event.senderFrame === win.webContents.mainFrame && event.senderFrame.url.startsWith('podyard://app/');
  });
  const tray = new Tray(nativeImage.createFromPath(ICON));
  const controller = new TrayController({
    api: h.api,
    setMenu: (items) => tray.setContextMenu(Menu.buildFromTemplate(items)),
    setToolTip: (t) => tray.setToolTip(t),
    notify: (title, body) => new Notification({ title, body }).show(),
    open: openWindow,
    quit: () => void quit(),
  });
  h.engine.subscribe((e) => {
    forwarder.push(e);
    controller.onEvent();
  });
  await controller.refresh();
  openWindow();
});

app.on('will-quit', () => {
  void host?.close();
});
