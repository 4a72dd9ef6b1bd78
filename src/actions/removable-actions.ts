import type { Catalog } from '../catalog/catalog.js';
import type { CoverageOptions } from '../coverage/input-coverage.js';
import { actionsRemoved } from '../drift/granted-actions.js';
import { IamtrimError, InvariantError } from '../errors/iamtrim-error.js';
import type { AccountRole } from '../model/account-role.js';
import { parsePolicy } from '../policy/parse-policy.js';
import type { Policy } from '../policy/policy.js';
import type { UsageReport } from '../usage/usage-report.js';
import { suggestRole, type SuggestOptions } from './suggest.js';

/** The role's inline and attached policies, parsed; `complete` is false when one does not parse. */
export function parsePermissions(role: AccountRole): { policies: Policy[]; complete: boolean } {
  const policies: Policy[] = [];
  let complete = true;
  for (const p of role.policies) {
    const parsed = parsePolicy(p.document, p.kind === 'inline' ? p.name : (p.arn ?? p.name));
    if (parsed.kind === 'policy') policies.push(parsed.policy);
    else complete = false;
  }
  return { policies, complete };
}

/** What `removableActions` judges: one role's policies and the evidence. */
export interface RemovableRequest {
  readonly roleArn: string;
  readonly policies: readonly Policy[];
  readonly usage: UsageReport;
  readonly catalog: Catalog;
  readonly sources: readonly string[];
  readonly coverage?: CoverageOptions;
}

/**
 * What `suggest` would remove from the role today, as catalog actions (drift's unused claims,
 * audit's least-privilege rule). Null when it cannot say (it refused the input): no claim is
 * better than a wrong one. A failed proof is a bug and is thrown.
 */
export function removableActions(
  request: RemovableRequest,
  options: Partial<SuggestOptions> = {},
): string[] | null {
  if (request.policies.length === 0) return [];
  try {
    const outcome = suggestRole(
      {
        usage: request.usage,
        role: request.roleArn,
        policies: request.policies,
        catalog: request.catalog,
        sources: request.sources,
        ...(request.coverage ? { coverage: request.coverage } : {}),
      },
      options,
    );
    const after = outcome.results.flatMap((r) => {
      const p = parsePolicy(r.after, r.source);
      return p.kind === 'policy' ? [p.policy] : [];
    });
    return actionsRemoved(request.policies, after, request.catalog.actions);
  } catch (e) {
    if (e instanceof InvariantError || !(e instanceof IamtrimError)) throw e;
    return null;
  }
}
