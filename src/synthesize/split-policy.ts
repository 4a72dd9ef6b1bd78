import type { PolicyDocumentJson, StatementJson } from '../policy/policy-json.js';
import { fmt, MANAGED_POLICIES_PER_ROLE, MANAGED_POLICY_LIMIT, policySize } from '../verify/iam-limits.js';

/** One managed policy of a split: its name and document. */
export interface PolicyPart {
  readonly name: string;
  /** The policy it was cut from. */
  readonly source: string;
  readonly policy: PolicyDocumentJson;
}

export type SplitOutcome =
  | { readonly kind: 'split'; readonly parts: readonly PolicyPart[] }
  /** Even split, the statements need more parts than a role may attach, or one action is too big. */
  | { readonly kind: 'too-big'; readonly partsNeeded: number; readonly reason: string };

export interface SplitOptions {
  /** Characters per part. Default `MANAGED_POLICY_LIMIT` (6,144). */
  readonly limit: number;
  /** Parts in all. Default `MANAGED_POLICIES_PER_ROLE` (10, IAM's default quota per role). */
  readonly maxParts: number;
}

export const defaultSplitOptions: SplitOptions = {
  limit: MANAGED_POLICY_LIMIT,
  maxParts: MANAGED_POLICIES_PER_ROLE,
};

/**
 * Writes policies as managed policies of at most `limit` characters each. A role's
 * permissions are the union of its policies' Allows less any Deny, whichever policy holds
 * each statement, so moving whole statements between parts changes nothing; a statement
 * too big for one part is cut by its Action list (the same resources and condition on each
 * piece). Parts are named `<source>-1`, `<source>-2`, ...
 */
export function splitPolicies(
  policies: readonly { readonly source: string; readonly doc: PolicyDocumentJson }[],
  options: Partial<SplitOptions> = {},
): SplitOutcome {
  const { limit, maxParts } = { ...defaultSplitOptions, ...options };
  const parts: PolicyPart[] = [];
  for (const p of policies) {
    const envelope = policySize({ ...p.doc, Statement: [] });
    const room = limit - envelope;
    const pieces: StatementJson[] = [];
    for (const st of statementsOf(p.doc)) {
      const cut = cutStatement(st, room);
      if (cut === undefined)
        return {
          kind: 'too-big',
          partsNeeded: Infinity,
          reason: `a statement of ${p.source} (${st.Sid ?? 'without Sid'}) cannot be cut below ${limit} characters`,
        };
      pieces.push(...cut);
    }
    const bins = packStatements(pieces, room);
    const base = partBaseName(p.source);
    bins.forEach((statements, i) =>
      parts.push({
        name: `${base}-${i + 1}`,
        source: p.source,
        policy: { ...p.doc, Statement: statements },
      }),
    );
  }
  if (parts.length > maxParts)
    return {
      kind: 'too-big',
      partsNeeded: parts.length,
      reason: `it takes ${parts.length} managed policies of ${fmt(limit)} characters, more than the ${maxParts} a role may attach (IAM's default quota)`,
    };
  return { kind: 'split', parts };
}

/**
 * First-fit decreasing: the biggest statements first, each into the first part with room.
 * Within a part, statements keep their original order so output is stable.
 */
function packStatements(pieces: readonly StatementJson[], room: number): StatementJson[][] {
  const order = pieces
    .map((s, i) => ({ s, i, size: policySize(s) }))
    .sort((a, b) => b.size - a.size || a.i - b.i);
  const bins: { items: { s: StatementJson; i: number }[]; used: number }[] = [];
  for (const item of order) {
    // A comma separates statements after the first.
    const bin = bins.find((b) => b.used + 1 + item.size <= room);
    if (bin) {
      bin.items.push(item);
      bin.used += 1 + item.size;
    } else bins.push({ items: [item], used: item.size });
  }
  return bins.map((b) => b.items.sort((x, y) => x.i - y.i).map((x) => x.s));
}

/** The statement as is when it fits; else pieces by its Action list; undefined when it cannot fit. */
function cutStatement(st: StatementJson, room: number): StatementJson[] | undefined {
  if (policySize(st) <= room) return [st];
  if (st.Action === undefined || typeof st.Action === 'string') return undefined;
  const out: StatementJson[] = [];
  let current: string[] = [];
  const piece = (actions: string[], n: number): StatementJson => ({
    ...st,
    ...(st.Sid !== undefined ? { Sid: `${st.Sid}Part${n}` } : {}),
    Action: actions,
  });
  for (const action of st.Action) {
    const next = [...current, action];
    // The Sid grows by "PartNN": count it in.
    if (policySize(piece(next, 99)) <= room) current = next;
    else {
      if (current.length === 0) return undefined;
      out.push(piece(current, out.length + 1));
      current = [action];
      if (policySize(piece(current, 99)) > room) return undefined;
    }
  }
  if (current.length > 0) out.push(piece(current, out.length + 1));
  return out;
}

function statementsOf(doc: PolicyDocumentJson): StatementJson[] {
  return Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
}

/**
 * A policy name from where the policy came from: a file's name without `.json`, a managed
 * policy ARN's name, an inline policy's name; only characters IAM allows in policy names.
 */
export function partBaseName(source: string): string {
  const inline = / inline policy (.+)$/.exec(source)?.[1];
  const last = (inline ?? source).split(/[/\\]/).pop() ?? source;
  const name = last
    .replace(/\.json$/i, '')
    .replace(/[^A-Za-z0-9+=,.@_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 120);
  return name || 'policy';
}
