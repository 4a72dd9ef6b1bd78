import type { SuggestReport } from '../model/suggest-report.js';
import type { Decision } from '../synthesize/decision.js';
import { missingPermissions } from '../synthesize/missing-permissions.js';
import { statementLabel } from './decision-markdown.js';
import { decisionsOf, groupKept } from './group-decisions.js';
import { html, htmlLines } from './html-escape.js';
import { renderHtmlPage } from './html-page.js';
import {
  codeCell,
  GRANT_LEGEND,
  htmlCell,
  numberCell,
  renderBarChart,
  renderChunkedTable,
  renderCodeList,
  renderFacts,
  renderGrantChart,
  rowGrantBars,
  textCell,
  type GrantGroup,
} from './html-parts.js';
import { jsonText } from './json-text.js';

// Resources listed per used action; the JSON report has them all.
const RESOURCES_SHOWN = 5;

/**
 * `suggest --format html`: one self-contained page (src/render/html-page.ts) with, per
 * policy, the actions granted against used against removable as a chart, then every decision
 * with its reason (removed, narrowed, used, needed by Lambda, kept without evidence and why),
 * the calls that were denied, the evaluator's proof, and each policy before and after. Every
 * string from policies and logs is escaped (src/render/html-escape.ts).
 */
export function renderSuggestHtml(r: SuggestReport): string {
  const decisions = r.results.flatMap((x) => x.decisions);
  const removed = decisionsOf(decisions, 'action-removed');
  const narrowed = decisionsOf(decisions, 'resources-narrowed');
  const kept = groupKept(decisions);
  const c = r.coverage;
  const policies = r.results.map((x) => grantGroup(x.source, x.decisions));
  const summary = r.fresh
    ? `No policy was given: this is a new policy written from the ${r.used.length} action(s) the role used.`
    : `${distinct(removed)} action(s) removed, ${narrowed.length} resource list(s) narrowed, ${kept.reduce((n, k) => n + k.count, 0)} action(s) kept without evidence of use.`;
  const body = [
    '<header>',
    `<h1>iamtrim suggest: <code>${html(r.role)}</code></h1>`,
    `<p>${html(summary)}</p>`,
    r.functions.length > 0
      ? `<p>Function(s) using the role: ${r.functions.map((f) => `<code>${html(f)}</code>`).join(', ')}${r.functions.length > 1 ? ' (the suggestion keeps the union of their use)' : ''}.</p>`
      : '',
    '</header>',
    '<section><h2>At a glance</h2><div class="charts">',
    policies.length > 0 ? renderGrantChart('Actions per policy', policies) : '',
    kept.length > 0
      ? renderBarChart(
          'Kept without evidence of use, by why',
          kept.map((k) => ({ label: k.title, value: k.count, tone: 'k' as const })),
        )
      : '',
    '</div></section>',
    policies.length > 0 ? renderPolicyTable(policies) : '',
    '<section><h2>Evidence and what it covers</h2>',
    renderFacts([
      `Window: <code>${html(c.window.from ?? 'none')}</code> to <code>${html(c.window.to ?? 'none')}</code>, ${c.spanDays} day(s), ${c.days} with events`,
      `${c.events} event(s)`,
      `Regions in the evidence: ${c.regions.map((x) => `<code>${html(x)}</code>`).join(', ') || 'none'}`,
      `Regions the logs cover: ${
        c.regionsCovered === 'all'
          ? 'all'
          : c.regionsCovered === 'unknown'
            ? 'unknown (give --regions or --trail-config)'
            : c.regionsCovered.map((x) => `<code>${html(x)}</code>`).join(', ') || 'none'
      }`,
    ]),
    '<h3>Sources</h3>',
    renderCodeList(r.sources),
    c.notes.length > 0 ? `<h3>Notes</h3><ul>${c.notes.map((n) => `<li>${html(n)}</li>`).join('')}</ul>` : '',
    '</section>',
    r.fresh ? '' : renderRemoved(removed),
    r.fresh ? '' : renderNarrowed(narrowed),
    renderUsed(r),
    renderRequired(decisions),
    renderKept(kept),
    renderMissing(r),
    '<section><h2>Proof</h2>',
    `<p>iamtrim’s evaluator checked ${r.verify.observedPairs} observed (action, resource) pair(s) and ${r.verify.samplePairs} sample pair(s) across ${r.verify.statementsChecked} new Allow statement(s): every observed call is still allowed, and nothing is allowed that the original policy did not allow.</p>`,
    '</section>',
    '<section><h2>Policies before and after</h2>',
    ...r.results.map(
      (x) =>
        `<details><summary><code>${html(x.source)}</code></summary><h3>Before</h3><pre>${htmlLines(jsonText(x.before))}</pre><h3>After</h3><pre>${htmlLines(jsonText(x.after))}</pre></details>`,
    ),
    '</section>',
  ].join('\n');
  return renderHtmlPage({ title: `iamtrim suggest: ${r.role}`, body });
}

/** Granted, used and removable actions of one policy, each action counted once. */
function grantGroup(source: string, decisions: readonly Decision[]): GrantGroup {
  const of = (kinds: readonly Decision['kind'][]): number =>
    new Set(
      decisions.flatMap((d) => (kinds.includes(d.kind) && 'action' in d ? [d.action.toLowerCase()] : [])),
    ).size;
  return {
    label: source,
    granted: of(['action-used', 'action-required', 'action-removed', 'action-kept']),
    used: of(['action-used']),
    removable: of(['action-removed']),
  };
}

function distinct(list: readonly { action: string }[]): number {
  return new Set(list.map((d) => d.action.toLowerCase())).size;
}

function renderPolicyTable(groups: readonly GrantGroup[]): string {
  return [
    '<section><h2>Policies</h2>',
    GRANT_LEGEND,
    renderChunkedTable(
      [
        { head: 'Policy', sort: 't' },
        { head: 'Granted', sort: 'n', numeric: true },
        { head: 'Used', sort: 'n', numeric: true },
        { head: 'Removable', sort: 'n', numeric: true },
        { head: '' },
      ],
      groups.map((g) => [
        codeCell(g.label),
        numberCell(g.granted),
        numberCell(g.used),
        numberCell(g.removable),
        htmlCell(rowGrantBars(g.granted, g.used, g.removable)),
      ]),
    ),
    '</section>',
  ].join('\n');
}

function renderRemoved(removed: readonly Extract<Decision, { kind: 'action-removed' }>[]): string {
  return [
    `<section><h2>Removed (${distinct(removed)})</h2>`,
    removed.length === 0
      ? '<p class="muted">Nothing was removed.</p>'
      : renderChunkedTable(
          [{ head: 'Action', sort: 't' }, { head: 'Statement', sort: 't' }, { head: 'Why it can go' }],
          removed.map((d) => [codeCell(d.action), textCell(statementLabel(d.statement)), textCell(d.reason)]),
        ),
    '</section>',
  ].join('\n');
}

function renderNarrowed(narrowed: readonly Extract<Decision, { kind: 'resources-narrowed' }>[]): string {
  if (narrowed.length === 0) return '';
  const list = (items: readonly string[]): string => items.map((i) => `<code>${html(i)}</code>`).join('<br>');
  return [
    `<section><h2>Narrowed (${narrowed.length})</h2>`,
    renderChunkedTable(
      [{ head: 'Statement', sort: 't' }, { head: 'Actions' }, { head: 'From' }, { head: 'To' }],
      narrowed.map((d) => [
        textCell(statementLabel(d.statement)),
        htmlCell(list(d.actions)),
        htmlCell(list(d.from)),
        htmlCell(list(d.to)),
      ]),
    ),
    '</section>',
  ].join('\n');
}

function renderUsed(r: SuggestReport): string {
  return [
    `<section><h2>Used, according to the evidence (${r.used.length})</h2>`,
    r.used.length === 0
      ? '<p class="muted">No recorded use.</p>'
      : renderChunkedTable(
          [
            { head: 'Action', sort: 't' },
            { head: 'Calls', sort: 'n', numeric: true },
            { head: 'Last seen', sort: 't' },
            { head: 'Functions' },
            { head: 'Resources' },
          ],
          r.used.map((u) => {
            const shown = u.resources.slice(0, RESOURCES_SHOWN).map((x) => `<code>${html(x)}</code>`);
            const more = u.resources.length - shown.length;
            return [
              codeCell(u.action),
              numberCell(u.count),
              textCell(u.lastSeen),
              textCell(u.functions.join(', ')),
              htmlCell(
                `${shown.join('<br>')}${more > 0 ? `<br><span class="muted">${more} more</span>` : ''}`,
              ),
            ];
          }),
        ),
    '</section>',
  ].join('\n');
}

function renderRequired(decisions: readonly Decision[]): string {
  const required = decisionsOf(decisions, 'action-required');
  if (required.length === 0) return '';
  return [
    `<section><h2>Needed by Lambda on the functions’ behalf (${distinct(required)})</h2>`,
    renderChunkedTable(
      [{ head: 'Action', sort: 't' }, { head: 'Resources' }, { head: 'Why' }],
      required.map((d) => [
        codeCell(d.action),
        htmlCell(d.resources.map((x) => `<code>${html(x)}</code>`).join('<br>')),
        textCell(d.reason),
      ]),
    ),
    '</section>',
  ].join('\n');
}

function renderKept(kept: ReturnType<typeof groupKept>): string {
  if (kept.length === 0) return '';
  return [
    `<section><h2>Kept without evidence of use (${kept.reduce((n, k) => n + k.count, 0)})</h2>`,
    '<p>No recorded use, and no proof that they are unused: each stays, with its reason.</p>',
    ...kept.map(
      (k) =>
        `<details><summary>${html(k.title)} (${k.count})</summary>${k.reasons
          .map(
            (g) =>
              `<p>${html(g.reason)}</p><p>${g.actions.map((a) => `<code>${html(a)}</code>`).join(', ')}</p>`,
          )
          .join('')}</details>`,
    ),
    '</section>',
  ].join('\n');
}

function renderMissing(r: SuggestReport): string {
  const missing = missingPermissions(r.denied);
  return [
    `<section><h2>Missing permissions (${missing.length})</h2>`,
    missing.length === 0
      ? '<p class="muted">No call was denied.</p>'
      : [
          '<p>These calls were refused. iamtrim never grants them; if a function needs one, add it yourself.</p>',
          renderChunkedTable(
            [
              { head: 'Action', sort: 't' },
              { head: 'Denied calls', sort: 'n', numeric: true },
              { head: 'Error' },
              { head: 'Last seen', sort: 't' },
              { head: 'Functions' },
              { head: 'Statement that would allow it' },
            ],
            missing.map((m) => [
              codeCell(m.action),
              numberCell(m.count),
              textCell(m.errorCode),
              textCell(m.lastSeen),
              textCell(m.functions.join(', ') || 'unknown'),
              htmlCell(`<pre>${htmlLines(jsonText(m.statement))}</pre>`),
            ]),
          ),
        ].join('\n'),
    r.requiredNotGranted.length > 0
      ? `<h3>Needed by Lambda and granted by none of the given policies</h3>${renderChunkedTable(
          [{ head: 'Action', sort: 't' }, { head: 'Resources' }, { head: 'Why' }],
          r.requiredNotGranted.map((p) => [
            codeCell(p.action),
            htmlCell(p.resources.map((x) => `<code>${html(x)}</code>`).join('<br>')),
            textCell(p.reason),
          ]),
        )}`
      : '',
    '</section>',
  ].join('\n');
}
