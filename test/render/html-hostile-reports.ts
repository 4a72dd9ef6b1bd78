import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import type { AuditFinding, AuditReport } from '../../src/model/audit-report.js';
import type { DriftReport } from '../../src/model/drift-report.js';
import type { Finding } from '../../src/model/finding.js';
import type { SuggestReport } from '../../src/model/suggest-report.js';
import { FORBIDDEN_IN_TEXT } from '../support/hostile-strings.js';
import { auditCase } from './audit-cases.js';
import { broadReport } from './broad-report.js';
import { driftCase } from './drift-cases.js';

/** A tag, a script break-out, a bidi override and attribute quotes: what a role name could hold. */
export const HOSTILE_NAME =
  '<img src=x onerror=alert(1)></script><script>alert(1)</script>\u202eevil" onmouseover="alert(2)\' x=\'';

/** How the page shows {@link HOSTILE_NAME} as text: the same, with the bidi override made visible. */
export const HOSTILE_SHOWN = HOSTILE_NAME.replace('\u202e', '\\u202e');

const ROLE = `arn:aws:iam::123456789012:role/${HOSTILE_NAME}`;

/** The hand-built drift report with every input string hostile. */
export function hostileDriftReport(): DriftReport {
  const base = driftCase('all-kinds');
  const poison = (f: Finding): Finding => ({
    ...f,
    rule: f.rule,
    subject: {
      ...f.subject,
      role: ROLE,
      function: HOSTILE_NAME,
      action: HOSTILE_NAME,
      resource: HOSTILE_NAME,
    },
    location: f.location?.kind === 'file' ? { ...f.location, file: HOSTILE_NAME } : f.location,
    message: `message ${HOSTILE_NAME}`,
    evidence: f.evidence.map((e) => ({
      ...e,
      detail: HOSTILE_NAME,
      actor: HOSTILE_NAME,
      source: HOSTILE_NAME,
    })),
  });
  return {
    ...base,
    runAt: HOSTILE_NAME,
    window: { ...base.window, from: HOSTILE_NAME },
    evidence: {
      ...base.evidence,
      sources: [HOSTILE_NAME],
      regions: [HOSTILE_NAME],
      skipped: [{ file: HOSTILE_NAME, reason: HOSTILE_NAME, records: 1 }],
    },
    roles: base.roles.map((r, i) => (i === 0 ? { ...r, role: ROLE, functions: [HOSTILE_NAME] } : r)),
    findings: base.findings.map(poison),
  };
}

/** The hand-built audit report with every input string hostile, rule texts included (a custom pack). */
export function hostileAuditReport(): AuditReport {
  const base = auditCase('template');
  const poison = (f: AuditFinding): AuditFinding => ({
    ...f,
    subject: { ...f.subject, role: ROLE, function: HOSTILE_NAME, policy: HOSTILE_NAME },
    location: { kind: 'file', file: HOSTILE_NAME, line: 3 },
    message: `message ${HOSTILE_NAME}`,
    evidence: f.evidence.map((e) => ({ ...e, detail: HOSTILE_NAME, source: HOSTILE_NAME })),
  });
  return {
    ...base,
    subjects: [HOSTILE_NAME],
    rules: base.rules.map((r) => ({
      ...r,
      title: `title ${HOSTILE_NAME}`,
      fix: HOSTILE_NAME,
      rationale: HOSTILE_NAME,
    })),
    findings: base.findings.map(poison),
    suppressed: base.suppressed.map((s) => ({
      finding: poison(s.finding),
      by: s.by.kind === 'template' ? { ...s.by, reason: HOSTILE_NAME } : s.by,
    })),
    notApplicable: base.notApplicable.map((n) => ({ ...n, subject: HOSTILE_NAME, reason: HOSTILE_NAME })),
    errors: [{ rule: HOSTILE_NAME, message: HOSTILE_NAME }],
    skipped: [{ what: HOSTILE_NAME, reason: HOSTILE_NAME }],
  };
}

// Discriminants: changing them changes the shape, not the text.
const SHAPE = new Set([
  'kind',
  'status',
  'change',
  'effect',
  'observability',
  'actionKey',
  'resourceKey',
  'type',
]);

/** The value with `tail` appended to every string that is not part of its shape. */
export function poison<T>(value: T, tail: string, key = ''): T {
  if (typeof value === 'string') return (SHAPE.has(key) ? value : value + tail) as T;
  if (Array.isArray(value)) return value.map((v) => poison(v, tail, key)) as T;
  if (value instanceof Set) return new Set([...value].map((v) => poison(v, tail, key))) as T;
  if (value instanceof Map)
    return new Map([...value].map(([k, v]) => [poison(k, tail, key), poison(v, tail, key)])) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, poison(v, tail, k)])) as T;
  return value;
}

/** The broad suggest report (hundreds of decisions) with every input string ending in `tail`. */
export function hostileSuggestReport(tail = HOSTILE_NAME): SuggestReport {
  return { ...poison(broadReport, tail), role: ROLE };
}

// Every element the renderers write; anything else came from input.
export const OWN_TAGS: ReadonlySet<string> = new Set(
  'html head meta link title style body div input button span header h1 h2 h3 p ul li strong code br section figure figcaption svg text rect details summary table thead tbody tr th td pre footer script'.split(
    ' ',
  ),
);

/**
 * The page is inert whatever its input: only the renderers' own elements, no event-handler
 * attribute, one script, no URL but the favicon's `data:`, none in the style, no raw
 * hidden character, and the style and script hashes in the Content-Security-Policy match.
 */
export function expectInertHtml(page: string): void {
  const tags = [...page.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((m) => m[1]!.toLowerCase());
  expect(tags.filter((t) => !OWN_TAGS.has(t))).toEqual([]);
  // Inside every tag: no handler attribute, whatever the quoting.
  // Each tag with its quoted values emptied, as a parser reads it: escaped input cannot end a quote.
  const inTags = (page.match(/<[a-zA-Z][^>]*>/g) ?? []).map((t) => t.replace(/"[^"]*"/g, '""'));
  for (const tag of inTags) expect(tag).not.toMatch(/\son\w+\s*=/i);
  expect(page.match(/<script>/g)).toHaveLength(1);
  expect(page.match(/<\/script>/g)).toHaveLength(1);
  const urls = inTags.flatMap(
    (t) => t.match(/\s(?:src|href|action|formaction|srcset|xlink:href)\s*=/gi) ?? [],
  );
  expect(urls).toEqual([' href=']);
  expect(page).toContain('<link rel="icon" href="data:,">');
  expect(/<style>([\s\S]*?)<\/style>/.exec(page)?.[1]).not.toMatch(/url\(|@import/);
  const hidden = page.split('\n').filter((l) => FORBIDDEN_IN_TEXT.test(l));
  expect(hidden).toEqual([]);
  expectCspMatches(page);
}

/** The CSP meta names exactly the sha256 of the page's one style and one script. */
export function expectCspMatches(page: string): void {
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(page)?.[1];
  expect(csp).toBeDefined();
  const style = /<style>([\s\S]*?)<\/style>/.exec(page)![1]!;
  const script = /<script>([\s\S]*?)<\/script>/.exec(page)![1]!;
  const sha = (t: string): string => `'sha256-${createHash('sha256').update(t).digest('base64')}'`;
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain(`style-src ${sha(style)};`);
  expect(csp).toContain(`script-src ${sha(script)};`);
  expect(csp).toContain('img-src data:');
}
