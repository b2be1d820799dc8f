import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { PodListEntry } from '../../../shared/pod-types';
import { usePodyard } from '../store';
import { filterPods, parseQuery } from '../filters';
import { PodActions } from './Actions';
import { PodStateBadge, StateDot, age } from './common';
import { CreatePodDialog } from './CreatePod';

const MAX_DOTS = 10;
/** Every row has this height, so only the rows in view need rendering. */
export const ROW_H = 44;
const OVERSCAN = 12;

/** Which rows to render for a scroll position: the ones in view, plus some either side. */
export function visibleRange(count: number, scrollTop: number, viewport: number): [number, number] {
  const start = Math.max(0, Math.floor(scrollTop / ROW_H) - OVERSCAN);
  const end = Math.min(count, Math.ceil((scrollTop + viewport) / ROW_H) + OVERSCAN);
  return [start, end];
}

interface RowProps {
  pod: PodListEntry;
  busy: string | undefined;
  checked: boolean;
  selected: boolean;
  compact: boolean;
  now: number;
}

/** One pod's row; re-renders only when its own data changes. */
const PodRow = memo(function PodRow({ pod: p, busy, checked, selected, compact, now }: RowProps) {
  const openPod = usePodyard((s) => s.openPod);
  const toggleChecked = usePodyard((s) => s.toggleChecked);
  return (
    <tr aria-label={p.Name} aria-selected={selected} className={selected ? 'selected' : undefined} style={{ height: ROW_H }}>
      <td className="narrow"><input type="checkbox" aria-label={`Select ${p.Name}`} checked={checked} onChange={(e) => toggleChecked(p.Id, e.target.checked)} /></td>
      <td><PodStateBadge state={p.Status} busy={busy} /></td>
      <td><button className="link name" onClick={() => openPod(p.Id, 'Summary')}>{p.Name}</button></td>
      <td><ContainerDots pod={p} /> <span className="count">{p.Containers.length}</span></td>
      {!compact && <td>{age(p.Created, now)}</td>}
      <td><PodActions pod={p} compact /></td>
    </tr>
  );
});

/** A coloured dot per container; past ten, grouped by state with counts. */
export function ContainerDots({ pod }: { pod: PodListEntry }) {
  if (pod.Containers.length <= MAX_DOTS) {
    return (
      <span className="dots">
        {pod.Containers.map((c) => <StateDot key={c.Id} state={c.Status} label={`${c.Names}: ${c.Status}`} />)}
      </span>
    );
  }
  const counts = new Map<string, number>();
  for (const c of pod.Containers) counts.set(c.Status, (counts.get(c.Status) ?? 0) + 1);
  return (
    <span className="dots">
      {[...counts].map(([st, n]) => (
        <span key={st} className="dot-group"><StateDot state={st} label={`${n} ${st}`} />×{n}</span>
      ))}
    </span>
  );
}

export function PodList() {
  const pods = usePodyard((s) => s.pods);
  const loaded = usePodyard((s) => s.loaded);
  const search = usePodyard((s) => s.search);
  const setSearch = usePodyard((s) => s.setSearch);
  const { busy, checked } = usePodyard(useShallow((s) => ({ busy: s.busy, checked: s.checked })));
  const { setChecked, podAction, selectedPod } = usePodyard(
    useShallow((s) => ({ setChecked: s.setChecked, podAction: s.podAction, selectedPod: s.selectedPod })),
  );
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(900);
  useEffect(() => {
    const el = scroller.current;
    if (el === null) return;
    const ro = new ResizeObserver(() => setViewport(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const [creating, setCreating] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const shown = useMemo(() => filterPods(pods, search), [pods, search]);
  const unknown = parseQuery(search).unknown;
  const [now, setNow] = useState(Date.now());

  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 30_000);
    const onKey = (e: KeyboardEvent) => {
      const tag = (e.target as HTMLElement).tagName;
      if (e.key === '/' && tag !== 'INPUT' && tag !== 'TEXTAREA' && tag !== 'SELECT') {
        e.preventDefault();
        searchRef.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      clearInterval(t);
      window.removeEventListener('keydown', onKey);
    };
  }, []);

  const bulk = (verb: string, busyText: string, fn: (ref: string) => (a: NonNullable<ReturnType<typeof usePodyard.getState>['api']>) => Promise<unknown>) => {
    for (const id of checked) void podAction(id, verb, busyText, fn(id));
    setChecked([]);
  };
  const allChecked = shown.length > 0 && shown.every((p) => checked.includes(p.Id));
  const compact = selectedPod !== null;
  const [start, end] = visibleRange(shown.length, scrollTop, viewport);
  const checkedSet = new Set(checked);

  return (
    <section className="pod-list" aria-label="Pods">
      <div className="toolbar">
        <input
          ref={searchRef}
          className="search"
          type="search"
          placeholder="Search pods   ( / )   e.g. web is:running"
          aria-label="Search pods"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        {checked.length > 0 && (
          <div className="bulk" role="group" aria-label="Selected pods">
            <span>{checked.length} selected</span>
            <button className="btn small" onClick={() => bulk('Starting', 'Starting…', (ref) => (a) => a['pods.start']({ ref }))}>Start selected</button>
            <button className="btn small" onClick={() => bulk('Stopping', 'Stopping…', (ref) => (a) => a['pods.stop']({ ref }))}>Stop selected</button>
            <button className="btn small danger" onClick={() => { if (window.confirm(`Remove ${checked.length} pods and their containers?`)) bulk('Removing', 'Removing…', (ref) => (a) => a['pods.remove']({ ref, force: true })); }}>Remove selected</button>
          </div>
        )}
        <button className="btn primary" onClick={() => setCreating(true)}>Create pod</button>
      </div>
      {unknown.length > 0 && <p className="hint" role="status">Not understood: {unknown.join(' ')} (try is:running, is:paused, is:degraded, is:exited)</p>}
      {loaded && pods.length === 0 ? (
        <div className="empty">
          <h2>No pods yet</h2>
          <p>A pod is a group of containers that share a network, a hostname and <code>/dev/shm</code>. Create one here, or from a terminal:</p>
          <pre>{'podyard pod create --name web\npodyard create --pod web --name app busybox httpd -f -p 8080\npodyard pod start web'}</pre>
          <button className="btn primary" onClick={() => setCreating(true)}>Create your first pod</button>
        </div>
      ) : (
        <div className="list-scroll" ref={scroller} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
          <table className="pods" aria-rowcount={shown.length + 1}>
            <thead>
              <tr>
                <th className="narrow"><input type="checkbox" aria-label="Select all pods" checked={allChecked} onChange={(e) => setChecked(e.target.checked ? shown.map((p) => p.Id) : [])} /></th>
                <th>State</th>
                <th>Name</th>
                <th>Containers</th>
                {!compact && <th>Created</th>}
                <th>Actions</th>
              </tr>
            </thead>
            <tbody>
              {start > 0 && <tr aria-hidden="true" style={{ height: start * ROW_H }} />}
              {shown.slice(start, end).map((p) => (
                <PodRow key={p.Id} pod={p} busy={busy[p.Id]} checked={checkedSet.has(p.Id)} selected={selectedPod === p.Id} compact={compact} now={now} />
              ))}
              {end < shown.length && <tr aria-hidden="true" style={{ height: (shown.length - end) * ROW_H }} />}
              {shown.length === 0 && (
                <tr><td colSpan={6} className="hint">No pod matches “{search}”.</td></tr>
              )}
            </tbody>
          </table>
        </div>
      )}
      {creating && <CreatePodDialog onClose={() => setCreating(false)} />}
    </section>
  );
}
