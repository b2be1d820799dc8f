import { useState } from 'react';
import type { PodListEntry } from '../../../shared/pod-types';
import { usePodyard } from '../store';
import { Dialog } from './common';

const SIGNALS = ['SIGKILL', 'SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGSTOP', 'SIGCONT'];

/** Start, Stop, Pause, Unpause, Restart, Kill, Remove for one pod, enabled by its state. */
export function PodActions({ pod, compact }: { pod: PodListEntry; compact?: boolean }) {
  const act = usePodyard((s) => s.podAction);
  const openPod = usePodyard((s) => s.openPod);
  const busy = usePodyard((s) => s.busy[pod.Id]);
  const [dialog, setDialog] = useState<'stop' | 'kill' | 'remove' | null>(null);
  const [timeout, setTimeoutValue] = useState('-1');
  const [signal, setSignal] = useState('SIGKILL');
  const [force, setForce] = useState(false);
  const st = pod.Status;
  const live = st === 'Running' || st === 'Degraded' || st === 'Paused';
  const disabled = busy !== undefined;
  const ref = pod.Id;
  const cls = compact === true ? 'btn small' : 'btn';
  return (
    <div className="actions" role="group" aria-label={`Actions for ${pod.Name}`}>
      <button className={cls} disabled={disabled || st === 'Running' || st === 'Paused'} onClick={() => void act(ref, 'Starting', 'Starting…', (a) => a['pods.start']({ ref }))}>Start</button>
      <button className={cls} disabled={disabled || !live} onClick={() => setDialog('stop')}>Stop</button>
      <button className={cls} disabled={disabled || !(st === 'Running' || st === 'Degraded')} onClick={() => void act(ref, 'Pausing', 'Pausing…', (a) => a['pods.pause']({ ref }))}>Pause</button>
      <button className={cls} disabled={disabled || !(st === 'Paused' || st === 'Degraded')} onClick={() => void act(ref, 'Unpausing', 'Unpausing…', (a) => a['pods.unpause']({ ref }))}>Unpause</button>
      <button className={cls} disabled={disabled} onClick={() => void act(ref, 'Restarting', 'Restarting…', (a) => a['pods.restart']({ ref }))}>Restart</button>
      <button className={cls} disabled={disabled || !live} onClick={() => setDialog('kill')}>Kill</button>
      <button className={`${cls} danger`} disabled={disabled} onClick={() => { setForce(live); setDialog('remove'); }}>Remove</button>
      {dialog === 'stop' && (
        <Dialog title={`Stop ${pod.Name}`} onClose={() => setDialog(null)}>
          <label className="field">
            Time to wait before SIGKILL
            <select value={timeout} onChange={(e) => setTimeoutValue(e.target.value)} aria-label="Stop timeout">
              <option value="-1">Each container&apos;s own stop timeout</option>
              <option value="0">0 s (kill at once)</option>
              <option value="2">2 s</option>
              <option value="5">5 s</option>
              <option value="10">10 s</option>
              <option value="30">30 s</option>
            </select>
          </label>
          <div className="dialog-buttons">
            <button className="btn" onClick={() => setDialog(null)}>Cancel</button>
            <button className="btn primary" onClick={() => { setDialog(null); void act(ref, 'Stopping', 'Stopping…', (a) => a['pods.stop']({ ref, timeout: Number(timeout) })); }}>Stop pod</button>
          </div>
        </Dialog>
      )}
      {dialog === 'kill' && (
        <Dialog title={`Kill ${pod.Name}`} onClose={() => setDialog(null)}>
          <label className="field">
            Signal
            <select value={signal} onChange={(e) => setSignal(e.target.value)} aria-label="Signal">
              {SIGNALS.map((s) => <option key={s} value={s}>{s}</option>)}
            </select>
          </label>
          <p className="hint">Sent to every running, stopping or paused container of the pod.</p>
          <div className="dialog-buttons">
            <button className="btn" onClick={() => setDialog(null)}>Cancel</button>
            <button className="btn danger" onClick={() => { setDialog(null); void act(ref, 'Killing', 'Killing…', (a) => a['pods.kill']({ ref, signal })); }}>Send {signal}</button>
          </div>
        </Dialog>
      )}
      {dialog === 'remove' && (
        <Dialog title={`Remove ${pod.Name}`} onClose={() => setDialog(null)}>
          <p>This removes the pod and its {pod.Containers.length} container{pod.Containers.length === 1 ? '' : 's'}, with their logs. It cannot be undone.</p>
          {live && (
            <label className="check">
              <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} /> Stop running containers first
            </label>
          )}
          <div className="dialog-buttons">
            <button className="btn" onClick={() => setDialog(null)}>Cancel</button>
            <button
              className="btn danger"
              disabled={live && !force}
              onClick={() => {
                setDialog(null);
                void act(ref, 'Removing', 'Removing…', (a) => a['pods.remove']({ ref, force })).then((ok) => ok && openPod(null));
              }}
            >
              Remove pod
            </button>
          </div>
        </Dialog>
      )}
    </div>
  );
}
