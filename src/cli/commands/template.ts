import type { Command } from 'commander';
import { DEFAULT_LANG, DEFAULT_PROFILE } from '../../params/parameters.js';
import type { Lang } from '../../profiles/types.js';
import { InputError } from '../../util/errors.js';
import { parseLang } from '../options.js';
import { ui } from '../ui.js';

export function registerTemplate(program: Command): void {
  program
    .command('template')
    .description(
      'A facility-list CSV template for categories with no data: the columns lifecircle reads, one row per ' +
        'category with its name filled in; add the filled-in file to a job as a facility list',
    )
    .argument('<category...>', 'category ids or names of the profile (e.g. elderly_service_station 社区卫生服务站)')
    .option('--profile <name-or-file>', 'standards profile', DEFAULT_PROFILE)
    .option('--lang <zh|en>', 'language of the header and category names', parseLang, DEFAULT_LANG)
    .option('-o, --output <file.csv>', 'file to write (default: the CSV on stdout)')
    .addHelpText(
      'after',
      '\nExample:\n  $ lifecircle template elderly_service_station housekeeping -o 待补充设施.csv\n' +
        '  then fill in names and coordinates and run the job with  facilities: [{ file: 待补充设施.csv, crs: gcj02 }]',
    )
    .action(async (names: string[], o: { profile: string; lang: Lang; output?: string }) => {
      const [{ loadProfile }, { resolveCategory }, { listTemplateCsv, templateHint }, { checkWritable, OutputSet }] =
        await Promise.all([
          import('../../profiles/load-profile.js'),
          import('../../profiles/names.js'),
          import('../../facilities/template.js'),
          import('../../io/atomic.js'),
        ]);
      const profile = loadProfile(o.profile);
      const cats = names.map((n) => {
        const id = resolveCategory(profile, n);
        if (!id)
          throw new InputError(
            `'${n}' is not a category of profile ${profile.id} (categories: ${profile.categories.map((c) => c.id).join(', ')})`,
          );
        return profile.categories.find((c) => c.id === id)!;
      });
      const text = listTemplateCsv(cats, o.lang);
      if (!o.output) {
        process.stdout.write(text);
        return;
      }
      checkWritable(o.output);
      const out = new OutputSet();
      out.stage(o.output, text);
      out.commit();
      ui.ok(`${o.output}: ${cats.length} ${cats.length === 1 ? 'category' : 'categories'}`);
      ui.info(templateHint(o.output, o.lang));
    });
}
