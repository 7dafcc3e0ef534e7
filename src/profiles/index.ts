/** Standards profiles (facility catalogs): loading, OSM tag matching and category names. */
export type {
  Bilingual,
  Category,
  Lang,
  OsmSelector,
  OsmTags,
  Profile,
  ProfileListing,
  ProfileSource,
  TagCondition,
  Tier,
} from './types.js';
export { inLang } from './types.js';
export { builtinProfileNames, listProfiles, loadProfile, withThresholdOverrides } from './load-profile.js';
export { parseProfile } from './validate.js';
export {
  compileProfileMatcher,
  compileSelectors,
  formatSelector,
  formatSelectors,
  matchCategories,
  selectorKeys,
} from './selectors.js';
export { categoryNames, normalizeName, resolveCategory } from './names.js';
