import type { Api } from '../shared/api.js';
import type { PodListEntry } from '../shared/pod-types.js';
import { isPodyardError } from '../shared/errors.js';

/** A menu item as Electron's Menu.buildFromTemplate takes it (the part we use). */
export interface TrayItem {
  label?: string;
  type?: 'separator' | 'normal';
  enabled?: boolean;
  click?: () => void;
  submenu?: TrayItem[];
}

export interface TrayActions {
  start(pod: string): void;
  stop(pod: string): void;
  restart(pod: string): void;
  stopAll(): void;
  open(): void;
  quit(): void;
}

const LIVE = new Set(['Running', 'Degraded', 'Paused']);

/** The tray menu for the given pods: each with its state and Start/Stop/Restart. */
export function buildTrayMenu(pods: PodListEntry[], a: TrayActions): TrayItem[] {
  const items: TrayItem[] = pods.length === 0 ? [{ label: 'No pods yet', enabled: false }] : pods.map((p) => ({
    label: `${p.Name} — ${p.Status}`,
    submenu: [
      { label: 'Start', enabled: p.Status !== 'Running', click: () => a.start(p.Name) },
      { label: 'Stop', enabled: LIVE.has(p.Status), click: () => a.stop(p.Name) },
      { label: 'Restart', enabled: true, click: () => a.restart(p.Name) },
    ],
  }));
  items.push(
    { type: 'separator' },
    { label: 'Stop all pods', enabled: pods.some((p) => LIVE.has(p.Status)), click: () => a.stopAll() },
    { type: 'separator' },
    { label: 'Open Podyard', click: () => a.open() },
    { label: 'Quit', click: () => a.quit() },
  );
  return items;
}

export function trayTooltip(pods: PodListEntry[]): string {
  const running = pods.filter((p) => p.Status === 'Running' || p.Status === 'Degraded').length;
  return `Podyard: ${running} of ${pods.length} pod${pods.length === 1 ? '' : 's'} running`;
}

/** Names the failing containers of a failed pod action, for a notification. */
export function failureText(verb: string, pod: PodListEntry | undefined, podRef: string, err: unknown): string {
  const names = new Map((pod?.Containers ?? []).map((c) => [c.Id, c.Names]));
  if (isPodyardError(err) && err.details?.errors !== undefined && Object.keys(err.details.errors).length > 0) {
    const parts = Object.entries(err.details.errors).map(([id, msg]) => `${names.get(id) ?? id.slice(0, 12)}: ${msg}`);
    return `${verb} ${podRef} failed for ${parts.length} container${parts.length === 1 ? '' : 's'} — ${parts.join('; ')}`;
  }
  return `${verb} ${podRef} failed: ${err instanceof Error ? err.message : String(err)}`;
}

export interface TrayDeps {
  api: Api;
  setMenu(items: TrayItem[]): void;
  setToolTip(text: string): void;
  notify(title: string, body: string): void;
  open(): void;
  quit(): void;
}

/**
 * Keeps the tray's menu and tooltip in line with the engine (refreshed on events,
 * debounced) and runs its quick actions, notifying with the failing containers' names.
 */
export class TrayController {
  private pods: PodListEntry[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private d: TrayDeps, private debounceMs = 150) {}

  async refresh(): Promise<void> {
    this.pods = await this.d.api['pods.list']({});
    this.d.setToolTip(trayTooltip(this.pods));
    this.d.setMenu(
      buildTrayMenu(this.pods, {
        start: (p) => void this.act('Starting', p, () => this.d.api['pods.start']({ ref: p })),
        stop: (p) => void this.act('Stopping', p, () => this.d.api['pods.stop']({ ref: p })),
        restart: (p) => void this.act('Restarting', p, () => this.d.api['pods.restart']({ ref: p })),
        stopAll: () => void Promise.all(this.pods.filter((p) => LIVE.has(p.Status)).map((p) => this.act('Stopping', p.Name, () => this.d.api['pods.stop']({ ref: p.Name })))),
        open: () => this.d.open(),
        quit: () => this.d.quit(),
      }),
    );
  }

  /** An engine event arrived: refresh soon, once for a burst. */
  onEvent(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, this.debounceMs);
  }

  async act(verb: string, pod: string, fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      this.d.notify('Podyard', failureText(verb, this.pods.find((p) => p.Name === pod), pod, err));
    }
    await this.refresh();
  }
}
