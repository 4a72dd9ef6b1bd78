import type { InputCoverage } from '../coverage/input-coverage.js';
import type { PatchedPolicy } from '../iac/patch-policy.js';
import { missingPermissions } from '../synthesize/missing-permissions.js';
import type { DeniedReport } from '../usage/usage-report.js';
import { renderAdviceMarkdown } from './advice-markdown.js';
import { collectAdvice } from './collect-advice.js';
import {
  renderKeptMarkdown,
  renderNarrowedMarkdown,
  renderRemovedMarkdown,
  renderRequiredMarkdown,
} from './decision-markdown.js';
import { decisionsOf } from './group-decisions.js';
import { md, mdCode } from './markdown-escape.js';
import { wrapList, wrapText } from './wrap-text.js';

export interface PrBodyInput {
  readonly patched: readonly PatchedPolicy[];
  readonly skipped: readonly string[];
  readonly coverage: InputCoverage;
  readonly sources: readonly string[];
  /** Calls the patched roles were refused (never granted by the patch). */
  readonly denied: readonly DeniedReport[];
  /** What happened to each SAM policy template, one line each. */
  readonly samChanges?: readonly string[];
  /** Whole policies removed because none of their statements is used (IAM rejects an empty one). */
  readonly removedPolicies?: readonly string[];
  /** The deployed roles' ARNs, for the commands in "what would let iamtrim remove more". */
  readonly roleArns?: readonly string[];
  /** What the templates' functions need Lambda to do through each role, one line each. */
  readonly templateNeeds?: readonly string[];
}

/**
 * The pull-request description for `patch`: a summary; per role, every removed action with
 * the evidence (by reason, then service), what was narrowed from → to, what was used, and
 * what was kept without evidence and why; the evidence window and sources; missing
 * permissions; what would let iamtrim remove more; how to verify and how to roll back.
 * Everything from templates and logs is escaped, and no line is longer than 200 characters.
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
    out.push(
      ...wrapText(`## ${mdCode(p.policy.role)} — ${mdCode(`${p.policy.file}:${p.policy.line}`)}`, '', ''),
      '',
    );
    if (!p.changed) {
      out.push('No change: everything it grants is used or has to be kept.', '');
      continue;
    }
    out.push('### Removed', '', ...renderRemovedMarkdown(d, '####'));
    out.push('### Narrowed', '', ...renderNarrowedMarkdown(d));
    const used = decisionsOf(d, 'action-used');
    if (used.length) {
      out.push('### Used, according to the evidence', '');
      for (const u of used)
        out.push(
          ...wrapList(
            u.functions.map(md),
            `- ${mdCode(u.action)}: used ${u.count} time(s), last ${md(u.lastSeen.slice(0, 10))}, by`,
            '  ',
          ),
        );
      out.push('');
    }
    const required = decisionsOf(d, 'action-required');
    if (required.length) out.push('### Needed by Lambda', '', ...renderRequiredMarkdown(required));
    if (decisionsOf(d, 'action-kept').length) {
      out.push('### Kept without evidence of use', '', ...renderKeptMarkdown(d, '####'));
    }
    if (p.unresolved.length) {
      out.push(
        ...wrapList(
          p.unresolved.map(mdCode),
          'Expressions kept as written because iamtrim could not resolve them:',
          '',
        ),
        '',
      );
    }
  }
  if (input.samChanges?.length) {
    out.push('## SAM policy templates', '');
    for (const s of input.samChanges) out.push(...wrapText(`- ${md(s)}`, '', '  '));
    out.push('');
  }
  if (input.removedPolicies?.length) {
    out.push('## Policies removed', '');
    // A Serverless list is left empty instead (see patch's emptied-statements note).
    const listLeft = input.removedPolicies.some((s) => s.includes('(written as [])'));
    out.push(
      `None of their statements is used, and IAM rejects a policy with no statement, so each goes whole, with the references that named it${listLeft ? ' (a Serverless statements list is left as [], to which the framework adds its own statements)' : ''}:`,
      '',
    );
    for (const s of input.removedPolicies) out.push(...wrapText(`- ${md(s)}`, '', '  '));
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
  out.push(...wrapList(input.sources.map(mdCode), '- Sources:', '  '));
  const data = c.allDataEvents ? ['all'] : [...c.dataEvents.keys()].sort().map(md);
  out.push(...wrapList(data.length ? data : ['none'], '- Data events logged for:', '  '));
  for (const n of c.notes) out.push(...wrapText(`- ${md(n)}`, '', '  '));
  out.push('');
  const missing = missingPermissions(input.denied);
  if (missing.length) {
    out.push('## Missing permissions', '');
    out.push('Calls that were refused. This change does not grant them:', '');
    for (const m of missing) {
      out.push(
        ...wrapList(
          m.functions.map(md),
          `- ${mdCode(m.action)}: ${m.count} call(s) denied (${md(m.errorCode)}), last ${md(m.lastSeen.slice(0, 10))}, by`,
          '  ',
        ),
      );
    }
    out.push('');
  }
  if (input.skipped.length) {
    out.push('## Not changed', '');
    for (const s of input.skipped) out.push(...wrapText(`- ${md(s)}`, '', '  '));
    out.push('');
  }
  const decisions = input.patched.filter((p) => p.changed).flatMap((p) => p.decisions);
  out.push(
    ...renderAdviceMarkdown(collectAdvice(decisions), {
      roles: input.roleArns?.length ? input.roleArns : [...new Set(input.patched.map((p) => p.policy.role))],
      functions: [],
    }),
  );
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
