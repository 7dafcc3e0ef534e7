import { Option, type Command } from 'commander';
import type { formatSelectors as FormatSelectors } from '../../profiles/selectors.js';

// loaded with the action (yaml and the profile code are not needed to show --help)
let formatSelectors: typeof FormatSelectors;
import { inLang, type Lang, type Profile } from '../../profiles/types.js';
import { c, ui } from '../ui.js';

/** Columns a character takes in a terminal: CJK and full-width forms take two. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    const wide =
      (cp >= 0x1100 && cp <= 0x115f) ||
      (cp >= 0x2e80 && cp <= 0xa4cf) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xfe30 && cp <= 0xfe4f) ||
      (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6) ||
      (cp >= 0x20000 && cp <= 0x3fffd);
    w += wide ? 2 : 1;
  }
  return w;
}

function pad(s: string, n: number): string {
  return s + ' '.repeat(Math.max(0, n - width(s)));
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]))));
  const line = (r: string[]) =>
    r
      .map((v, i) => (i === r.length - 1 ? v : pad(v, widths[i])))
      .join('  ')
      .trimEnd();
  return [c.bold(line(header)), ...rows.map(line)];
}

const L = {
  zh: {
    id: 'id',
    name: '名称',
    tier: '层级',
    threshold: '距离(米)',
    req: '配置',
    verified: '已核实',
    osm: 'OSM 标签',
    required: '必配',
    recommended: '宜配',
    yes: '是',
    no: '否',
    categories: '类别数',
    file: '文件',
  },
  en: {
    id: 'id',
    name: 'name',
    tier: 'tier',
    threshold: 'metres',
    req: 'provision',
    verified: 'verified',
    osm: 'OSM tags',
    required: 'required',
    recommended: 'recommended',
    yes: 'yes',
    no: 'no',
    categories: 'categories',
    file: 'file',
  },
} as const;

function printProfile(p: Profile, lang: Lang): void {
  const t = L[lang];
  const out: string[] = [];
  out.push(c.bold(`${p.id}  ${inLang(p.name, lang)}`));
  const src = [inLang(p.source, lang), p.source.document, p.source.issued].filter(Boolean).join(', ');
  out.push(c.dim(`  ${src}`));
  out.push(c.dim(`  ${p.file}`));
  out.push('');
  for (const tier of p.tiers) {
    const flag = tier.verified === false ? c.yellow(lang === 'zh' ? '  (未核实)' : '  (unverified)') : '';
    out.push(`  ${pad(tier.id, 7)} ${pad(inLang(tier, lang), 22)} ${String(tier.threshold_m).padStart(5)} m${flag}`);
  }
  out.push('');
  const rows = p.categories.map((cat) => [
    cat.id,
    inLang(cat, lang),
    cat.tier,
    String(cat.threshold_m),
    cat.required ? t.required : t.recommended,
    cat.verified ? t.yes : t.no,
    formatSelectors(cat.osm),
  ]);
  out.push(...table([t.id, t.name, t.tier, t.threshold, t.req, t.verified, t.osm], rows));
  const unverified = p.categories.filter((x) => !x.verified).length;
  out.push('');
  out.push(
    c.dim(
      lang === 'zh'
        ? `${p.categories.length} 类设施，其中 ${unverified} 类的数字未与标准原文核对（verified: 否），` +
            '见各类的 note 与 docs/profiles.md。距离沿步行网络量测。'
        : `${p.categories.length} categories; the figures of ${unverified} are not checked against ` +
            `the standard's text (verified: no), see each category's note and docs/profiles.md. ` +
            `Distances are along the walking network.`,
    ),
  );
  if (p.notes) out.push('', inLang(p.notes, lang));
  process.stdout.write(`${out.join('\n')}\n`);
}

export function registerProfiles(program: Command): void {
  program
    .command('profiles')
    .description(
      "List the standards profiles (facility catalogs), or show one profile's facility " +
        'categories: walking threshold, required or recommended, whether the figure is verified, ' +
        'and the OSM tags that find it',
    )
    .argument(
      '[name]',
      'a built-in profile (e.g. complete-community-2020, gb50180-2018) or the path to your own .yaml profile',
    )
    .option('--json', 'print JSON on stdout instead of a table')
    .addOption(new Option('--lang <lang>', 'language of names and notes').choices(['zh', 'en']).default('zh'))
    .addHelpText(
      'after',
      '\nExamples:\n  $ lifecircle profiles\n  $ lifecircle profiles complete-community-2020 ' +
        '--lang en\n  $ lifecircle profiles ./my-city.yaml --json\n\nA profile is a YAML file; see ' +
        'docs/profiles.md to write your own.',
    )
    .action(async (name: string | undefined, o: { json?: boolean; lang: Lang }) => {
      const [{ listProfiles, loadProfile }, sel] = await Promise.all([
        import('../../profiles/load-profile.js'),
        import('../../profiles/selectors.js'),
      ]);
      formatSelectors = sel.formatSelectors;
      if (name === undefined) {
        const list = listProfiles();
        if (o.json) {
          ui.json(list);
          return;
        }
        const t = L[o.lang];
        const rows = list.map((l) => [
          l.id,
          inLang(l.name, o.lang),
          String(loadProfile(l.id).categories.length),
          l.file,
        ]);
        const out = table([t.id, t.name, t.categories, t.file], rows);
        out.push(
          '',
          c.dim(o.lang === 'zh' ? '查看某个配置：lifecircle profiles <名称>' : 'Show one: lifecircle profiles <name>'),
        );
        process.stdout.write(`${out.join('\n')}\n`);
        return;
      }
      const p = loadProfile(name);
      if (o.json) {
        ui.json(p);
        return;
      }
      printProfile(p, o.lang);
    });
}
