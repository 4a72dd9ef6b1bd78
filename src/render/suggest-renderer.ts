import type { Policy } from '../policy/policy.js';
import type { SuggestOutcome } from '../synthesize/suggest.js';

/** What every `suggest` renderer is given: the outcome, and the policies as they were read. */
export interface SuggestOutput {
  readonly outcome: SuggestOutcome;
  /** The input policies, parsed, in the order of `outcome.results`. */
  readonly policies: readonly Policy[];
}

/** What the place of output asks of a renderer, decided by the caller (never read here). */
export interface RenderOptions {
  /** ANSI colours, for a terminal that wants them. Renderers without colour ignore it. */
  readonly color: boolean;
}

/** One output format of `suggest`: a pure function from the outcome to text. */
export type SuggestRenderer = (output: SuggestOutput, options: RenderOptions) => string;
