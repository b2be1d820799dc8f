import { useEffect, useRef, type ReactNode } from 'react';
import type { ContainerState } from '../../../shared/types';
import { STATE_COLOR } from '../graph-model';

export function StateDot({ state, label }: { state: ContainerState | string; label?: string }) {
  return <span className="dot" style={{ background: STATE_COLOR[state] ?? 'var(--muted)' }} role="img" aria-label={label ?? state} title={label ?? state} />;
}

const POD_CLASS: Record<string, string> = { Running: 'ok', Degraded: 'warn', Paused: 'paused', Exited: 'muted', Stopped: 'muted', Created: 'created', Error: 'bad' };

export function PodStateBadge({ state, busy }: { state: string; busy?: string | undefined }) {
  if (busy !== undefined) return <span className="badge busy" aria-live="polite"><span className="spinner" aria-hidden="true" />{busy}</span>;
  return <span className={`badge ${POD_CLASS[state] ?? 'muted'}`}>{state}</span>;
}

export function age(iso: string | null | undefined, now = Date.now()): string {
  if (iso === null || iso === undefined || iso.startsWith('0001-')) return '—';
  const s = Math.max(0, (now - Date.parse(iso)) / 1000);
  if (s < 60) return `${Math.floor(s)}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86400)}d ago`;
}

/** A modal dialog: focus moves in, Escape closes, focus returns where it was. */
export function Dialog({ title, onClose, children, wide }: { title: string; onClose: () => void; children: ReactNode; wide?: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    const first = ref.current?.querySelector<HTMLElement>('input, select, textarea, button');
    first?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      before?.focus();
    };
  }, [onClose]);
  return (
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className={`dialog${wide === true ? ' wide' : ''}`} role="dialog" aria-modal="true" aria-label={title} ref={ref}>
        <h2>{title}</h2>
        {children}
      </div>
    </div>
  );
}
