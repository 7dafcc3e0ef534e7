/**
 * The city suggest job's inputs as `node bench/suggest-inprocess.mjs dump` left them, loaded the same
 * way for the in-process suggest benches (suggest-inprocess, suggest-lists, suggest-mclp): the dump
 * (results the siting reads, the profile, the job), the cached walking network with its walk graph,
 * the communities. The dist modules load when `loadSuggestDump` is called, after the caller has set
 * any environment they read (LIFECIRCLE_TIMING).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { deserialize } from 'node:v8';

export const R = new URL('../dist', import.meta.url).pathname;
export const CITY = `${process.env.BENCH_DIR ?? '/tmp/lifecircle-bench'}/city`;
export const DUMP = `${CITY}/suggest-inputs.v8`;

/** this process's CPU time in ms (all threads) */
export const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

export async function loadSuggestDump() {
  if (!existsSync(DUMP)) throw new Error(`${DUMP} missing: node bench/suggest-inprocess.mjs dump`);
  const { loadNetworkFile } = await import(`${R}/network/network-file.js`);
  const { readCommunities } = await import(`${R}/coverage/communities.js`);
  const { walkGraph } = await import(`${R}/route/walk-graph.js`);
  const d = deserialize(readFileSync(DUMP));
  const dir = `${CITY}/output-siting/.lifecircle-cache`;
  const net = loadNetworkFile(`${dir}/${readdirSync(dir).find((x) => x.endsWith('.lcnet'))}`);
  const { communities } = await readCommunities(d.job.communities);
  walkGraph(net);
  const snap = { maxSnapM: d.job.maxSnapM, minComponent: d.job.minComponent };
  // the suggest options as the job passes them to suggestSites (siting/run-suggest.ts)
  const { categories, k, scope } = d.job.suggest;
  const options = { categories, k, scope, passShare: d.job.passShare };
  return { d, net, communities, snap, options, coverage: { communities: d.communities } };
}
