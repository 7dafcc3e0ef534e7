#!/usr/bin/env node
/**
 * Share of the rows of the real Shanghai Amap POI lists (../shared/data/real/cn-shanghai-amap-poi)
 * that map to a category of each built-in profile, per file, and the rows per category.
 * Run after `npm run build`: node scripts/amap-mapping-share.mjs [--json]. (The "before" figures in
 * docs/facility-lists.md were measured at commit 7a29894, where one row gave at most one facility.)
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const dir = resolve(root, '../shared/data/real/cn-shanghai-amap-poi');
if (!existsSync(dir)) {
  console.error(`notice: ${dir} is absent; nothing to measure`);
  process.exit(0);
}
const { listFacilities } = await import(join(root, 'dist/facilities/list-facilities.js'));
const { loadProfile } = await import(join(root, 'dist/profiles/load-profile.js'));
const out = [];
for (const profileId of ['complete-community-2020', 'gb50180-2018']) {
  const profile = loadProfile(profileId);
  for (const f of readdirSync(dir)
    .filter((x) => x.endsWith('.csv'))
    .sort()) {
    const r = await listFacilities({ path: join(dir, f), crs: 'wgs84' }, profile);
    const rows = r.list.rows.length;
    const perCategory = {};
    for (const x of r.facilities) perCategory[x.category] = (perCategory[x.category] ?? 0) + 1;
    const unmapped = Object.entries(r.unknownCategories).sort((a, b) => b[1] - a[1]);
    out.push({
      profile: profileId,
      file: f,
      rows,
      mapped: r.mappedRows,
      share: r.mappedRows / rows,
      perCategory,
      topUnmapped: unmapped.slice(0, 3),
    });
  }
}
if (process.argv.includes('--json')) console.log(JSON.stringify(out, null, 2));
else
  for (const o of out)
    console.log(
      `${o.profile.padEnd(24)} ${o.file.padEnd(20)} ${String(o.mapped).padStart(5)}/${String(o.rows).padEnd(5)} ${(o.share * 100).toFixed(1).padStart(5)} %  ` +
        `${Object.entries(o.perCategory)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`,
    );
