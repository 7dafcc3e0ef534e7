/**
 * An independent OPL -> Overpass JSON converter (osmium writes OPL), so the Overpass JSON reader
 * is tested on data that did not pass through our own readers.
 */
const unesc = (s: string) => s.replace(/%([0-9a-fA-F]+)%/g, (_, h: string) => String.fromCodePoint(parseInt(h, 16)));

function tags(t: string): Record<string, string> | undefined {
  if (!t) return undefined;
  const out: Record<string, string> = {};
  for (const kv of t.split(',')) {
    const i = kv.indexOf('=');
    out[unesc(kv.slice(0, i))] = unesc(kv.slice(i + 1));
  }
  return out;
}

export function oplToOverpass(opl: string): { elements: unknown[] } {
  const elements: unknown[] = [];
  for (const line of opl.split('\n')) {
    if (!line) continue;
    const fields = line.split(' ');
    const kind = fields[0][0];
    const id = Number(fields[0].slice(1));
    const f: Record<string, string> = {};
    for (const x of fields.slice(1)) f[x[0]] = x.slice(1);
    const t = tags(f.T);
    if (kind === 'n')
      elements.push({ type: 'node', id, lat: Number(f.y), lon: Number(f.x), ...(t ? { tags: t } : {}) });
    else if (kind === 'w')
      elements.push({
        type: 'way',
        id,
        nodes: f.N ? f.N.split(',').map((r) => Number(r.slice(1))) : [],
        ...(t ? { tags: t } : {}),
      });
    else if (kind === 'r') {
      const members = f.M
        ? f.M.split(',').map((m) => {
            const at = m.indexOf('@');
            return {
              type: { n: 'node', w: 'way', r: 'relation' }[m[0]],
              ref: Number(m.slice(1, at)),
              role: unesc(m.slice(at + 1)),
            };
          })
        : [];
      elements.push({ type: 'relation', id, members, ...(t ? { tags: t } : {}) });
    }
  }
  return { elements };
}
