import type { Argv } from 'yargs';
import { UsageError } from '../errors/iamtrim-error.js';
import type { Decision } from '../synthesize/decision.js';

/**
 * `--fail-on`: when the evidence proving something removable makes the run exit 3 (a CI
 * gate). `any`: any change at all (an action, a statement, a wildcard or a resource);
 * `N`: more than N actions removed.
 */
export type FailOn = { readonly kind: 'any' } | { readonly kind: 'more-than'; readonly actions: number };

/** What a run found removable, as `--fail-on` judges it. */
export interface Removable {
  /** Anything would change (for `patch`: a file would be edited). */
  readonly changed: boolean;
  /** Distinct actions removed (per policy and statement). */
  readonly actions: number;
}

/** Adds `--fail-on` to `suggest` and `patch`. */
export function withFailOnOption<T>(y: Argv<T>): Argv<T & { failOn?: string }> {
  return y.option('fail-on', {
    type: 'string',
    describe:
      'Exit 3 (after printing the same output) when the evidence proves something removable: any, or N (more than N actions)',
  }) as unknown as Argv<T & { failOn?: string }>;
}

/** Parses the flag's value; anything else is a usage error. */
export function parseFailOn(value: string): FailOn {
  const v = value.trim();
  if (v === 'any') return { kind: 'any' };
  if (/^\d+$/.test(v)) return { kind: 'more-than', actions: Number(v) };
  throw new UsageError(`--fail-on: "${v}" is not any or a whole number of actions`);
}

/** What the decisions of a run remove. */
export function removableOf(decisions: readonly Decision[], changed: boolean): Removable {
  const removed = new Set<string>();
  let narrowed = false;
  for (const d of decisions) {
    if (d.kind === 'action-removed')
      removed.add(`${d.statement.source}\u0000${d.statement.index}\u0000${d.action.toLowerCase()}`);
    else if (
      d.kind === 'statement-removed' ||
      d.kind === 'wildcard-replaced' ||
      d.kind === 'resources-narrowed'
    )
      narrowed = true;
  }
  return { changed: changed || narrowed || removed.size > 0, actions: removed.size };
}

/** The line to print when the run is over the threshold, or undefined when it is not. */
export function failOnVerdict(failOn: FailOn | undefined, found: Removable): string | undefined {
  if (!failOn || !found.changed) return undefined;
  if (failOn.kind === 'more-than' && found.actions <= failOn.actions) return undefined;
  const what = `${found.actions} action(s) removable${found.actions === 0 ? ' (resources or statements narrowed)' : ''}`;
  return `iamtrim: ${what}: over --fail-on ${failOn.kind === 'any' ? 'any' : failOn.actions} (exit 3)`;
}
