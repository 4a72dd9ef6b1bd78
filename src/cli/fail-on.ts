import type { Argv } from 'yargs';
import { UsageError } from '../errors/iamtrim-error.js';
import { FINDING_SEVERITIES, type FindingSeverity } from '../model/finding.js';
import type { Decision } from '../synthesize/decision.js';
import { parseFailOnSeverity } from './fail-on-severity.js';

/**
 * `--fail-on` of `suggest` and `patch`: when the evidence proving something removable makes
 * the run exit 3 (a CI gate). `any`: any change at all (an action, a statement, a wildcard or
 * a resource); `N`: more than N actions removed; `low|medium|high`: a removed action at or
 * above that severity, rated by its IAM access level (see {@link severityOfAccessLevel}).
 */
export type FailOn =
  | { readonly kind: 'any' }
  | { readonly kind: 'more-than'; readonly actions: number }
  | { readonly kind: 'severity'; readonly severity: FindingSeverity };

/** What a run found removable, as `--fail-on` judges it. */
export interface Removable {
  /** Anything would change (for `patch`: a file would be edited). */
  readonly changed: boolean;
  /** Distinct actions removed (per policy and statement). */
  readonly actions: number;
  /** The removed actions by severity (each counted as in `actions`). */
  readonly bySeverity: Readonly<Record<FindingSeverity, number>>;
}

/** The `--fail-on` and `--check` flags of `suggest` and `patch`. */
export interface FailOnArgs {
  failOn?: string;
  check?: boolean;
}

/**
 * The severity of removing an action with this IAM access level: `Permissions management`
 * (an unused grant that can widen access) is high, `Write` and `Tagging` medium, anything
 * else (`Read`, `List`, an action the catalog does not know) low.
 */
export function severityOfAccessLevel(accessLevel: string | undefined): FindingSeverity {
  if (accessLevel === 'Permissions management') return 'high';
  if (accessLevel === 'Write' || accessLevel === 'Tagging') return 'medium';
  return 'low';
}

/** Adds `--fail-on` and `--check` to `suggest` and `patch`. */
export function withFailOnOption<T>(y: Argv<T>): Argv<T & FailOnArgs> {
  return y
    .option('fail-on', {
      type: 'string',
      describe:
        'Exit 3 (after printing the same output) when the evidence proves something removable: any; N (more than N actions); low, medium or high (a removed action at or above that severity: Permissions management high, Write/Tagging medium, others low)',
    })
    .option('check', {
      type: 'boolean',
      describe: 'A CI gate: --fail-on any, unless --fail-on is given',
    }) as unknown as Argv<T & FailOnArgs>;
}

/** Parses the flag's value for `suggest` and `patch`; anything else is a usage error. */
export function parseFailOn(value: string): FailOn {
  const v = value.trim();
  if (v === 'any') return { kind: 'any' };
  if (/^\d+$/.test(v)) return { kind: 'more-than', actions: Number(v) };
  const severity = FINDING_SEVERITIES.find((s) => s === v);
  if (severity) return { kind: 'severity', severity };
  throw new UsageError(`--fail-on: "${v}" is not any, a whole number of actions, low, medium or high`);
}

/** The threshold of a run: `--fail-on` when given, else `any` with `--check`, else none. */
export function failOnOf(argv: FailOnArgs): FailOn | undefined {
  if (argv.failOn !== undefined) return parseFailOn(argv.failOn);
  return argv.check ? { kind: 'any' } : undefined;
}

/** `--fail-on` of `roles`: `shared` (a role used by more than one function) is the only threshold. */
export type RolesFailOn = { readonly kind: 'shared' };

/** Parses `roles --fail-on`; anything but `shared` is a usage error. */
export function parseRolesFailOn(value: string): RolesFailOn {
  if (value.trim() === 'shared') return { kind: 'shared' };
  throw new UsageError(`--fail-on: "${value.trim()}" is not shared (the only threshold of roles)`);
}

/**
 * What the decisions of a run remove. `accessLevelOf` gives an action's IAM access level
 * (from the catalog), for the severity count; without it every removed action is low.
 */
export function removableOf(
  decisions: readonly Decision[],
  changed: boolean,
  accessLevelOf: (action: string) => string | undefined = () => undefined,
): Removable {
  const removed = new Map<string, string>();
  let narrowed = false;
  for (const d of decisions) {
    if (d.kind === 'action-removed')
      removed.set(`${d.statement.source}\u0000${d.statement.index}\u0000${d.action.toLowerCase()}`, d.action);
    else if (
      d.kind === 'statement-removed' ||
      d.kind === 'wildcard-replaced' ||
      d.kind === 'resources-narrowed'
    )
      narrowed = true;
  }
  const bySeverity = { low: 0, medium: 0, high: 0 };
  for (const action of removed.values()) bySeverity[severityOfAccessLevel(accessLevelOf(action))]++;
  return { changed: changed || narrowed || removed.size > 0, actions: removed.size, bySeverity };
}

/** How a threshold reads on the command line. */
function failOnText(failOn: FailOn): string {
  if (failOn.kind === 'any') return 'any';
  if (failOn.kind === 'more-than') return String(failOn.actions);
  return failOn.severity;
}

/** Whether `found` is over `failOn`. */
function isOver(failOn: FailOn, found: Removable): boolean {
  if (!found.changed) return false;
  if (failOn.kind === 'any') return true;
  if (failOn.kind === 'more-than') return found.actions > failOn.actions;
  const floor = FINDING_SEVERITIES.indexOf(failOn.severity);
  return FINDING_SEVERITIES.some((s, i) => i >= floor && found.bySeverity[s] > 0);
}

/** `3 high, 1 low`: the non-zero severity counts, most severe first. */
function severityText(found: Removable): string {
  return [...FINDING_SEVERITIES]
    .reverse()
    .filter((s) => found.bySeverity[s] > 0)
    .map((s) => `${found.bySeverity[s]} ${s}`)
    .join(', ');
}

/** The line to print when the run is over the threshold, or undefined when it is not. */
export function failOnVerdict(failOn: FailOn | undefined, found: Removable): string | undefined {
  if (!failOn || !isOver(failOn, found)) return undefined;
  return `iamtrim: ${removableText(found)}: over --fail-on ${failOnText(failOn)} (exit 3)`;
}

/**
 * The line to print when a threshold was given and the run is within it, so a CI log (and
 * the GitHub Action's `removable` output) always has the count; undefined otherwise.
 */
export function failOnWithin(failOn: FailOn | undefined, found: Removable): string | undefined {
  if (!failOn || isOver(failOn, found)) return undefined;
  return `iamtrim: ${removableText(found)}: within --fail-on ${failOnText(failOn)}`;
}

function removableText(found: Removable): string {
  const severities = severityText(found);
  const detail =
    found.actions === 0
      ? found.changed
        ? ' (resources or statements narrowed)'
        : ''
      : severities
        ? ` (${severities})`
        : '';
  return `${found.actions} action(s) removable${detail}`;
}

/**
 * Checks `--fail-on` for `command` before any work, so a bad value is a usage error (exit 2)
 * whichever command it is given to. A command without the flag is left to yargs.
 */
export function checkFailOn(command: string, value: string): void {
  if (command === 'drift' || command === 'audit') parseFailOnSeverity(value);
  else if (command === 'roles') parseRolesFailOn(value);
  else if (command === 'suggest' || command === 'patch') parseFailOn(value);
}
