import { EventEmitter } from 'node:events';
import type { Store, EventRow } from './store/store.js';
import type { PodyardEvent } from '../../shared/types.js';
import { formatNano, nowNano } from './time.js';

export type EventType = PodyardEvent['Type'];

export interface EventInput {
  type: EventType;
  action: string;
  id: string;
  name: string;
  image?: string;
  podId?: string;
  exitCode?: number;
  attributes?: Record<string, string>;
}

/** Converts a stored event to the JSON users see (`podman events --format json` keys). */
export function toPodyardEvent(r: EventRow): PodyardEvent {
  const e: PodyardEvent = {
    Seq: r.seq,
    ID: r.objId,
    Name: r.name,
    Status: r.action,
    Type: r.type as EventType,
    Time: formatNano(BigInt(r.timeNano)),
    timeNano: r.timeNano,
  };
  if (r.image !== null) e.Image = r.image;
  if (r.podId !== null && r.podId !== '') e.PodID = r.podId;
  if (r.exitCode !== null) e.ContainerExitCode = r.exitCode;
  if (r.attributes !== null) e.Attributes = r.attributes;
  return e;
}

/**
 * The event log: every event is stored (queryable later, also by other processes)
 * and pushed to live subscribers of this process.
 */
export class EventLog {
  private emitter = new EventEmitter();

  constructor(private store: Store) {
    this.emitter.setMaxListeners(0);
  }

  emit(e: EventInput): PodyardEvent {
    const row = this.store.insertEvent({
      timeNano: Number(nowNano()),
      type: e.type,
      action: e.action,
      objId: e.id,
      name: e.name,
      image: e.image ?? null,
      podId: e.podId ?? null,
      exitCode: e.exitCode ?? null,
      attributes: e.attributes ?? null,
    });
    const ev = toPodyardEvent(row);
    this.emitter.emit('event', ev);
    return ev;
  }

  subscribe(fn: (e: PodyardEvent) => void): () => void {
    this.emitter.on('event', fn);
    return () => this.emitter.off('event', fn);
  }
}
