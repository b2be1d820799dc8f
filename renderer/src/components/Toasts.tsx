import { usePodyard } from '../store';

export function Toasts() {
  const toasts = usePodyard((s) => s.toasts);
  const containers = usePodyard((s) => s.containers);
  const dismiss = usePodyard((s) => s.dismissToast);
  return (
    <div className="toasts" aria-live="assertive">
      {toasts.map((t) => (
        <div key={t.id} className={`toast ${t.kind}`} role={t.kind === 'error' ? 'alert' : 'status'}>
          <div className="toast-text">{t.text}</div>
          {t.errors !== undefined && Object.keys(t.errors).length > 0 && (
            <ul className="toast-errors">
              {Object.entries(t.errors).map(([id, msg]) => (
                <li key={id}>
                  <strong>{containers[id]?.Names[0] ?? id.slice(0, 12)}</strong>: {msg}
                </li>
              ))}
            </ul>
          )}
          <button className="link" onClick={() => dismiss(t.id)} aria-label="Dismiss">×</button>
        </div>
      ))}
    </div>
  );
}
