import { matchesAction } from '../policy/match-statement.js';
import type { Decision, StatementRef } from '../synthesize/decision.js';
import { shortKeptReason } from './short-reason.js';

type Kept = Extract<Decision, { kind: 'action-kept' | 'action-required' }>;

/**
 * Finds the note for an action line of a statement diff: `kept: ...` when every action the
 * line grants that iamtrim kept without evidence shares one short reason, a count of
 * reasons when they differ, nothing when the line is an action with evidence of use.
 */
export type KeptNoteFinder = (source: string, label: string, pattern: string) => string | undefined;

/** Builds the note finder from the decisions of a tightening. Pure. */
export function createKeptNotes(decisions: readonly Decision[]): KeptNoteFinder {
  const kept = decisions.filter((d): d is Kept => d.kind === 'action-kept' || d.kind === 'action-required');
  // Used actions carry their evidence; "kept" is only for the ones without.
  const used = new Set(
    decisions.flatMap((d) =>
      d.kind === 'action-used' ? [`${refKey(d.statement)}\n${d.action.toLowerCase()}`] : [],
    ),
  );
  return (source, label, pattern) => {
    const reasons = new Set<string>();
    for (const d of kept) {
      if (d.statement.source !== source || !labelMatches(d.statement, label)) continue;
      if (!matchesAction(pattern, d.action)) continue;
      if (used.has(`${refKey(d.statement)}\n${d.action.toLowerCase()}`)) continue;
      reasons.add(shortKeptReason(d));
    }
    if (reasons.size === 0) return undefined;
    if (reasons.size === 1) return [...reasons][0];
    return `kept: ${reasons.size} different reasons (see --format markdown)`;
  };
}

function refKey(ref: StatementRef): string {
  return `${ref.source}\n${ref.index}`;
}

/**
 * Whether a diff label (`"Sid"`, `#3`) names the statement a decision is about, or one of the
 * parts tightening split it into (`"SidPart2"`, `"Statement3Part2"` for a statement without Sid).
 */
function labelMatches(ref: StatementRef, label: string): boolean {
  const base = ref.sid ?? `Statement${ref.index + 1}`;
  if (ref.sid === undefined && label === `#${ref.index + 1}`) return true;
  if (ref.sid !== undefined && label === `"${ref.sid}"`) return true;
  const head = `"${base}Part`;
  return label.startsWith(head) && /^\d+"$/.test(label.slice(head.length));
}
