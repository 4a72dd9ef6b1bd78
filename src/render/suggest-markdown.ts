import { missingPermissions } from '../synthesize/missing-permissions.js';
import { renderAdviceMarkdown } from './advice-markdown.js';
import { collectAdvice } from './collect-advice.js';
import {
  renderKeptMarkdown,
  renderNarrowedMarkdown,
  renderRemovedMarkdown,
  renderRequiredMarkdown,
  renderUsedMarkdown,
  statementLabel,
} from './decision-markdown.js';
import { decisionsOf } from './group-decisions.js';
import { md, mdCode, mdJsonLines } from './markdown-escape.js';
import type { SuggestReport } from '../model/suggest-report.js';
import { wrapList, wrapText } from './wrap-text.js';

/**
 * Explains every decision of a suggestion in Markdown, each with its reason and every
 * action named (never only a count): what was removed and the evidence that it was unused,
 * what was narrowed from what to what, what was used, what Lambda needs, what was kept
 * without evidence and why, the missing permissions (denied calls, never granted), and last
 * what evidence would let iamtrim remove more. Everything from policies and logs is escaped,
 * and no line is longer than 200 characters.
 */
export function renderSuggestMarkdown(r: SuggestReport): string {
  const out: string[] = [];
  const decisions = r.results.flatMap((x) => x.decisions);
  const removed = decisionsOf(decisions, 'action-removed');
  const narrowed = decisionsOf(decisions, 'resources-narrowed');
  const keptUnseen = decisionsOf(decisions, 'action-kept');
  const required = decisionsOf(decisions, 'action-required');
  const c = r.coverage;

  out.push(...wrapText(`# iamtrim: least-privilege suggestion for ${mdCode(r.role)}`, '', ''), '');
  out.push(
    r.fresh
      ? `No policy was given: this is a new policy written from the ${r.used.length} action(s) the role used.`
      : `${removed.length} action grant(s) removed, ${narrowed.length} resource list(s) narrowed, ${keptUnseen.length} action(s) kept without evidence of use.`,
    '',
  );
  if (r.functions.length > 1) {
    out.push(
      ...wrapList(
        r.functions.map(mdCode),
        `This role is shared by ${r.functions.length} functions; the suggestion keeps the union of their use:`,
        '',
      ),
      '',
    );
  }

  out.push('## Evidence and what it covers', '');
  out.push(
    `- Window: ${md(c.window.from ?? 'none')} to ${md(c.window.to ?? 'none')}: ${c.spanDays} day(s), ${c.days} with events`,
  );
  out.push(`- Events in the input: ${c.events}`);
  out.push(...wrapList(c.regions.map(md), '- Regions in the evidence:', '  '));
  out.push(
    ...wrapList(
      c.regionsCovered === 'all'
        ? ['all']
        : c.regionsCovered === 'unknown'
          ? ['unknown (give --regions or --trail-config)']
          : c.regionsCovered.map(md),
      '- Regions the logs cover:',
      '  ',
    ),
  );
  const data = c.allDataEvents
    ? ['all']
    : [...c.dataEvents].map(([s, rw]) => `${md(s)}${rw === 'All' ? '' : ` (${md(rw)})`}`).sort();
  out.push(...wrapList(data.length ? data : ['none'], '- Data events logged for:', '  '));
  const m = c.management;
  out.push(
    ...wrapList(
      [...m.excludedServices].map(md),
      `- Management events: ${m.logged ? `logged (${md(m.readWrite)})` : 'not logged'}${m.excludedServices.size ? ', except' : ''}`,
      '  ',
    ),
  );
  out.push(...wrapList(r.sources.map(mdCode), '- Sources:', '  '));
  for (const note of c.notes) out.push(...wrapText(`- ${md(note)}`, '', '  '));
  out.push('');

  if (!r.fresh) {
    out.push('## Removed', '');
    out.push(...renderRemovedMarkdown(decisions, '###'));
    out.push('## Narrowed', '');
    out.push(...renderNarrowedMarkdown(decisions));
  }

  out.push('## Kept', '');
  out.push('### Used, according to the evidence', '');
  out.push(...renderUsedMarkdown(r.used));
  if (required.length > 0) {
    out.push('### Needed by Lambda on the functions’ behalf (from their configuration)', '');
    out.push(...renderRequiredMarkdown(required));
  }
  if (keptUnseen.length > 0) {
    out.push(
      `### Kept without evidence of use (${new Set(keptUnseen.map((d) => d.action.toLowerCase())).size})`,
      '',
      'No recorded use, and no proof that they are unused: each stays, with its reason. Grouped by why:',
      '',
    );
    out.push(...renderKeptMarkdown(decisions, '####'));
  }
  const unchanged = decisionsOf(decisions, 'statement-unchanged');
  if (unchanged.length > 0) {
    out.push('### Statements left exactly as written', '');
    for (const d of unchanged)
      out.push(...wrapText(`- ${md(statementLabel(d.statement))}: ${md(d.reason)}`, '', '  '));
    out.push('');
  }
  const dropped = decisionsOf(decisions, 'statement-removed');
  if (dropped.length > 0) {
    out.push('## Statements removed', '');
    for (const d of dropped)
      out.push(...wrapText(`- ${md(statementLabel(d.statement))}: ${md(d.reason)}`, '', '  '));
    out.push('');
  }

  out.push('## Missing permissions', '');
  const missing = missingPermissions(r.denied);
  if (missing.length === 0) out.push('No call was denied.', '');
  else {
    out.push(
      'These calls were refused. iamtrim never grants them; if a function needs one, add it yourself:',
      '',
    );
    for (const mp of missing) {
      out.push(
        ...wrapList(
          mp.functions.length ? mp.functions.map(md) : ['unknown'],
          `- ${mdCode(mp.action)}: ${mp.count} call(s) denied (${md(mp.errorCode)}), last ${md(mp.lastSeen.slice(0, 10))}, by`,
          '  ',
        ),
      );
      out.push(
        '',
        '  ```json',
        // A backtick can only sit in a JSON string, where `\u0060` reads back the same.
        ...mdJsonLines(mp.statement).map((l) => `  ${l.replace(/`/g, '\\u0060')}`),
        '  ```',
        '',
      );
    }
  }

  if (r.requiredNotGranted.length > 0) {
    out.push(
      'Lambda needs these through the role, and none of the given policies grants them (another attached policy may):',
      '',
    );
    out.push(...renderRequiredMarkdown(r.requiredNotGranted));
  }

  out.push('## Proof', '');
  out.push(
    ...wrapText(
      `iamtrim's evaluator checked ${r.verify.observedPairs} observed (action, resource) pair(s) and ${r.verify.samplePairs} sample pair(s) across ${r.verify.statementsChecked} new Allow statement(s): every observed call is still allowed, and nothing is allowed that the original policy did not allow.`,
      '',
      '',
    ),
    '',
  );

  out.push(...renderAdviceMarkdown(collectAdvice(decisions), { roles: [r.role], functions: r.functions }));
  return out.join('\n');
}
