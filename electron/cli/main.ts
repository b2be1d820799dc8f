import { isPodyardError, ErrorCode } from '../../shared/errors.js';
import { parseArgs, helpText, str, type OptSpec } from './args.js';
import { defaultRoots, type Globals } from './context.js';
import { Output } from './output.js';
import type { Command, CliContext } from './command.js';
import { containerCommands } from './containers.js';
import { imageCommands, imageSubcommands } from './images.js';
import { systemCommands } from './system.js';
import { podCommands } from './pods.js';
import { serveCommand } from './serve.js';

const globalSpecs: OptSpec[] = [
  { name: 'root', type: 'string', arg: 'DIR', help: 'Persistent state directory (env PODYARD_ROOT)' },
  { name: 'runroot', type: 'string', arg: 'DIR', help: 'Runtime state directory (env PODYARD_RUNROOT)' },
  { name: 'runtime', type: 'string', arg: 'crun|runc', help: 'Default OCI runtime (env PODYARD_RUNTIME)' },
  { name: 'help', short: 'h', type: 'boolean', help: 'Show help' },
  { name: 'version', short: 'v', type: 'boolean', help: 'Show the version' },
];

const defaultContext: CliContext = {
  inspectPod: (e, ref) => e.pods.inspect(ref),
  podNames: (e) => e.pods.names(),
};

export interface CommandGroup {
  name: string;
  summary: string;
  commands: Command[];
}

const topLevel: Command[] = [...containerCommands, ...imageCommands, ...systemCommands.filter((c) => c.name !== 'cleanup'), serveCommand];

const groups: CommandGroup[] = [
  {
    name: 'container',
    summary: 'Manage containers',
    commands: [
      ...containerCommands,
      { ...containerCommands.find((c) => c.name === 'ps')!, name: 'ls', aliases: ['list'] },
      systemCommands.find((c) => c.name === 'cleanup')!,
    ],
  },
  { name: 'image', summary: 'Manage images', commands: imageSubcommands },
  { name: 'pod', summary: 'Manage pods', commands: podCommands },
];

/** Extension points filled in by other command modules (pods). */
export const registry = { topLevel, groups, context: defaultContext };

function findCommand(list: Command[], name: string): Command | undefined {
  return list.find((c) => c.name === name || (c.aliases ?? []).includes(name));
}

function mainHelp(): string {
  const lines = [
    'Podyard: pods of real containers on crun and conmon, with no daemon.',
    '',
    'Usage:',
    '  podyard [global options] COMMAND [options] [ARGS...]',
    '',
    'Commands:',
  ];
  for (const g of registry.groups) lines.push(`  ${g.name.padEnd(12)} ${g.summary}`);
  for (const c of registry.topLevel) lines.push(`  ${c.name.padEnd(12)} ${c.summary}`);
  lines.push('', 'Global options (before the command):');
  for (const s of globalSpecs) lines.push(`  --${`${s.name}${s.type === 'boolean' ? '' : ` ${s.arg ?? ''}`}`.padEnd(20)} ${s.help ?? ''}`);
  lines.push('', 'Run `podyard COMMAND --help` for a command\'s options.');
  return lines.join('\n');
}

/** Splits global options off the front of argv (they come before the command). */
function splitGlobals(argv: string[]): { globals: ReturnType<typeof parseArgs>; rest: string[] } {
  let i = 0;
  while (i < argv.length && argv[i]!.startsWith('-')) {
    const a = argv[i]!;
    const key = a.replace(/^-+/, '').split('=')[0]!;
    const spec = globalSpecs.find((s) => s.name === key || s.short === key);
    i += spec !== undefined && spec.type !== 'boolean' && !a.includes('=') ? 2 : 1;
  }
  return { globals: parseArgs(argv.slice(0, i), globalSpecs), rest: argv.slice(i) };
}

export async function main(argv: string[]): Promise<number> {
  const out = new Output();
  try {
    const { globals, rest } = splitGlobals(argv);
    if (globals.opts.version === true) {
      return await findCommand(registry.topLevel, 'version')!.run({ opts: {}, positionals: [] }, { root: '', runroot: '' }, out, [], registry.context);
    }
    if (rest.length === 0 || globals.opts.help === true) {
      out.out(mainHelp());
      return rest.length === 0 && globals.opts.help !== true ? 125 : 0;
    }
    let [name, ...args] = rest as [string, ...string[]];
    let cmd: Command | undefined;
    let usagePrefix = name;
    const group = registry.groups.find((g) => g.name === name);
    if (group !== undefined) {
      const sub = args[0];
      if (sub === undefined || sub === '--help' || sub === '-h') {
        out.out([`${group.summary}`, '', 'Commands:', ...group.commands.map((c) => `  ${c.name.padEnd(12)} ${c.summary}`)].join('\n'));
        return sub === undefined ? 125 : 0;
      }
      cmd = findCommand(group.commands, sub);
      usagePrefix = `${name} ${sub}`;
      args = args.slice(1);
      name = sub;
    } else {
      cmd = findCommand(registry.topLevel, name);
    }
    if (cmd === undefined) {
      out.error(`unrecognized command \`podyard ${usagePrefix}\`\nTry 'podyard --help' for more information`);
      return 125;
    }
    if (args.includes('--help') || (args[0] === '-h' && cmd.name !== 'create' && cmd.name !== 'run')) {
      out.out(helpText(cmd.usage, cmd.summary, cmd.specs));
      return 0;
    }
    const parsed = parseArgs(args, cmd.specs, cmd.stopAtPositional === true);
    const envRoots = process.env.PODYARD_ROOT !== undefined && process.env.PODYARD_RUNROOT !== undefined;
    const needDefaults = str(globals, 'root') === undefined && process.env.PODYARD_ROOT === undefined || str(globals, 'runroot') === undefined && process.env.PODYARD_RUNROOT === undefined;
    const defaults = needDefaults && !envRoots ? defaultRoots() : { root: '', runroot: '' };
    const g: Globals = {
      root: str(globals, 'root') ?? process.env.PODYARD_ROOT ?? defaults.root,
      runroot: str(globals, 'runroot') ?? process.env.PODYARD_RUNROOT ?? defaults.runroot,
    };
    const runtime = str(globals, 'runtime') ?? process.env.PODYARD_RUNTIME;
    if (runtime !== undefined) g.runtime = runtime;
    return await cmd.run(parsed, g, out, rest, registry.context);
  } catch (e) {
    if (isPodyardError(e)) {
      const errs = e.details?.errors;
      if (errs !== undefined && Object.keys(errs).length > 0 && e.code === ErrorCode.PartialFailure) {
        for (const [id, msg] of Object.entries(errs)) out.error(`${e.message.split(' ')[0]} container ${id}: ${msg}`);
      } else {
        out.error(e.message);
      }
    } else {
      out.error(e instanceof Error ? e.message : String(e));
    }
    return 125;
  }
}
