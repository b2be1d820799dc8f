import { mkdir, writeFile, readFile, access, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { ErrorCode, PodyardError } from '../../../shared/errors.js';
import type { StatePaths } from '../paths.js';

/**
 * Each container gets its own writable root: overlayfs over the image's root
 * filesystem, or, where overlay is unavailable, a private copy of it. The choice is
 * remembered per container (a `copy` marker) so later starts mount the same way.
 */
export async function mountRootfs(paths: StatePaths, id: string, imageRootfs: string): Promise<string> {
  const upper = paths.upperDir(id);
  const work = paths.workDir(id);
  const merged = paths.mergedDir(id);
  await mkdir(upper, { recursive: true });
  await mkdir(work, { recursive: true });
  await mkdir(merged, { recursive: true });
  if (await isMountpoint(merged)) return merged;
  const copyMarker = join(paths.containerDir(id), 'copy');
  if (!(await exists(copyMarker))) {
    const r = await execa(
      'mount',
      ['-t', 'overlay', 'overlay', '-o', `lowerdir=${imageRootfs},upperdir=${upper},workdir=${work}`, merged],
      { reject: false, stdin: 'ignore' },
    );
    if (r.exitCode === 0) return merged;
    // Overlay is unavailable (nested overlay, old kernel, no privilege): fall back to a copy.
    await writeFile(copyMarker, r.stderr);
    const c = await execa('cp', ['-a', '--', `${imageRootfs}/.`, upper], { reject: false });
    if (c.exitCode !== 0) {
      await rm(copyMarker, { force: true });
      throw new PodyardError(ErrorCode.Runtime, `cannot prepare the root filesystem of container ${id}: ${c.stderr.trim()}`);
    }
  }
  return upper;
}

export async function unmountRootfs(paths: StatePaths, id: string): Promise<void> {
  const merged = paths.mergedDir(id);
  if (!(await isMountpoint(merged))) return;
  const r = await execa('umount', [merged], { reject: false, stdin: 'ignore' });
  if (r.exitCode !== 0 && (await isMountpoint(merged))) {
    // Busy (a shell with its cwd inside, say): detach it so cleanup still completes.
    await execa('umount', ['-l', merged], { reject: false, stdin: 'ignore' });
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await access(p);
    return true;
  } catch {
    return false;
  }
}

/** Whether `dir` is a mount point, from /proc/self/mountinfo (no extra process). */
export async function isMountpoint(dir: string): Promise<boolean> {
  const info = await readFile('/proc/self/mountinfo', 'utf8');
  const escaped = dir.replace(/[ \t\n\\]/g, (ch) => `\\${ch.charCodeAt(0).toString(8).padStart(3, '0')}`);
  return info.split('\n').some((l) => l.split(' ')[4] === escaped);
}

/** /etc/hostname, /etc/hosts and /etc/resolv.conf for the container, in its bundle. */
export async function writeNetworkFiles(bundle: string, hostname: string, name: string): Promise<{ hostname: string; hosts: string; resolv: string }> {
  const files = {
    hostname: join(bundle, 'hostname'),
    hosts: join(bundle, 'hosts'),
    resolv: join(bundle, 'resolv.conf'),
  };
  await writeFile(files.hostname, `${hostname}\n`);
  const names = hostname === name ? hostname : `${hostname} ${name}`;
  await writeFile(files.hosts, `127.0.0.1\tlocalhost localhost.localdomain\n::1\tlocalhost localhost.localdomain\n127.0.1.1\t${names}\n`);
  let resolv = '';
  try {
    resolv = await readFile('/etc/resolv.conf', 'utf8');
  } catch {
    resolv = '';
  }
  await writeFile(files.resolv, resolv);
  return files;
}
