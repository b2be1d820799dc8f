#!/usr/bin/env node
// UI benchmarks in Debian's Chromium against a real engine in the browser mode: 1,000
// pods of 3 containers (created, not started). Figures are printed, never asserted.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { chromium } from '@playwright/test';

const dist = (p) => new URL(`../dist/electron/${p}`, import.meta.url).href;
const { startHost } = await import(dist('host/host.js'));
const { startWebServer } = await import(dist('host/web-server.js'));

const PODS = Number(process.env.BENCH_PODS ?? 1000);
const dir = mkdtempSync(join(tmpdir(), 'podyard-bench-ui-'));
const tar = join(dir, 'busybox.tar');
execFileSync('bash', ['build/make-test-image.sh', tar], { stdio: 'ignore' });
const host = await startHost({ root: join(dir, 'root'), runroot: join(dir, 'run'), cliCommand: [process.execPath, resolve('bin/podyard.js')] });
const e = host.engine;
await e.importImage(tar, 'busybox');

let t0 = performance.now();
for (let i = 0; i < PODS; i++) {
  const name = `pod-${String(i).padStart(4, '0')}`;
  await e.pods.create({ name });
  for (const c of ['db', 'cache', 'app']) await e.createContainer({ image: 'busybox', name: `${name}-${c}`, pod: name, command: ['sleep', '1000'] });
}
const setupMs = performance.now() - t0;
// A pod of 50 containers for the graph.
await e.pods.create({ name: 'big' });
let prev;
for (let i = 0; i < 50; i++) {
  const c = await e.createContainer({ image: 'busybox', name: `big-${i}`, pod: 'big', command: ['sleep', '1000'], ...(prev !== undefined && i % 5 !== 0 ? { requires: [prev] } : {}) });
  prev = c.name;
}

const web = await startWebServer({ api: host.api, subscribe: (fn) => e.subscribe(fn), staticDir: resolve('renderer/dist') });
const browser = await chromium.launch({
  executablePath: process.env.PODYARD_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
await page.addInitScript(() => {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const en of list.getEntries()) window.__longTasks.push(en.duration);
  }).observe({ type: 'longtask', buffered: true });
});

const results = [];
// 1. First render of the list.
t0 = performance.now();
await page.goto(web.url);
await page.locator('table.pods tbody tr').first().waitFor();
const firstRow = performance.now() - t0;
results.push([`first render of the list of ${PODS} pods (navigation to first row)`, firstRow, 1000]);

// 2. One container state event: pause a container, until its dot says paused.
await e.pods.start('pod-0000');
await page.locator('tr[aria-label="pod-0000"] [aria-label="pod-0000-db: running"]').waitFor();
const ctr = e.resolveContainer('pod-0000-db').id;
const marks = await page.evaluate(() => {
  window.__seen = undefined;
  const target = () => document.querySelector('tr[aria-label="pod-0000"] [aria-label="pod-0000-db: paused"]');
  const obs = new MutationObserver(() => {
    if (window.__seen === undefined && target() !== null) window.__seen = performance.now();
  });
  obs.observe(document.body, { subtree: true, childList: true, attributes: true });
  return performance.timeOrigin;
});
let evAt = 0;
const off = e.subscribe((ev) => {
  if (ev.ID === ctr && ev.Status === 'pause') evAt = Date.now();
});
const sentAt = Date.now();
await e.pauseById(ctr);
off();
await page.locator('tr[aria-label="pod-0000"] [aria-label="pod-0000-db: paused"]').waitFor();
const seen = await page.evaluate(() => window.__seen);
const applied = marks + seen - evAt;
results.push(['one container state event, engine event -> dot updated', applied, 50]);
results.push(['  (the pause itself, in the engine, until its event)', evAt - sentAt, undefined]);
await e.unpauseById(ctr);

// 3. Scrolling through the list.
await page.evaluate(() => (window.__longTasks = []));
const main = page.locator('main');
await main.hover();
for (let i = 0; i < 40; i++) await page.mouse.wheel(0, 900);
for (let i = 0; i < 40; i++) await page.mouse.wheel(0, -900);
await page.waitForTimeout(300);
const longTasks = await page.evaluate(() => window.__longTasks);
results.push([`scrolling: longest task (${longTasks.length} over 50 ms)`, longTasks.length === 0 ? 0 : Math.max(...longTasks), 100]);

// 4. The graph of a 50-container pod.
await page.getByLabel('Search pods').fill('big');
await page.getByRole('button', { name: 'big', exact: true }).click();
await page.getByRole('tab', { name: 'Summary', exact: true }).waitFor();
await page.locator('table.containers tbody tr').nth(50).waitFor();
t0 = performance.now();
await page.getByRole('tab', { name: 'Graph', exact: true }).click();
await page.locator('.react-flow__node').nth(50).waitFor();
results.push(['graph of a 51-container pod laid out and drawn', performance.now() - t0, 500]);

await browser.close();
await web.close();
for (const p of e.store.listPods()) await e.pods.remove(p.id, { force: true, timeout: 0 });
await host.close();
for (let i = 0; ; i++) {
  try { rmSync(dir, { recursive: true, force: true }); break; } catch (err) { if (i > 30) throw err; await new Promise((r) => setTimeout(r, 100)); }
}

console.log(`setup: ${PODS} pods x 3 containers (+ infra) created in ${(setupMs / 1000).toFixed(1)} s\n`);
for (const [name, ms, target] of results) {
  const verdict = target === undefined ? '' : ms <= target ? `  meets < ${target} ms` : `  MISSES < ${target} ms`;
  console.log(`${name.padEnd(58)} ${ms.toFixed(1).padStart(8)} ms${verdict}`);
}
