import { ErrorCode, PodyardError } from '../../shared/errors.js';
import { bool, str } from './args.js';
import { withApi, withOwner, readOnly } from './context.js';
import { connectHost } from '../host/socket-client.js';
import { join, resolve } from 'node:path';
import { table, json, shortId, humanSize } from './output.js';
import type { Command } from './command.js';
import { humanDuration } from '../engine/time.js';

const importCmd: Command = {
  name: 'import',
  usage: 'podyard image import FILE.tar|DIR NAME[:TAG]',
  summary: 'Import a root filesystem (tarball or directory) as an image',
  specs: [{ name: 'quiet', short: 'q', type: 'boolean', help: 'Do not show progress' }],
  async run(p, g, out) {
    const [source, name] = p.positionals;
    if (source === undefined || name === undefined) {
      throw new PodyardError(ErrorCode.InvalidArgument, 'give the rootfs tarball or directory and the image name: podyard image import FILE.tar NAME[:TAG]');
    }
    const showProgress = process.stderr.isTTY === true && !bool(p, 'quiet');
    const host = await connectHost(join(g.runroot, 'podyard.sock'));
    if (host !== undefined) {
      // The host reads the file itself, so it needs an absolute path.
      if (showProgress) process.stderr.write(`Importing ${source} through the running Podyard...\n`);
      out.out((await host['images.import']({ source: resolve(source), name })).id);
      return 0;
    }
    const img = await withOwner(g, `import image ${name}`, (e) =>
      e.importImage(source, name, showProgress ? ({ done, total }) => {
        process.stderr.write(`\rImporting ${source}: ${Math.floor((done * 100) / Math.max(total, 1))}% (${humanSize(done)} of ${humanSize(total)})`);
        if (done >= total) process.stderr.write('\n');
      } : undefined),
    );
    out.out(img.id);
    return 0;
  },
};

function listImages(): Command['run'] {
  return async (p2, g, out) => {
    const rows = await readOnly(g, (e) => e.listImages());
    if (str(p2, 'format') === 'json') {
      out.out(json(rows));
      return 0;
    }
    if (bool(p2, 'quiet')) {
      for (const r of rows) out.out(shortId(r.Id));
      return 0;
    }
    const now = Date.now();
    const lines: string[][] = [];
    for (const r of rows) {
      const names = r.Names.length > 0 ? r.Names : ['<none>:<none>'];
      for (const n of names) {
        const colon = n.lastIndexOf(':');
        lines.push([n.slice(0, colon), n.slice(colon + 1), shortId(r.Id), `${humanDuration((now - r.Created * 1000) / 1000)} ago`, humanSize(r.Size)]);
      }
    }
    out.out(table(['REPOSITORY', 'TAG', 'IMAGE ID', 'CREATED', 'SIZE'], lines));
    return 0;
  };
}

const imagesSpecs = [
  { name: 'format', type: 'string' as const, help: 'json' },
  { name: 'quiet', short: 'q', type: 'boolean' as const, help: 'Only ids' },
];

const imagesCmd: Command = {
  name: 'images',
  usage: 'podyard images [-q] [--format json]',
  summary: 'List images',
  specs: imagesSpecs,
  run: listImages(),
};

const rmiCmd: Command = {
  name: 'rmi',
  usage: 'podyard rmi [-f] IMAGE [IMAGE...]',
  summary: 'Remove images (-f also removes the containers using them)',
  specs: [{ name: 'force', short: 'f', type: 'boolean', help: 'Remove containers that use the image first' }],
  async run(p, g, out) {
    if (p.positionals.length === 0) throw new PodyardError(ErrorCode.InvalidArgument, 'give at least one image to remove');
    let failed = false;
    await withApi(g, 'remove image', async (api) => {
      for (const ref of p.positionals) {
        try {
          const r = await api['images.remove']({ ref, force: bool(p, 'force') });
          for (const n of r.untagged) out.out(`Untagged: ${n}`);
          for (const d of r.deleted) out.out(`Deleted: ${d}`);
        } catch (err) {
          failed = true;
          out.error((err as Error).message);
        }
      }
    });
    return failed ? 125 : 0;
  },
};

export const imageCommands: Command[] = [importCmd, imagesCmd, rmiCmd];

/** `podyard image SUBCOMMAND`. */
export const imageSubcommands: Command[] = [
  importCmd,
  { ...imagesCmd, name: 'ls', aliases: ['list'], usage: 'podyard image ls [-q] [--format json]' },
  { ...rmiCmd, name: 'rm', usage: 'podyard image rm [-f] IMAGE [IMAGE...]' },
];
