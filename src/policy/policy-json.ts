/**
 * IAM policy JSON exactly as AWS writes it. Boundary types only: the rest of the code
 * works on the parsed `Policy` model.
 */
export type StringOrArray = string | string[];

export interface StatementJson {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: StringOrArray;
  NotAction?: StringOrArray;
  Resource?: StringOrArray;
  NotResource?: StringOrArray;
  Condition?: Record<string, Record<string, unknown>>;
}

export interface PolicyDocumentJson {
  Version?: string;
  Id?: string;
  Statement: StatementJson | StatementJson[];
}

/** The keys an identity-policy statement may hold (no Principal: that is a resource policy). */
export const STATEMENT_KEYS: ReadonlySet<string> = new Set([
  'Sid',
  'Effect',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);
