import { canonicalJson } from './canonical-json.js';
import { trustStatements } from './lambda-trust.js';

/**
 * Who a trust policy lets assume the role, one line per (principal, action, condition):
 * `Service lambda.amazonaws.com may sts:AssumeRole`. Compared as sets, so reordering
 * statements or principals is no change.
 */
export function trustGrantsOf(trustPolicy: unknown): Set<string> {
  const out = new Set<string>();
  for (const s of trustStatements(trustPolicy)) {
    if (!isRecord(s) || s['Effect'] !== 'Allow') continue;
    const actions = asStrings(s['Action']);
    const condition = s['Condition'] === undefined ? '' : ` if ${canonicalJson(s['Condition'])}`;
    const principals: string[] = [];
    const p = s['Principal'];
    if (p === '*') principals.push('anyone (*)');
    else if (isRecord(p))
      for (const [kind, values] of Object.entries(p))
        for (const v of asStrings(values)) principals.push(`${kind} ${v}`);
    for (const who of principals)
      for (const a of actions.length ? actions : ['(no action)']) out.add(`${who} may ${a}${condition}`);
  }
  return out;
}

/** Lines of `to` that `from` does not have, sorted. */
export function trustGrantsAdded(from: unknown, to: unknown): string[] {
  const before = trustGrantsOf(from);
  return [...trustGrantsOf(to)].filter((g) => !before.has(g)).sort();
}

function asStrings(v: unknown): string[] {
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.filter((x): x is string => typeof x === 'string');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
