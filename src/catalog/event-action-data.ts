/** The shape of `catalog/data/event-actions.json` (derived by scripts/build-catalog-data.mjs). */
export interface ActionVariant {
  readonly action: string;
  /** ARN-format variable → request-parameter template, e.g. `TableName` → `${TableName}`. */
  readonly vars?: Readonly<Record<string, string>>;
  /** Resource type → template for the whole ARN. */
  readonly arns?: Readonly<Record<string, string>>;
  /** Template for the whole ARN, overriding the catalog format. */
  readonly arn?: string;
  /** The variant applies only when the request matches. */
  readonly when?: { readonly lhs: string; readonly op: string; readonly rhs?: string };
  readonly undocumented?: boolean;
}

export interface EventActionData {
  readonly eventSourcePrefixes: Readonly<Record<string, string>>;
  readonly permissionless: readonly string[];
  /** IAM prefix → API operation → the actions it needs. */
  readonly operations: Readonly<Record<string, Readonly<Record<string, readonly ActionVariant[]>>>>;
  /** IAM prefix → every API operation its SDK clients had (2022), whether or not mapped. */
  readonly operationNames: Readonly<Record<string, readonly string[]>>;
}
