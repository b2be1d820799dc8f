import { useState } from 'react';
import type { Api } from '../../../shared/api';
import { usePodyard } from '../store';
import { Dialog } from './common';

const NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
const NAMESPACES = ['ipc', 'net', 'uts', 'pid', 'cgroup'] as const;

export interface ContainerDraft {
  name: string;
  image: string;
  command: string;
  env: string;
  requires: string[];
  initType: '' | 'once' | 'always';
}

export interface PodDraft {
  name: string;
  infra: boolean;
  share: string[];
  labels: string;
  exitPolicy: 'continue' | 'stop';
  containers: ContainerDraft[];
}

/** Splits a command line like a shell would for simple cases: quotes group words. */
export function splitCommand(s: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) out.push(m[1] ?? m[2] ?? m[3] ?? '');
  return out;
}

/** Every problem with the draft, keyed by field, in words that say how to fix it. */
export function validateDraft(d: PodDraft, takenPods: string[], takenContainers: string[]): Record<string, string> {
  const p: Record<string, string> = {};
  if (d.name !== '' && !NAME_RE.test(d.name)) p.name = 'Use letters, digits, and _ . - (not first).';
  if (takenPods.includes(d.name)) p.name = `A pod named “${d.name}” already exists.`;
  if (!d.infra && d.share.length > 0) p.share = 'Sharing namespaces needs the infra container: turn it on, or share none.';
  for (const line of d.labels.split('\n').map((l) => l.trim()).filter(Boolean)) {
    if (!/^[^=\s]+=/.test(line) && !/^[^=\s]+$/.test(line)) p.labels = `“${line}” is not KEY=VALUE.`;
  }
  const seen = new Set<string>();
  d.containers.forEach((c, i) => {
    const k = (f: string) => `c${i}.${f}`;
    if (c.name === '') p[k('name')] = 'Give the container a name.';
    else if (!NAME_RE.test(c.name)) p[k('name')] = 'Use letters, digits, and _ . - (not first).';
    else if (seen.has(c.name) || takenContainers.includes(c.name)) p[k('name')] = `The name “${c.name}” is taken.`;
    seen.add(c.name);
    if (c.image === '') p[k('image')] = 'Pick an image (import one under Images).';
    if (splitCommand(c.command).length === 0) p[k('command')] = 'Give the command to run.';
    for (const e of c.env.split('\n').map((l) => l.trim()).filter(Boolean)) if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(e)) p[k('env')] = `“${e}” is not NAME=value.`;
    if (c.initType !== '' && c.requires.length > 0) p[k('requires')] = 'Init containers run before the others; they cannot require them.';
  });
  return p;
}

const emptyContainer = (image: string): ContainerDraft => ({ name: '', image, command: '', env: '', requires: [], initType: '' });

/** Creates the pod, then its containers in order; on a failure, removes what it made. */
async function createPod(api: Api, d: PodDraft): Promise<string> {
  const labels: Record<string, string> = {};
  for (const line of d.labels.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const eq = line.indexOf('=');
    labels[eq < 0 ? line : line.slice(0, eq)] = eq < 0 ? '' : line.slice(eq + 1);
  }
  const pod = await api['pods.create']({
    ...(d.name !== '' ? { name: d.name } : {}),
    infra: d.infra,
    share: d.infra ? (d.share.length === 0 ? 'none' : d.share.join(',')) : 'none',
    labels,
    exitPolicy: d.exitPolicy,
  });
  try {
    // Init containers first, so the pod's order is theirs; requires point to earlier ones.
    const ordered = [...d.containers.filter((c) => c.initType !== ''), ...d.containers.filter((c) => c.initType === '')];
    for (const c of ordered) {
      await api['containers.create']({
        image: c.image,
        name: c.name,
        pod: pod.id,
        command: splitCommand(c.command),
        env: c.env.split('\n').map((l) => l.trim()).filter(Boolean),
        ...(c.requires.length > 0 ? { requires: c.requires } : {}),
        ...(c.initType !== '' ? { initCtr: c.initType } : {}),
      });
    }
  } catch (err) {
    await api['pods.remove']({ ref: pod.id, force: true }).catch(() => undefined);
    throw err;
  }
  return pod.id;
}

export function CreatePodDialog({ onClose }: { onClose: () => void }) {
  const api = usePodyard((s) => s.api);
  const images = usePodyard((s) => s.images);
  const pods = usePodyard((s) => s.pods);
  const containers = usePodyard((s) => s.containers);
  const openPod = usePodyard((s) => s.openPod);
  const resync = usePodyard((s) => s.resync);
  const firstImage = images[0]?.Names[0] ?? '';
  const [d, setD] = useState<PodDraft>({ name: '', infra: true, share: ['ipc', 'net', 'uts'], labels: '', exitPolicy: 'continue', containers: [emptyContainer(firstImage)] });
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const problems = validateDraft(d, pods.map((p) => p.Name), Object.values(containers).flatMap((c) => c.Names));
  const show = (k: string) => (submitted || k.startsWith('name') ? problems[k] : undefined);
  const setC = (i: number, patch: Partial<ContainerDraft>) => setD({ ...d, containers: d.containers.map((c, j) => (j === i ? { ...c, ...patch } : c)) });

  const submit = async () => {
    setSubmitted(true);
    if (Object.keys(problems).length > 0 || api === null) return;
    setBusy(true);
    setError(null);
    try {
      const id = await createPod(api, d);
      await resync();
      openPod(id, 'Summary');
      onClose();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title="Create pod" onClose={onClose} wide>
      <form onSubmit={(e) => { e.preventDefault(); void submit(); }} noValidate>
        <div className="grid2">
          <label className="field">
            Name
            <input value={d.name} onChange={(e) => setD({ ...d, name: e.target.value })} placeholder="generated if empty" aria-invalid={show('name') !== undefined} aria-describedby="pod-name-err" />
            {show('name') !== undefined && <span className="field-error" id="pod-name-err">{show('name')}</span>}
          </label>
          <label className="field">
            Exit policy
            <select value={d.exitPolicy} onChange={(e) => setD({ ...d, exitPolicy: e.target.value as PodDraft['exitPolicy'] })}>
              <option value="continue">continue: keep the pod up</option>
              <option value="stop">stop: stop when only infra is left</option>
            </select>
          </label>
        </div>
        <fieldset>
          <legend>Infra container and shared namespaces</legend>
          <label className="check"><input type="checkbox" checked={d.infra} onChange={(e) => setD({ ...d, infra: e.target.checked, share: e.target.checked ? d.share : [] })} /> Infra container (owns the shared namespaces)</label>
          <div className="row">
            {NAMESPACES.map((ns) => (
              <label key={ns} className="check">
                <input type="checkbox" disabled={!d.infra} checked={d.share.includes(ns)} onChange={(e) => setD({ ...d, share: e.target.checked ? [...d.share, ns] : d.share.filter((x) => x !== ns) })} /> {ns}
              </label>
            ))}
          </div>
          {show('share') !== undefined && <span className="field-error">{show('share')}</span>}
        </fieldset>
        <label className="field">
          Labels (KEY=VALUE, one per line)
          <textarea rows={2} value={d.labels} onChange={(e) => setD({ ...d, labels: e.target.value })} />
          {show('labels') !== undefined && <span className="field-error">{show('labels')}</span>}
        </label>
        <h3>Containers</h3>
        {images.length === 0 && <p className="field-error">There are no images yet: import a root filesystem under Images first.</p>}
        {d.containers.map((c, i) => (
          <fieldset key={i} className="ctr" aria-label={`Container ${i + 1}`}>
            <legend>Container {i + 1}</legend>
            <div className="grid3">
              <label className="field">
                Name
                <input aria-label={`Container ${i + 1} name`} value={c.name} onChange={(e) => setC(i, { name: e.target.value })} />
                {show(`c${i}.name`) !== undefined && <span className="field-error">{show(`c${i}.name`)}</span>}
              </label>
              <label className="field">
                Image
                <select aria-label={`Container ${i + 1} image`} value={c.image} onChange={(e) => setC(i, { image: e.target.value })}>
                  <option value="">Choose…</option>
                  {images.flatMap((im) => im.Names).map((n) => <option key={n} value={n}>{n}</option>)}
                </select>
                {show(`c${i}.image`) !== undefined && <span className="field-error">{show(`c${i}.image`)}</span>}
              </label>
              <label className="field">
                Init container
                <select aria-label={`Container ${i + 1} init type`} value={c.initType} onChange={(e) => setC(i, { initType: e.target.value as ContainerDraft['initType'] })}>
                  <option value="">No (a regular container)</option>
                  <option value="always">always: runs at every pod start</option>
                  <option value="once">once: runs at the first start, then is removed</option>
                </select>
              </label>
            </div>
            <label className="field">
              Command
              <input aria-label={`Container ${i + 1} command`} value={c.command} onChange={(e) => setC(i, { command: e.target.value })} placeholder={'sh -c "echo hello; sleep 1000"'} />
              {show(`c${i}.command`) !== undefined && <span className="field-error">{show(`c${i}.command`)}</span>}
            </label>
            <div className="grid2">
              <label className="field">
                Environment (NAME=value, one per line)
                <textarea aria-label={`Container ${i + 1} environment`} rows={2} value={c.env} onChange={(e) => setC(i, { env: e.target.value })} />
                {show(`c${i}.env`) !== undefined && <span className="field-error">{show(`c${i}.env`)}</span>}
              </label>
              <fieldset className="requires">
                <legend>Requires (started before it)</legend>
                {d.containers.slice(0, i).filter((o) => o.name !== '' && o.initType === '').length === 0 && <span className="hint">Earlier containers appear here.</span>}
                {d.containers.slice(0, i).filter((o) => o.name !== '' && o.initType === '').map((o) => (
                  <label key={o.name} className="check">
                    <input type="checkbox" aria-label={`Container ${i + 1} requires ${o.name}`} checked={c.requires.includes(o.name)} onChange={(e) => setC(i, { requires: e.target.checked ? [...c.requires, o.name] : c.requires.filter((x) => x !== o.name) })} /> {o.name}
                  </label>
                ))}
                {show(`c${i}.requires`) !== undefined && <span className="field-error">{show(`c${i}.requires`)}</span>}
              </fieldset>
            </div>
            {d.containers.length > 1 && <button type="button" className="btn small" onClick={() => setD({ ...d, containers: d.containers.filter((_, j) => j !== i).map((x) => ({ ...x, requires: x.requires.filter((r) => r !== c.name) })) })}>Remove container {i + 1}</button>}
          </fieldset>
        ))}
        <button type="button" className="btn" onClick={() => setD({ ...d, containers: [...d.containers, emptyContainer(firstImage)] })}>Add container</button>
        {error !== null && <p className="error" role="alert">{error}</p>}
        {submitted && Object.keys(problems).length > 0 && <p className="error" role="alert">Fix the {Object.keys(problems).length} problem{Object.keys(problems).length === 1 ? '' : 's'} above.</p>}
        <div className="dialog-buttons">
          <button type="button" className="btn" onClick={onClose}>Cancel</button>
          <button type="submit" className="btn primary" disabled={busy}>{busy ? 'Creating…' : 'Create pod'}</button>
        </div>
      </form>
    </Dialog>
  );
}
