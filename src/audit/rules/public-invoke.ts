import type { AuditRule, RuleOutcome } from '../audit-rule.js';
import { compliant, functionSubject, notApplicable } from '../audit-rule.js';
import { isFunctionUrlPermission, isPublicPrincipal, isScoped } from '../invoke-principal.js';

/** A resource-policy statement letting anyone invoke the function, with no source condition. */
export const publicInvokeRule: AuditRule = {
  id: 'lambda-public-invoke',
  title: 'Anyone may invoke the function',
  rationale:
    'A resource policy with Principal "*" (or AWS "*") and no SourceArn, SourceAccount or PrincipalOrgID ' +
    'lets any AWS account invoke the function directly, bypassing API Gateway and its authorizers.',
  fix: 'Name the calling service or account, and add SourceArn/SourceAccount (or PrincipalOrgID) to the permission.',
  references: [
    { scanner: 'security-hub', id: 'Lambda.1' },
    { scanner: 'prowler', id: 'awslambda_function_not_publicly_accessible' },
    { scanner: 'checkov', id: 'CKV_AWS_301' },
    { scanner: 'cfn-nag', id: 'F13' },
    { scanner: 'cdk-nag', id: 'LambdaFunctionPublicAccessProhibited' },
  ],
  check(estate) {
    const out: RuleOutcome[] = [];
    for (const fn of estate.functions) {
      const subject = functionSubject(fn.id);
      if (!fn.permissions.length) {
        out.push(compliant(subject));
        continue;
      }
      let found = false;
      const unresolved: string[] = [];
      for (const p of fn.permissions) {
        // A public function URL is lambda-function-url-public's finding, not a second one here.
        if (isFunctionUrlPermission(p)) continue;
        const isPublic = isPublicPrincipal(p.principal);
        if (isPublic === undefined) unresolved.push(p.principal);
        if (!isPublic || isScoped(p)) continue;
        found = true;
        out.push({
          kind: 'finding',
          subject,
          message: `a resource policy lets any principal call ${p.action} (Principal ${p.principal}) without a source condition`,
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
