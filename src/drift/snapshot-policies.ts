import type { AccountRole } from '../model/account-role.js';
import type { SnapshotPolicy } from '../model/drift-state.js';
import { hashCanonical } from './canonical-json.js';

/**
 * A role's policies as a snapshot keeps them: inline and attached (by name or ARN), the
 * boundary and the trust policy, each with the hash of its canonical JSON. Sorted by kind and
 * name, so the list (and `policiesHashOf`) does not depend on the order IAM listed them in.
 */
export function snapshotPoliciesOf(role: AccountRole): SnapshotPolicy[] {
  const out: SnapshotPolicy[] = role.policies.map((p) => ({
    kind: p.kind,
    name: p.kind === 'inline' ? p.name : (p.arn ?? p.name),
    hash: hashCanonical(p.document),
    document: p.document,
  }));
  if (role.boundary)
    out.push({
      kind: 'boundary',
      name: role.boundary.arn ?? role.boundary.name,
      hash: hashCanonical(role.boundary.document),
      document: role.boundary.document,
    });
  if (role.trustPolicy !== undefined)
    out.push({
      kind: 'trust',
      name: 'trust policy',
      hash: hashCanonical(role.trustPolicy),
      document: role.trustPolicy,
    });
  return out.sort((a, b) => cmp(a.kind, b.kind) || cmp(a.name, b.name));
}

/** One hash over every policy (kind, name and hash), to tell at a glance whether anything changed. */
export function policiesHashOf(policies: readonly SnapshotPolicy[]): string {
  return hashCanonical(policies.map((p) => [p.kind, p.name, p.hash]));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
