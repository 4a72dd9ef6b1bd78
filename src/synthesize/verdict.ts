import type { Observability } from '../catalog/observability.js';
import type { EvidenceHint } from './decision.js';

/** Why an unused action stays: how it is (not) observed, or another reason to keep it. */
export type KeptBecause = Observability['kind'] | 'not-recorded' | 'dependency' | 'lambda-need';

/** Whether an unused action may go, and why (kept ones say what would let it go). */
export type RemovalVerdict =
  | { readonly remove: true; readonly reason: string }
  | {
      readonly remove: false;
      readonly observability: KeptBecause;
      readonly reason: string;
      readonly hints?: readonly EvidenceHint[];
    };
