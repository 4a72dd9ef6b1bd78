import { ownValue } from '../catalog/own-value.js';
import { renderSuggestDiff } from './suggest-diff.js';
import { renderSuggestJson } from './suggest-json.js';
import { renderSuggestJsonPatch } from './suggest-json-patch.js';
import { renderSuggestMarkdown } from './suggest-markdown.js';
import type { SuggestRenderer } from './suggest-renderer.js';
import { renderSuggestTable } from './suggest-table.js';
import { renderUsageTable } from './usage-table.js';
import { USAGE_FORMAT_VERSION, type UsageReport } from '../usage/usage-report.js';

export type { RenderOptions, SuggestOutput, SuggestRenderer } from './suggest-renderer.js';

/**
 * The format registry of `suggest`: format name → renderer. Commands look formats up here
 * and never switch on them; `--format` offers exactly these keys, in this order. A new
 * format is one renderer file plus one line here.
 */
export const suggestRenderers = {
  json: renderSuggestJson,
  'json-patch': renderSuggestJsonPatch,
  diff: renderSuggestDiff,
  markdown: ({ outcome }) => renderSuggestMarkdown(outcome.report),
  table: ({ outcome }) => renderSuggestTable(outcome.report),
} as const satisfies Record<string, SuggestRenderer>;

/** A format name `suggest` can write. */
export type SuggestFormat = keyof typeof suggestRenderers;

/** The format names, in registry order (the `--format` choices). */
export const suggestFormats = Object.keys(suggestRenderers) as SuggestFormat[];

/** The renderer of `format`. Own-key lookup: a format name may come from the command line. */
export function suggestRendererFor(format: string): SuggestRenderer | undefined {
  return ownValue<SuggestRenderer>(suggestRenderers, format);
}

/** One output format of `usage`: a pure function from the usage report to text. */
export type UsageRenderer = (report: UsageReport) => string;

/** The format registry of `usage`, as for `suggest`: `--format` offers these keys, in order. */
export const usageRenderers = {
  table: (report) => renderUsageTable(report) + '\n',
  json: (report) => JSON.stringify({ formatVersion: USAGE_FORMAT_VERSION, ...report }, null, 2) + '\n',
} as const satisfies Record<string, UsageRenderer>;

/** A format name `usage` can write. */
export type UsageFormat = keyof typeof usageRenderers;

/** The `usage` format names, in registry order (the `--format` choices). */
export const usageFormats = Object.keys(usageRenderers) as UsageFormat[];
