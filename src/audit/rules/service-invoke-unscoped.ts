import type { AuditRule, RuleOutcome } from '../audit-rule.js';
import { compliant, functionSubject, notApplicable } from '../audit-rule.js';
import { isPublicPrincipal, isScoped, isServicePrincipal } from '../invoke-principal.js';

/**
 * A service principal (`s3.amazonaws.com`, `sns.amazonaws.com`) allowed to invoke without
 * SourceArn or SourceAccount: any customer's bucket or topic could then trigger the function
 * (the confused-deputy problem).
 */
export const serviceInvokeUnscopedRule: AuditRule = {
  id: 'lambda-service-invoke-unscoped',
  title: 'A service may invoke the function on behalf of any account',
  rationale:
    'A permission for a service principal without SourceArn or SourceAccount lets that service invoke ' +
    "the function for resources in any account, so someone else's bucket or topic can trigger it.",
  fix: 'Add SourceArn (the bucket, topic or rule) and SourceAccount to the permission.',
  references: [{ scanner: 'checkov', id: 'CKV_AWS_364' }],
  check(estate) {
    const out: RuleOutcome[] = [];
    for (const fn of estate.functions) {
      const subject = functionSubject(fn.id);
      let found = false;
      const unresolved: string[] = [];
      for (const p of fn.permissions) {
        if (isPublicPrincipal(p.principal) === undefined) unresolved.push(p.principal);
        if (!isServicePrincipal(p.principal) || isScoped(p)) continue;
        found = true;
        out.push({
          kind: 'finding',
          subject,
          message: `${p.principal} may call ${p.action} for any account's resources (no SourceArn or SourceAccount)`,
          evidence: [{ source: 'resource-policy', detail: `Principal: ${p.principal}; Action: ${p.action}` }],
          detail: { action: p.action, resource: p.principal },
          location: p.place,
        });
      }
      if (!found)
        out.push(
          unresolved.length
            ? notApplicable(subject, `unresolved principals: ${unresolved.join(', ')}`)
            : compliant(subject),
        );
    }
    return out;
  },
};
