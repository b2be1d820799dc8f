#!/usr/bin/env node
// `npm start`: builds if needed, then shows what Podyard can do from the command line.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

if (!existsSync(new URL('../dist/electron/cli/main.js', import.meta.url))) {
  execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
}
const cli = new URL('../bin/podyard.js', import.meta.url).pathname;
execFileSync(process.execPath, [cli, 'info'], { stdio: 'inherit' });
console.log('');
execFileSync(process.execPath, [cli, '--help'], { stdio: 'inherit' });
