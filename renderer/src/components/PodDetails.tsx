import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { PodInspect } from '../../../shared/pod-types';
import type { ContainerInspect } from '../../../shared/types';
import type { LogEntry } from '../../../shared/api';
import { usePodyard, type Tab } from '../store';
import { PodActions } from './Actions';
import { PodStateBadge, StateDot, age } from './common';
import { GraphView } from './GraphView';

const TABS: Tab[] = ['Summary', 'Graph', 'Inspect', 'Logs', 'Events'];

/** The selected pod's inspect data and its containers', refetched as events arrive. */
function usePodDetails(podId: string) {
  const api = usePodyard((s) => s.api);
  const revision = usePodyard((s) => s.revision);
  const [data, setData] = useState<{ pod: PodInspect; containers: ContainerInspect[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (api === null) return;
    let cancelled = false;
    const t = setTimeout(() => {
      void (async () => {
        try {
          const pod = await api['pods.inspect']({ ref: podId });
          const containers = await Promise.all(pod.Containers.map((c) => api['containers.inspect']({ ref: c.Id }).catch(() => null)));
          if (!cancelled) {
            setData({ pod, containers: containers.filter((c): c is ContainerInspect => c !== null) });
            setError(null);
          }
        } catch (e) {
          if (!cancelled) setError(e instanceof Error ? e.message : String(e));
        }
      })();
    }, data === null ? 0 : 120);
    return () => {
      cancelled = true;
      clearTimeout(t);
    };
  }, [api, podId, revision]);
  return { data, error };
}

export function PodDetails({ podId }: { podId: string }) {
  const podEntry = usePodyard((s) => s.pods.find((p) => p.Id === podId));
  const tab = usePodyard((s) => s.tab);
  const setTab = usePodyard((s) => s.setTab);
  const openPod = usePodyard((s) => s.openPod);
  const busy = usePodyard((s) => s.busy[podId]);
  const { data, error } = usePodDetails(podId);
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);

  if (podEntry === undefined) {
    return (
      <section className="details" aria-label="Pod details">
        <p className="hint">This pod no longer exists. <button className="link" onClick={() => openPod(null)}>Back to the list</button></p>
      </section>
    );
  }
  const onTabKey = (e: KeyboardEvent, i: number) => {
    const move = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (move === 0) return;
    e.preventDefault();
    const next = (i + move + TABS.length) % TABS.length;
    setTab(TABS[next]!);
    tabRefs.current[next]?.focus();
  };
  return (
    <section className="details" aria-label={`Pod ${podEntry.Name}`}>
      <header className="details-head">
        <button className="link" onClick={() => openPod(null)} aria-label="Close details">←</button>
        <h2>{podEntry.Name}</h2>
        <PodStateBadge state={podEntry.Status} busy={busy} />
        <PodActions pod={podEntry} />
      </header>
      <div role="tablist" aria-label="Pod details" className="tabs">
        {TABS.map((t, i) => (
          <button
            key={t}
            role="tab"
            id={`tab-${t}`}
            aria-selected={tab === t}
            aria-controls={`panel-${t}`}
            tabIndex={tab === t ? 0 : -1}
            ref={(el) => {
              tabRefs.current[i] = el;
            }}
            onClick={() => setTab(t)}
            onKeyDown={(e) => onTabKey(e, i)}
          >
            {t}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="panel" tabIndex={0}>
        {error !== null && <p className="error" role="alert">{error}</p>}
        {data === null ? (
          <p className="hint">Loading…</p>
        ) : tab === 'Summary' ? (
          <Summary podId={podId} pod={data.pod} containers={data.containers} />
        ) : tab === 'Graph' ? (
          <GraphView pod={data.pod} containers={data.containers} />
        ) : tab === 'Inspect' ? (
          <InspectView pod={data.pod} containers={data.containers} />
        ) : tab === 'Logs' ? (
          <LogsView containers={data.containers.filter((c) => !c.IsInfra)} />
        ) : (
          <EventsView podId={podId} />
        )}
      </div>
    </section>
  );
}

function kindBadge(c: ContainerInspect) {
  if (c.IsInfra) return <span className="tag infra">infra</span>;
  if (c.InitContainerType !== undefined && c.InitContainerType !== '') return <span className="tag init">init: {c.InitContainerType}</span>;
  return null;
}

function Summary({ podId, pod, containers }: { podId: string; pod: PodInspect; containers: ContainerInspect[] }) {
  const failure = usePodyard((s) => s.failures[podId]);
  const selected = usePodyard((s) => s.selectedContainer);
  const order = useMemo(() => [...containers].sort((a, b) => Number(b.IsInfra) - Number(a.IsInfra) || (a.Created < b.Created ? -1 : 1)), [containers]);
  return (
    <div>
      {failure !== undefined && (
        <div className="failure" role="alert">
          <strong>{failure.verb} failed:</strong> {failure.message}
        </div>
      )}
      <dl className="facts">
        <dt>Shared namespaces</dt><dd>{pod.SharedNamespaces.join(', ') || 'none'}</dd>
        <dt>Exit policy</dt><dd>{pod.ExitPolicy}</dd>
        <dt>Hostname</dt><dd>{pod.Hostname}</dd>
        <dt>Created</dt><dd>{age(pod.Created)}</dd>
        {Object.keys(pod.Labels).length > 0 && (<><dt>Labels</dt><dd>{Object.entries(pod.Labels).map(([k, v]) => `${k}=${v}`).join(', ')}</dd></>)}
      </dl>
      <table className="containers">
        <thead>
          <tr><th>Container</th><th>State</th><th>Exit code</th><th>Started</th><th>Finished</th><th>Error</th></tr>
        </thead>
        <tbody>
          {order.map((c) => {
            const err = failure?.errors[c.Id] ?? c.State.Error;
            return (
              <tr key={c.Id} aria-label={c.Name} className={selected === c.Id ? 'selected' : undefined}>
                <td><span className="mono">{c.Name}</span> {kindBadge(c)}</td>
                <td><StateDot state={c.State.Status} /> {c.State.Status}</td>
                <td>{c.State.Status === 'exited' || c.State.Status === 'stopped' ? c.State.ExitCode : '—'}</td>
                <td>{age(c.State.StartedAt)}</td>
                <td>{age(c.State.FinishedAt)}</td>
                <td className={err !== '' ? 'error' : undefined}>{err === '' ? '—' : err}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function InspectView({ pod, containers }: { pod: PodInspect; containers: ContainerInspect[] }) {
  const selected = usePodyard((s) => s.selectedContainer);
  const [which, setWhich] = useState<string>(selected ?? 'pod');
  const [q, setQ] = useState('');
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (selected !== null) setWhich(selected);
  }, [selected]);
  const obj = which === 'pod' ? pod : containers.find((c) => c.Id === which) ?? pod;
  const text = JSON.stringify([obj], null, 4);
  const lines = text.split('\n');
  const needle = q.trim().toLowerCase();
  return (
    <div className="inspect">
      <div className="toolbar">
        <select aria-label="Object to inspect" value={which} onChange={(e) => setWhich(e.target.value)}>
          <option value="pod">Pod {pod.Name}</option>
          {containers.map((c) => <option key={c.Id} value={c.Id}>Container {c.Name}</option>)}
        </select>
        <input type="search" placeholder="Search the JSON" aria-label="Search inspect output" value={q} onChange={(e) => setQ(e.target.value)} />
        <button className="btn small" onClick={() => void navigator.clipboard?.writeText(text).then(() => { setCopied(true); setTimeout(() => setCopied(false), 1500); })}>
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      <pre className="json" aria-label="Inspect output">
        {lines.map((l, i) => (
          <div key={i} className={needle !== '' && l.toLowerCase().includes(needle) ? 'hit' : undefined}>{l}</div>
        ))}
      </pre>
    </div>
  );
}

const PALETTE = ['#4e9af1', '#e5a50a', '#2ec27e', '#c061cb', '#f66151', '#1cb5b5', '#ff7800', '#9a9996'];
const MAX_LINES = 2000;

function LogsView({ containers }: { containers: ContainerInspect[] }) {
  const api = usePodyard((s) => s.api);
  const revision = usePodyard((s) => s.revision);
  const [filter, setFilter] = useState('all');
  const [follow, setFollow] = useState(true);
  const [lines, setLines] = useState<(LogEntry & { name: string; color: string })[]>([]);
  const bottom = useRef<HTMLDivElement>(null);
  const key = containers.map((c) => c.Id).join(',');
  useEffect(() => {
    if (api === null) return;
    let cancelled = false;
    const load = async () => {
      const chosen = containers.filter((c) => filter === 'all' || c.Id === filter);
      const all = await Promise.all(
        chosen.map(async (c) => {
          const color = PALETTE[containers.indexOf(c) % PALETTE.length]!;
          const ls = await api['containers.logs']({ ref: c.Id, tail: MAX_LINES }).catch(() => []);
          return ls.map((l) => ({ ...l, name: c.Name, color }));
        }),
      );
      // Interleaved by time; bounded, however long the logs are.
      const merged = all.flat().sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0)).slice(-MAX_LINES);
      if (!cancelled) setLines(merged);
    };
    void load();
    // While following, new output is fetched every second (output makes no events).
    const t = follow ? setInterval(() => void load(), 1000) : undefined;
    return () => {
      cancelled = true;
      if (t !== undefined) clearInterval(t);
    };
  }, [api, key, filter, follow, revision]);
  useEffect(() => {
    if (follow) bottom.current?.scrollIntoView({ block: 'end' });
  }, [lines, follow]);
  return (
    <div className="logs">
      <div className="toolbar">
        <select aria-label="Container" value={filter} onChange={(e) => setFilter(e.target.value)}>
          <option value="all">All containers</option>
          {containers.map((c) => <option key={c.Id} value={c.Id}>{c.Name}</option>)}
        </select>
        <label className="check"><input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Follow</label>
        <span className="hint">{lines.length} lines{lines.length >= MAX_LINES ? ` (the last ${MAX_LINES})` : ''}</span>
      </div>
      <div className="log-lines" role="log" aria-label="Logs">
        {lines.length === 0 && <p className="hint">No output yet.</p>}
        {lines.map((l, i) => (
          <div key={i} className={`log-line ${l.stream}`}>
            <span className="prefix" style={{ color: l.color }}>{l.name} |</span> <span>{l.text}</span>
          </div>
        ))}
        <div ref={bottom} />
      </div>
    </div>
  );
}

function EventsView({ podId }: { podId: string }) {
  const events = usePodyard((s) => s.events);
  const mine = useMemo(() => events.filter((e) => e.ID === podId || e.PodID === podId).reverse(), [events, podId]);
  if (mine.length === 0) return <p className="hint">No events for this pod yet.</p>;
  return (
    <ol className="timeline" aria-label="Pod events">
      {mine.map((e) => (
        <li key={e.Seq}>
          <time dateTime={e.Time}>{new Date(e.timeNano / 1e6).toLocaleTimeString()}</time>
          <span className={`tag ${e.Type}`}>{e.Type}</span>
          <strong>{e.Status}</strong> <span className="mono">{e.Name}</span>
          {e.ContainerExitCode !== undefined && <span className="hint"> exit code {e.ContainerExitCode}</span>}
          {e.Attributes?.signal !== undefined && <span className="hint"> {e.Attributes.signal}</span>}
        </li>
      ))}
    </ol>
  );
}
