import { useState } from 'react';
import { usePodyard } from '../store';
import { Dialog, age } from './common';

function size(n: number): string {
  return n > 1e9 ? `${(n / 1e9).toFixed(2)} GB` : n > 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${(n / 1e3).toFixed(0)} kB`;
}

export function ImagesView() {
  const api = usePodyard((s) => s.api);
  const images = usePodyard((s) => s.images);
  const resync = usePodyard((s) => s.resync);
  const toast = usePodyard((s) => s.toast);
  const [path, setPath] = useState('');
  const [name, setName] = useState('');
  const [importing, setImporting] = useState<string | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const doImport = async () => {
    if (api === null) return;
    if (path.trim() === '' || name.trim() === '') {
      setError('Give the path of a rootfs tarball or directory on this machine, and a name such as busybox or tools:1.0.');
      return;
    }
    setError(null);
    setImporting(path);
    try {
      const r = await api['images.import']({ source: path.trim(), name: name.trim() });
      toast({ kind: 'info', text: `Imported ${r.names[0] ?? r.id.slice(0, 12)}` });
      setPath('');
      setName('');
      await resync();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setImporting(null);
    }
  };

  return (
    <section aria-label="Images" className="images">
      <h2>Images</h2>
      <form className="import" onSubmit={(e) => { e.preventDefault(); void doImport(); }}>
        <label className="field">Root filesystem (tarball or directory on this machine)<input value={path} onChange={(e) => setPath(e.target.value)} placeholder="/tmp/busybox.tar" /></label>
        <label className="field">Name<input value={name} onChange={(e) => setName(e.target.value)} placeholder="busybox" /></label>
        <button className="btn primary" type="submit" disabled={importing !== null}>Import</button>
      </form>
      {importing !== null && (
        <div className="progress" role="status"><span className="spinner" aria-hidden="true" /> Importing {importing}… <progress aria-label="Import progress" /></div>
      )}
      {error !== null && <p className="error" role="alert">{error}</p>}
      {images.length === 0 ? (
        <p className="hint">No images yet. Build the test image with <code>build/make-test-image.sh /tmp/busybox.tar</code>, then import it here.</p>
      ) : (
        <table>
          <thead><tr><th>Name</th><th>Image ID</th><th>Created</th><th>Size</th><th>Actions</th></tr></thead>
          <tbody>
            {images.map((im) => (
              <tr key={im.Id} aria-label={im.Names[0] ?? im.Id}>
                <td className="mono">{im.Names.join(', ')}</td>
                <td className="mono">{im.Id.slice(0, 12)}</td>
                <td>{age(im.CreatedAt)}</td>
                <td>{size(im.Size)}</td>
                <td><button className="btn small danger" onClick={() => setRemoving(im.Names[0] ?? im.Id)}>Remove</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {removing !== null && (
        <Dialog title={`Remove ${removing}`} onClose={() => setRemoving(null)}>
          <p>Containers that use this image keep it from being removed; Podyard says which.</p>
          <div className="dialog-buttons">
            <button className="btn" onClick={() => setRemoving(null)}>Cancel</button>
            <button className="btn danger" onClick={() => {
              const ref = removing;
              setRemoving(null);
              void api?.['images.remove']({ ref }).then(() => resync(), (e: unknown) => toast({ kind: 'error', text: e instanceof Error ? e.message : String(e) }));
            }}>Remove image</button>
          </div>
        </Dialog>
      )}
    </section>
  );
}
