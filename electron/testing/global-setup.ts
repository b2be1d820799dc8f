import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Builds the busybox test image tarball once per run (build/make-test-image.sh) and
 * hands its path to the integration tests.
 */
export default function setup({ provide }: { provide: (key: string, value: string) => void }): void {
  const dir = join(process.cwd(), '.cache');
  mkdirSync(dir, { recursive: true });
  const tar = join(dir, 'busybox-rootfs.tar');
  if (!existsSync(tar)) execFileSync('bash', ['build/make-test-image.sh', tar], { stdio: 'inherit' });
  provide('busyboxTar', tar);
}

declare module 'vitest' {
  export interface ProvidedContext {
    busyboxTar: string;
  }
}
