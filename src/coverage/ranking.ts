/** The order communities are listed in (terminal summary, report): worst first. */
import type { CommunityOutcome, CoverageResult } from './analysis.js';

/** no network first, then the lowest coverage index (assess.ts), then the fewest required met, then id */
export function summaryOrder(res: CoverageResult): CommunityOutcome[] {
  const index = (c: CommunityOutcome) => c.coverageIndex ?? -1;
  return [...res.communities].sort(
    (a, b) =>
      (a.status === b.status ? 0 : a.status === 'ok' ? 1 : -1) ||
      index(a) - index(b) ||
      a.requiredMet - b.requiredMet ||
      (a.community.id < b.community.id ? -1 : 1),
  );
}
