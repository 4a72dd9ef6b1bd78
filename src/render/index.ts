import { renderAuditHtml } from './audit-html.js';
import { renderAuditJson } from './audit-json.js';
import { renderAuditMarkdown } from './audit-markdown.js';
import { renderAuditSarif } from './audit-sarif.js';
import { renderAuditTable } from './audit-table.js';
import { renderDriftHtml } from './drift-html.js';
import { renderDriftJson } from './drift-json.js';
import { renderDriftMarkdown } from './drift-markdown.js';
import { renderDriftSarif } from './drift-sarif.js';
import { jsonText } from './json-text.js';
import { ownValue } from '../catalog/own-value.js';
import { renderSuggestDiff } from './suggest-diff.js';
import { renderSuggestHtml } from './suggest-html.js';
import { renderSuggestJson } from './suggest-json.js';
import { renderSuggestJsonPatch } from './suggest-json-patch.js';
import { renderSuggestMarkdown } from './suggest-markdown.js';
import type { SuggestRenderer } from './suggest-renderer.js';
import { renderSuggestTable } from './suggest-table.js';
import { renderUsageCsv } from './usage-csv.js';
import { renderUsageTable } from './usage-table.js';
import { renderRolesTable } from './roles-table.js';
import { renderAccountRolesTable } from './account-roles-table.js';
import type { AccountRolesReport } from '../model/account-roles-report.js';
import type { RolesReport } from '../model/role-functions.js';
import type { DriftReport } from '../model/drift-report.js';
import type { AuditReport } from '../model/audit-report.js';
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
  table: ({ outcome }, { width }) => renderSuggestTable(outcome.report, width),
  html: ({ outcome }) => renderSuggestHtml(outcome.report),
} as const satisfies Record<string, SuggestRenderer>;

/** A format name `suggest` can write. */
export type SuggestFormat = keyof typeof suggestRenderers;

/** The format names, in registry order (the `--format` choices). */
export const suggestFormats = Object.keys(suggestRenderers) as SuggestFormat[];

/** The renderer of `format`. Own-key lookup: a format name may come from the command line. */
export function suggestRendererFor(format: string): SuggestRenderer | undefined {
  return ownValue<SuggestRenderer>(suggestRenderers, format);
}

/** What the place of output asks of a `usage` renderer, decided by the caller. */
export interface UsageRenderOptions {
  /** The terminal's width in columns, when the output goes to one. */
  readonly width?: number;
}

/** One output format of `usage`: a pure function from the usage report to text. */
export type UsageRenderer = (report: UsageReport, options?: UsageRenderOptions) => string;

/** The format registry of `usage`, as for `suggest`: `--format` offers these keys, in order. */
export const usageRenderers = {
  table: (report, options) =>
    renderUsageTable(report, options?.width !== undefined ? { width: options.width } : {}) + '\n',
  json: (report) => jsonText({ formatVersion: USAGE_FORMAT_VERSION, ...report }) + '\n',
  csv: renderUsageCsv,
} as const satisfies Record<string, UsageRenderer>;

/** A format name `usage` can write. */
export type UsageFormat = keyof typeof usageRenderers;

/** The `usage` format names, in registry order (the `--format` choices). */
export const usageFormats = Object.keys(usageRenderers) as UsageFormat[];

/** One output format of `roles`: a pure function from what was listed to text. */
export type RolesRenderer = (report: RolesReport) => string;

/** The format registry of `roles`, as for `suggest`: `--format` offers these keys, in order. */
export const rolesRenderers = {
  table: renderRolesTable,
  json: (report) => jsonText(report) + '\n',
} as const satisfies Record<string, RolesRenderer>;

/** A format name `roles` can write. */
export type RolesFormat = keyof typeof rolesRenderers;

/** The `roles` format names, in registry order (the `--format` choices). */
export const rolesFormats = Object.keys(rolesRenderers) as RolesFormat[];

/** `roles --account-authorization`: the same format names as `rolesRenderers`, over the file's roles. */
export const accountRolesRenderers = {
  table: renderAccountRolesTable,
  json: (report) => jsonText(report) + '\n',
} as const satisfies Record<RolesFormat, (report: AccountRolesReport) => string>;

/** What the caller tells a `drift` renderer. */
export interface DriftRenderOptions {
  /** iamtrim's version, for SARIF's `tool.driver.version`; the others ignore it. */
  readonly version: string;
  /** The Markdown size limit in characters (default 60,000: a GitHub issue body holds 65,536). */
  readonly budget?: number;
}

/** One output format of `drift`: a pure function from the report to text. */
export type DriftRenderer = (report: DriftReport, options: DriftRenderOptions) => string;

/** The format registry of `drift`, as for `suggest`: `--format` offers these keys, in order. */
export const driftRenderers = {
  markdown: (report, options) =>
    renderDriftMarkdown(report, options.budget !== undefined ? { budget: options.budget } : {}),
  json: (report) => renderDriftJson(report),
  sarif: (report, options) => renderDriftSarif(report, { version: options.version }),
  html: (report) => renderDriftHtml(report),
} as const satisfies Record<string, DriftRenderer>;

/** A format name `drift` can write. */
export type DriftFormat = keyof typeof driftRenderers;

/** The `drift` format names, in registry order (the `--format` choices). */
export const driftFormats = Object.keys(driftRenderers) as DriftFormat[];

/** The `drift` renderer of `format`. Own-key lookup: a format name may come from the command line. */
export function driftRendererFor(format: string): DriftRenderer | undefined {
  return ownValue<DriftRenderer>(driftRenderers, format);
}

/** What the caller tells an `audit` renderer. */
export interface AuditRenderOptions {
  /** iamtrim's version, for SARIF's `tool.driver.version`; the others ignore it. */
  readonly version: string;
  /** Colour the table (the caller decides: stdout is a TTY and NO_COLOR is unset). */
  readonly color?: boolean;
  /** The terminal's columns, for the table; lines past it are cut with an ellipsis. */
  readonly width?: number;
  /** The Markdown size limit in characters (default 60,000: GitHub's limit is 65,536). */
  readonly budget?: number;
  /**
   * SARIF: write suppressed findings as results with SARIF `suppressions`. Off by default,
   * because GitHub code scanning ignores `suppressions` and would open alerts for them.
   */
  readonly includeSuppressed?: boolean;
}

/** One output format of `audit`: a pure function from the report to text. */
export type AuditRenderer = (report: AuditReport, options: AuditRenderOptions) => string;

/**
 * The format registry of `audit`, as for `suggest`: `--format` offers these keys, in order
 * (`table` first: the default on a terminal).
 */
export const auditRenderers = {
  table: (report, { color, width }) =>
    renderAuditTable(report, {
      ...(color !== undefined && { color }),
      ...(width !== undefined && { width }),
    }),
  json: (report) => renderAuditJson(report),
  markdown: (report, { budget }) => renderAuditMarkdown(report, budget !== undefined ? { budget } : {}),
  sarif: (report, { version, includeSuppressed }) =>
    renderAuditSarif(report, { version, ...(includeSuppressed !== undefined && { includeSuppressed }) }),
  html: (report) => renderAuditHtml(report),
} as const satisfies Record<string, AuditRenderer>;

/** A format name `audit` can write. */
export type AuditFormat = keyof typeof auditRenderers;

/** The `audit` format names, in registry order (the `--format` choices). */
export const auditFormats = Object.keys(auditRenderers) as AuditFormat[];

/** The `audit` renderer of `format`. Own-key lookup: a format name may come from the command line. */
export function auditRendererFor(format: string): AuditRenderer | undefined {
  return ownValue<AuditRenderer>(auditRenderers, format);
}
