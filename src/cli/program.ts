/** The `lifecircle` command line: a thin layer over the pipeline stages (commands in commands/). */
import { Command, CommanderError } from 'commander';
import { cleanUpAfterFailure } from '../io/atomic.js';
import { LifecircleError, oneLine } from '../util/errors.js';
import { markLoaded } from '../util/timing.js';
import { VERSION } from '../util/version.js';
import { registerCoverage } from './commands/coverage.js';
import { registerFacilities } from './commands/facilities.js';
import { registerInspect } from './commands/inspect.js';
import { registerMerge } from './commands/merge.js';
import { registerNetwork } from './commands/network.js';
import { registerIsochrones } from './commands/isochrones.js';
import { registerPrepare } from './commands/prepare.js';
import { registerProfiles } from './commands/profiles.js';
import { registerRoute } from './commands/route.js';
import { registerSuggest } from './commands/suggest.js';
import { registerTemplate } from './commands/template.js';
import { ui } from './ui.js';

export function buildProgram(): Command {
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
  registerPrepare(program);
  registerInspect(program);
  registerNetwork(program);
  registerIsochrones(program);
  registerRoute(program);
  registerProfiles(program);
  registerFacilities(program);
  registerCoverage(program);
  registerSuggest(program);
  registerMerge(program);
  registerTemplate(program);
  program.addHelpText('after', '\nExit codes: 0 ok, 1 the analysis could not complete, 2 bad input or usage.');
  return program;
}

export async function runCommand(argv: string[]): Promise<number> {
  const program = buildProgram();
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
