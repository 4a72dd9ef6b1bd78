import type { InputCoverage } from '../coverage/input-coverage.js';
import type { PatchedPolicy } from '../iac/patch-policy.js';
import { missingPermissions } from '../synthesize/missing-permissions.js';
import type { DeniedReport } from '../usage/usage-report.js';
import { renderAdviceMarkdown } from './advice-markdown.js';
import { collectAdvice } from './collect-advice.js';
import type { Decision } from '../synthesize/decision.js';
import { renderKeptMarkdown, renderRequiredMarkdown } from './decision-markdown.js';
import { decisionsOf, groupByReason, groupByService } from './group-decisions.js';
import { md, mdCode, mdCodeBlock } from './markdown-escape.js';
import { describePatchEdits, type StatementEdit } from './patch-edits.js';
import { renderRemovalSummary, summarizeRemovals } from './removal-summary.js';
import { wrapList, wrapText } from './wrap-text.js';

export interface PrBodyInput {
  readonly patched: readonly PatchedPolicy[];
  readonly skipped: readonly string[];
  readonly coverage: InputCoverage;
  /**
   * Where the evidence came from, as the reviewer should read it: local files relative to the
   * repository (the CLI makes them so), S3, Athena and LookupEvents sources as given.
   */
  readonly sources: readonly string[];
  /** Each template file as given → as shown (relative to its repository); the file when absent. */
  readonly paths?: ReadonlyMap<string, string>;
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
 * The pull-request description for `patch`: a summary; per policy, the removed actions
 * counted by service (with the wildcards the edit writes out) and then every one with its
 * evidence, folded in `<details>` when long; the resource lists the patch writes differently,
 * as the template and the patch write them (from the edit, never the resolved ARNs a kept
 * expression stands for); what was used; what was kept without evidence and why, in full;
 * the evidence window and sources; missing permissions; what would let iamtrim remove more;
 * how to verify and how to roll back. Everything from templates and logs is escaped, and no
 * line is longer than 200 characters, except a fenced multi-line expression's own lines.
 */
export function renderPrBody(input: PrBodyInput): string {
  const out: string[] = [];
  const c = input.coverage;
  const shown = (file: string): string => input.paths?.get(file) ?? file;
  // Notes from the patch name the files as given on the command line: show them as above.
  const byLength = [...(input.paths ?? new Map<string, string>())].sort(([a], [b]) => b.length - a.length);
  const relabel = (text: string): string =>
    byLength.reduce((t, [file, path]) => (file === path ? t : t.split(file).join(path)), text);
  // A reason can name its template ("[from the template, FILE:71]").
  const relabelReason = (x: Decision): Decision => ('reason' in x ? { ...x, reason: relabel(x.reason) } : x);
  const changed = input.patched.filter((p) => p.changed);
  out.push('# Tighten Lambda execution roles to what they use', '');
  out.push(
    `iamtrim changed ${changed.length} of ${input.patched.length} role polic${input.patched.length === 1 ? 'y' : 'ies'} in ${new Set(changed.map((p) => p.policy.file)).size} file(s), from ${c.events} CloudTrail event(s) over ${c.spanDays} day(s).`,
    '',
  );
  for (const p of input.patched) {
    const d = p.decisions.map(relabelReason);
    const where = `${shown(p.policy.file)}:${p.policy.line}`;
    out.push(...wrapText(`## ${mdCode(p.policy.role)} — ${mdCode(where)}`, '', ''), '');
    if (!p.changed) {
      out.push('No change: everything it grants is used or has to be kept.', '');
      continue;
    }
    const edits = describePatchEdits(p);
    out.push('### Removed', '', ...renderRemoved(d, edits));
    out.push('### Resources narrowed', '', ...renderResourceEdits(edits));
    const used = decisionsOf(d, 'action-used');
    if (used.length) {
      const lines = used.flatMap((u) =>
        wrapList(
          u.functions.map(md),
          `- ${mdCode(u.action)}: used ${u.count} time(s), last ${md(u.lastSeen.slice(0, 10))}, by`,
          '  ',
        ),
      );
      out.push('### Used, according to the evidence', '');
      out.push(...(used.length > FOLD_OVER ? fold(`${used.length} used actions`, lines) : [...lines, '']));
    }
    const required = decisionsOf(d, 'action-required');
    if (required.length) out.push('### Needed by Lambda', '', ...renderRequiredMarkdown(required));
    if (decisionsOf(d, 'action-kept').length) {
      out.push('### Kept without evidence of use', '', ...renderKeptMarkdown(d, '####'));
    }
    if (p.unresolved.length) {
      out.push(
        ...renderValues(
          p.unresolved,
          'Expressions kept as written because iamtrim could not resolve them:',
          '',
        ),
        '',
      );
    }
  }
  if (input.samChanges?.length) {
    out.push('## SAM policy templates', '');
    for (const s of input.samChanges) out.push(...wrapText(`- ${md(relabel(s))}`, '', '  '));
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
    for (const s of input.removedPolicies) out.push(...wrapText(`- ${md(relabel(s))}`, '', '  '));
    out.push('');
  }
  if (input.templateNeeds?.length) {
    out.push('## What Lambda needs, read from the templates', '');
    out.push(
      'Kept whether or not CloudTrail shows them (VPC interfaces, event-source pollers, dead-letter targets, X-Ray, logs):',
      '',
    );
    for (const s of input.templateNeeds) out.push(...wrapText(`- ${md(relabel(s))}`, '', '  '));
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
    for (const s of input.skipped) out.push(...wrapText(`- ${md(relabel(s))}`, '', '  '));
    out.push('');
  }
  const decisions = input.patched.filter((p) => p.changed).flatMap((p) => p.decisions.map(relabelReason));
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

// Past this many actions (or used actions), a list is folded into a <details> block.
const FOLD_OVER = 20;

/** Lines inside a collapsed `<details>` block (GitHub renders it folded, with the summary). */
function fold(summary: string, lines: readonly string[]): string[] {
  const body = [...lines];
  while (body.length && body[body.length - 1] === '') body.pop();
  return [`<details><summary>${summary}</summary>`, '', ...body, '', '</details>', ''];
}

/** `statement "Sid"`, or `statement #n`: the role's heading already names the file and line. */
function statementName(ref: { index: number; sid: string | undefined }): string {
  return md(`statement ${ref.sid !== undefined ? `"${ref.sid}"` : `#${ref.index + 1}`}`);
}

/**
 * Removed actions counted by service (with the wildcards the edit writes out), statements
 * removed whole, then every removed action with its evidence: by statement, reason and
 * service, folded when the list is long.
 */
function renderRemoved(decisions: readonly Decision[], edits: readonly StatementEdit[]): string[] {
  const removed = decisionsOf(decisions, 'action-removed');
  const gone = decisionsOf(decisions, 'statement-removed');
  const summary = renderRemovalSummary(summarizeRemovals(decisions, edits));
  if (removed.length === 0 && gone.length === 0 && summary.length === 0) return ['Nothing.', ''];
  const out = [...summary];
  for (const g of gone)
    out.push(...wrapText(`- ${statementName(g.statement)} removed: ${md(g.reason)}`, '', '  '));
  out.push('');
  if (removed.length === 0) return out;
  const byStatement = new Map<string, typeof removed>();
  for (const d of removed) {
    const label = statementName(d.statement);
    byStatement.set(label, [...(byStatement.get(label) ?? []), d]);
  }
  const detail = [...byStatement].flatMap(([label, list]) => [
    `#### From ${label}`,
    '',
    // Already folded as a whole: no block of its own for a long service inside.
    ...groupByReason(list).flatMap((g) => [
      ...wrapText(`**${md(g.reason)}** (${g.actions.length} action(s))`, '', ''),
      '',
      ...groupByService(g.actions).flatMap(([service, names]) =>
        wrapList(names.map(mdCode), `- ${md(service)} (${names.length}): `, '  '),
      ),
      '',
    ]),
  ]);
  const count = new Set(removed.map((d) => d.action.toLowerCase())).size;
  return [
    ...out,
    ...(count > FOLD_OVER ? fold(`Every removed action, with the evidence (${count})`, detail) : detail),
  ];
}

/** Resource lists the patch writes differently, each as the template and the patch write it. */
function renderResourceEdits(edits: readonly StatementEdit[]): string[] {
  const out: string[] = [];
  for (const e of edits) {
    if (e.parts > 1)
      out.push(`- ${statementName(e)}: written as ${e.parts} statements, one per resource list`);
    for (const r of e.resources) {
      out.push(...wrapList(r.actions.map(mdCode), `- ${statementName(e)}: `, '  '));
      out.push(...renderValues(r.from, '  - from ', '    '));
      out.push(...renderValues(r.to, '  - to ', '    '));
    }
  }
  return out.length ? [...out, ''] : ['Nothing.', ''];
}

/**
 * Values as code: one-line values as code spans in a wrapped list, multi-line ones (a
 * template's `Fn::Join` over several lines) as fenced blocks with their real line breaks.
 */
function renderValues(values: readonly string[], first: string, rest: string): string[] {
  const inline = values.filter((v) => !/[\r\n]/.test(v)).map(mdCode);
  const blocks = values.filter((v) => /[\r\n]/.test(v));
  const out = inline.length ? wrapList(inline, first, rest) : [first.trimEnd()];
  for (const b of blocks) out.push(...mdCodeBlock(dedent(b), rest));
  return out;
}

/**
 * An expression's source starts at its first character but its other lines keep the file's
 * indentation: take off what they share, so the block reads as it does in the file.
 */
function dedent(text: string): string {
  const [head, ...tail] = text.replace(/\r\n?/g, '\n').split('\n');
  const indents = tail.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)?.[0].length ?? 0);
  const cut = indents.length ? Math.min(...indents) : 0;
  return [head, ...tail.map((l) => l.slice(Math.min(cut, /^[ \t]*/.exec(l)?.[0].length ?? 0)))].join('\n');
}
