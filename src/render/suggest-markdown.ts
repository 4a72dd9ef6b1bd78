import type { Decision } from '../synthesize/decision.js';
import { missingPermissions } from '../synthesize/missing-permissions.js';
import { md, mdCode } from './markdown-escape.js';
import type { SuggestReport } from './suggest-report.js';

// Past this many actions with one reason in one statement, they are summarized per service.
const LIST_LIMIT = 12;

type Of<K extends Decision['kind']> = Extract<Decision, { kind: K }>;

/**
 * Explains every decision of a suggestion in Markdown, each with its reason: what was
 * removed and the evidence that it was unused, what was narrowed from what to what, what
 * was kept and why, what Lambda needs, and the missing permissions (denied calls, never
 * granted). Everything that came from the logs is escaped.
 */
export function renderSuggestMarkdown(r: SuggestReport): string {
  const out: string[] = [];
  const decisions = r.results.flatMap((x) => x.decisions);
  const of = <K extends Decision['kind']>(kind: K): Of<K>[] =>
    decisions.filter((d): d is Of<K> => d.kind === kind);
  const removed = of('action-removed');
  const narrowed = of('resources-narrowed');
  const keptUnseen = of('action-kept');
  const required = of('action-required');
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

  out.push('## Evidence and what it covers', '');
  out.push(`| | |`, `|---|---|`);
  out.push(
    `| Window | ${md(c.window.from ?? 'none')} to ${md(c.window.to ?? 'none')}: ${c.spanDays} day(s), ${c.days} with events |`,
  );
  out.push(`| Events in the input | ${c.events} |`);
  out.push(`| Regions in the evidence | ${c.regions.map(md).join(', ') || 'none'} |`);
  out.push(
    `| Regions the logs cover | ${c.regionsCovered === 'all' ? 'all' : c.regionsCovered === 'unknown' ? 'unknown (give --regions or --trail-config)' : c.regionsCovered.map(md).join(', ')} |`,
  );
  const data = c.allDataEvents
    ? 'all'
    : [...c.dataEvents]
        .map(([s, rw]) => `${md(s)}${rw === 'All' ? '' : ` (${rw})`}`)
        .sort()
        .join(', ');
  out.push(`| Data events logged for | ${data || 'none'} |`);
  const m = c.management;
  out.push(
    `| Management events | ${m.logged ? `logged (${m.readWrite})` : 'not logged'}${m.excludedServices.size ? `, except ${[...m.excludedServices].map(md).join(', ')}` : ''} |`,
  );
  out.push(`| Sources | ${r.sources.map(mdCode).join('<br>')} |`, '');
  for (const note of c.notes) out.push(`- ${md(note)}`);
  if (c.notes.length) out.push('');

  if (!r.fresh) {
    out.push('## Removed', '');
    if (removed.length === 0) out.push('Nothing.', '');
    for (const [stmt, list] of groupBy(removed, (d) => statementLabel(d.statement))) {
      out.push(`**${md(stmt)}**`, '');
      for (const [reason, items] of groupBy(list, (d) => d.reason))
        out.push(`- ${actionList(items.map((d) => d.action))}: ${md(reason)}`);
      out.push('');
    }
    out.push('## Narrowed', '');
    if (narrowed.length === 0) out.push('Nothing.', '');
    for (const d of narrowed) {
      out.push(
        `- ${md(statementLabel(d.statement))}, ${d.actions.map(mdCode).join(', ')}: narrowed to the resources the calls used`,
      );
      out.push(`  from ${d.from.map(mdCode).join(', ')}`);
      out.push(`  to ${d.to.map(mdCode).join(', ')}`);
    }
    out.push('');
  }

  out.push('## Kept', '');
  out.push('Used, according to the evidence:', '');
  out.push('| Action | Calls | Last seen | Functions |', '|---|---|---|---|');
  for (const u of r.used) {
    out.push(
      `| ${mdCode(u.action)} | ${u.count} | ${md(u.lastSeen.slice(0, 10))} | ${u.functions.map(md).join(', ')} |`,
    );
  }
  out.push('');
  if (required.length > 0) {
    out.push('Needed by Lambda on the functions’ behalf (from their configuration):', '');
    for (const [reason, items] of groupBy(required, (d) => d.reason)) {
      out.push(
        `- ${actionList([...new Set(items.map((d) => d.action))])} on ${[...new Set(items.flatMap((d) => d.resources))].map(mdCode).join(', ')}: ${md(reason)}`,
      );
    }
    out.push('');
  }
  if (keptUnseen.length > 0) {
    out.push('Kept without evidence of use, because CloudTrail could not have shown it:', '');
    for (const [reason, items] of groupBy(keptUnseen, (d) => d.reason))
      out.push(`- ${actionList([...new Set(items.map((d) => d.action))])}: ${md(reason)}`);
    out.push('');
  }
  const unchanged = of('statement-unchanged');
  if (unchanged.length > 0) {
    out.push('Statements left exactly as written:', '');
    for (const d of unchanged) out.push(`- ${md(statementLabel(d.statement))}: ${md(d.reason)}`);
    out.push('');
  }
  const dropped = of('statement-removed');
  if (dropped.length > 0) {
    out.push('## Statements removed', '');
    for (const d of dropped) out.push(`- ${md(statementLabel(d.statement))}: ${md(d.reason)}`);
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
        `- ${mdCode(mp.action)}: ${mp.count} call(s) denied (${md(mp.errorCode)}), last ${md(mp.lastSeen.slice(0, 10))}, by ${mp.functions.map(md).join(', ') || 'unknown'}`,
      );
      out.push(
        '',
        '  ```json',
        ...JSON.stringify(mp.statement, null, 2)
          .split('\n')
          .map((l) => `  ${l.replace(/`/g, "'")}`),
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
    for (const [reason, items] of groupBy(r.requiredNotGranted, (d) => d.reason)) {
      out.push(
        `- ${actionList([...new Set(items.map((d) => d.action))])} on ${[...new Set(items.flatMap((d) => d.resources))].map(mdCode).join(', ')}: ${md(reason)}`,
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

function actionList(actions: readonly string[]): string {
  const sorted = [...actions].sort();
  return sorted.length > LIST_LIMIT ? summarize(sorted) : sorted.map(mdCode).join(', ');
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
