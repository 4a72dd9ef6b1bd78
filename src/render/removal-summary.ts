import type { Decision } from '../synthesize/decision.js';
import { byName, decisionsOf } from './group-decisions.js';
import { md, mdCode } from './markdown-escape.js';
import type { StatementEdit, WildcardEdit } from './patch-edits.js';
import { wrapText } from './wrap-text.js';

/** Removed actions of one service, with the wildcards of that service the patch writes out. */
export interface ServiceRemoval {
  readonly service: string;
  /** Distinct actions removed (an action removed from two statements counts once). */
  readonly removed: number;
  readonly wildcards: readonly WildcardEdit[];
}

/**
 * Removed actions counted by service, services sorted. A wildcard (`logs:*`) counts under its
 * service; one with no service (`*`, `*Get*`) under `*`. The wildcards come from the edit, so
 * "narrowed to 3" is what the diff shows.
 */
export function summarizeRemovals(
  decisions: readonly Decision[],
  edits: readonly StatementEdit[],
): ServiceRemoval[] {
  const removed = new Map<string, Set<string>>();
  const wildcards = new Map<string, WildcardEdit[]>();
  for (const d of decisionsOf(decisions, 'action-removed')) {
    const s = serviceOf(d.action);
    removed.set(s, (removed.get(s) ?? new Set()).add(d.action.toLowerCase()));
  }
  for (const w of edits.flatMap((e) => e.wildcards)) {
    const s = serviceOf(w.pattern);
    wildcards.set(s, [...(wildcards.get(s) ?? []), w]);
  }
  return [...new Set([...removed.keys(), ...wildcards.keys()])].sort(byName).map((service) => ({
    service,
    removed: removed.get(service)?.size ?? 0,
    wildcards: wildcards.get(service) ?? [],
  }));
}

/** One bullet per service: `- logs: 38 actions removed (logs:* narrowed to 3)`. */
export function renderRemovalSummary(summary: readonly ServiceRemoval[]): string[] {
  return summary.flatMap((s) => {
    const count =
      s.removed === 0 ? 'no action removed' : `${s.removed} action${s.removed === 1 ? '' : 's'} removed`;
    const wild = s.wildcards.map((w) =>
      w.actions.length === 0
        ? `${mdCode(w.pattern)} removed`
        : `${mdCode(w.pattern)} narrowed to ${w.actions.length}`,
    );
    return wrapText(`- ${md(s.service)}: ${count}${wild.length ? ` (${wild.join('; ')})` : ''}`, '', '  ');
  });
}

function serviceOf(action: string): string {
  const colon = action.indexOf(':');
  return colon > 0 && !/[*?]/.test(action.slice(0, colon)) ? action.slice(0, colon) : '*';
}
