import type { SuggestReport } from '../model/suggest-report.js';
import type { Policy } from '../policy/policy.js';
import type { PolicyPart } from '../synthesize/split-policy.js';
import type { TightenResult } from '../synthesize/tighten-policy.js';

/**
 * What the `suggest` use case produced, as renderers see it. actions/ `SuggestOutcome` fits
 * it; it is spelled out here because render/ sits below actions/ in the layer order.
 */
export interface RenderableSuggestOutcome {
  readonly results: readonly TightenResult[];
  readonly report: SuggestReport;
  /** With `--split`: the managed policies to attach instead. */
  readonly parts?: readonly PolicyPart[];
}

/** What every `suggest` renderer is given: the outcome, and the policies as they were read. */
export interface SuggestOutput {
  readonly outcome: RenderableSuggestOutcome;
  /** The input policies, parsed, in the order of `outcome.results`. */
  readonly policies: readonly Policy[];
}

/** What the place of output asks of a renderer, decided by the caller (never read here). */
export interface RenderOptions {
  /** ANSI colours, for a terminal that wants them. Renderers without colour ignore it. */
  readonly color: boolean;
  /** The terminal's width in columns, when the output goes to one: tables fit it. */
  readonly width?: number;
}

/** One output format of `suggest`: a pure function from the outcome to text. */
export type SuggestRenderer = (output: SuggestOutput, options: RenderOptions) => string;
