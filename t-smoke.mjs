import { readInput } from './dist/inputs/read.js';
for (const f of process.argv.slice(2)) {
  const [file, crs] = f.split('@');
  try {
    const l = await readInput({ file, crs, what: 'communities' });
    console.log(file, l.format, l.crs.label, l.crsSource, l.encoding, l.features.length, JSON.stringify(l.features[0].properties), JSON.stringify(l.features[0].geometry.coordinates[0][0]), l.warnings, l.skipped);
  } catch (e) { console.log('ERR', e.constructor.name, e.message); }
}
