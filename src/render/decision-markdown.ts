import type { Decision, StatementRef } from '../synthesize/decision.js';
import type { RequiredPermission } from '../model/required-permission.js';
import type { ActionReport } from '../usage/usage-report.js';
import {
  decisionsOf,
  groupByReason,
  groupByService,
  groupKept,
  type ReasonGroup,
} from './group-decisions.js';
import { md, mdCode } from './markdown-escape.js';
import { wrapList, wrapText } from './wrap-text.js';

// Past this many names, one service's list is collapsed into a <details> block (still named).
const COLLAPSE_OVER = 40;

/**
 * Every action of a list by name, one bullet per service; a service with a very long list
 * gets a collapsed block after the bullets instead. No count stands in for names, and no
 * line is longer than the report's limit.
 */
export function renderActionNames(actions: readonly string[]): string[] {
  const out: string[] = [];
  const collapsed: string[] = [];
  for (const [service, names] of groupByService(actions)) {
    if (names.length > COLLAPSE_OVER) {
      collapsed.push(
        `<details><summary>${md(service)}: ${names.length} actions</summary>`,
        '',
        ...wrapList(names.map(mdCode), '', ''),
        '',
        '</details>',
        '',
      );
    } else out.push(...wrapList(names.map(mdCode), `- ${md(service)} (${names.length}): `, '  '));
  }
  if (out.length) out.push('');
  return [...out, ...collapsed];
}

/** Reason groups: the reason in bold, then its actions by service. */
export function renderReasonGroups(groups: readonly ReasonGroup[]): string[] {
  return groups.flatMap((g) => [
    ...wrapText(`**${md(g.reason)}** (${g.actions.length} action(s))`, '', ''),
    '',
    ...renderActionNames(g.actions),
  ]);
}

/** Removed actions per statement, by reason, then by service; every one named. */
export function renderRemovedMarkdown(decisions: readonly Decision[], heading: string): string[] {
  const removed = decisionsOf(decisions, 'action-removed');
  if (removed.length === 0) return ['Nothing.', ''];
  const byStatement = new Map<string, typeof removed>();
  for (const d of removed) {
    const label = statementLabel(d.statement);
    byStatement.set(label, [...(byStatement.get(label) ?? []), d]);
  }
  return [...byStatement].flatMap(([label, list]) => [
    ...wrapText(`${heading} From ${md(label)}`, '', ''),
    '',
    ...renderReasonGroups(groupByReason(list)),
  ]);
}

/** Resource lists narrowed, each with its actions and from → to. */
export function renderNarrowedMarkdown(decisions: readonly Decision[]): string[] {
  const narrowed = decisionsOf(decisions, 'resources-narrowed');
  if (narrowed.length === 0) return ['Nothing.', ''];
  const out: string[] = [];
  for (const d of narrowed) {
    out.push(...wrapList(d.actions.map(mdCode), `- ${md(statementLabel(d.statement))}: `, '  '));
    out.push(...wrapList(d.from.map(mdCode), '  - from ', '    '));
    out.push(...wrapList(d.to.map(mdCode), '  - to ', '    '));
  }
  out.push('');
  return out;
}

/** Used actions: calls, last seen and the functions that made them. */
export function renderUsedMarkdown(used: readonly ActionReport[]): string[] {
  if (used.length === 0) return ['None.', ''];
  const out = used.flatMap((u) =>
    wrapList(
      u.functions.map(md),
      `- ${mdCode(u.action)}: ${u.count} call(s), last ${md(u.lastSeen.slice(0, 10))}, by`,
      '  ',
    ),
  );
  return [...out, ''];
}

/** Lambda's own needs (kept or missing): by reason, the actions and their resources. */
export function renderRequiredMarkdown(
  items: readonly Pick<RequiredPermission, 'action' | 'resources' | 'reason'>[],
): string[] {
  const byReason = new Map<string, { actions: Set<string>; resources: Set<string> }>();
  for (const r of items) {
    const g = byReason.get(r.reason) ?? { actions: new Set<string>(), resources: new Set<string>() };
    g.actions.add(r.action);
    for (const res of r.resources) g.resources.add(res);
    byReason.set(r.reason, g);
  }
  const out: string[] = [];
  for (const [reason, g] of byReason) {
    out.push(...wrapText(`- **${md(reason)}**:`, '', '  '));
    out.push(...wrapList([...g.actions].sort().map(mdCode), '  - ', '    '));
    out.push(...wrapList([...g.resources].sort().map(mdCode), '  - on ', '    '));
  }
  if (out.length) out.push('');
  return out;
}

/**
 * Kept without evidence of use, by kind (data event not logged, never logged, ...), then by
 * reason, then by service: every action named.
 */
export function renderKeptMarkdown(decisions: readonly Decision[], heading: string): string[] {
  return groupKept(decisions).flatMap((g) => [
    `${heading} ${g.title} (${g.count})`,
    '',
    ...renderReasonGroups(g.reasons),
  ]);
}

/** `policy.json statement "Sid"`, or `#n` when the statement has no Sid. */
export function statementLabel(ref: StatementRef): string {
  return `${ref.source} statement ${ref.sid ? `"${ref.sid}"` : `#${ref.index + 1}`}`;
}
