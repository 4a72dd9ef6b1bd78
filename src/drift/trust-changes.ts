import { matchesAction } from '../policy/match-statement.js';
import { canonicalJson } from './canonical-json.js';
import { trustStatements } from './trust-statements.js';

/** One thing a trust policy allows: a principal may call an action, under a condition (or none). */
export interface TrustGrant {
  /** `Service lambda.amazonaws.com`, `AWS arn:…:root`, or `anyone (*)`. */
  readonly who: string;
  readonly action: string;
  /** Canonical JSON of the Condition, or '' for none. */
  readonly condition: string;
}

const ANYONE = 'anyone (*)';

/** What the Allow statements of a trust policy let whom do. Read defensively: any shape may come. */
export function trustGrantsOf(trustPolicy: unknown): TrustGrant[] {
  const out: TrustGrant[] = [];
  for (const s of trustStatements(trustPolicy)) {
    if (!isRecord(s) || s['Effect'] !== 'Allow') continue;
    const actions = asStrings(s['Action']);
    const condition = s['Condition'] === undefined ? '' : canonicalJson(s['Condition']);
    const principals: string[] = [];
    const p = s['Principal'];
    if (p === '*') principals.push(ANYONE);
    else if (isRecord(p))
      for (const [kind, values] of Object.entries(p))
        for (const v of asStrings(values))
          principals.push(kind === 'AWS' && v === '*' ? ANYONE : `${kind} ${v}`);
    for (const who of principals)
      for (const action of actions.length ? actions : ['(no action)']) out.push({ who, action, condition });
  }
  return out;
}

/**
 * Lines (`<who> may <action>[ if <condition>]`, sorted) that `to` allows and `from` did not:
 * a grant is old when `from` allows the same principal (or anyone) the same action (or a
 * pattern of it) under the same condition (or none).
 */
export function trustGrantsAdded(from: unknown, to: unknown): string[] {
  const before = trustGrantsOf(from);
  const lines = trustGrantsOf(to)
    .filter(
      (g) =>
        !before.some(
          (o) =>
            (o.who === g.who || o.who === ANYONE) &&
            (o.action === g.action || matchesAction(o.action, g.action)) &&
            (o.condition === '' || o.condition === g.condition),
        ),
    )
    .map((g) => `${g.who} may ${g.action}${g.condition ? ` if ${g.condition}` : ''}`);
  return [...new Set(lines)].sort();
}

function asStrings(v: unknown): string[] {
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.filter((x): x is string => typeof x === 'string');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
