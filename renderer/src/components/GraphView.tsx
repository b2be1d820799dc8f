import { useMemo } from 'react';
import { ReactFlow, Background, Controls, MarkerType, Handle, Position, type Node, type Edge, type NodeProps } from '@xyflow/react';
import type { PodInspect } from '../../../shared/pod-types';
import type { ContainerInspect } from '../../../shared/types';
import { graphModel, STATE_COLOR, type GraphNode } from '../graph-model';
import { layoutGraph, NODE_W, NODE_H } from '../layout';
import { usePodyard } from '../store';

type CtrNode = Node<{ g: GraphNode }, 'ctr'>;

function ContainerNode({ data }: NodeProps<CtrNode>) {
  const g = data.g;
  return (
    <div className={`gnode ${g.kind}`} style={{ borderColor: STATE_COLOR[g.state] ?? 'var(--muted)' }} data-state={g.state} aria-label={`${g.name}: ${g.state}`}>
      <Handle type="target" position={Position.Left} />
      <div className="gname">{g.name}</div>
      <div className="gmeta">
        <span className="dot" style={{ background: STATE_COLOR[g.state] ?? 'var(--muted)' }} /> {g.state}
        {g.kind === 'infra' && <span className="tag infra">infra</span>}
        {g.kind === 'init' && <span className="tag init">init{g.initType !== undefined ? `: ${g.initType}` : ''}</span>}
      </div>
      <Handle type="source" position={Position.Right} />
    </div>
  );
}

const nodeTypes = { ctr: ContainerNode };

/** The pod's dependency graph, laid out automatically and coloured by state. */
export function GraphView({ pod, containers }: { pod: PodInspect; containers: ContainerInspect[] }) {
  const openContainer = usePodyard((s) => s.openContainer);
  const setTab = usePodyard((s) => s.setTab);
  const model = useMemo(() => graphModel(pod, containers), [pod, containers]);
  // Layout depends only on the shape, so state changes do not move nodes.
  const shape = model.nodes.map((n) => n.id).join(',') + '|' + model.edges.map((e) => e.id).join(',');
  const pos = useMemo(() => layoutGraph(model.nodes, model.edges), [shape]);
  const nodes: CtrNode[] = model.nodes.map((n) => ({ id: n.id, type: 'ctr', position: pos.get(n.id) ?? { x: 0, y: 0 }, width: NODE_W, height: NODE_H, data: { g: n } }));
  const edges: Edge[] = model.edges.map((e) => ({
    id: e.id,
    source: e.source,
    target: e.target,
    className: `edge-${e.kind}`,
    animated: false,
    markerEnd: { type: MarkerType.ArrowClosed },
    style: e.kind === 'namespace' ? { strokeDasharray: '5 4' } : { strokeWidth: 2 },
    label: e.kind === 'requires' ? 'requires' : undefined,
  }));
  return (
    <div className="graph" aria-label={`Dependency graph: ${model.nodes.length} containers, ${model.edges.length} dependencies`} data-nodes={model.nodes.length} data-edges={model.edges.length}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        fitView
        nodesConnectable={false}
        nodesDraggable={false}
        proOptions={{ hideAttribution: true }}
        onNodeClick={(_e, n) => {
          openContainer(n.id);
          setTab('Inspect');
        }}
      >
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
      <p className="legend"><span className="legend-solid" /> requires <span className="legend-dashed" /> joins the infra container&apos;s namespaces · click a container to inspect it</p>
    </div>
  );
}
