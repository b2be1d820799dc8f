import { test, expect, _electron as electron } from '@playwright/test';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const binary = resolve('node_modules/electron/dist/electron');

test('the desktop app opens its window with the engine\'s version', async () => {
  // Electron's binary cannot be downloaded on every machine, and Electron refuses to run as root.
  test.skip(!existsSync(binary), 'the Electron binary is not installed (its download is skipped)');
  test.skip(process.getuid?.() === 0, 'Electron does not run as root');
  const app = await electron.launch({ executablePath: binary, args: [resolve('.')] });
  const win = await app.firstWindow();
  await expect(win.getByTestId('engine-version')).toHaveText(/^Podyard \d+\.\d+\.\d+$/);
  // No Node in the page, and only the bridge is exposed.
  const globals = await win.evaluate(() => {
    const g = globalThis as unknown as Record<string, unknown>;
    return { require: typeof g.require, process: typeof g.process, bridge: typeof g.podyardBridge, ipc: typeof g.ipcRenderer };
  });
  expect(globals).toEqual({ require: 'undefined', process: 'undefined', bridge: 'object', ipc: 'undefined' });
  await app.close();
});
