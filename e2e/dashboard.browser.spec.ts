import { test, expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { state, podyard } from './serve';

// The README's screenshots: refreshed with UPDATE_SCREENSHOTS=1, else kept out of the tree.
const SHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'test-results/screenshots';
mkdirSync(SHOTS, { recursive: true });

const row = (page: Page, name: string) => page.getByRole('row', { name, exact: true });
const details = (page: Page, name: string) => page.getByRole('region', { name: `Pod ${name}` });

test.describe.configure({ mode: 'serial' });

test('create a pod through the form, start it, see its graph, pause, kill, logs, inspect', async ({ page }) => {
  await page.goto(state().url);
  await expect(page.getByRole('heading', { name: 'No pods yet' })).toBeVisible();
  await page.getByRole('button', { name: 'Create your first pod', exact: true }).click();
  const form = page.getByRole('dialog', { name: 'Create pod' });

  // Inline validation explains problems before anything is created.
  await form.getByRole('button', { name: 'Create pod', exact: true }).click();
  await expect(form.getByText('Give the container a name.')).toBeVisible();

  await form.getByLabel('Name', { exact: true }).fill('shop');
  const container = async (i: number, name: string, command: string, extra: { init?: 'always' | 'once'; requires?: string } = {}) => {
    if (i > 1) await form.getByRole('button', { name: 'Add container', exact: true }).click();
    await form.getByLabel(`Container ${i} name`).fill(name);
    await form.getByLabel(`Container ${i} image`).selectOption('localhost/busybox:latest');
    await form.getByLabel(`Container ${i} command`).fill(command);
    if (extra.init !== undefined) await form.getByLabel(`Container ${i} init type`).selectOption(extra.init);
    if (extra.requires !== undefined) await form.getByLabel(`Container ${i} requires ${extra.requires}`).check();
  };
  await container(1, 'prep', 'sh -c "echo prepared > /dev/shm/flag"', { init: 'always' });
  await container(2, 'db', 'sh -c "echo db-up; exec sleep 100000"');
  await container(3, 'cache', 'sh -c "echo cache-up; exec sleep 100000"', { requires: 'db' });
  await container(4, 'app', 'sh -c "cat /dev/shm/flag; echo app-up; exec sleep 100000"', { requires: 'cache' });
  await form.getByRole('button', { name: 'Create pod', exact: true }).click();
  await expect(form).toHaveCount(0);

  await expect(row(page, 'shop')).toBeVisible();
  await row(page, 'shop').getByRole('button', { name: 'Start', exact: true }).click();
  await expect(row(page, 'shop').getByText('Running', { exact: true })).toBeVisible();

  // The graph: four containers plus infra; requires edges and namespace joins.
  const d = details(page, 'shop');
  await d.getByRole('tab', { name: 'Graph', exact: true }).click();
  const graph = d.getByLabel('Dependency graph: 5 containers, 6 dependencies');
  await expect(graph).toBeVisible();
  await expect(graph.locator('.react-flow__node')).toHaveCount(5);
  await expect(graph.locator('.react-flow__edge')).toHaveCount(6);
  await expect(graph.locator('.react-flow__edge.edge-requires')).toHaveCount(2);
  await expect(graph.locator('.gnode.infra')).toHaveCount(1);
  await expect(graph.locator('.gnode.init')).toHaveCount(1);
  await expect(graph.locator('.gnode[data-state="running"]')).toHaveCount(4);
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${SHOTS}/graph.png` });

  // Pause turns the pod and its dots to Paused; unpause back to Running.
  await d.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(row(page, 'shop').getByText('Paused', { exact: true })).toBeVisible();
  await expect(row(page, 'shop').getByRole('img', { name: 'db: paused' })).toBeVisible();
  await expect(graph.locator('.gnode[data-state="paused"]')).toHaveCount(4);
  await d.getByRole('button', { name: 'Unpause', exact: true }).click();
  await expect(row(page, 'shop').getByText('Running', { exact: true })).toBeVisible();
  await expect(row(page, 'shop').getByRole('img', { name: 'db: running' })).toBeVisible();

  // Logs from several containers, each with its prefix.
  await d.getByRole('tab', { name: 'Logs', exact: true }).click();
  const logs = d.getByRole('log', { name: 'Logs' });
  await expect(logs.getByText('db |')).toBeVisible();
  await expect(logs.getByText('app |').first()).toBeVisible();
  await expect(logs.getByText('db-up')).toBeVisible();
  await expect(logs.getByText('prepared')).toBeVisible();

  // Inspect shows Podman's keys.
  await d.getByRole('tab', { name: 'Inspect', exact: true }).click();
  await expect(d.getByLabel('Inspect output', { exact: true })).toContainText('"SharedNamespaces"');

  // Kill with SIGKILL from the picker.
  await d.getByRole('button', { name: 'Kill', exact: true }).click();
  const kill = page.getByRole('dialog', { name: 'Kill shop' });
  await kill.getByLabel('Signal').selectOption('SIGKILL');
  await kill.getByRole('button', { name: 'Send SIGKILL', exact: true }).click();
  await expect(row(page, 'shop').getByText('Exited', { exact: true })).toBeVisible();
  await d.getByRole('tab', { name: 'Events', exact: true }).click();
  await expect(d.getByRole('list', { name: 'Pod events' })).toContainText('kill');
});

test('changes made from the CLI appear without a reload', async ({ page }) => {
  await page.goto(state().url);
  await expect(row(page, 'shop')).toBeVisible();
  const r = podyard('pod', 'start', 'shop');
  expect(r.code, r.stderr).toBe(0);
  await expect(row(page, 'shop').getByText('Running', { exact: true })).toBeVisible();
  const made = podyard('pod', 'create', '--name', 'from-cli');
  expect(made.code, made.stderr).toBe(0);
  await expect(row(page, 'from-cli')).toBeVisible();
  podyard('pod', 'kill', 'shop');
  await expect(row(page, 'shop').getByText('Exited', { exact: true })).toBeVisible();
});

test('a container whose command fails shows its own error while the others run', async ({ page }) => {
  expect(podyard('pod', 'create', '--name', 'broken').code).toBe(0);
  expect(podyard('create', '--pod', 'broken', '--name', 'good', 'busybox', 'sh', '-c', 'exec sleep 100000').code).toBe(0);
  expect(podyard('create', '--pod', 'broken', '--name', 'bad', 'busybox', '/nonexistent/server').code).toBe(0);
  await page.goto(state().url);
  await row(page, 'broken').getByRole('button', { name: 'Start', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Starting broken' })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'bad' }).first()).toBeVisible();
  await row(page, 'broken').getByRole('button', { name: 'broken', exact: true }).click();
  const d = details(page, 'broken');
  await d.getByRole('tab', { name: 'Summary', exact: true }).click();
  const bad = d.getByRole('row', { name: 'bad' });
  await expect(bad).toContainText('nonexistent/server');
  await expect(d.getByRole('row', { name: 'good' })).toContainText('running');
  await expect(row(page, 'broken').getByText('Degraded', { exact: true })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/partial-failure.png` });
});

test('the list: search with / and is: filters, keyboard tabs', async ({ page }) => {
  await page.goto(state().url);
  await expect(row(page, 'broken')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/pods.png` });
  await page.keyboard.press('/');
  await expect(page.getByLabel('Search pods')).toBeFocused();
  await page.keyboard.type('is:degraded');
  await expect(row(page, 'broken')).toBeVisible();
  await expect(row(page, 'shop')).toHaveCount(0);
  await page.getByLabel('Search pods').fill('');
  await row(page, 'shop').getByRole('button', { name: 'shop', exact: true }).click();
  const tab = details(page, 'shop').getByRole('tab', { name: 'Summary', exact: true });
  await tab.click();
  await tab.press('ArrowRight');
  await expect(details(page, 'shop').getByRole('tab', { name: 'Graph', exact: true })).toBeFocused();
  await expect(details(page, 'shop').getByRole('tab', { name: 'Graph', exact: true })).toHaveAttribute('aria-selected', 'true');
});
