/**
 * Field numbers of the OSM PBF messages (fileformat.proto and osmformat.proto, see
 * https://wiki.openstreetmap.org/wiki/PBF_Format), named as in the .proto files so the decoder
 * reads like the format it decodes. `WIRE_*` are protobuf wire types.
 */
export const WIRE_VARINT = 0;
export const WIRE_BYTES = 2;

/** fileformat.proto: BlobHeader */
export const BlobHeader = { type: 1, indexdata: 2, datasize: 3 } as const;
/** fileformat.proto: Blob (one of the data fields is set) */
export const Blob = {
  raw: 1,
  raw_size: 2,
  zlib_data: 3,
  lzma_data: 4,
  OBSOLETE_bzip2_data: 5,
  lz4_data: 6,
  zstd_data: 7,
} as const;

/** osmformat.proto: HeaderBlock and HeaderBBox */
export const HeaderBlock = {
  bbox: 1,
  required_features: 4,
  optional_features: 5,
  writingprogram: 16,
  source: 17,
} as const;
export const HeaderBBox = { left: 1, right: 2, top: 3, bottom: 4 } as const;

/** osmformat.proto: PrimitiveBlock, StringTable, PrimitiveGroup */
export const PrimitiveBlock = {
  stringtable: 1,
  primitivegroup: 2,
  granularity: 17,
  lat_offset: 19,
  lon_offset: 20,
  date_granularity: 18,
} as const;
export const StringTable = { s: 1 } as const;
export const PrimitiveGroup = { nodes: 1, dense: 2, ways: 3, relations: 4, changesets: 5 } as const;

/** osmformat.proto: Node, DenseNodes, Way, Relation */
export const Node = { id: 1, keys: 2, vals: 3, info: 4, lat: 8, lon: 9 } as const;
export const DenseNodes = { id: 1, denseinfo: 5, lat: 8, lon: 9, keys_vals: 10 } as const;
export const Way = { id: 1, keys: 2, vals: 3, info: 4, refs: 8, lat: 9, lon: 10 } as const;
export const Relation = { id: 1, keys: 2, vals: 3, info: 4, roles_sid: 8, memids: 9, types: 10 } as const;
