// Bundles the Electron preload into one CommonJS file: a sandboxed preload may
// require nothing but Electron's own modules.
import { build } from 'esbuild';

await build({
  entryPoints: ['electron/preload.ts'],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['electron'],
  outfile: 'dist/electron/preload.cjs',
  logLevel: 'warning',
});
