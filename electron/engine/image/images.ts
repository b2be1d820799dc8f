import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rm, rename, stat, readdir, lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { ErrorCode, PodyardError, errNoSuchImage } from '../../../shared/errors.js';
import type { ImageListEntry } from '../../../shared/types.js';
import type { StatePaths } from '../paths.js';
import type { ImageRow, Store } from '../store/store.js';
import { resolveRef, newId } from '../names.js';
import { nowString } from '../time.js';

/**
 * Normalises an image name as Podman does for local images: no registry means
 * `localhost/`, no tag means `:latest`. Rejects what is not a valid reference.
 */
export function normalizeImageName(input: string): string {
  const name = input.trim();
  const re = /^[a-z0-9]+(?:[._-]+[a-z0-9]+)*(?::\d+)?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;
  if (name === '' || !re.test(name)) {
    throw new PodyardError(
      ErrorCode.InvalidArgument,
      `invalid image name "${input}": use lowercase letters, digits and separators, e.g. busybox or localhost/busybox:1.36`,
    );
  }
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  const hasRegistry = first !== '' && (first.includes('.') || first.includes(':') || first === 'localhost');
  let full = hasRegistry ? name : `localhost/${name}`;
  const lastPart = full.slice(full.lastIndexOf('/') + 1);
  if (!lastPart.includes(':') && !lastPart.includes('@')) full += ':latest';
  return full;
}

export interface ImportProgress {
  done: number;
  total: number;
}

async function dirSize(dir: string): Promise<number> {
  let total = 0;
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) total += await dirSize(p);
    else total += (await lstat(p)).size;
  }
  return total;
}

/** The local image store: root filesystems unpacked under the state root. */
export class ImageStore {
  constructor(
    private store: Store,
    private paths: StatePaths,
  ) {}

  /** Finds an image by name (normalised or as given), full id or unique id prefix. */
  resolve(ref: string): ImageRow {
    const id = resolveRef(
      ref,
      (n) => {
        const direct = this.store.imageIdByName(n);
        if (direct !== undefined) return direct;
        try {
          return this.store.imageIdByName(normalizeImageName(n));
        } catch {
          return undefined;
        }
      },
      (p) => this.store.imageIdsByPrefix(p),
      errNoSuchImage,
    );
    return this.store.getImage(id)!;
  }

  /**
   * Imports a root filesystem from a tarball or a directory, like `podman import`.
   * Unpacks into a staging directory and only then records the image, so a failed
   * or interrupted import leaves no trace in the database.
   */
  async import(source: string, name: string, onProgress?: (p: ImportProgress) => void): Promise<ImageRow> {
    const fullName = normalizeImageName(name);
    let st;
    try {
      st = await stat(source);
    } catch {
      throw new PodyardError(ErrorCode.InvalidArgument, `image source ${source} does not exist: give a rootfs tarball or directory`);
    }
    await mkdir(this.paths.imagesDir, { recursive: true });
    const staging = join(this.paths.imagesDir, `.import-${newId().slice(0, 16)}`);
    const rootfs = join(staging, 'rootfs');
    await mkdir(rootfs, { recursive: true });
    try {
      let digest: string;
      if (st.isDirectory()) {
        await execa('cp', ['-a', '--', `${source}/.`, rootfs]);
        digest = await this.digestDir(rootfs);
      } else {
        digest = await this.unpackTar(source, st.size, rootfs, onProgress);
      }
      const existing = this.store.getImage(digest);
      if (existing !== undefined) {
        this.store.tagImage(digest, fullName);
        return this.store.getImage(digest)!;
      }
      const row: ImageRow = {
        id: digest,
        created: nowString(),
        size: await dirSize(rootfs),
        config: { rootfs: this.paths.imageRootfs(digest), cmd: [], env: [], workdir: '/' },
        names: [fullName],
      };
      await rename(staging, this.paths.imageDir(digest));
      this.store.insertImage(row);
      return this.store.getImage(digest)!;
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  /** Streams the tarball through sha256 and into tar in one pass. */
  private async unpackTar(file: string, size: number, dest: string, onProgress?: (p: ImportProgress) => void): Promise<string> {
    const hash = createHash('sha256');
    // -p: keep the archive's modes (a user's umask would otherwise strip /tmp's 1777).
    const tar = execa('tar', ['-x', '-p', '--numeric-owner', '-f', '-', '-C', dest], {
      stdin: 'pipe',
      reject: false,
    });
    const input = createReadStream(file);
    let done = 0;
    let lastReport = 0;
    input.on('data', (chunk) => {
      const buf = chunk as Buffer;
      hash.update(buf);
      done += buf.length;
      if (onProgress !== undefined && (done - lastReport > 1 << 20 || done === size)) {
        lastReport = done;
        onProgress({ done, total: size });
      }
    });
    input.pipe(tar.stdin!);
    tar.stdin!.on('error', () => undefined); // tar may exit early on a corrupt archive
    const r = await tar;
    if (r.exitCode !== 0) {
      const why = r.stderr.trim().split('\n').filter(Boolean)[0] ?? `tar exited with code ${r.exitCode}`;
      throw new PodyardError(ErrorCode.InvalidArgument, `${file} is not a valid rootfs tarball: ${why}`);
    }
    if (done === 0) throw new PodyardError(ErrorCode.InvalidArgument, `${file} is empty: give a rootfs tarball`);
    return hash.digest('hex');
  }

  /** A content digest of a directory: sha256 of a reproducible tar of it. */
  private async digestDir(dir: string): Promise<string> {
    const hash = createHash('sha256');
    const tar = execa(
      'tar',
      ['--sort=name', '--mtime=@0', '--numeric-owner', '--owner=0', '--group=0', '-cf', '-', '-C', dir, '.'],
      { stdout: 'pipe', encoding: 'buffer', reject: false, buffer: false },
    );
    tar.stdout!.on('data', (c: Buffer) => hash.update(c));
    const r = await tar;
    if (r.exitCode !== 0) throw new PodyardError(ErrorCode.InvalidArgument, `cannot read directory ${dir}`);
    return hash.digest('hex');
  }

  list(): ImageListEntry[] {
    return this.store.listImages().filter((i) => i.config.internal !== true).map((i) => ({
      Id: i.id,
      Names: i.names,
      Created: Math.floor(Date.parse(i.created) / 1000),
      CreatedAt: i.created,
      Size: i.size,
    }));
  }

  /** Deletes the image's files and row (callers check that no container uses it). */
  async delete(img: ImageRow): Promise<void> {
    this.store.deleteImage(img.id);
    await rm(this.paths.imageDir(img.id), { recursive: true, force: true });
  }
}
