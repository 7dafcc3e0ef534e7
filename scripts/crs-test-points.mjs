// The test points of a CRS definition, shared by test/inputs/crs.test.ts and scripts/check-crs-table.mjs.
/**
 * Two WGS-84 test points inside the CRS's zone: [lon, lat]. Latitudes 25° and 30° N keep clear of the
 * Tarim and Ordos basins, where PROJ applies regional Beijing 1954 → WGS 84 shifts that lifecircle
 * does not (documented: Beijing 1954 / Xi'an 1980 are converted without a datum shift).
 *
 * @param {string} proj4
 * @returns {[number, number][]}
 */
export function testPoints(proj4) {
  const lon0 = Number(/\+lon_0=(-?[\d.]+)/.exec(proj4)?.[1] ?? Number.NaN);
  const zone = /\+zone=(\d+)/.exec(proj4);
  if (zone) {
    const cm = -183 + 6 * Number(zone[1]);
    return proj4.includes('+south')
      ? [
          [cm + 1.1, -30.2],
          [cm - 2.3, -12.5],
        ]
      : [
          [cm + 1.1, 30.2],
          [cm - 2.3, 12.5],
        ];
  }
  if (proj4.includes('+proj=merc'))
    return [
      [113.05, 23.68],
      [116.32, 40.0],
    ];
  if (proj4.includes('+proj=longlat'))
    return [
      [110.5, 30.25],
      [116.32, 40.0],
    ];
  return [
    [lon0 + 0.7, 30.2],
    [lon0 - 1.2, 25.1],
  ];
}
