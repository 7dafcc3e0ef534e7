#!/usr/bin/env node
/**
 * Generates lifecircle's sample data: a small SYNTHETIC town (not a real place) near Qingyuan,
 * Guangdong, written as OpenStreetMap XML plus a planner's community boundaries and facility list.
 *
 *   data/sample/town.osm             streets, footpaths, steps (a park's, and a stairway that is a
 *                                    short cut), a river with ONE bridge, a walled
 *                                    compound no street enters, a motorway, a disconnected path
 *                                    fragment, residential areas with buildings, facilities
 *   data/sample/communities.geojson  community boundaries (id, name, households)
 *   data/sample/facilities.csv       a planner's facility list in GCJ-02 (as Amap exports it)
 *
 * Deterministic: a seeded PRNG, so running it again gives byte-identical files.
 * Usage: node scripts/make-sample.mjs [outdir]   (default data/sample)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from './prng.mjs';

const OUT = process.argv[2] ?? fileURLToPath(new URL('../data/sample', import.meta.url));
const LON0 = 113.04;
const LAT0 = 23.67;
const KX = 102_010; // metres per degree of longitude at 23.67°N (WGS-84)
const KY = 110_760; // metres per degree of latitude

const rand = mulberry32(20261126);
const jitter = (m) => (rand() - 0.5) * 2 * m;

/** metres east/north of the origin -> [lon, lat] rounded to 7 decimals */
export function lonLat(x, y) {
  return [Math.round((LON0 + x / KX) * 1e7) / 1e7, Math.round((LAT0 + y / KY) * 1e7) / 1e7];
}

const nodes = []; // [id, x, y, tags]
const ways = []; // [id, refs, tags]
const relations = []; // [id, members, tags]
let nextNode = 1;
let nextWay = 1;
let nextRel = 1;
const nodeAt = new Map();

function node(x, y, tags = {}) {
  const key = `${Math.round(x * 10)},${Math.round(y * 10)}`;
  if (!Object.keys(tags).length && nodeAt.has(key)) return nodeAt.get(key);
  const id = nextNode++;
  nodes.push([id, x, y, tags]);
  if (!Object.keys(tags).length) nodeAt.set(key, id);
  return id;
}
function way(points, tags) {
  const refs = points.map((p) => (typeof p === 'number' ? p : node(p[0], p[1])));
  const id = nextWay++;
  ways.push([id, refs, tags]);
  return id;
}
function ring(x0, y0, x1, y1) {
  return [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
    [x0, y0],
  ];
}

// ---------------------------------------------------------------- layout (metres)
// The town spans x 0..3000, y 0..2100. The river runs west-east between y 900 and 1020.
const RIVER_S = 900;
const RIVER_N = 1020;
const BRIDGE_X = 1500;

// street grid south of the river: every 150 m, slightly irregular
const xs = [0, 150, 300, 450, 600, 750, 900, 1050, 1200, 1350, 1500, 1650, 1800, 1950, 2100, 2250, 2400, 2550, 2700];
const ysS = [60, 210, 360, 510, 660, 810];
const ysN = [1110, 1260, 1410, 1560, 1710, 1860, 2010];
const grid = new Map(); // "x,y" -> node id (jittered intersection)
function gnode(x, y) {
  const k = `${x},${y}`;
  if (!grid.has(k)) grid.set(k, node(x + jitter(12), y + jitter(12)));
  return grid.get(k);
}
// walled compound (south side): x 1800..2100, y 210..510 — no street enters it
const inCompound = (x, y) => x > 1800 && x < 2100 && y > 210 && y < 510;
const onCompoundEdge = (x, y) => x >= 1800 && x <= 2100 && y >= 210 && y <= 510;

function streets(ys, side) {
  // east-west streets
  for (const y of ys) {
    let run = [];
    const flush = () => {
      if (run.length >= 2)
        way(run, {
          highway: y === 360 ? 'primary' : 'residential',
          name: y === 360 ? '清远大道' : `${side}${ys.indexOf(y) + 1}路`,
        });
      run = [];
    };
    for (const x of xs) {
      if (onCompoundEdge(x, y) && (inCompound(x, y) || (y > 210 && y < 510))) {
        flush();
        continue;
      }
      run.push(gnode(x, y));
    }
    flush();
  }
  // north-south streets
  for (const x of xs) {
    let run = [];
    const flush = () => {
      if (run.length >= 2)
        way(run, {
          highway: x === BRIDGE_X ? 'secondary' : 'residential',
          name: x === BRIDGE_X ? '北江路' : `${side}${xs.indexOf(x) + 1}街`,
        });
      run = [];
    };
    for (const y of ys) {
      if (inCompound(x, y) || (x > 1800 && x < 2100 && y > 210 && y < 510)) {
        flush();
        continue;
      }
      run.push(gnode(x, y));
    }
    flush();
  }
}
streets(ysS, '南');
streets(ysN, '北');

// the ONLY bridge across the river, continuing 北江路
way([gnode(BRIDGE_X, 810), node(BRIDGE_X, RIVER_S - 5), node(BRIDGE_X, RIVER_N + 5), gnode(BRIDGE_X, 1110)], {
  highway: 'secondary',
  bridge: 'yes',
  layer: '1',
  name: '北江大桥',
});
// the river itself: an area (not walkable), as a multipolygon of its bank outline
const river = way(ring(-200, RIVER_S, 3200, RIVER_N), {});
relations.push([
  nextRel++,
  [['way', river, 'outer']],
  { type: 'multipolygon', natural: 'water', water: 'river', name: '北江' },
]);
// riverside promenades on both banks, not connected to each other except through the bridge streets
way([gnode(0, 810), node(300, 860), node(900, 870), node(1400, 865), gnode(1500, 810)], {
  highway: 'footway',
  name: '南岸步道',
});
way([gnode(0, 1110), node(600, 1065), node(1200, 1070), gnode(1500, 1110)], { highway: 'footway', name: '北岸步道' });

// the walled compound: a wall around it (not walkable), private internal roads not connected
way(ring(1800, 210, 2100, 510), { barrier: 'wall' });
const compound = way(ring(1805, 215, 2095, 505), {
  landuse: 'industrial',
  name: '封闭厂区 (walled compound)',
  access: 'private',
});
void compound;
way(
  [
    [1850, 260],
    [2050, 260],
    [2050, 460],
    [1850, 460],
    [1850, 260],
  ],
  { highway: 'service', access: 'private', name: '厂区内部道路' },
);

// a motorway along the east edge (excluded from the walk network) and a trunk signed motorroad
way(
  [
    [2850, -100],
    [2850, 1000],
    [2850, 2200],
  ],
  { highway: 'motorway', ref: 'G4W', name: '广州—清远高速' },
);
way(
  [
    [2780, -100],
    [2780, 850],
  ],
  { highway: 'trunk', motorroad: 'yes', name: '快速路' },
);
// steps and a footpath through a park (north side), and a pedestrian square
way([gnode(600, 1410), node(650, 1470), node(700, 1530), gnode(750, 1560)], { highway: 'footway', name: '公园步道' });
way([gnode(900, 1260), node(930, 1300), gnode(900, 1410)], { highway: 'steps' });
const sq = [node(1100, 1300), node(1180, 1300), node(1180, 1370), node(1100, 1370)];
way([...sq, sq[0]], { highway: 'pedestrian', area: 'yes', name: '文化广场' });
way([gnode(1050, 1260), sq[0]], { highway: 'footway' });
way([sq[2], gnode(1200, 1410)], { highway: 'footway' });
// a disconnected footpath fragment (3 nodes) north-west, for the minimum-component rule
way(
  [
    [-150, 1900],
    [-120, 1950],
    [-90, 2000],
  ],
  { highway: 'footway', name: '孤立小径' },
);

// ---------------------------------------------------------------- residential areas and buildings
const estates = [
  // name, x0, y0, x1, y1 (metres), gate on which side
  ['平安小区', 150, 60, 450, 360],
  ['东城花园', 600, 510, 900, 810],
  ['维港新城', 1200, 1110, 1500, 1410],
  ['飞来湖苑', 1950, 1560, 2400, 1860],
  ['洲心家园', 300, 1560, 600, 1860],
  ['凤城里', 2250, 660, 2550, 810],
];
for (const [name, x0, y0, x1, y1] of estates) {
  way(ring(x0 + 8, y0 + 8, x1 - 8, y1 - 8), { landuse: 'residential', name });
  // apartment blocks on a regular pattern inside
  for (let x = x0 + 30; x + 40 < x1 - 20; x += 70)
    for (let y = y0 + 30; y + 15 < y1 - 20; y += 50) {
      const levels = 6 + Math.floor(rand() * 20);
      way(ring(x, y, x + 40, y + 15), { building: 'apartments', 'building:levels': String(levels) });
    }
}
// a gate on 平安小区's outline (the estate is reached through it)
nodes.push([nextNode, 300, 68, { barrier: 'gate', name: '平安小区北门' }]);
const gate = nextNode++;
way([gate, gnode(300, 60)], { highway: 'footway' });

// ---------------------------------------------------------------- facilities (OSM)
const fac = (x, y, tags) => node(x, y, tags);
fac(470, 400, { amenity: 'kindergarten', name: '阳光幼儿园' });
fac(1560, 1130, { amenity: 'kindergarten', name: '江北幼儿园' }); // north bank, near the bridge
fac(1020, 520, { amenity: 'clinic', healthcare: 'clinic', name: '东城社区卫生服务站' });
fac(620, 380, { shop: 'supermarket', name: '万家超市' });
fac(1280, 1180, { shop: 'supermarket', name: '华润万家' });
fac(780, 220, { amenity: 'pharmacy', name: '大参林药店' });
fac(330, 230, { amenity: 'community_centre', name: '平安社区综合服务站' });
fac(1380, 1280, { amenity: 'social_facility', 'social_facility:for': 'senior', name: '维港长者服务站' });
fac(930, 680, { amenity: 'parcel_locker', name: '丰巢快递柜' });
fac(2200, 1640, { leisure: 'fitness_station', name: '飞来湖健身点' });
fac(1110, 820, { amenity: 'post_office', name: '东城邮政所' });
fac(450, 1500, { shop: 'hairdresser', name: '美发店' });
// 东城社区 (the centre of the south bank) is well served: two of each daily need
fac(700, 600, { amenity: 'kindergarten', name: '东城幼儿园' });
fac(1000, 760, { amenity: 'kindergarten', name: '东城第二幼儿园' });
fac(760, 700, { amenity: 'community_centre', name: '东城社区综合服务站' });
fac(1010, 610, { amenity: 'community_centre', name: '东城社区服务分站' });
fac(690, 780, { amenity: 'social_facility', 'social_facility:for': 'senior', name: '东城长者服务站' });
fac(980, 560, { amenity: 'social_facility', 'social_facility:for': 'senior', name: '东城日间照料中心' });
fac(700, 520, { amenity: 'clinic', healthcare: 'clinic', name: '东城社区卫生服务站西站' });
fac(840, 800, { amenity: 'parcel_locker', name: '菜鸟驿站' });
fac(640, 650, { amenity: 'parcel_locker', name: '丰巢快递柜西' });
fac(1050, 700, { leisure: 'fitness_station', name: '东城健身点' });
fac(680, 720, { leisure: 'fitness_station', name: '东城健身点西' });
fac(900, 500, { amenity: 'parking', name: '东城停车场', capacity: '80' });
fac(600, 700, { amenity: 'charging_station', name: '充电桩' });
// a park with two gates on its outline
const park = [node(600, 1260), node(900, 1260), node(900, 1410), node(600, 1410)];
nodes.push([nextNode, 750, 1260, { barrier: 'gate', name: '公园南门' }]);
const pg1 = nextNode++;
nodes.push([nextNode, 600, 1335, { entrance: 'main', name: '公园西门' }]);
const pg2 = nextNode++;
way([park[0], pg1, park[1], park[2], park[3], pg2, park[0]], { leisure: 'park', name: '江北公园' });
way([pg1, gnode(750, 1260)], { highway: 'footway' });
way([pg2, gnode(600, 1410)], { highway: 'footway' });
// a stairway (梯道) across a 维港新城 block, corner (1350, 1260) to corner (1200, 1410): the walkers'
// short cut (about 212 m against 300 m round the block) and, for the buildings beside it, the
// nearest way. The wheelchair walker cannot use it and the elderly walker goes round by the
// streets (data/walkers.yaml), so their coverage differs from the default walker's exactly where
// these steps are (test/walkers/walkers.test.ts). Drawn last so every earlier id stays the same.
way([gnode(1350, 1260), node(1300, 1310), node(1250, 1360), gnode(1200, 1410)], { highway: 'steps', name: '维港梯道' });

// ---------------------------------------------------------------- write OSM XML
function esc(s) {
  return String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
const memberXml = ([type, ref, role]) => `\n    <member type="${type}" ref="${ref}" role="${role}"/>`;
const tagXml = (t) =>
  Object.entries(t)
    .map(([k, v]) => `\n    <tag k="${esc(k)}" v="${esc(v)}"/>`)
    .join('');
const lines = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<!-- SYNTHETIC sample town generated by scripts/make-sample.mjs: not a real place. -->',
  '<osm version="0.6" generator="lifecircle make-sample">',
];
const [bx0, by0] = lonLat(-250, -150);
const [bx1, by1] = lonLat(3250, 2250);
lines.push(`  <bounds minlat="${by0}" minlon="${bx0}" maxlat="${by1}" maxlon="${bx1}"/>`);
for (const [id, x, y, tags] of nodes) {
  const [lon, lat] = lonLat(x, y);
  const t = tagXml(tags);
  lines.push(
    t
      ? `  <node id="${id}" version="1" lat="${lat}" lon="${lon}">${t}\n  </node>`
      : `  <node id="${id}" version="1" lat="${lat}" lon="${lon}"/>`,
  );
}
for (const [id, refs, tags] of ways)
  lines.push(
    `  <way id="${id}" version="1">${refs.map((r) => `\n    <nd ref="${r}"/>`).join('')}${tagXml(tags)}\n  </way>`,
  );
for (const [id, members, tags] of relations)
  lines.push(`  <relation id="${id}" version="1">${members.map(memberXml).join('')}${tagXml(tags)}\n  </relation>`);
lines.push('</osm>', '');

// ---------------------------------------------------------------- communities (planner's boundaries)
const community = (id, name, households, x0, y0, x1, y1) => ({
  type: 'Feature',
  properties: { id, name, households },
  geometry: { type: 'Polygon', coordinates: [ring(x0, y0, x1, y1).map(([x, y]) => lonLat(x, y))] },
});
const communities = {
  type: 'FeatureCollection',
  name: 'sample communities (synthetic)',
  features: [
    community('QC-001', '平安社区', 1850, 100, 40, 620, 480),
    community('QC-002', '东城社区', 2300, 560, 480, 1160, 860),
    community('QC-003', '维港社区', 2100, 1160, 1080, 1660, 1440),
    community('QC-004', '飞来湖社区', 1600, 1900, 1520, 2460, 1900),
    community('QC-005', '洲心社区', 1200, 260, 1520, 640, 1900),
    community('QC-006', '凤城社区', 900, 2200, 620, 2600, 860),
  ],
};

// ---------------------------------------------------------------- a planner's facility list (GCJ-02, as Amap exports)
// Converted WGS-84 -> GCJ-02 with the published formula (the same one gcoord implements).
function outOfChina(lon, lat) {
  return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271;
}
function wgsToGcj(lon, lat) {
  if (outOfChina(lon, lat)) return [lon, lat];
  const a = 6378245.0;
  const ee = 0.00669342162296594323;
  const x = lon - 105.0;
  const y = lat - 35.0;
  let dLat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  dLat += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  dLat += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  dLat += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  let dLon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  dLon += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  dLon += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  dLon += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  const radLat = (lat / 180.0) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - ee * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180.0) / (((a * (1 - ee)) / (magic * sqrtMagic)) * Math.PI);
  dLon = (dLon * 180.0) / ((a / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [lon + dLon, lat + dLat];
}
const list = [
  ['F01', '平安社区老年服务站', '老年服务站', 360, 150, 320],
  ['F02', '东城托儿所', '托儿所', 700, 700, 260],
  ['F03', '维港社区卫生服务站', '社区卫生服务站', 1450, 1200, 150],
  ['F04', '飞来湖社区综合服务站', '社区综合服务站', 2150, 1700, 820],
  ['F05', '洲心社区幼儿园', '幼儿园', 420, 1720, 2400],
  ['F06', '凤城快递驿站', '快递点', 2300, 760, 40],
  ['F07', '东城洗衣店', '洗衣店', 820, 560, 60],
  ['F08', '江北社区食堂', '社区食堂', 1300, 1350, 200],
];
const csv = ['编号,名称,类型,经度,纬度,建筑面积'];
for (const [id, name, type, x, y, area] of list) {
  const [lon, lat] = wgsToGcj(...lonLat(x, y));
  csv.push(`${id},${name},${type},${lon.toFixed(6)},${lat.toFixed(6)},${area}`);
}

mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, 'town.osm'), lines.join('\n'));
writeFileSync(join(OUT, 'communities.geojson'), `${JSON.stringify(communities, null, 1)}\n`);
// UTF-8 with BOM, as Excel writes "CSV UTF-8"
writeFileSync(join(OUT, 'facilities.csv'), `\uFEFF${csv.join('\r\n')}\r\n`);
process.stderr.write(
  `sample town: ${nodes.length} nodes, ${ways.length} ways, ${relations.length} relations -> ${OUT}\n`,
);
