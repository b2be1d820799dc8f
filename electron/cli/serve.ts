import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { startHost } from '../host/host.js';
import { startWebServer } from '../host/web-server.js';
import { int } from './args.js';
import { cliCommand } from './context.js';
import type { Command } from './command.js';

/** Where the built renderer is (renderer/dist in the checkout). */
export function rendererDir(): string {
  return fileURLToPath(new URL('../../../renderer/dist', import.meta.url));
}

export const serveCommand: Command = {
  name: 'serve',
  usage: 'podyard serve [--port N]',
  summary: 'Host the engine headless: the UI and API for a browser on 127.0.0.1, the API for the CLI on the Unix socket',
  specs: [{ name: 'port', short: 'p', type: 'string', arg: 'N', help: 'Port on 127.0.0.1 (default: a free one)' }],
  async run(p, g, out) {
    const port = int(p, 'port', 0);
    if (port !== undefined && port > 65535) throw new Error(`invalid port ${port}: use 1 to 65535, or 0 for any free port`);
    const host = await startHost({ root: g.root, runroot: g.runroot, cliCommand: cliCommand(), ...(g.runtime !== undefined ? { runtime: g.runtime } : {}) });
    const staticDir = rendererDir();
    if (!existsSync(staticDir)) out.err('WARN: the UI is not built (renderer/dist is missing): run npm run build; the API still works');
    const web = await startWebServer({ api: host.api, subscribe: (fn) => host.engine.subscribe(fn), staticDir, ...(port !== undefined ? { port } : {}) });
    out.out(`Podyard is running. Open this address in a browser (it holds this session's access token):\n\n    ${web.url}\n`);
    out.out(`The CLI uses ${host.socketPath}. Press Ctrl+C to stop serving; containers keep running.`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await web.close();
    await host.close();
    return 0;
  },
};
