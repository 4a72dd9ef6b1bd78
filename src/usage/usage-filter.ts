import { roleMatches } from '../normalize/principal.js';
import type { TrailEvent } from '../normalize/trail-event.js';

/** Which events count. Every field is optional; an empty filter takes everything. */
export interface UsageFilter {
  /** Role ARNs or role names. */
  readonly roles?: readonly string[];
  /** Function (session) names. */
  readonly functions?: readonly string[];
  /** Inclusive lower bound, epoch ms. */
  readonly sinceMs?: number;
  /** Exclusive upper bound, epoch ms. */
  readonly untilMs?: number;
}

export function inWindow(timeMs: number, filter: UsageFilter): boolean {
  if (filter.sinceMs !== undefined && timeMs < filter.sinceMs) return false;
  if (filter.untilMs !== undefined && timeMs >= filter.untilMs) return false;
  return true;
}

export function principalSelected(event: TrailEvent, filter: UsageFilter): boolean {
  if (filter.roles && filter.roles.length > 0) {
    if (event.principal.type !== 'role') return false;
    if (!filter.roles.some((r) => roleMatches(r, event.principal.arn))) return false;
  }
  if (filter.functions && filter.functions.length > 0) {
    const session = event.principal.sessionName;
    if (!session || !filter.functions.includes(session)) return false;
  }
  return true;
}
