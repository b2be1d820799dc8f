// The preload: exposes one typed bridge object and nothing else — no ipcRenderer, no
// generic invoke. Each contract method has its own fixed channel. Bundled to one
// CommonJS file (the sandbox allows no other requires).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { METHOD_NAMES } from '../shared/api.js';
import type { PodyardEvent } from '../shared/types.js';

const bridge: Record<string, unknown> = {};
for (const m of METHOD_NAMES) {
  // Answers are envelopes ({ok, result} | {ok: false, error}); errors keep their code
  // and details that way, which thrown errors would lose crossing the bridge.
  bridge[m] = (params: unknown) => ipcRenderer.invoke(`podyard:${m}`, params);
}
bridge.onEvent = (fn: (e: PodyardEvent) => void) => {
  const listener = (_e: IpcRendererEvent, ev: PodyardEvent) => fn(ev);
  ipcRenderer.on('podyard:event', listener);
  return () => ipcRenderer.off('podyard:event', listener);
};
contextBridge.exposeInMainWorld('podyardBridge', Object.freeze(bridge));
