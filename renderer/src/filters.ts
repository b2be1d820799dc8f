import type { PodListEntry } from '../../shared/pod-types';

/** `is:running`, `is:paused`, `is:degraded`, `is:exited`, `is:stopped`, `is:created`, `is:error`. */
const STATE_WORDS: Record<string, string> = {
  running: 'Running',
  paused: 'Paused',
  degraded: 'Degraded',
  exited: 'Exited',
  stopped: 'Stopped',
  created: 'Created',
  error: 'Error',
};

export interface PodQuery {
  words: string[];
  states: Set<string>;
  /** What the user typed that is not understood, to show it. */
  unknown: string[];
}

export function parseQuery(q: string): PodQuery {
  const words: string[] = [];
  const states = new Set<string>();
  const unknown: string[] = [];
  for (const tok of q.trim().split(/\s+/).filter(Boolean)) {
    const m = /^is:(\w+)$/i.exec(tok);
    if (m !== null) {
      const st = STATE_WORDS[m[1]!.toLowerCase()];
      if (st !== undefined) states.add(st);
      else unknown.push(tok);
    } else words.push(tok.toLowerCase());
  }
  return { words, states, unknown };
}

/** Pods whose name (or a container's name, or id prefix) matches every word, in any of the states. */
export function filterPods(pods: PodListEntry[], q: string): PodListEntry[] {
  const { words, states } = parseQuery(q);
  return pods.filter((p) => {
    if (states.size > 0 && !states.has(p.Status)) return false;
    return words.every((w) => p.Name.toLowerCase().includes(w) || p.Id.startsWith(w) || p.Containers.some((c) => c.Names.toLowerCase().includes(w)));
  });
}
