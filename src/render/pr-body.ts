import type { InputCoverage } from '../coverage/input-coverage.js';
import type { PatchedPolicy } from '../iac/patch-policy.js';
import type { Decision } from '../synthesize/decision.js';
import { missingPermissions } from '../synthesize/missing-permissions.js';
import type { DeniedReport } from '../usage/usage-report.js';
import { md, mdCode } from './markdown-escape.js';

export interface PrBodyInput {
  readonly patched: readonly PatchedPolicy[];
  readonly skipped: readonly string[];
  readonly coverage: InputCoverage;
  readonly sources: readonly string[];
  /** Calls the patched roles were refused (never granted by the patch). */
  readonly denied: readonly DeniedReport[];
  /** What happened to each SAM policy template, one line each. */
  readonly samChanges?: readonly string[];
  /** What the templates' functions need Lambda to do through each role, one line each. */
  readonly templateNeeds?: readonly string[];
}

type Of<K extends Decision['kind']> = Extract<Decision, { kind: K }>;

/**
 * The pull-request description for `patch`: a summary, a table per role (removed with the
 * evidence, narrowed from → to, kept and why), the evidence window and sources, missing
 * permissions, how to verify and how to roll back. Everything from the logs is escaped.
 */
export function renderPrBody(input: PrBodyInput): string {
  const out: string[] = [];
  const c = input.coverage;
  const changed = input.patched.filter((p) => p.changed);
  out.push('# Tighten Lambda execution roles to what they use', '');
  out.push(
    `iamtrim changed ${changed.length} of ${input.patched.length} role polic${input.patched.length === 1 ? 'y' : 'ies'} in ${new Set(changed.map((p) => p.policy.file)).size} file(s), from ${c.events} CloudTrail event(s) over ${c.spanDays} day(s).`,
    '',
  );
  for (const p of input.patched) {
    const d = p.decisions;
    const of = <K extends Decision['kind']>(k: K): Of<K>[] => d.filter((x): x is Of<K> => x.kind === k);
    out.push(`## ${mdCode(p.policy.role)} — ${mdCode(`${p.policy.file}:${p.policy.line}`)}`, '');
    if (!p.changed) {
      out.push('No change: everything it grants is used or has to be kept.', '');
      continue;
    }
    out.push('| Change | Permission | Why |', '|---|---|---|');
    for (const r of of('action-removed')) out.push(`| removed | ${mdCode(r.action)} | ${md(r.reason)} |`);
    for (const n of of('resources-narrowed')) {
      out.push(
        `| narrowed | ${n.actions.map(mdCode).join(', ')} | from ${n.from.map(mdCode).join(', ')} to ${n.to.map(mdCode).join(', ')} |`,
      );
    }
    for (const k of of('action-kept')) out.push(`| kept | ${mdCode(k.action)} | ${md(k.reason)} |`);
    // One row per need, however many statements it kept.
    const required = new Map(of('action-required').map((r) => [`${r.action}\n${r.reason}`, r]));
    for (const r of required.values())
      out.push(`| kept | ${mdCode(r.action)} | Lambda needs it: ${md(r.reason)} |`);
    for (const u of of('action-used'))
      out.push(
        `| kept | ${mdCode(u.action)} | used ${u.count} time(s), last ${md(u.lastSeen.slice(0, 10))} by ${u.functions.map(md).join(', ')} |`,
      );
    out.push('');
    if (p.unresolved.length) {
      out.push(
        `Expressions kept as written because iamtrim could not resolve them: ${p.unresolved.map(mdCode).join(', ')}.`,
        '',
      );
    }
  }
  if (input.samChanges?.length) {
    out.push('## SAM policy templates', '');
    for (const s of input.samChanges) out.push(`- ${md(s)}`);
    out.push('');
  }
  if (input.templateNeeds?.length) {
    out.push('## What Lambda needs, read from the templates', '');
    out.push(
      'Kept whether or not CloudTrail shows them (VPC interfaces, event-source pollers, dead-letter targets, X-Ray, logs):',
      '',
    );
    for (const s of input.templateNeeds) out.push(`- ${md(s)}`);
    out.push('');
  }
  out.push('## Evidence', '');
  out.push(
    `- Window: ${md(c.window.from ?? '?')} to ${md(c.window.to ?? '?')} (${c.spanDays} day(s), ${c.days} with events)`,
  );
  out.push(`- Sources: ${input.sources.map(mdCode).join(', ')}`);
  out.push(
    `- Data events logged for: ${c.allDataEvents ? 'all' : [...c.dataEvents.keys()].sort().map(md).join(', ') || 'none'}`,
  );
  for (const n of c.notes) out.push(`- ${md(n)}`);
  out.push('');
  const missing = missingPermissions(input.denied);
  if (missing.length) {
    out.push('## Missing permissions', '');
    out.push('Calls that were refused. This change does not grant them:', '');
    for (const m of missing) {
      out.push(
        `- ${mdCode(m.action)}: ${m.count} call(s) denied (${md(m.errorCode)}), last ${md(m.lastSeen.slice(0, 10))}, by ${m.functions.map(md).join(', ')}`,
      );
    }
    out.push('');
  }
  if (input.skipped.length) {
    out.push('## Not changed', '');
    for (const s of input.skipped) out.push(`- ${md(s)}`);
    out.push('');
  }
  out.push('## How to verify', '');
  out.push("1. Deploy to a non-production stage and run the functions' tests and usual traffic.");
  out.push(
    "2. Watch for `AccessDenied` in the functions' logs and in CloudTrail (`errorCode` AccessDenied*).",
  );
  out.push('3. Re-run `iamtrim usage` on the new logs: denied calls show up under "denied".', '');
  out.push('## How to roll back', '');
  out.push('Revert this pull request and deploy: the previous policy comes back as it was.', '');
  return out.join('\n');
}
