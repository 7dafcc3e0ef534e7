/**
 * `walkers: [default, elderly, wheelchair]` in a job: the job once per walker, each into its own
 * folder (<output>/<walker>/, every output as a single-walker run writes it), then walkers.csv at
 * <output>: one row per community × category with each walker's share within the distance and
 * verdict side by side, and the barrier-free share (the wheelchair walker's) when it is one of them.
 */
import { join } from 'node:path';
import type { Job } from '../coverage/job.js';
import { type JobReporter, type JobResult, runJob } from '../coverage/run-job.js';
import { OutputSet } from '../io/atomic.js';
import { csvFiles } from '../outputs/csv.js';
import { type DatasetSpec, materialize } from '../outputs/schema.js';
import { r3, VERDICT, verdict } from '../outputs/tables/labels.js';
import { inLang } from '../profiles/types.js';
import { InputError } from '../util/errors.js';
import { walkerByName } from './walkers.js';

interface Row {
  k: number;
  ci: number;
}

export async function runWalkers(
  job: Job,
  rep: JobReporter,
): Promise<{ results: Map<string, JobResult>; files: string[] }> {
  const names = job.walkers ?? [];
  for (const w of names) walkerByName(w, `${job.from}: walkers`);
  if (new Set(names).size !== names.length) throw new InputError(`${job.from}: walkers lists a walker twice`);
  const results = new Map<string, JobResult>();
  for (const w of names) {
    rep.stageDone('walker', `${w} → ${join(job.output, w)}`);
    results.set(w, await runJob({ ...job, walker: w, walkers: null, output: join(job.output, w) }, rep));
  }
  const first = results.get(names[0]) as JobResult;
  const cats = first.profile.categories;
  const rows: Row[] = [];
  first.result.communities.forEach((_, k) => {
    cats.forEach((_c, ci) => {
      rows.push({ k, ci });
    });
  });
  const get = (w: string, r: Row) => (results.get(w) as JobResult).result.communities[r.k].categories[r.ci];
  const spec: DatasetSpec<Row> = {
    name: 'walkers',
    zh: '不同步行者对比',
    en: 'walkers side by side',
    fields: [
      {
        key: 'community_id',
        zh: '社区编号',
        en: 'community_id',
        type: 'text',
        get: (r) => first.result.communities[r.k].community.id,
      },
      {
        key: 'community_name',
        zh: '社区名称',
        en: 'community_name',
        type: 'text',
        get: (r) => first.result.communities[r.k].community.name,
      },
      { key: 'category', zh: '设施类别代码', en: 'category', type: 'text', get: (r) => cats[r.ci].id },
      { key: 'category_name', zh: '设施类别', en: 'category_name', type: 'text', get: (r, l) => inLang(cats[r.ci], l) },
      { key: 'required', zh: '必配', en: 'required', type: 'boolean', get: (r) => cats[r.ci].required },
      {
        key: 'threshold_m',
        zh: '步行距离标准(米)',
        en: 'threshold_m',
        type: 'integer',
        get: (r) => cats[r.ci].threshold_m,
      },
      ...names.flatMap((w) => {
        const wk = walkerByName(w);
        return [
          {
            key: `share_${w}`,
            zh: `达标比例_${wk.zh}`,
            en: `share_${w}`,
            type: 'real' as const,
            get: (r: Row) => r3(get(w, r).share),
          },
          {
            key: `result_${w}`,
            zh: `评估结果_${wk.zh}`,
            en: `result_${w}`,
            type: 'label' as const,
            labels: VERDICT,
            get: (r: Row) => verdict(get(w, r).pass),
          },
        ];
      }),
      ...(names.includes('wheelchair')
        ? [
            {
              key: 'barrier_free_share',
              zh: '无障碍路线可达比例',
              en: 'barrier_free_share',
              type: 'real' as const,
              get: (r: Row) => r3(get('wheelchair', r).share),
            },
          ]
        : []),
    ],
  };
  const ds = materialize(spec, rows, job.lang);
  const out = new OutputSet(job.output);
  const files = csvFiles(ds, job.lang);
  for (const f of files) out.stage(join(job.output, f.name), f.data);
  return { results, files: out.commit() };
}
