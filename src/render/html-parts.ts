import type { FindingSeverity } from '../model/finding.js';
import { clipText, html } from './html-escape.js';

/** A table column: its heading (our text) and how the script sorts it. */
export interface HtmlColumn {
  readonly head: string;
  /** `n`: by the cells' numbers; `t`: by their text; absent: not sortable. */
  readonly sort?: 'n' | 't';
  /** Right-aligned (counts). */
  readonly numeric?: boolean;
}

/** A cell of escaped text. */
export function textCell(text: string): string {
  return `<td>${html(text)}</td>`;
}

/** A cell of escaped text shown as code (names, ARNs, actions). */
export function codeCell(text: string): string {
  return `<td><code>${html(text)}</code></td>`;
}

/** A cell of ready HTML (built with {@link html}). */
export function htmlCell(content: string): string {
  return `<td>${content}</td>`;
}

/** A count, right-aligned; `null` (unknown) shows as a dash and sorts first. */
export function numberCell(n: number | null, text = n === null ? '–' : String(n)): string {
  // The script sorts by `data-v`, else by the text: only a cell whose text is not its number needs it.
  return `<td class="n"${text === String(n) ? '' : ` data-v="${n ?? -1}"`}>${html(text)}</td>`;
}

/** A severity as a coloured badge, sortable high first. */
export function severityCell(s: FindingSeverity): string {
  return `<td data-v="${SEVERITY_RANK[s]}">${severityBadge(s)}</td>`;
}

/** A severity as a coloured badge. */
export function severityBadge(s: FindingSeverity): string {
  return `<span class="sev sev-${s}">${s}</span>`;
}

const SEVERITY_RANK: Readonly<Record<FindingSeverity, number>> = { high: 0, medium: 1, low: 2 };

/** One table; every body row is a filter target of the page script. */
export function renderTable(columns: readonly HtmlColumn[], rows: readonly (readonly string[])[]): string {
  const head = columns
    .map(
      (c) =>
        `<th${c.numeric ? ' class="n"' : ''}${c.sort ? ` data-sort="${c.sort}"` : ''} scope="col">${html(c.head)}</th>`,
    )
    .join('');
  const body = rows.map((r) => `<tr data-row>${r.join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/**
 * A table that collapses when large: up to `chunk` rows as one table; past that, one
 * `<details>` per `chunk` rows (the first open), so a 5,000-role estate opens quickly and
 * reads without the script.
 */
export function renderChunkedTable(
  columns: readonly HtmlColumn[],
  rows: readonly (readonly string[])[],
  chunk = 250,
): string {
  if (rows.length <= chunk) return renderTable(columns, rows);
  const parts: string[] = [];
  for (let i = 0; i < rows.length; i += chunk) {
    const end = Math.min(rows.length, i + chunk);
    parts.push(
      `<details${i === 0 ? ' open' : ''}><summary>Rows ${i + 1}–${end} of ${rows.length}</summary>\n${renderTable(columns, rows.slice(i, end))}\n</details>`,
    );
  }
  return parts.join('\n');
}

/** A bulleted list of facts (ready HTML each). */
export function renderFacts(facts: readonly string[]): string {
  return `<ul class="facts">${facts.map((f) => `<li>${f}</li>`).join('')}</ul>`;
}

/** A plain list of escaped texts, as code; `(none)` when empty. */
export function renderCodeList(items: readonly string[]): string {
  if (items.length === 0) return '<p class="muted">(none)</p>';
  return `<ul>${items.map((i) => `<li><code>${html(i)}</code></li>`).join('')}</ul>`;
}

/** One bar of a chart: the label is input text (escaped here), the tone a CSS class suffix. */
export interface Bar {
  readonly label: string;
  readonly value: number;
  readonly tone: 'g' | 'u' | 'r' | 'k' | FindingSeverity;
}

const CHART_WIDTH = 520;
const LABEL_WIDTH = 190;
const ROW = 22;

/**
 * A horizontal bar chart as inline SVG, each bar labelled and counted; the same numbers are
 * in the SVG's title and in the text around it, for readers who cannot see the chart.
 */
export function renderBarChart(caption: string, bars: readonly Bar[]): string {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const room = CHART_WIDTH - LABEL_WIDTH - 60;
  const height = Math.max(ROW, bars.length * ROW) + 4;
  const rows = bars.map((b, i) => {
    const y = i * ROW + 2;
    const w = b.value === 0 ? 0 : Math.max(1, Math.round((b.value / max) * room));
    return (
      `<text x="0" y="${y + 14}">${html(clipText(b.label, 28))}</text>` +
      `<rect class="bar-${b.tone}" x="${LABEL_WIDTH}" y="${y + 3}" width="${w}" height="14"></rect>` +
      `<text x="${LABEL_WIDTH + w + 6}" y="${y + 14}">${b.value}</text>`
    );
  });
  const title = bars.map((b) => `${b.label}: ${b.value}`).join(', ');
  return `<figure><figcaption>${html(caption)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${height}" role="img"><title>${html(title)}</title>${rows.join('')}</svg></figure>`;
}

/** One group of the granted/used/removable chart. */
export interface GrantGroup {
  readonly label: string;
  /** Null when unknown (a role seen only in the evidence). */
  readonly granted: number | null;
  readonly used: number;
  /** Null when a coverage gap forbids the claim. */
  readonly removable: number | null;
}

/** Granted, used and removable per group (policy or role), as one SVG chart. */
export function renderGrantChart(caption: string, groups: readonly GrantGroup[]): string {
  const bars = groups.flatMap((g) => [
    { label: g.label, value: g.granted ?? 0, tone: 'g' as const },
    { label: '', value: g.used, tone: 'u' as const },
    { label: '', value: g.removable ?? 0, tone: 'r' as const },
  ]);
  const max = Math.max(1, ...bars.map((b) => b.value));
  const room = CHART_WIDTH - LABEL_WIDTH - 110;
  const rows = groups.map((g, i) => {
    const y = i * 48 + 2;
    const line = (k: number, value: number | null, tone: string, word: string): string => {
      const w = !value ? 0 : Math.max(1, Math.round((value / max) * room));
      return (
        `<rect class="bar-${tone}" x="${LABEL_WIDTH}" y="${y + k * 14}" width="${w}" height="11"></rect>` +
        `<text x="${LABEL_WIDTH + w + 5}" y="${y + k * 14 + 10}">${value ?? '?'} ${word}</text>`
      );
    };
    return (
      `<text x="0" y="${y + 24}">${html(clipText(g.label, 28))}</text>` +
      line(0, g.granted, 'g', 'granted') +
      line(1, g.used, 'u', 'used') +
      line(2, g.removable, 'r', 'removable')
    );
  });
  const title = groups
    .map((g) => `${g.label}: ${g.granted ?? '?'} granted, ${g.used} used, ${g.removable ?? '?'} removable`)
    .join('; ');
  return `<figure><figcaption>${html(caption)}</figcaption>${GRANT_LEGEND}<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${groups.length * 48 + 4}" role="img"><title>${html(title)}</title>${rows.join('')}</svg></figure>`;
}

const swatch = (tone: string): string =>
  `<svg width="10" height="10" aria-hidden="true"><rect class="bar-${tone}" width="10" height="10"></rect></svg>`;

/** The colours of the granted/used/removable bars. */
export const GRANT_LEGEND = `<p class="legend"><span>${swatch('g')}granted</span><span>${swatch('u')}used</span><span>${swatch('r')}removable</span></p>`;

/**
 * The small granted/used/removable bars of one table row (scaled to the row's largest
 * number; the counts are in the row's cells).
 */
export function rowGrantBars(granted: number | null, used: number, removable: number | null): string {
  const max = Math.max(1, granted ?? 0, used, removable ?? 0);
  // Terse on purpose: one of these per role, 5,000 in a large estate. Size from the CSS.
  const bar = (k: number, value: number | null, tone: string): string =>
    `<rect class="bar-${tone}"${k ? ` y="${k * 5}"` : ''} width="${!value ? 0 : Math.max(1, Math.round((value / max) * 120))}" height="4"/>`;
  return `<svg class="rb" aria-hidden="true">${bar(0, granted, 'g')}${bar(1, used, 'u')}${bar(2, removable, 'r')}</svg>`;
}
