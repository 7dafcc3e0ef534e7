/** The `lifecircle` command line: a thin layer over the pipeline stages (commands in commands/). */
import { Command, CommanderError } from 'commander';
import { cleanUpAfterFailure } from '../io/atomic.js';
import { LifecircleError, oneLine } from '../util/errors.js';
import { markLoaded } from '../util/timing.js';
import { VERSION } from '../util/version.js';
import { ui } from './ui.js';

type Register = (program: Command) => void;
/**
 * Each command's module in help order, loaded only when needed: a run loads the one it names (its
 * options and their helpers), the full list only for help, a usage error or an unknown command.
 */
const COMMANDS: [names: string[], load: () => Promise<Register>][] = [
  [['prepare'], async () => (await import('./commands/prepare.js')).registerPrepare],
  [['inspect'], async () => (await import('./commands/inspect.js')).registerInspect],
  [['network'], async () => (await import('./commands/network.js')).registerNetwork],
  [['isochrones'], async () => (await import('./commands/isochrones.js')).registerIsochrones],
  [['route'], async () => (await import('./commands/route.js')).registerRoute],
  [['profiles'], async () => (await import('./commands/profiles.js')).registerProfiles],
  [['facilities'], async () => (await import('./commands/facilities.js')).registerFacilities],
  [['coverage', 'run'], async () => (await import('./commands/coverage.js')).registerCoverage],
  [['suggest'], async () => (await import('./commands/suggest.js')).registerSuggest],
  [['merge'], async () => (await import('./commands/merge.js')).registerMerge],
  [['template'], async () => (await import('./commands/template.js')).registerTemplate],
];

/** the program with every command, or with only the one `argv` names (argv[2]: node, script, command) */
export async function buildProgram(argv?: string[]): Promise<Command> {
  const program = new Command();
  program
    .name('lifecircle')
    .description(
      'Walking life-circle (生活圈) accessibility from OpenStreetMap: which everyday facilities ' +
        'residents reach on foot within 5, 10 and 15 minutes, community by community.\nAll outputs ' +
        'carry: © OpenStreetMap contributors (ODbL).',
    )
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .hook('preAction', () => markLoaded());
  const named = argv?.[2];
  const one = COMMANDS.filter(([names]) => named !== undefined && names.includes(named));
  const registers = await Promise.all((one.length ? one : COMMANDS).map(([, load]) => load()));
  for (const register of registers) register(program);
  program.addHelpText('after', '\nExit codes: 0 ok, 1 the analysis could not complete, 2 bad input or usage.');
  return program;
}

export async function runCommand(argv: string[]): Promise<number> {
  const program = await buildProgram(argv);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (e) {
    cleanUpAfterFailure();
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help')
        return 0;
      return 2; // commander has printed the usage error
    }
    if (e instanceof LifecircleError) {
      ui.error(e.message);
      return e.exitCode;
    }
    ui.error(`unexpected failure: ${oneLine((e as Error).stack ?? String(e), 1000)}`);
    return 1;
  }
}
