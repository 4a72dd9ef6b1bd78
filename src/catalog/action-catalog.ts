/**
 * What the core needs to know about IAM actions. Passed in as an argument so tests can
 * hand in a small catalog instead of mocking the data package.
 */
export interface ResourceTypeInfo {
  /** Resource type name, e.g. `table`, `object`. */
  readonly name: string;
  /** ARN format with `${Variables}`, e.g. `arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}`. */
  readonly arnFormat: string;
  readonly required: boolean;
}

export interface ActionInfo {
  /** Canonical spelling, e.g. `dynamodb:PartiQLSelect`. */
  readonly action: string;
  readonly accessLevel: string;
  /** Empty when the action supports only `Resource: "*"`. */
  readonly resourceTypes: readonly ResourceTypeInfo[];
}

export interface ActionCatalog {
  /** Looks up `service:Action` case-insensitively; undefined when IAM has no such action. */
  action(action: string): ActionInfo | undefined;
  /** All resource types of a service (for telling which type an ARN is). */
  resourceTypes(service: string): readonly ResourceTypeInfo[];
  serviceExists(service: string): boolean;
  /** Every service prefix the catalog knows. */
  services(): readonly string[];
  /** Every action of a service (for expanding `s3:Get*` or `*`). */
  actionsOfService(service: string): readonly ActionInfo[];
}
