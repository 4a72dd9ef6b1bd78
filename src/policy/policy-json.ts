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
