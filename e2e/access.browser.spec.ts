import { test, expect } from '@playwright/test';
import { state } from './serve';

test('the browser mode with its token shows the engine\'s version', async ({ page }) => {
  await page.goto(state().url);
  await expect(page.getByTestId('engine-version')).toHaveText(/^Podyard \d+\.\d+\.\d+$/);
  // The token moved into a cookie: it is not left in the address bar.
  expect(page.url()).not.toContain('token=');
});

test('without the token the page gets nothing', async ({ page }) => {
  const res = await page.goto(`${state().origin}/`);
  expect(res?.status()).toBe(401);
  await expect(page.getByTestId('engine-version')).toHaveCount(0);
  expect(await page.content()).not.toContain('<div id="root">');
  const api = await page.request.post(`${state().origin}/v1/call/system.version`, { data: {} });
  expect(api.status()).toBe(401);
});

test('the System view shows the mode, runtime and storage', async ({ page }) => {
  await page.goto(state().url);
  await page.getByRole('button', { name: 'System', exact: true }).click();
  const sys = page.getByRole('region', { name: 'System' });
  await expect(sys).toContainText(process.getuid?.() === 0 ? 'rootful' : 'rootless');
  await expect(sys).toContainText('crun');
  await expect(sys).toContainText(state().root);
});
