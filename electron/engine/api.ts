import type { Api, Results } from '../../shared/api.js';
import type { Engine } from './engine.js';
import { PODYARD_VERSION } from './engine.js';
import { readLog } from './logs.js';

/**
 * The engine behind the contract: every method of the Api, implemented by the
 * engine. Transports validate parameters before they get here.
 */
export function createEngineApi(e: Engine): Api {
  return {
    'system.info': () => e.info(),
    'system.version': async () => ({ version: PODYARD_VERSION }),

    'images.list': async () => e.listImages(),
    'images.import': async (p) => {
      const img = await e.importImage(p.source, p.name);
      return { id: img.id, names: img.names };
    },
    'images.remove': (p) => e.removeImage(p.ref, p.force === true),

    'containers.list': async (p) => e.listContainers({ all: p.all === true, podNames: e.pods.names() }),
    'containers.inspect': async (p) => e.inspectContainer(p.ref),
    'containers.create': async (p) => {
      const row = await e.createContainer(p);
      return { id: row.id, name: row.name };
    },
    'containers.start': async (p) => ({ id: (await e.startContainer(p.ref)).id }),
    'containers.stop': async (p) => {
      const r = await e.stopContainer(p.ref, p.timeout === undefined ? {} : { timeout: p.timeout });
      return { id: r.row.id, warnings: r.warnings };
    },
    'containers.kill': async (p) => ({ id: (await e.killContainer(p.ref, p.signal ?? 'KILL')).id }),
    'containers.pause': async (p) => ({ id: (await e.pauseContainer(p.ref)).id }),
    'containers.unpause': async (p) => ({ id: (await e.unpauseContainer(p.ref)).id }),
    'containers.restart': async (p) => ({ id: (await e.restartContainer(p.ref, p.timeout)).id }),
    'containers.remove': async (p) => ({
      id: await e.removeContainer(p.ref, { force: p.force === true, ...(p.timeout !== undefined ? { timeout: p.timeout } : {}) }),
    }),
    'containers.cleanup': async (p) => ({ id: (await e.cleanupContainer(p.ref)).id }),
    'containers.logs': async (p) => {
      const { path } = e.logPath(p.ref);
      const lines: Results['containers.logs'] = [];
      for await (const l of readLog(path, { follow: false, live: () => false })) lines.push(l);
      return p.tail === undefined ? lines : lines.slice(Math.max(0, lines.length - p.tail));
    },

    'pods.list': async () => e.pods.list(),
    'pods.inspect': async (p) => e.pods.inspect(p.ref),
    'pods.exists': async (p) => ({ exists: e.pods.exists(p.ref) }),
    'pods.create': async (p) => {
      const pod = await e.pods.create(p);
      return { id: pod.id, name: pod.name };
    },
    'pods.start': (p) => e.pods.start(p.ref),
    'pods.stop': (p) => e.pods.stop(p.ref, { ...(p.timeout !== undefined ? { timeout: p.timeout } : {}), cleanup: p.cleanup !== false }),
    'pods.cleanup': (p) => e.pods.cleanup(p.ref),
    'pods.pause': (p) => e.pods.pause(p.ref),
    'pods.unpause': (p) => e.pods.unpause(p.ref),
    'pods.restart': (p) => e.pods.restart(p.ref),
    'pods.kill': (p) => e.pods.kill(p.ref, p.signal ?? 'KILL'),
    'pods.remove': (p) => e.pods.remove(p.ref, { force: p.force === true, ...(p.timeout !== undefined ? { timeout: p.timeout } : {}) }),

    'events.list': async (p) => e.listEvents(p),
  };
}
