import { createEstateDraft, type EstateDraft } from './estate-draft.js';

/**
 * One draft of a unit read from several files (a Terraform module's `.tf` files): its
 * functions, roles and log groups together, so a permission or a role policy in one file
 * finds the function or role declared in another. A role named in several files is one
 * role with all its statements, placed where it is declared.
 */
export function mergeDrafts(unit: string, drafts: readonly EstateDraft[]): EstateDraft {
  const out = createEstateDraft(unit);
  out.subjects.splice(0, out.subjects.length, ...drafts.flatMap((d) => d.subjects));
  for (const d of drafts) {
    for (const [id, f] of d.functions) if (!out.functions.has(id)) out.functions.set(id, f);
    for (const [id, r] of d.roles) {
      const have = out.roles.get(id);
      if (!have) {
        out.roles.set(id, r);
        continue;
      }
      have.statements.push(...r.statements);
      have.managedPolicies.push(...r.managedPolicies);
      have.suppressions.push(...r.suppressions);
      if (r.declared && !have.declared) {
        have.declared = true;
        have.place = r.place;
        if (r.name !== undefined) have.name = r.name;
        if (r.arn !== undefined) have.arn = r.arn;
        if (r.trustsLambda !== undefined) have.trustsLambda = r.trustsLambda;
      }
    }
    out.logGroups.push(...d.logGroups);
    out.skipped.push(...d.skipped);
    out.pending.push(...d.pending);
  }
  return out;
}
