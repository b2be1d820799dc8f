import { usePodyard, type View } from '../store';
import { PodList } from './PodList';
import { PodDetails } from './PodDetails';
import { ImagesView } from './Images';
import { SystemView } from './System';
import { Toasts } from './Toasts';

const VIEWS: [View, string][] = [['pods', 'Pods'], ['images', 'Images'], ['system', 'System']];

export function App() {
  const view = usePodyard((s) => s.view);
  const setView = usePodyard((s) => s.setView);
  const version = usePodyard((s) => s.version);
  const connected = usePodyard((s) => s.connected);
  const selectedPod = usePodyard((s) => s.selectedPod);
  return (
    <div className="app">
      <header className="top">
        <span className="logo" aria-hidden="true">◆</span>
        <h1>Podyard</h1>
        <nav aria-label="Views">
          {VIEWS.map(([v, label]) => (
            <button key={v} className={view === v ? 'nav active' : 'nav'} aria-current={view === v ? 'page' : undefined} onClick={() => setView(v)}>{label}</button>
          ))}
        </nav>
        <span className="spacer" />
        {!connected && <span className="badge bad" role="alert">Disconnected: reload the page</span>}
        <span className="version" data-testid="engine-version">Podyard {version}</span>
      </header>
      <main className={selectedPod !== null && view === 'pods' ? 'split' : undefined}>
        {view === 'pods' && (
          <>
            <PodList />
            {selectedPod !== null && <PodDetails podId={selectedPod} />}
          </>
        )}
        {view === 'images' && <ImagesView />}
        {view === 'system' && <SystemView />}
      </main>
      <Toasts />
    </div>
  );
}
