import { ErrorCode, PodyardError } from '../../../shared/errors.js';

/** A container dependency graph: edges point from a container to what it depends on. */
export interface DepGraph {
  /** Every node id, in the order given. */
  ids: string[];
  deps: Map<string, Set<string>>;
  dependents: Map<string, Set<string>>;
}

export const CYCLE_MESSAGE = 'cycle found in container dependency graph';

/**
 * Builds the graph over the given containers; edges to containers outside the set
 * are ignored (they are not part of this operation). Refuses a cycle with Podman's
 * text.
 */
export function buildGraph(nodes: { id: string; deps: string[] }[]): DepGraph {
  const ids = nodes.map((n) => n.id);
  const present = new Set(ids);
  const deps = new Map<string, Set<string>>();
  const dependents = new Map<string, Set<string>>();
  for (const id of ids) {
    deps.set(id, new Set());
    dependents.set(id, new Set());
  }
  for (const n of nodes) {
    for (const d of n.deps) {
      if (!present.has(d) || d === n.id) {
        if (d === n.id) throw new PodyardError(ErrorCode.DependencyCycle, CYCLE_MESSAGE);
        continue;
      }
      deps.get(n.id)!.add(d);
      dependents.get(d)!.add(n.id);
    }
  }
  const g = { ids, deps, dependents };
  if (hasCycle(g)) throw new PodyardError(ErrorCode.DependencyCycle, CYCLE_MESSAGE);
  return g;
}

/** Kahn's algorithm: a cycle leaves nodes that never reach in-degree zero. */
export function hasCycle(g: DepGraph): boolean {
  const indeg = new Map(g.ids.map((id) => [id, g.deps.get(id)!.size]));
  const queue = g.ids.filter((id) => indeg.get(id) === 0);
  let seen = 0;
  while (queue.length > 0) {
    const id = queue.shift()!;
    seen++;
    for (const dep of g.dependents.get(id)!) {
      const n = indeg.get(dep)! - 1;
      indeg.set(dep, n);
      if (n === 0) queue.push(dep);
    }
  }
  return seen !== g.ids.length;
}

/** Roots for start: nodes with no dependencies. */
export function startRoots(g: DepGraph): string[] {
  return g.ids.filter((id) => g.deps.get(id)!.size === 0);
}

/** Roots for stop and remove: nodes nothing depends on. */
export function stopRoots(g: DepGraph): string[] {
  return g.ids.filter((id) => g.dependents.get(id)!.size === 0);
}

/** A topological order (dependencies first), for display and serial fallbacks. */
export function topoOrder(g: DepGraph): string[] {
  const indeg = new Map(g.ids.map((id) => [id, g.deps.get(id)!.size]));
  const queue = g.ids.filter((id) => indeg.get(id) === 0);
  const out: string[] = [];
  while (queue.length > 0) {
    const id = queue.shift()!;
    out.push(id);
    for (const dep of g.dependents.get(id)!) {
      const n = indeg.get(dep)! - 1;
      indeg.set(dep, n);
      if (n === 0) queue.push(dep);
    }
  }
  return out;
}
