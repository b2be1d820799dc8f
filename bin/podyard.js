#!/usr/bin/env node
// Launcher for the `podyard` CLI: runs the compiled output (npm run build makes it).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { request } from 'node:http';
import { join } from 'node:path';

const args = process.argv.slice(2);

/**
 * conmon runs `podyard [--root R] [--runroot RR] container cleanup ID` at every
 * container exit. When a host runs, that is one request to its socket: done here with
 * node:http alone, so an exit costs a bare Node start instead of loading the engine.
 * Anything unexpected falls through to the full CLI, which does the same work.
 */
async function fastCleanup() {
  const i = args.indexOf('container');
  if (i < 0 || args[i + 1] !== 'cleanup' || args.length !== i + 3) return false;
  let runroot = process.env.PODYARD_RUNROOT;
  for (let j = 0; j < i; j++) if (args[j] === '--runroot') runroot = args[j + 1];
  if (runroot === undefined) return false;
  const socketPath = join(runroot, 'podyard.sock');
  if (!existsSync(socketPath)) return false;
  const body = JSON.stringify({ ref: args[i + 2] });
  return new Promise((resolve) => {
    const req = request({ socketPath, path: '/v1/call/containers.cleanup', method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200));
    });
    req.on('error', () => resolve(false));
    req.end(body);
  });
}

if (await fastCleanup()) process.exit(0);

const entry = new URL('../dist/electron/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('Error: podyard is not built yet: run `npm run build` in the Podyard checkout\n');
  process.exit(125);
}
const { main } = await import(entry.href);
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
});
process.exitCode = await main(args);
