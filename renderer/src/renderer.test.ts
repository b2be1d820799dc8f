import { beforeEach, describe, expect, it } from 'vitest';
import { filterPods, parseQuery } from './filters';
import { graphModel } from './graph-model';
import { layoutGraph } from './layout';
import { applyEvent, resetStore, usePodyard } from './store';
import { validateDraft, splitCommand, type PodDraft } from './components/CreatePod';
import type { PodListEntry, PodInspect } from '../../shared/pod-types';
import type { ContainerInspect, ContainerListEntry, PodyardEvent } from '../../shared/types';

const pod = (name: string, status: PodListEntry['Status'], ctrs: [string, string, ContainerListEntry['State']][] = []): PodListEntry => ({
  Id: `${name}0000`, Name: name, Status: status, Created: '', InfraId: '', Labels: {},
  Containers: ctrs.map(([Id, Names, Status]) => ({ Id, Names, Status })),
});

describe('list filters', () => {
  const pods = [pod('web', 'Running', [['c1', 'nginx', 'running']]), pod('db', 'Paused'), pod('worker', 'Degraded'), pod('webhook', 'Exited')];
  it('matches names and container names, and is: states', () => {
    expect(filterPods(pods, 'web').map((p) => p.Name)).toEqual(['web', 'webhook']);
    expect(filterPods(pods, 'is:running').map((p) => p.Name)).toEqual(['web']);
    expect(filterPods(pods, 'web is:exited').map((p) => p.Name)).toEqual(['webhook']);
    expect(filterPods(pods, 'is:paused is:degraded').map((p) => p.Name)).toEqual(['db', 'worker']);
    expect(filterPods(pods, 'nginx').map((p) => p.Name)).toEqual(['web']);
    expect(filterPods(pods, '').length).toBe(4);
  });
  it('reports what it does not understand', () => {
    expect(parseQuery('is:sleepy web').unknown).toEqual(['is:sleepy']);
  });
});

const ci = (id: string, name: string, deps: string[], extra: Partial<ContainerInspect> = {}): ContainerInspect =>
  ({ Id: id, Name: name, Dependencies: deps, IsInfra: false, State: { Status: 'running' }, ...extra }) as ContainerInspect;

describe('graph model from inspect data', () => {
  const podInspect = { InfraContainerID: 'infra' } as PodInspect;
  const ctrs = [
    ci('infra', 'p-infra', [], { IsInfra: true }),
    ci('init', 'migrate', ['infra'], { InitContainerType: 'once', State: { Status: 'exited' } as ContainerInspect['State'] }),
    ci('db', 'db', ['infra']),
    ci('app', 'app', ['infra', 'db']),
    ci('orphan-dep', 'x', ['gone']),
  ];
  it('marks infra and init containers and types each edge', () => {
    const m = graphModel(podInspect, ctrs);
    expect(m.nodes.map((n) => [n.name, n.kind, n.state])).toEqual([
      ['p-infra', 'infra', 'running'], ['migrate', 'init', 'exited'], ['db', 'app', 'running'], ['app', 'app', 'running'], ['x', 'app', 'running'],
    ]);
    expect(m.nodes[1]!.initType).toBe('once');
    expect(m.edges.map((e) => `${e.source}->${e.target}:${e.kind}`).sort()).toEqual([
      'db->app:requires', 'infra->app:namespace', 'infra->db:namespace', 'infra->init:namespace',
    ]);
  });
  it('lays dependencies out left of their dependents', () => {
    const m = graphModel(podInspect, ctrs);
    const pos = layoutGraph(m.nodes, m.edges);
    expect(pos.get('infra')!.x).toBeLessThan(pos.get('db')!.x);
    expect(pos.get('db')!.x).toBeLessThan(pos.get('app')!.x);
  });
});

const entry = (id: string, state: ContainerListEntry['State']) => ({ Id: id, Names: [id], State: state, ExitCode: 0 }) as ContainerListEntry;
const ev = (Status: string, ID: string, extra: Partial<PodyardEvent> = {}): PodyardEvent => ({ Seq: 1, ID, Name: ID, Status, Type: 'container', Time: '', timeNano: 1, ...extra });

describe('event-to-store updates', () => {
  beforeEach(() => resetStore());
  const base = () => ({ pods: [pod('web', 'Running', [['c1', 'c1', 'running'], ['c2', 'c2', 'running']])], containers: { c1: entry('c1', 'running'), c2: entry('c2', 'running') } });

  it('moves the container and its dot at once, replacing only what changed', () => {
    const s = base();
    const next = applyEvent(s, ev('pause', 'c1'));
    expect(next.containers.c1!.State).toBe('paused');
    expect(next.pods[0]!.Containers[0]!.Status).toBe('paused');
    expect(next.containers.c2).toBe(s.containers.c2);
    const died = applyEvent(next, ev('died', 'c2', { ContainerExitCode: 137 }));
    expect(died.containers.c2).toMatchObject({ State: 'exited', ExitCode: 137 });
  });
  it('drops removed containers and pods; ignores what it cannot apply', () => {
    const s = base();
    expect(applyEvent(s, ev('remove', 'c1')).pods[0]!.Containers.map((c) => c.Id)).toEqual(['c2']);
    expect(applyEvent(s, ev('remove', 'web0000', { Type: 'pod' })).pods).toEqual([]);
    expect(applyEvent(s, ev('create', 'c9'))).toBe(s);
    expect(applyEvent(s, ev('start', 'c1'))).toEqual(s);
  });
  it('the store is reset between tests', () => {
    expect(usePodyard.getState().pods).toEqual([]);
    usePodyard.setState({ pods: base().pods });
    expect(usePodyard.getState().pods).toHaveLength(1);
  });
});

describe('create pod form validation', () => {
  const draft = (over: Partial<PodDraft> = {}): PodDraft => ({
    name: 'shop', infra: true, share: ['ipc', 'net', 'uts'], labels: '', exitPolicy: 'continue',
    containers: [{ name: 'db', image: 'localhost/busybox:latest', command: 'sleep 100', env: '', requires: [], initType: '' }],
    ...over,
  });
  it('accepts a good draft', () => {
    expect(validateDraft(draft(), [], [])).toEqual({});
  });
  it('explains each problem', () => {
    const p = validateDraft(
      draft({
        name: 'bad name', infra: false, labels: '=x',
        containers: [
          { name: 'db', image: '', command: '', env: 'not an env', requires: [], initType: '' },
          { name: 'db', image: 'i', command: 'x', env: '', requires: ['db'], initType: 'once' },
        ],
      }),
      [], ['taken'],
    );
    expect(Object.keys(p).sort()).toEqual(['c0.command', 'c0.env', 'c0.image', 'c1.name', 'c1.requires', 'labels', 'name', 'share']);
    expect(validateDraft(draft(), ['shop'], []).name).toMatch(/already exists/);
  });
  it('splits commands with quotes', () => {
    expect(splitCommand(`sh -c "echo hi; sleep 1" 'a b'`)).toEqual(['sh', '-c', 'echo hi; sleep 1', 'a b']);
  });
});

import { visibleRange, ROW_H } from './components/PodList';
import { sameOr } from './store';

describe('a long list renders only what is in view', () => {
  it('covers the viewport plus some rows either side, within bounds', () => {
    expect(visibleRange(1000, 0, 10 * ROW_H)).toEqual([0, 22]);
    const [s, e] = visibleRange(1000, 500 * ROW_H, 10 * ROW_H);
    expect(s).toBe(488);
    expect(e).toBe(522);
    expect(visibleRange(5, 0, 1000)).toEqual([0, 5]);
    expect(visibleRange(0, 0, 1000)).toEqual([0, 0]);
  });
  it('keeps unchanged objects, so unchanged rows do not render again', () => {
    const a = { Id: 'x', Status: 'Running' };
    expect(sameOr(a, { Id: 'x', Status: 'Running' })).toBe(a);
    const b = { Id: 'x', Status: 'Paused' };
    expect(sameOr(a, b)).toBe(b);
    expect(sameOr(undefined, b)).toBe(b);
  });
});
