import type { BrowserWindowConstructorOptions } from 'electron';
import { APP_ORIGIN } from './ipc.js';

/** The one window's options: isolation, sandbox, no Node, web security on. */
export function windowOptions(preloadPath: string, dark: boolean): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 800,
    minHeight: 500,
    show: false,
    title: 'Podyard',
    backgroundColor: dark ? '#15171c' : '#f7f7f9',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}

/** What of webContents the hardening uses (injected for tests). */
export interface ContentsLike {
  on(event: 'will-navigate' | 'will-redirect', fn: (e: { preventDefault(): void }, url: string) => void): void;
  on(event: 'will-attach-webview', fn: (e: { preventDefault(): void }) => void): void;
  setWindowOpenHandler(fn: (d: { url: string }) => { action: 'deny' }): void;
}

/** Denies navigation away from the app, new windows, and webviews; external links go to `openExternal`. */
export function hardenContents(c: ContentsLike, openExternal: (url: string) => void): void {
  const leaving = (url: string) => !url.startsWith(`${APP_ORIGIN}/`);
  c.on('will-navigate', (e, url) => {
    if (leaving(url)) e.preventDefault();
  });
  c.on('will-redirect', (e, url) => {
    if (leaving(url)) e.preventDefault();
  });
  c.on('will-attach-webview', (e) => e.preventDefault());
  c.setWindowOpenHandler(({ url }) => {
    if (/^https:\/\//.test(url)) openExternal(url);
    return { action: 'deny' };
  });
}
