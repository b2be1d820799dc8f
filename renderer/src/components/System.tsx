import { useEffect, useState } from 'react';
import type { SystemInfo } from '../../../shared/types';
import { usePodyard } from '../store';

export function SystemView() {
  const api = usePodyard((s) => s.api);
  const [info, setInfo] = useState<SystemInfo | null>(null);
  useEffect(() => {
    void api?.['system.info']({}).then(setInfo);
  }, [api]);
  if (info === null) return <p className="hint">Loading…</p>;
  return (
    <section aria-label="System" className="system">
      <h2>System</h2>
      {info.problems.length > 0 && (
        <div className="failure" role="alert">
          <strong>Missing prerequisites</strong>
          <ul>{info.problems.map((p) => <li key={p.what}>{p.what}: <code>{p.fix}</code></li>)}</ul>
        </div>
      )}
      <dl className="facts">
        <dt>Podyard</dt><dd>{info.version}</dd>
        <dt>Mode</dt><dd>{info.mode}</dd>
        <dt>OCI runtime</dt><dd>{info.runtime.name} {info.runtime.version} ({info.runtime.path})</dd>
        <dt>conmon</dt><dd>{info.conmon.version}</dd>
        <dt>cgroups</dt><dd>{info.cgroups.version}, manager {info.cgroups.manager}{info.cgroups.usable ? '' : ' (limits and pause unavailable)'}</dd>
        <dt>Storage</dt><dd>{info.storage.driver}; root {info.storage.root}; run root {info.storage.runroot}</dd>
        {info.rootless !== undefined && (
          <>
            <dt>User</dt><dd>{info.rootless.user} (uid {info.rootless.uid})</dd>
            <dt>Subordinate ids</dt>
            <dd>
              uids {info.rootless.subuid === null ? 'none' : `${info.rootless.subuid.start}–${info.rootless.subuid.start + info.rootless.subuid.count - 1}`}, gids{' '}
              {info.rootless.subgid === null ? 'none' : `${info.rootless.subgid.start}–${info.rootless.subgid.start + info.rootless.subgid.count - 1}`}
              {info.rootless.newuidmap ? '' : ' (newuidmap missing)'}
            </dd>
          </>
        )}
        <dt>Counts</dt><dd>{info.counts.pods} pods, {info.counts.containers} containers ({info.counts.running} running), {info.counts.images} images</dd>
      </dl>
    </section>
  );
}
