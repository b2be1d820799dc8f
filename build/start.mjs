#!/usr/bin/env node
// `npm start`: builds if needed, then runs Podyard. Electron where its binary exists and
// the user is not root (Electron refuses to run as root without --no-sandbox);
// otherwise the browser mode: `podyard serve`, whose address (with its access token)
// is printed and opened in the desktop's browser when there is a desktop.
import { existsSync, mkdirSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(`../${p}`, import.meta.url));
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { stdio: 'inherit', ...opts });

if (!existsSync(here('dist/electron/cli/main.js')) || !existsSync(here('renderer/dist/index.html')) || !existsSync(here('dist/electron/preload.cjs'))) {
  console.log('Building Podyard...');
  if (run('npm', ['run', '--silent', 'build'], { cwd: here('.') }).status !== 0) process.exit(1);
}

const cli = here('bin/podyard.js');
const podyard = (args, opts) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', ...opts });

// A first image, so there is something to run: the busybox test image.
const images = podyard(['images', '-q']);
if (images.status === 0 && images.stdout.trim() === '') {
  const tar = here('.cache/busybox-rootfs.tar');
  mkdirSync(here('.cache'), { recursive: true });
  if (existsSync(tar) || run('bash', [here('build/make-test-image.sh'), tar], { stdio: 'ignore' }).status === 0) {
    if (podyard(['image', 'import', tar, 'busybox']).status === 0) console.log('Imported a first image: localhost/busybox:latest');
  }
}

const electron = here('node_modules/electron/dist/electron');
const root = process.getuid?.() === 0;
if (existsSync(electron) && !root) {
  const child = spawn(electron, [here('.')], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  const why = root
    ? 'Running as root: Electron refuses to run as root, so Podyard starts in browser mode.'
    : "Electron's binary is not installed (its download was skipped), so Podyard starts in browser mode. To get the desktop app: node node_modules/electron/install.js";
  console.log(`${why}\n`);
  const serve = spawn(process.execPath, [cli, 'serve', ...process.argv.slice(2)], { stdio: ['inherit', 'pipe', 'inherit'] });
  let opened = false;
  serve.stdout.on('data', (d) => {
    process.stdout.write(d);
    const url = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(d.toString())?.[0];
    if (url !== undefined && !opened && (process.env.DISPLAY || process.env.WAYLAND_DISPLAY)) {
      opened = true;
      spawn('xdg-open', [url], { stdio: 'ignore', detached: true }).on('error', () => undefined).unref();
    }
  });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => serve.kill(sig));
  serve.on('exit', (code) => process.exit(code ?? 0));
}
