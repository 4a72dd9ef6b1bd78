import type { PolicyDocumentJson } from '../policy/policy-json.js';

/** IAM's size limit for one customer-managed policy document, in non-whitespace characters. */
export const MANAGED_POLICY_LIMIT = 6144;
/** IAM's size limit for all of a role's inline policies together, in non-whitespace characters. */
export const INLINE_TOTAL_LIMIT = 10240;
/** IAM's default quota of managed policies attached to one role (raisable to 20 on request). */
export const MANAGED_POLICIES_PER_ROLE = 10;

/** Where a policy lives decides which limit applies to it. */
export type PolicyKind = 'managed' | 'inline';

/** A policy document to judge, with where it came from. */
export interface SizedPolicy {
  readonly source: string;
  readonly kind: PolicyKind;
  readonly doc: PolicyDocumentJson;
}

/** One limit's verdict: a managed policy on its own, or a role's inline policies together. */
export interface LimitCheck {
  readonly kind: 'fits' | 'over';
  /** `managed`: one policy (`sources` has one entry); `inline-total`: every inline policy of the role. */
  readonly subject: 'managed' | 'inline-total';
  readonly sources: readonly string[];
  readonly size: number;
  readonly limit: number;
  /** Characters over the limit (0 when it fits). */
  readonly over: number;
}

/**
 * The size IAM charges a policy: its characters without whitespace. IAM ignores the
 * layout, so this is the length of the minified JSON. Whitespace inside strings (a Sid or
 * a condition value) is counted, and so are JSON escapes as written: counting more never
 * lets an oversized policy through, where counting less could.
 */
export function policySize(doc: PolicyDocumentJson | unknown): number {
  return JSON.stringify(doc).length;
}

/**
 * Judges every output policy against IAM's limits: each managed policy against 6,144,
 * and all inline policies together against 10,240 (a role's inline total is one limit).
 */
export function checkLimits(policies: readonly SizedPolicy[]): LimitCheck[] {
  const out: LimitCheck[] = [];
  for (const p of policies) {
    if (p.kind !== 'managed') continue;
    out.push(verdict('managed', [p.source], policySize(p.doc), MANAGED_POLICY_LIMIT));
  }
  const inline = policies.filter((p) => p.kind === 'inline');
  if (inline.length > 0) {
    const total = inline.reduce((n, p) => n + policySize(p.doc), 0);
    out.push(
      verdict(
        'inline-total',
        inline.map((p) => p.source),
        total,
        INLINE_TOTAL_LIMIT,
      ),
    );
  }
  return out;
}

/** The checks that failed. */
export function overLimits(checks: readonly LimitCheck[]): LimitCheck[] {
  return checks.filter((c) => c.kind === 'over');
}

/** "managed policy x.json is 7,120 characters, over IAM's 6,144 by 976" */
export function describeLimitCheck(c: LimitCheck): string {
  const what =
    c.subject === 'managed'
      ? `managed policy ${c.sources[0] ?? '?'}`
      : `the role's inline policies together (${c.sources.join(', ')})`;
  return `${what} ${c.subject === 'managed' ? 'is' : 'come to'} ${fmt(c.size)} characters without whitespace, over IAM's limit of ${fmt(c.limit)} by ${fmt(c.over)}`;
}

/** 12345 → "12,345" (fixed locale, so messages are the same on every machine). */
export function fmt(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function verdict(subject: LimitCheck['subject'], sources: string[], size: number, limit: number): LimitCheck {
  return {
    kind: size > limit ? 'over' : 'fits',
    subject,
    sources,
    size,
    limit,
    over: Math.max(0, size - limit),
  };
}
