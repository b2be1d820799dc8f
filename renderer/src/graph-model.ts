import type { PodInspect } from '../../shared/pod-types';
import type { ContainerInspect, ContainerState } from '../../shared/types';

export interface GraphNode {
  id: string;
  name: string;
  state: ContainerState;
  kind: 'infra' | 'init' | 'app';
  initType?: 'once' | 'always';
}

export interface GraphEdge {
  id: string;
  /** The dependency. */
  source: string;
  /** The container that depends on it. */
  target: string;
  kind: 'requires' | 'namespace';
}

/**
 * The dependency graph of a pod from inspect data: a node per container (infra and init
 * containers marked), an edge per dependency: to the infra container when a container
 * joins its namespaces, `--requires` otherwise.
 */
export function graphModel(pod: PodInspect, containers: ContainerInspect[]): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const ids = new Set(containers.map((c) => c.Id));
  const nodes: GraphNode[] = containers.map((c) => ({
    id: c.Id,
    name: c.Name,
    state: c.State.Status,
    kind: c.IsInfra ? 'infra' : c.InitContainerType !== undefined ? 'init' : 'app',
    ...(c.InitContainerType !== undefined && c.InitContainerType !== '' ? { initType: c.InitContainerType } : {}),
  }));
  const edges: GraphEdge[] = [];
  for (const c of containers) {
    for (const dep of c.Dependencies) {
      if (!ids.has(dep)) continue;
      const kind = dep === pod.InfraContainerID ? 'namespace' : 'requires';
      edges.push({ id: `${dep}->${c.Id}`, source: dep, target: c.Id, kind });
    }
  }
  return { nodes, edges };
}

/** Colours by state, shared by the dots and the graph. */
export const STATE_COLOR: Record<string, string> = {
  running: 'var(--ok)',
  paused: 'var(--paused)',
  exited: 'var(--muted)',
  stopped: 'var(--muted)',
  created: 'var(--created)',
  initialized: 'var(--created)',
  stopping: 'var(--warn)',
  removing: 'var(--warn)',
  unknown: 'var(--bad)',
};
