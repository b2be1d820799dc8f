import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { TestRoot, until } from '../testing/harness.js';

// The same CLI session against a state root with a running host (commands go through
// its socket) and one without (each command is the owner for a moment).
let hosted: TestRoot;
let bare: TestRoot;

beforeAll(async () => {
  hosted = new TestRoot();
  await hosted.start();
  bare = new TestRoot();
});
afterAll(async () => {
  await hosted.close();
  await bare.close();
});

/**
 * Ids, times, durations and temp paths differ between runs; the rest must not. Without
 * a host a command may also say it waits for the state lock (held for a moment by a
 * container's exit command): that is progress, not a result.
 */
function normalize(s: string, t: TestRoot): string {
  return s
    .replace(/^Waiting for the state lock held by process \d+ \(.*\)\.\.\.\n/gm, '')
    .replaceAll(t.dir, '<dir>')
    .replace(/[0-9a-f]{64}/g, '<id>')
    .replace(/\b[0-9a-f]{12}\b/g, '<short>')
    .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '<time>')
    .replace(/"(StartedAt|ExitedAt|Created|Pid|ConmonPid)": \d+/g, '"$1": <n>')
    .replace(/(Up|Exited \(\d+\)) [^"\n]*?( ago)?(?=["\n])/g, '$1 <since>');
}

async function session(t: TestRoot): Promise<string[]> {
  const out: string[] = [];
  const run = async (...args: string[]) => {
    const r = await t.cli(args);
    out.push(`$ ${args.join(' ')}\n[${r.code}]\n${normalize(r.stdout, t)}${normalize(r.stderr, t)}`);
    return r;
  };
  await run('image', 'import', inject('busyboxTar'), 'busybox');
  await run('pod', 'create', '--name', 'same');
  await run('create', '--pod', 'same', '--name', 'once', 'busybox', 'sh', '-c', 'echo ran; exit 3');
  await run('create', '--pod', 'same', '--name', 'stays', '--init', 'busybox', 'sleep', '1000');
  await run('pod', 'start', 'same');
  await until(async () => (await t.cli(['inspect', 'once'])).stdout.includes('"Status": "exited"'), 10_000, 'once to exit');
  await run('logs', 'once');
  await run('inspect', '--type', 'container', 'once');
  await run('ps', '-a', '--format', 'json');
  await run('pod', 'ps', '--format', 'json');
  await run('start', 'ghost');
  await run('pod', 'kill', '-s', 'BOGUS', 'same');
  await run('rm', 'stays');
  await run('create', '--name', 'once', 'busybox', 'true');
  await run('pod', 'stop', '-t', '2', 'same');
  await run('pod', 'rm', 'same');
  await run('images', '--format', 'json');
  return out;
}

describe('the CLI with and without a host', () => {
  it('gives the same results', async () => {
    const [withHost, without] = await Promise.all([session(hosted), session(bare)]);
    expect(withHost.length).toBe(without.length);
    for (let i = 0; i < without.length; i++) expect(withHost[i]).toBe(without[i]);
    // And the hosted one really went through the host: its engine saw the events live.
    expect(hosted.host!.engine.listEvents().some((e) => e.Type === 'pod' && e.Status === 'remove')).toBe(true);
  });
});
