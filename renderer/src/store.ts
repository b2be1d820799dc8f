import { create } from 'zustand';
import type { Api } from '../../shared/api';
import type { PodListEntry, PodReport } from '../../shared/pod-types';
import type { ContainerListEntry, ContainerState, ImageListEntry, PodyardEvent, SystemInfo } from '../../shared/types';
import { isPodyardError } from '../../shared/errors';
import type { Connection } from './api';

/** How a container event changes its state at once, before the resync confirms it. */
const EVENT_STATE: Record<string, ContainerState> = {
  init: 'initialized',
  start: 'running',
  restart: 'running',
  pause: 'paused',
  unpause: 'running',
  died: 'exited',
  stop: 'exited',
  cleanup: 'exited',
};

/**
 * Applies one engine event to the lists, replacing only what changed. Events that
 * need data the event does not carry (a create) are left to the resync.
 */
export function applyEvent(
  s: { pods: PodListEntry[]; containers: Record<string, ContainerListEntry> },
  ev: PodyardEvent,
): { pods: PodListEntry[]; containers: Record<string, ContainerListEntry> } {
  if (ev.Type === 'pod' && ev.Status === 'remove') {
    return { ...s, pods: s.pods.filter((p) => p.Id !== ev.ID) };
  }
  if (ev.Type !== 'container') return s;
  if (ev.Status === 'remove') {
    const containers = { ...s.containers };
    delete containers[ev.ID];
    const pods = s.pods.map((p) => (p.Containers.some((c) => c.Id === ev.ID) ? { ...p, Containers: p.Containers.filter((c) => c.Id !== ev.ID) } : p));
    return { pods, containers };
  }
  const next = EVENT_STATE[ev.Status];
  if (next === undefined) return s;
  const old = s.containers[ev.ID];
  const containers = old === undefined || old.State === next ? s.containers : { ...s.containers, [ev.ID]: { ...old, State: next, ...(ev.ContainerExitCode !== undefined ? { ExitCode: ev.ContainerExitCode } : {}) } };
  const pods = s.pods.map((p) => {
    const i = p.Containers.findIndex((c) => c.Id === ev.ID);
    if (i < 0 || p.Containers[i]!.Status === next) return p;
    const cs = [...p.Containers];
    cs[i] = { ...cs[i]!, Status: next };
    return { ...p, Containers: cs };
  });
  return { pods, containers };
}

export type Tab = 'Summary' | 'Graph' | 'Inspect' | 'Logs' | 'Events';
export type View = 'pods' | 'images' | 'system';

export interface ActionFailure {
  verb: string;
  message: string;
  /** Per-container messages, by container id. */
  errors: Record<string, string>;
  at: number;
}

export interface Toast {
  id: number;
  kind: 'error' | 'info';
  text: string;
  errors?: Record<string, string>;
}

interface PodyardState {
  api: Api | null;
  version: string;
  connected: boolean;
  pods: PodListEntry[];
  containers: Record<string, ContainerListEntry>;
  images: ImageListEntry[];
  info: SystemInfo | null;
  events: PodyardEvent[];
  /** Bumped by every event, so open details know to refetch. */
  revision: number;
  view: View;
  selectedPod: string | null;
  selectedContainer: string | null;
  tab: Tab;
  search: string;
  checked: string[];
  busy: Record<string, string>;
  failures: Record<string, ActionFailure>;
  toasts: Toast[];
  loaded: boolean;

  attach(c: Connection): Promise<void>;
  resync(): Promise<void>;
  setView(v: View): void;
  openPod(id: string | null, tab?: Tab): void;
  openContainer(id: string | null): void;
  setTab(t: Tab): void;
  setSearch(q: string): void;
  toggleChecked(id: string, on: boolean): void;
  setChecked(ids: string[]): void;
  podAction(podId: string, verb: string, busyText: string, run: (api: Api) => Promise<PodReport | unknown>): Promise<boolean>;
  toast(t: Omit<Toast, 'id'>): void;
  dismissToast(id: number): void;
}

const MAX_EVENTS = 500;

/** The old object when it is equal to the new one, else the new one. */
export function sameOr<T>(old: T | undefined, next: T): T {
  return old !== undefined && JSON.stringify(old) === JSON.stringify(next) ? old : next;
}
let toastSeq = 1;
let resyncTimer: ReturnType<typeof setTimeout> | undefined;

export const usePodyard = create<PodyardState>()((set, get) => ({
  api: null,
  version: '',
  connected: false,
  pods: [],
  containers: {},
  images: [],
  info: null,
  events: [],
  revision: 0,
  view: 'pods',
  selectedPod: null,
  selectedContainer: null,
  tab: 'Summary',
  search: '',
  checked: [],
  busy: {},
  failures: {},
  toasts: [],
  loaded: false,

  /** The one subscription to engine events, set up once at the app root. */
  async attach(c) {
    set({ api: c.api, connected: true });
    c.onEvent((ev) => {
      set((s) => ({ ...applyEvent(s, ev), events: [...s.events.slice(-(MAX_EVENTS - 1)), ev], revision: s.revision + 1 }));
      // Debounced: a burst of events (a pod start) causes one resync.
      if (resyncTimer !== undefined) clearTimeout(resyncTimer);
      resyncTimer = setTimeout(() => void get().resync(), 150);
    });
    c.onClose(() => set({ connected: false }));
    const [{ version }, events] = await Promise.all([c.api['system.version']({}), c.api['events.list']({ tail: MAX_EVENTS })]);
    set({ version, events: events.slice(-MAX_EVENTS) });
    await get().resync();
  },

  async resync() {
    const api = get().api;
    if (api === null) return;
    const [pods, list, images] = await Promise.all([api['pods.list']({}), api['containers.list']({ all: true }), api['images.list']({})]);
    const s = get();
    // Structural sharing: unchanged objects keep their identity, so only changed rows render.
    const oldPods = new Map(s.pods.map((p) => [p.Id, p]));
    const containers: Record<string, ContainerListEntry> = {};
    for (const c of list) containers[c.Id] = sameOr(s.containers[c.Id], c);
    set({ pods: pods.map((p) => sameOr(oldPods.get(p.Id), p)), containers, images, loaded: true });
  },

  setView: (view) => set({ view }),
  openPod: (id, tab) => set((s) => ({ selectedPod: id, selectedContainer: null, tab: tab ?? s.tab, view: 'pods' })),
  openContainer: (id) => set({ selectedContainer: id }),
  setTab: (tab) => set({ tab }),
  setSearch: (search) => set({ search }),
  toggleChecked: (id, on) => set((s) => ({ checked: on ? [...new Set([...s.checked, id])] : s.checked.filter((x) => x !== id) })),
  setChecked: (checked) => set({ checked }),

  /**
   * Runs a pod action: the row says what is happening meanwhile; a failure is kept
   * with its per-container messages for the Summary and shown as a toast.
   */
  async podAction(podId, verb, busyText, run) {
    const api = get().api;
    if (api === null) return false;
    set((s) => {
      const failures = { ...s.failures };
      delete failures[podId];
      return { busy: { ...s.busy, [podId]: busyText }, failures };
    });
    try {
      await run(api);
      return true;
    } catch (err) {
      const errors = isPodyardError(err) ? (err.details?.errors ?? {}) : {};
      const message = err instanceof Error ? err.message : String(err);
      const pod = get().pods.find((p) => p.Id === podId);
      set((s) => ({ failures: { ...s.failures, [podId]: { verb, message, errors, at: Date.now() } } }));
      get().toast({ kind: 'error', text: `${verb} ${pod?.Name ?? 'pod'}: ${message}`, errors });
      return false;
    } finally {
      set((s) => {
        const busy = { ...s.busy };
        delete busy[podId];
        return { busy };
      });
      await get().resync();
    }
  },

  toast(t) {
    const id = toastSeq++;
    set((s) => ({ toasts: [...s.toasts.slice(-4), { ...t, id }] }));
    if (t.kind === 'info') setTimeout(() => get().dismissToast(id), 4000);
  },
  dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
}));

/** Resets the store (tests). */
export function resetStore(): void {
  usePodyard.setState({ api: null, pods: [], containers: {}, images: [], events: [], busy: {}, failures: {}, toasts: [], checked: [], selectedPod: null, search: '', loaded: false });
}
