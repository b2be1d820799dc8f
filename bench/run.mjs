#!/usr/bin/env node
// Podyard benchmarks: engine and CLI timings beside floors measured in the same run on
// the same machine (crun and conmon by hand). Figures are printed, never asserted:
// shared machines are noisy. Run with `npm run bench` (as root, after the setup script).
import { mkdtempSync, rmSync, mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { availableParallelism } from 'node:os';

const dist = (p) => new URL(`../dist/electron/${p}`, import.meta.url).href;
const { startHost } = await import(dist('host/host.js'));
const { buildSpec } = await import(dist('engine/oci/spec.js'));
const { OciRuntime } = await import(dist('engine/oci/runtime.js'));
const { readHardLimits } = await import(dist('engine/host-facts.js'));

const CLI = resolve('bin/podyard.js');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const dir = mkdtempSync(join(tmpdir(), 'podyard-bench-'));
const root = join(dir, 'root');
const runroot = join(dir, 'run');
const tar = join(dir, 'busybox.tar');
execFileSync('bash', ['build/make-test-image.sh', tar], { stdio: 'ignore' });

const host = await startHost({ root, runroot, cliCommand: [process.execPath, CLI] });
const e = host.engine;
await e.importImage(tar, 'busybox');
const rootfs = e.images.resolve('busybox').config.rootfs;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function measure(fn, rounds = ROUNDS) {
  const out = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    await fn(i);
    out.push(performance.now() - t0);
  }
  return median(out);
}
const rows = [];
function report(name, ms, floorMs, target) {
  const ratio = floorMs === undefined ? '' : (ms / floorMs).toFixed(2) + 'x';
  const verdict = target === undefined ? '' : target(ms, floorMs) ? 'meets target' : 'MISSES target';
  rows.push([name, `${ms.toFixed(1)} ms`, floorMs === undefined ? '' : `${floorMs.toFixed(1)} ms`, ratio, verdict]);
}

// ---- floors: the runtime by hand ---------------------------------------------------
const floorRoot = join(dir, 'floor-crun');
const rt = new OciRuntime({ name: 'crun', path: '/usr/bin/crun', conmonPath: e.conmonPath, stateRoot: floorRoot, cgroupManager: 'cgroupfs' });
function bundle(id) {
  const b = join(dir, 'bundles', id);
  mkdirSync(b, { recursive: true });
  const spec = buildSpec({
    args: ['sleep', '1000'], env: ['PATH=/bin'], cwd: '/', uid: 0, gid: 0, hostname: id.slice(0, 12), rootfs,
    namespaces: [{ type: 'pid' }, { type: 'network' }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' }],
    cgroupsPath: `/podyard-bench/${id}`, hardLimits: readHardLimits(), binds: [],
  });
  spec.root.readonly = true;
  writeFileSync(join(b, 'config.json'), JSON.stringify(spec));
  return b;
}
let seq = 0;
async function crunByHand() {
  const id = `floor-${process.pid}-${seq++}`;
  const b = bundle(id);
  const t0 = performance.now();
  execFileSync('crun', ['--root', floorRoot, '--cgroup-manager=cgroupfs', 'create', '--bundle', b, id], { stdio: 'ignore' });
  execFileSync('crun', ['--root', floorRoot, '--cgroup-manager=cgroupfs', 'start', id], { stdio: 'ignore' });
  const ms = performance.now() - t0;
  execFileSync('crun', ['--root', floorRoot, 'delete', '-f', id], { stdio: 'ignore' });
  return ms;
}
async function conmonByHand() {
  const id = `floorc-${process.pid}-${seq++}`;
  const b = bundle(id);
  const run = join(dir, 'floor-run', id);
  mkdirSync(join(run, 'persist'), { recursive: true });
  mkdirSync(join(dir, 'floor-exits'), { recursive: true });
  mkdirSync(join(dir, 'floor-sock'), { recursive: true });
  const t0 = performance.now();
  await rt.createWithConmon({
    id, name: id, bundle: b, logPath: join(run, 'ctr.log'), exitDir: join(dir, 'floor-exits'), pidFile: join(run, 'pid'),
    conmonPidFile: join(run, 'conmon.pid'), persistDir: join(run, 'persist'), socketDir: join(dir, 'floor-sock'), exitCommand: [],
  });
  await rt.start(id);
  const ms = performance.now() - t0;
  await rt.delete(id, true);
  return ms;
}
const medianOf = async (fn, n = ROUNDS) => { const xs = []; for (let i = 0; i < n; i++) xs.push(await fn()); return median(xs); };
const crunFloor = await medianOf(crunByHand);
const conmonFloor = await medianOf(conmonByHand);
rows.push(['floor: crun create + start (by hand)', `${crunFloor.toFixed(1)} ms`, '', '', '']);
rows.push(['floor: conmon + crun start (by hand)', `${conmonFloor.toFixed(1)} ms`, '', '', '']);

// ---- containers through the engine -------------------------------------------------
let n = 0;
const one = await measure(async () => {
  const c = await e.createContainer({ image: 'busybox', name: `b1-${n++}`, command: ['sleep', '1000'] });
  await e.startContainer(c.id);
});
report('engine: create + start 1 container', one, conmonFloor, (ms, f) => ms <= 1.5 * f);
const ten = await measure(async () => {
  const cs = [];
  for (let i = 0; i < 10; i++) cs.push(await e.createContainer({ image: 'busybox', name: `b10-${n++}`, command: ['sleep', '1000'] }));
  await Promise.all(cs.map((c) => e.startContainer(c.id)));
});
report('engine: create 10, start concurrently', ten, 10 * conmonFloor / Math.min(availableParallelism(), e.parallelism), (ms, f) => ms <= 1.5 * f);
for (const c of e.store.listContainers()) await e.removeContainer(c.id, { force: true, timeout: 0 });

// ---- pods ---------------------------------------------------------------------------
const serialFloor = 10 * conmonFloor;
const slots = Math.min(availableParallelism(), e.parallelism);
async function makePod(name, chain) {
  await e.pods.create({ name });
  let prev;
  for (let i = 0; i < 10; i++) {
    const c = await e.createContainer({ image: 'busybox', name: `${name}-${i}`, pod: name, init: true, command: ['sleep', '100000'], ...(chain && prev ? { requires: [prev] } : {}) });
    prev = c.name;
  }
}
await makePod('indep', false);
await makePod('chain', true);
const cli = (...args) => {
  const r = spawnSync(process.execPath, [CLI, '--root', root, '--runroot', runroot, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`podyard ${args.join(' ')}: ${r.stderr}`);
};
for (const [pod, floor, factor, label] of [['indep', serialFloor / slots, 1.5, 'floor / min(cores, slots)'], ['chain', serialFloor, 1.3, 'serial floor']]) {
  const e = host.engine;
  const start = await measure(async () => {
    await e.pods.start(pod);
  }, 1);
  // Later rounds: stop, then measure start again.
  const starts = [start];
  const stops = [];
  for (let i = 1; i < ROUNDS; i++) {
    let t0 = performance.now();
    await e.pods.stop(pod, { timeout: 5 });
    stops.push(performance.now() - t0);
    t0 = performance.now();
    await e.pods.start(pod);
    starts.push(performance.now() - t0);
  }
  report(`engine: pod start (10 ${pod === 'indep' ? 'independent' : 'in a chain'}) vs ${label}`, median(starts), floor, (ms, f) => ms <= factor * f);
  report(`engine: pod stop (10 ${pod})`, median(stops));
  report(`engine: pod pause + unpause (${pod})`, await measure(async () => { await e.pods.pause(pod); await e.pods.unpause(pod); }));
  report(`engine: pod restart (${pod})`, await measure(async () => { await e.pods.restart(pod); }, 3));
  await e.pods.stop(pod, { timeout: 5 });
  await host.close();
  // Through the CLI, no host: each command is a process that takes the owner lock.
  const cliStart = await measure(async () => { cli('pod', 'start', pod); cli('pod', 'stop', '-t', '5', pod); }, 3);
  report(`cli: pod start + stop (${pod}, one process each)`, cliStart, floor, undefined);
  const cliPause = await measure(async () => { cli('pod', 'pause', pod); cli('pod', 'unpause', pod); }, 1);
  void cliPause;
  cli('pod', 'start', pod);
  report(`cli: pod pause + unpause (${pod})`, await measure(async () => { cli('pod', 'pause', pod); cli('pod', 'unpause', pod); }, 3));
  report(`cli: pod restart (${pod})`, await measure(async () => { cli('pod', 'restart', pod); }, 3));
  cli('pod', 'stop', '-t', '5', pod);
  Object.assign(host, await startHost({ root, runroot, cliCommand: [process.execPath, CLI] }));
}
const e2 = host.engine;

// ---- stop of 10 SIGTERM-ignoring containers with -t 2 ------------------------------
await e2.pods.create({ name: 'stubborn' });
for (let i = 0; i < 10; i++) {
  await e2.createContainer({ image: 'busybox', name: `stub-${i}`, pod: 'stubborn', command: ['sh', '-c', 'trap "" TERM; while true; do sleep 0.2; done'] });
}
await e2.pods.start('stubborn');
const t0 = performance.now();
await e2.pods.stop('stubborn', { timeout: 2 });
report('engine: pod stop -t 2 of 10 SIGTERM-ignoring (target < 3 s)', performance.now() - t0, undefined, (ms) => ms < 3000);

// ---- clean up ----------------------------------------------------------------------
for (const p of e2.store.listPods()) await e2.pods.remove(p.id, { force: true, timeout: 0 });
await host.close();
for (const d of ['cpu', 'memory', 'pids', 'freezer', 'devices', 'blkio', 'cpuset', 'cpuacct', 'systemd']) {
  if (existsSync(`/sys/fs/cgroup/${d}/podyard-bench`)) spawnSync('find', [`/sys/fs/cgroup/${d}/podyard-bench`, '-depth', '-type', 'd', '-exec', 'rmdir', '{}', ';']);
}
// Exit commands of the removed containers may still be writing their files.
for (let i = 0; ; i++) {
  try { rmSync(dir, { recursive: true, force: true }); break; } catch (err) { if (i > 30) throw err; await new Promise((r) => setTimeout(r, 100)); }
}

const widths = [0, 1, 2, 3, 4].map((i) => Math.max(...rows.map((r) => r[i].length), ['benchmark', 'median', 'floor', 'ratio', ''][i].length));
const line = (r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
console.log(line(['benchmark', 'median', 'floor', 'ratio', '']));
for (const r of rows) console.log(line(r));
console.log(`\n${availableParallelism()} CPUs, executor slots ${e.parallelism}, ${ROUNDS} rounds (median). Reference: Podman 4.3.1 takes about 0.8 s to start a pod of 10 and 4.4 s for the -t 2 stop.`);
