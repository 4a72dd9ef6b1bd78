import type { Decision } from '../synthesize/decision.js';
import { md, mdCode } from './markdown-escape.js';
import type { SuggestReport } from './suggest-report.js';

// Past this many removals of one service in one statement, they are summarized.
const LIST_LIMIT = 12;

/**
 * Explains every decision of a suggestion in Markdown: what was removed and the evidence
 * that it was unused, what was narrowed from what to what, what was kept and why, and
 * the calls that were denied (never granted). Everything from the logs is escaped.
 */
export function renderSuggestMarkdown(r: SuggestReport): string {
  const out: string[] = [];
  const decisions = r.results.flatMap((x) => x.decisions);
  const removed = decisions.filter(
    (d): d is Extract<Decision, { kind: 'action-removed' }> => d.kind === 'action-removed',
  );
  const narrowed = decisions.filter(
    (d): d is Extract<Decision, { kind: 'resources-narrowed' }> => d.kind === 'resources-narrowed',
  );
  const keptUnseen = decisions.filter(
    (d): d is Extract<Decision, { kind: 'action-kept' }> => d.kind === 'action-kept',
  );
  const c = r.coverage;

  out.push(`# iamtrim: least-privilege suggestion for ${mdCode(r.role)}`, '');
  out.push(
    r.fresh
      ? `No policy was given: this is a new policy written from the ${r.used.length} action(s) the role used.`
      : `${removed.length} action grant(s) removed, ${narrowed.length} resource list(s) narrowed, ${keptUnseen.length} action(s) kept without evidence of use.`,
    '',
  );
  if (r.functions.length > 1) {
    out.push(
      `This role is shared by ${r.functions.length} functions (${r.functions.map(mdCode).join(', ')}): the suggestion keeps the union of their use.`,
      '',
    );
  }

  out.push('## Evidence', '');
  out.push(`| | |`, `|---|---|`);
  out.push(
    `| Window | ${md(c.window.from ?? 'none')} to ${md(c.window.to ?? 'none')} (${c.days} day(s) with events) |`,
  );
  out.push(`| Events in the input | ${c.events} |`);
  out.push(`| Regions | ${c.regions.map(md).join(', ') || 'none'} |`);
  out.push(`| Services with data events | ${[...c.dataEventServices].sort().map(md).join(', ') || 'none'} |`);
  out.push(`| Sources | ${r.sources.map(mdCode).join('<br>')} |`, '');

  if (!r.fresh) {
    out.push('## Removed', '');
    if (removed.length === 0) out.push('Nothing.', '');
    for (const [stmt, list] of groupBy(removed, (d) => statementLabel(d.statement))) {
      out.push(`**${md(stmt)}**`, '');
      for (const [reason, items] of groupBy(list, (d) => d.reason)) {
        const actions = items.map((d) => d.action).sort();
        const shown = actions.length > LIST_LIMIT ? summarize(actions) : actions.map(mdCode).join(', ');
        out.push(`- ${shown}: ${md(reason)}`);
      }
      out.push('');
    }
    out.push('## Narrowed', '');
    if (narrowed.length === 0) out.push('Nothing.', '');
    for (const d of narrowed) {
      out.push(`- ${md(statementLabel(d.statement))}, ${d.actions.map(mdCode).join(', ')}:`);
      out.push(`  from ${d.from.map(mdCode).join(', ')}`);
      out.push(`  to ${d.to.map(mdCode).join(', ')}`);
    }
    out.push('');
  }

  out.push('## Kept', '');
  out.push('| Action | Calls | Last seen | Functions |', '|---|---|---|---|');
  for (const u of r.used) {
    out.push(
      `| ${mdCode(u.action)} | ${u.count} | ${md(u.lastSeen.slice(0, 10))} | ${u.functions.map(md).join(', ')} |`,
    );
  }
  out.push('');
  if (keptUnseen.length > 0) {
    out.push('Kept without evidence of use, because CloudTrail could not have shown it:', '');
    for (const [reason, items] of groupBy(keptUnseen, (d) => d.reason)) {
      const actions = [...new Set(items.map((d) => d.action))].sort();
      out.push(
        `- ${actions.length > LIST_LIMIT ? summarize(actions) : actions.map(mdCode).join(', ')}: ${md(reason)}`,
      );
    }
    out.push('');
  }

  out.push('## Denied calls (not granted)', '');
  if (r.denied.length === 0) out.push('None seen.', '');
  else {
    out.push(
      'These calls were refused. iamtrim never grants them; add them yourself if the function needs them.',
      '',
    );
    out.push('| Action | Calls | Error | Last seen | Functions | Resources |', '|---|---|---|---|---|---|');
    for (const d of r.denied) {
      out.push(
        `| ${mdCode(d.action)} | ${d.count} | ${md(d.errorCode)} | ${md(d.lastSeen.slice(0, 10))} | ${d.functions.map(md).join(', ')} | ${d.resources.map(mdCode).join('<br>')} |`,
      );
    }
    out.push('');
  }

  out.push('## Proof', '');
  out.push(
    `iamtrim's evaluator checked ${r.verify.observedPairs} observed (action, resource) pair(s) and ${r.verify.samplePairs} sample pair(s) across ${r.verify.statementsChecked} new Allow statement(s): every observed call is still allowed, and nothing is allowed that the original policy did not allow.`,
    '',
  );
  return out.join('\n');
}

function statementLabel(ref: { source: string; index: number; sid: string | undefined }): string {
  return `${ref.source} statement ${ref.sid ? `"${ref.sid}"` : `#${ref.index + 1}`}`;
}

function summarize(actions: readonly string[]): string {
  const byService = groupBy(actions, (a) => a.slice(0, a.indexOf(':')));
  return [...byService].map(([svc, list]) => `${list.length} ${md(svc)} action(s)`).join(', ');
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k) ?? [];
    list.push(item);
    map.set(k, list);
  }
  return map;
}
