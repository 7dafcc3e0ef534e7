/** The order communities are listed in (terminal summary, report): worst first. */
import type { CategoryOutcome, CommunityOutcome, CoverageResult } from './analysis.js';

export function summaryOrder(res: CoverageResult): CommunityOutcome[] {
  const beyond = (c: CommunityOutcome) =>
    c.categories.filter((o) => o.category.required).reduce((s, o: CategoryOutcome) => s + (1 - o.share), 0);
  return [...res.communities].sort(
    (a, b) =>
      (a.status === b.status ? 0 : a.status === 'ok' ? 1 : -1) ||
      a.requiredMet / Math.max(1, a.requiredTotal) - b.requiredMet / Math.max(1, b.requiredTotal) ||
      beyond(b) - beyond(a) ||
      (a.community.id < b.community.id ? -1 : 1),
  );
}
