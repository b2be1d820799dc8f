#!/usr/bin/env node
// Launcher for the `podyard` CLI: runs the compiled output (npm run build makes it).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/electron/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('Error: podyard is not built yet: run `npm run build` in the Podyard checkout\n');
  process.exit(125);
}
const { main } = await import(entry.href);
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
});
const code = await main(process.argv.slice(2));
process.exitCode = code;
