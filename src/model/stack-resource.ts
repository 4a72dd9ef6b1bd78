/** A deployed resource, from `aws cloudformation describe-stack-resources`. */
export interface StackResource {
  readonly logicalId: string;
  readonly physicalId: string;
  readonly type: string;
}

/** One row of `describe-stack-resources` output, as the CLI prints it and the API returns it. */
export interface StackResourceRow {
  readonly LogicalResourceId?: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceType?: string;
}

/** Stack resources by logical id; rows not yet created (no physical id) are left out. */
export function stackResourceMap(rows: readonly StackResourceRow[]): Map<string, StackResource> {
  const out = new Map<string, StackResource>();
  for (const r of rows) {
    if (r.LogicalResourceId && r.PhysicalResourceId && r.ResourceType)
      out.set(r.LogicalResourceId, {
        logicalId: r.LogicalResourceId,
        physicalId: r.PhysicalResourceId,
        type: r.ResourceType,
      });
  }
  return out;
}
