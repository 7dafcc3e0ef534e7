/**
 * Reading numbers out of cells typed by people: full-width digits (NFKC folds them), decimal commas
 * from European-locale Excel, degree-minute-second from bureau rosters (121°27′53.9″E), and floor
 * areas with their unit (1,200㎡, 0.8万平方米).
 */

/** Decimal degrees, or null when the cell is not a coordinate. W and S make it negative. */
export function parseDegrees(cell: string): number | null {
  let s = cell.normalize('NFKC').trim();
  if (s === '') return null;
  let sign = 1;
  const hemi = /^([NSEW]|东经|西经|北纬|南纬)\s*|\s*([NSEW]|东经|西经|北纬|南纬)$/i.exec(s);
  if (hemi) {
    const h = (hemi[1] ?? hemi[2]).toUpperCase();
    if (h === 'W' || h === 'S' || h === '西经' || h === '南纬') sign = -1;
    s = s.slice(0, hemi.index) + s.slice(hemi.index + hemi[0].length);
  }
  let m = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?\s*[°度]?$/i.exec(s);
  if (m) return sign * Number.parseFloat(s);
  m = /^([+-]?\d+),(\d+)$/.exec(s); // decimal comma: "121,4657"
  if (m) return sign * Number(`${m[1]}.${m[2]}`);
  m =
    /^([+-]?)(\d+(?:\.\d+)?)\s*[°度]\s*(?:(\d+(?:\.\d+)?)\s*['′’分]\s*)?(?:(\d+(?:\.\d+)?)\s*(?:["″”]|''|′′|秒)\s*)?$/.exec(
      s,
    );
  if (m) {
    const v = Number(m[2]) + Number(m[3] ?? 0) / 60 + Number(m[4] ?? 0) / 3600;
    return sign * (m[1] === '-' ? -v : v);
  }
  return null;
}

/** Amap's `location` cell, "lng,lat" (also with a full-width comma, a semicolon or a space). */
export function parseLocation(cell: string): [number, number] | null {
  const parts = cell
    .normalize('NFKC')
    .trim()
    .split(/\s*[,;]\s*|\s+/);
  if (parts.length !== 2) return null;
  const a = parseDegrees(parts[0]);
  const b = parseDegrees(parts[1]);
  return a === null || b === null ? null : [a, b];
}

/**
 * Floor area in m². `unitFactor` comes from the header (建筑面积(万㎡) → 10 000). Returns null
 * for text that is not an area, so the caller can warn instead of guessing.
 */
export function parseArea(cell: string, unitFactor = 1): number | null {
  let s = cell.normalize('NFKC').trim().toLowerCase();
  if (s === '') return null;
  let factor = unitFactor;
  const unit = /\s*(万)?\s*(m2|m²|平方米|平米|sqm|square metres|square meters)?$/.exec(s);
  if (unit && unit[0] !== '') {
    if (unit[1]) factor = 10000;
    s = s.slice(0, unit.index);
  }
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(s)) return null;
  return Number(s) * factor;
}
