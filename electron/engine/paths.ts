import { join } from 'node:path';

/**
 * Where everything lives. `root` survives reboots (database, images, container
 * layers, logs); `runroot` is runtime state that a reboot wipes (lock, socket,
 * the runtime's own state, exit files, pid files).
 */
export class StatePaths {
  constructor(
    readonly root: string,
    readonly runroot: string,
  ) {}

  get db(): string {
    return join(this.root, 'podyard.db');
  }
  get imagesDir(): string {
    return join(this.root, 'images');
  }
  imageDir(id: string): string {
    return join(this.imagesDir, id);
  }
  imageRootfs(id: string): string {
    return join(this.imageDir(id), 'rootfs');
  }
  get containersDir(): string {
    return join(this.root, 'containers');
  }
  /** Persistent per-container directory: layers, bundle, log. */
  containerDir(id: string): string {
    return join(this.containersDir, id);
  }
  bundleDir(id: string): string {
    return join(this.containerDir(id), 'userdata');
  }
  upperDir(id: string): string {
    return join(this.containerDir(id), 'diff');
  }
  workDir(id: string): string {
    return join(this.containerDir(id), 'work');
  }
  mergedDir(id: string): string {
    return join(this.containerDir(id), 'merged');
  }
  logPath(id: string): string {
    return join(this.bundleDir(id), 'ctr.log');
  }
  /** The static pieces the engine makes once (infra root, init binary copy). */
  get staticDir(): string {
    return join(this.root, 'static');
  }

  get lockFile(): string {
    return join(this.runroot, 'podyard.lock');
  }
  get socket(): string {
    return join(this.runroot, 'podyard.sock');
  }
  /** The runtime's (crun's) state root, private to this state root. */
  get runtimeRoot(): string {
    return join(this.runroot, 'runtime');
  }
  get exitsDir(): string {
    return join(this.runroot, 'exits');
  }
  exitFile(id: string): string {
    return join(this.exitsDir, id);
  }
  /** Written at first use after boot; its absence means the runroot was wiped. */
  get aliveFile(): string {
    return join(this.runroot, 'alive');
  }
  containerRunDir(id: string): string {
    return join(this.runroot, 'containers', id);
  }
  pidFile(id: string): string {
    return join(this.containerRunDir(id), 'pidfile');
  }
  conmonPidFile(id: string): string {
    return join(this.containerRunDir(id), 'conmon.pid');
  }
  persistDir(id: string): string {
    return join(this.containerRunDir(id), 'persist');
  }
  get socketsDir(): string {
    return join(this.runroot, 'sockets');
  }
  podShmDir(podId: string): string {
    return join(this.runroot, 'pods', podId, 'shm');
  }
}
