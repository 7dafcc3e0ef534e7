/** Facility lists from planners (CSV, XLSX, GeoJSON; WGS-84, GCJ-02, BD-09): the public API. */
export { readFacilityList, rowLabel } from './facility-list.js';
export { parseColumnsOption, detectColumns, type DetectedColumns } from './columns.js';
export { parseCrs, toWgs84, fromWgs84, inChina, CHINA_BBOX } from './china-crs.js';
export { detectCrsOffset, crsOffsetWarning, type DistanceReference, type CrsOffsetSuspicion } from './crs-offset.js';
export { decodeText, type DecodedText } from './text-encoding.js';
export type {
  ColumnField,
  ColumnMapping,
  Crs,
  FacilityList,
  FacilityRow,
  ListFormat,
  ReadFacilityOptions,
  SkippedRow,
  TextEncoding,
} from './types.js';
