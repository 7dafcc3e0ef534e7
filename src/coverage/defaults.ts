/** Defaults of a coverage job (kept apart from the job code so the CLI can show them cheaply). */
import type { Lang } from '../profiles/types.js';

export const JOB_DEFAULTS = {
  profile: 'complete-community-2020',
  lang: 'zh' as Lang,
  passShare: 0.9,
  bands: '300,500,1000m',
  speed: '4km/h',
  corridorM: 50,
  resolutionM: 10,
  maxSnapM: 200,
  minComponent: 50,
  clipMarginM: 1000,
};
