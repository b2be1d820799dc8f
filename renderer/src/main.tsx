import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './styles.css';
import { connect } from './api';
import { usePodyard } from './store';
import { App } from './components/App';

const root = createRoot(document.getElementById('root')!);

async function start(): Promise<void> {
  try {
    const c = await connect();
    root.render(
      <StrictMode>
        <App />
      </StrictMode>,
    );
    await usePodyard.getState().attach(c);
  } catch (err) {
    root.render(
      <main className="fatal" role="alert">
        <h1>Podyard is not reachable</h1>
        <p>{err instanceof Error ? err.message : String(err)}</p>
        <p>Open the address that <code>podyard serve</code> (or <code>npm start</code>) printed: it holds this session&apos;s access token.</p>
      </main>,
    );
  }
}
void start();
