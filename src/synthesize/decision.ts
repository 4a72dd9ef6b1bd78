import type { Observability } from '../catalog/observability.js';

/**
 * Evidence that would let iamtrim decide an action it had to keep, so the report can say
 * exactly what to add ("What would let iamtrim remove more").
 */
export type EvidenceHint =
  /** A data-event selector for this resource type (and ARN prefix, when one resource). */
  | {
      readonly kind: 'data-events';
      readonly resourceType: string;
      readonly service: string;
      /** The resource patterns the selector must cover; `*` for every resource of the type. */
      readonly resources: readonly string[];
      readonly readOnly?: boolean;
    }
  /** IAM last-accessed data for the role (`--last-accessed`, or AWS in use). */
  | { readonly kind: 'last-accessed'; readonly service: string }
  /** The functions' configuration (`--function-config`, `--event-source-mappings`). */
  | { readonly kind: 'function-config' }
  /** Management events of this service (the trail excludes or filters them). */
  | { readonly kind: 'management-events'; readonly service: string; readonly readWrite?: string }
  /** Logs from this region (global services log to us-east-1). */
  | { readonly kind: 'region'; readonly region: string };

/** Which statement of which policy a decision is about. */
export interface StatementRef {
  readonly source: string;
  readonly index: number;
  readonly sid: string | undefined;
}

/** Why each permission was kept, narrowed or removed: the evidence for the PR. */
export type Decision =
  | { readonly kind: 'statement-unchanged'; readonly statement: StatementRef; readonly reason: string }
  | { readonly kind: 'statement-removed'; readonly statement: StatementRef; readonly reason: string }
  | {
      readonly kind: 'action-used';
      readonly statement: StatementRef;
      readonly action: string;
      readonly count: number;
      readonly lastSeen: string;
      readonly functions: readonly string[];
    }
  | {
      readonly kind: 'action-required';
      readonly statement: StatementRef;
      readonly action: string;
      readonly resources: readonly string[];
      readonly reason: string;
    }
  | {
      readonly kind: 'action-removed';
      readonly statement: StatementRef;
      readonly action: string;
      readonly reason: string;
    }
  | {
      readonly kind: 'action-kept';
      readonly statement: StatementRef;
      readonly action: string;
      readonly observability: Observability['kind'] | 'not-recorded' | 'dependency' | 'lambda-need';
      readonly reason: string;
      /** What evidence would decide it, when any would. */
      readonly hints?: readonly EvidenceHint[];
    }
  | {
      readonly kind: 'wildcard-replaced';
      readonly statement: StatementRef;
      readonly pattern: string;
      readonly actions: readonly string[];
    }
  | {
      readonly kind: 'resources-narrowed';
      readonly statement: StatementRef;
      readonly actions: readonly string[];
      readonly from: readonly string[];
      readonly to: readonly string[];
    }
  | {
      readonly kind: 'resources-kept';
      readonly statement: StatementRef;
      readonly actions: readonly string[];
      readonly reason: string;
    };

/** The decision recording that a used action stays, with its evidence. */
export function usedDecision(
  statement: StatementRef,
  used: { action: string; count: number; lastSeen: string; functions: readonly string[] },
): Decision {
  return {
    kind: 'action-used',
    statement,
    action: used.action,
    count: used.count,
    lastSeen: used.lastSeen,
    functions: used.functions,
  };
}

/** The decision recording that an action stays because Lambda needs it on the functions' behalf. */
export function requiredDecision(
  statement: StatementRef,
  req: { action: string; resources: readonly string[]; reason: string },
): Decision {
  return {
    kind: 'action-required',
    statement,
    action: req.action,
    resources: req.resources,
    reason: req.reason,
  };
}
