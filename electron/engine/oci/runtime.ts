import { execa } from 'execa';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { ErrorCode, PodyardError } from '../../../shared/errors.js';

/** What `crun state` reports. */
export interface RuntimeState {
  status: 'creating' | 'created' | 'running' | 'paused' | 'stopped';
  pid: number;
}

export interface ConmonLaunch {
  id: string;
  name: string;
  bundle: string;
  logPath: string;
  exitDir: string;
  pidFile: string;
  conmonPidFile: string;
  persistDir: string;
  socketDir: string;
  /** argv of the command conmon runs when the container exits. */
  exitCommand: string[];
  /** Extra environment for conmon and, through it, the exit command. */
  env?: Record<string, string>;
}

export interface RuntimeOptions {
  /** `crun` or `runc`. */
  name: string;
  path: string;
  conmonPath: string;
  /** The runtime's state root (`--root`), private to one Podyard state root. */
  stateRoot: string;
  /** Use cgroupfs (no systemd on these hosts). */
  cgroupManager: 'cgroupfs' | 'disabled';
}

function runtimeError(what: string, stderr: string): PodyardError {
  const msg = stderr.trim().split('\n').filter(Boolean).pop() ?? 'unknown error';
  return new PodyardError(ErrorCode.Runtime, `${what}: ${msg}`);
}

/**
 * The OCI runtime driver. Every call is the runtime binary with an argument array;
 * nothing goes through a shell. `create` goes through conmon, which stays behind as
 * the container's monitor (exit file, log) and outlives this process.
 */
export class OciRuntime {
  constructor(readonly opts: RuntimeOptions) {}

  private globalArgs(): string[] {
    const args = ['--root', this.opts.stateRoot];
    if (this.opts.name === 'crun') args.push(`--cgroup-manager=${this.opts.cgroupManager}`);
    return args;
  }

  private async run(args: string[], what: string): Promise<string> {
    const r = await execa(this.opts.path, [...this.globalArgs(), ...args], { reject: false, stdin: 'ignore' });
    if (r.exitCode !== 0) throw runtimeError(what, `${r.stderr}\n${r.stdout}`);
    return r.stdout;
  }

  /**
   * Starts conmon, which runs `<runtime> create`. Reads ONE line from the sync pipe
   * (`{"data": PID}`, or a negative value with a message) and returns; the pipe stays
   * open in conmon until the container exits, so waiting for EOF would hang.
   */
  async createWithConmon(l: ConmonLaunch): Promise<{ pid: number }> {
    const args = [
      '--api-version', '1',
      '-c', l.id,
      '-u', l.id,
      '-n', l.name,
      '-r', this.opts.path,
      '-b', l.bundle,
      '-p', l.pidFile,
      '-P', l.conmonPidFile,
      '-l', `k8s-file:${l.logPath}`,
      '--exit-dir', l.exitDir,
      '--socket-dir-path', l.socketDir,
      '--persist-dir', l.persistDir,
      '--log-level', 'warning',
      '--syslog=false',
    ];
    for (const a of this.globalArgs()) args.push('--runtime-arg', a);
    const [cmd, ...cmdArgs] = l.exitCommand;
    if (cmd !== undefined) {
      args.push('--exit-command', cmd);
      for (const a of cmdArgs) args.push('--exit-command-arg', a);
      args.push('--exit-delay', '0');
    }
    const child = execa(this.opts.conmonPath, args, {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
      env: { ...l.env, _OCI_SYNCPIPE: '3' },
      detached: true,
      reject: false,
      cleanup: false,
    });
    const syncPipe = child.stdio[3] as Readable;
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const line = await new Promise<string | undefined>((resolve) => {
      const rl = createInterface({ input: syncPipe });
      let done = false;
      const finish = (v: string | undefined) => {
        if (done) return;
        done = true;
        rl.close();
        syncPipe.destroy();
        resolve(v);
      };
      rl.once('line', (ln) => finish(ln));
      rl.once('close', () => finish(undefined));
    });
    // The first conmon process forks the monitor and exits at once.
    const exited = await child;
    if (line === undefined) {
      throw new PodyardError(
        ErrorCode.Runtime,
        `conmon exited (code ${exited.exitCode ?? 'unknown'}) without creating container ${l.id}: ${stderr.trim() || 'no output'}`,
      );
    }
    let parsed: { data?: number; message?: string };
    try {
      parsed = JSON.parse(line) as { data?: number; message?: string };
    } catch {
      throw new PodyardError(ErrorCode.Runtime, `unexpected answer from conmon: ${line}`);
    }
    if (typeof parsed.data !== 'number' || parsed.data <= 0) {
      throw new PodyardError(
        ErrorCode.Runtime,
        `${this.opts.name} create failed for container ${l.id}: ${(parsed.message ?? 'unknown error').trim()}`,
      );
    }
    return { pid: parsed.data };
  }

  async start(id: string): Promise<void> {
    await this.run(['start', id], `${this.opts.name} start ${id}`);
  }

  /** The runtime's view of a container, or undefined if it does not know it. */
  async state(id: string): Promise<RuntimeState | undefined> {
    const r = await execa(this.opts.path, [...this.globalArgs(), 'state', id], { reject: false, stdin: 'ignore' });
    if (r.exitCode !== 0) return undefined;
    const s = JSON.parse(r.stdout) as { status: RuntimeState['status']; pid?: number };
    return { status: s.status, pid: s.pid ?? 0 };
  }

  /** Ids of every container the runtime knows in this state root. */
  async list(): Promise<string[]> {
    const r = await execa(this.opts.path, [...this.globalArgs(), 'list', '-q'], { reject: false, stdin: 'ignore' });
    if (r.exitCode !== 0) return [];
    return r.stdout.split('\n').map((s) => s.trim()).filter(Boolean);
  }

  async kill(id: string, signal: number): Promise<void> {
    await this.run(['kill', id, String(signal)], `${this.opts.name} kill ${id}`);
  }

  async pause(id: string): Promise<void> {
    await this.run(['pause', id], `${this.opts.name} pause ${id}`);
  }

  async resume(id: string): Promise<void> {
    await this.run(['resume', id], `${this.opts.name} resume ${id}`);
  }

  /** Deletes the runtime container; `force` kills it first if it still runs. */
  async delete(id: string, force = false): Promise<void> {
    const r = await execa(this.opts.path, [...this.globalArgs(), 'delete', ...(force ? ['--force'] : []), id], {
      reject: false,
      stdin: 'ignore',
    });
    if (r.exitCode !== 0 && !/No such file|does not exist|not found/i.test(r.stderr)) {
      throw runtimeError(`${this.opts.name} delete ${id}`, r.stderr);
    }
  }

  /** argv for an exec, for a caller that runs it with inherited stdio. */
  execArgv(id: string, o: { tty: boolean; env: string[]; cwd?: string; user?: string; args: string[] }): string[] {
    const a = [...this.globalArgs(), 'exec'];
    if (o.tty) a.push('--tty');
    for (const e of o.env) a.push('--env', e);
    if (o.cwd !== undefined && o.cwd !== '') a.push('--cwd', o.cwd);
    if (o.user !== undefined && o.user !== '') a.push('--user', o.user);
    a.push(id, ...o.args);
    return a;
  }
}

export async function runtimeVersion(path: string): Promise<string> {
  const r = await execa(path, ['--version'], { reject: false, stdin: 'ignore' });
  return (r.stdout.split('\n')[0] ?? '').replace(/^[a-z]+ version /i, '').trim() || 'unknown';
}
