import { describe, expect, it } from 'vitest';
import { cliCommand, defaultRoots } from './context.js';

describe('cliCommand', () => {
  it('runs the launcher with this Node outside Electron', () => {
    const [node, launcher] = cliCommand({}, { ...process.versions, electron: undefined } as unknown as NodeJS.ProcessVersions);
    expect(node).toBe(process.execPath);
    expect(launcher).toMatch(/bin\/podyard\.js$/);
  });
  it('uses the system Node under Electron, or PODYARD_NODE', () => {
    const electron = { ...process.versions, electron: '41.0.0' } as NodeJS.ProcessVersions;
    expect(cliCommand({}, electron)[0]).toBe('node');
    expect(cliCommand({ PODYARD_NODE: '/opt/node/bin/node' }, electron)[0]).toBe('/opt/node/bin/node');
  });
});

describe('defaultRoots', () => {
  it('root uses /var/lib and /run; a user uses the XDG directories', () => {
    expect(defaultRoots({}, 0)).toEqual({ root: '/var/lib/podyard', runroot: '/run/podyard' });
    expect(defaultRoots({ HOME: '/home/ann', XDG_RUNTIME_DIR: '/run/user/1000' }, 1000)).toEqual({ root: '/home/ann/.local/share/podyard', runroot: '/run/user/1000/podyard' });
    expect(defaultRoots({ HOME: '/home/ann', XDG_DATA_HOME: '/data', XDG_RUNTIME_DIR: '/run/user/1000' }, 1000).root).toBe('/data/podyard');
  });
  it('a user without XDG_RUNTIME_DIR gets an error that says how to fix it', () => {
    expect(() => defaultRoots({ HOME: '/home/ann' }, 1000)).toThrow(/XDG_RUNTIME_DIR is not set.*mkdir -p \/run\/user\/1000/);
  });
});
