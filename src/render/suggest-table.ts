import type { Decision } from '../synthesize/decision.js';
import { summarizeAdvice } from './advice-markdown.js';
import { collectAdvice } from './collect-advice.js';
import type { SuggestReport } from '../model/suggest-report.js';
import { displayWidth, truncateToWidth } from './fit-width.js';
import { terminalSafe } from './terminal-safe.js';
import { wrapList, wrapText } from './wrap-text.js';

// Lines of advice shown; the rest are counted.
const TOP_ADVICE = 3;

/**
 * A short terminal summary of a suggestion: per policy, what changes, then denied calls and
 * the evidence that would decide the most kept actions. With `width` (a terminal's columns)
 * prose and lists wrap within it and any other line is cut with an ellipsis.
 */
export function renderSuggestTable(r: SuggestReport, width?: number): string {
  const s = terminalSafe;
  const out: string[] = [];
  const c = r.coverage;
  const wrap = (text: string, first = '', rest = '  '): void => {
    out.push(...(width === undefined ? [first + text] : wrapText(text, first, rest, width)));
  };
  const head = `Role ${s(r.role)}${r.functions.length ? ` (functions: ${r.functions.map(s).join(', ')})` : ''}`;
  if (width === undefined || displayWidth(head) <= width) out.push(head);
  else out.push(`Role ${s(r.role)}`, ...wrapList(r.functions.map(s), '  functions:', '    ', width));
  wrap(
    `Evidence: ${c.events} event(s) over ${c.spanDays} day(s) (${c.days} with events), ${s(c.window.from ?? '?')} to ${s(c.window.to ?? '?')}`,
  );
  out.push('');
  for (const res of r.results) {
    const count = (kind: Decision['kind']): number => res.decisions.filter((d) => d.kind === kind).length;
    out.push(`${s(res.source)}:`);
    out.push(`  used actions kept      ${count('action-used')}`);
    out.push(`  removed action grants  ${count('action-removed')}`);
    out.push(`  narrowed resource sets ${count('resources-narrowed')}`);
    out.push(`  kept without evidence  ${count('action-kept')}`);
    out.push(`  statements removed     ${count('statement-removed')}`);
  }
  out.push('');
  for (const note of c.notes) wrap(s(note), 'Coverage: ');
  if (c.notes.length) out.push('');
  if (r.denied.length > 0) {
    out.push('Missing permissions (denied calls, not granted):');
    for (const d of r.denied) {
      out.push(
        `  ${s(d.action)} x${d.count} ${s(d.errorCode)} last ${s(d.lastSeen.slice(0, 10))} (${d.functions.map(s).join(', ')})`,
      );
    }
    out.push('');
  }
  const advice = collectAdvice(r.results.flatMap((x) => x.decisions));
  if (advice.length > 0) {
    // The few changes worth most; `--format markdown` has every one with its exact command.
    out.push('To remove more, give iamtrim:');
    for (const a of advice.slice(0, TOP_ADVICE)) wrap(s(summarizeAdvice(a)), '  ', '    ');
    if (advice.length > TOP_ADVICE) out.push(`  (${advice.length - TOP_ADVICE} more in --format markdown)`);
    out.push('');
  }
  out.push(`Verified: ${r.verify.observedPairs} observed pair(s), ${r.verify.samplePairs} sample pair(s).`);
  return out.map((line) => truncateToWidth(line, width)).join('\n') + '\n';
}
