import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';

// The packaging itself needs the Electron binary, which cannot be downloaded everywhere;
// these check that its configuration keeps the promises the README makes.
describe('packaging configuration', () => {
  const yml = readFileSync('build/electron-builder.yml', 'utf8');
  it('builds AppImage and deb, rebuilds better-sqlite3 for Electron, unpacks it', () => {
    expect(yml).toMatch(/target: \[AppImage, deb\]/);
    expect(yml).toMatch(/npmRebuild: true/);
    expect(yml).toMatch(/asarUnpack:\n\s+- node_modules\/better-sqlite3\/\*\*/);
    expect(yml).toMatch(/afterPack: build\/after-pack\.cjs/);
  });
  it('turns off RunAsNode and inspect in releases', () => {
    const hook = readFileSync('build/after-pack.cjs', 'utf8');
    expect(hook).toMatch(/\[FuseV1Options\.RunAsNode\]: false/);
    expect(hook).toMatch(/\[FuseV1Options\.EnableNodeCliInspectArguments\]: false/);
    expect(hook).toMatch(/\[FuseV1Options\.EnableNodeOptionsEnvironmentVariable\]: false/);
  });
  it('points the app at the compiled main process', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { main: string; bin: Record<string, string> };
    expect(pkg.main).toBe('dist/electron/main.js');
    expect(pkg.bin.podyard).toBe('bin/podyard.js');
  });
});
