import { expandActionPattern } from '../../src/catalog/expand-action-pattern.js';
import type { ActionCatalog } from '../../src/catalog/action-catalog.js';
import { workOutCoverage } from '../../src/coverage/input-coverage.js';
import { resolveExpression, type ResolveContext } from '../../src/iac/resolve-expression.js';
import type { LocatedPolicy } from '../../src/iac/template-policy.js';
import type { RoleEvidence } from '../../src/synthesize/role-evidence.js';
import type { ActionReport } from '../../src/usage/usage-report.js';

/**
 * Made-up usage for a template policy, as the IaC corpus runs use it: about half of each
 * Allow statement's actions (every other one, at most 25), used on the statement's own
 * resolved resources, over a fully covered 60-day window.
 */
export function syntheticEvidence(
  policy: LocatedPolicy,
  resolve: ResolveContext,
  catalog: ActionCatalog,
): RoleEvidence {
  const used = new Map<string, ActionReport>();
  for (const st of policy.statements) {
    if (st.effect !== 'Allow' || st.actionKey !== 'Action') continue;
    const actions = [
      ...new Set(
        st.actions.flatMap((a) => (a.kind === 'literal' ? expandActionPattern(a.value, catalog) : [])),
      ),
    ].sort();
    const half = actions.filter((_, i) => i % 2 === 0).slice(0, 25);
    const resources = st.resources.flatMap((v) => {
      const r =
        v.kind === 'literal' ? { value: v.value, exact: true } : resolveExpression(v.expression, resolve);
      return r && r.exact && !/[*?]/.test(r.value) ? [r.value] : [];
    });
    for (const a of half) {
      const prev = used.get(a.toLowerCase());
      used.set(a.toLowerCase(), {
        action: a,
        count: 5,
        firstSeen: '2026-09-01T00:00:00.000Z',
        lastSeen: '2026-10-30T00:00:00.000Z',
        resources: [...new Set([...(prev?.resources ?? []), ...resources])].sort(),
        functions: ['fn'],
        ...(resources.length === 0 ? { unresolved: 1 } : {}),
      });
    }
  }
  return {
    roleArn: 'arn:aws:iam::123456789012:role/corpus-role',
    functions: ['fn'],
    used,
    denied: [],
    required: [],
    lambdaRole: false,
    lambdaNeeds: [],
    unconfiguredFunctions: [],
    coverage: workOutCoverage(
      {
        window: { from: '2026-09-01T00:00:00.000Z', to: '2026-10-31T00:00:00.000Z' },
        days: 60,
        events: 1000,
        regions: ['us-east-1'],
        dataEventServices: [],
      },
      { dataEvents: 'all' },
    ),
  };
}
