import type { PolicyDocumentJson, StatementJson } from './policy-json.js';

/**
 * `Action` or `NotAction`, normalized to a list in Version 2012-10-17 syntax (in an older
 * policy `${x}` is literal text and appears here as `${$}{x}`); `raw` keeps the original.
 */
export interface ActionBlock {
  readonly kind: 'Action' | 'NotAction';
  readonly patterns: readonly string[];
}

/** `Resource` or `NotResource`, normalized to a list. */
export interface ResourceBlock {
  readonly kind: 'Resource' | 'NotResource';
  readonly patterns: readonly string[];
}

/** One statement of an identity policy, parsed once at the boundary. */
export interface Statement {
  /** Position in the source document, for messages and stable Sids. */
  readonly index: number;
  readonly sid: string | undefined;
  readonly effect: 'Allow' | 'Deny';
  readonly actions: ActionBlock;
  readonly resources: ResourceBlock;
  /** Kept verbatim: iamtrim never interprets or rewrites conditions. */
  readonly condition: Readonly<Record<string, Readonly<Record<string, unknown>>>> | undefined;
  /** The statement as written, for minimal edits. */
  readonly raw: StatementJson;
}

export interface Policy {
  /** Where the policy came from (a file name, or a label). */
  readonly source: string;
  readonly version: string | undefined;
  readonly id: string | undefined;
  readonly statements: readonly Statement[];
  /** True when `Statement` was written as an array (kept that way on output). */
  readonly statementIsArray: boolean;
  readonly raw: PolicyDocumentJson;
}
