import type { AuditRule, RuleOutcome } from '../audit-rule.js';
import { compliant, notApplicable, roleSubject } from '../audit-rule.js';
import { isExecutionRole } from '../estate-index.js';
import { isPrivilegedManagedPolicy, managedPolicyName } from '../managed-policies.js';

/** AdministratorAccess, PowerUserAccess or an AWS `*FullAccess` policy attached to an execution role. */
export const privilegedManagedPolicyRule: AuditRule = {
  id: 'lambda-role-privileged-managed-policy',
  title: 'Execution role has an administrator, power-user or full-access managed policy',
  rationale:
    'AWS managed policies are written for every customer: AdministratorAccess, PowerUserAccess and ' +
    'the *FullAccess policies grant whole services (or all of them) to a function that uses a few calls.',
  fix: 'Detach the policy and grant the calls the function makes (`iamtrim suggest` writes that policy from CloudTrail).',
  references: [
    { scanner: 'cdk-nag', id: 'AwsSolutions-IAM4' },
    { scanner: 'checkov', id: 'CKV_AWS_274' },
  ],
  check(estate) {
    const out: RuleOutcome[] = [];
    for (const role of estate.roles) {
      const subject = roleSubject(role.id);
      if (!isExecutionRole(estate, role)) {
        out.push(notApplicable(subject, 'not a Lambda execution role'));
        continue;
      }
      // One finding per policy: a template may list the same one twice (SAM de-duplicates).
      const privileged = role.managedPolicies.filter(
        (p, i, all) => isPrivilegedManagedPolicy(p.ref) && all.findIndex((q) => q.ref === p.ref) === i,
      );
      for (const p of privileged)
        out.push({
          kind: 'finding',
          subject,
          message: `the role has the AWS managed policy ${managedPolicyName(p.ref)} attached`,
          evidence: [{ source: 'policy', detail: `managed policy ${p.ref}` }],
          detail: { policy: p.ref },
          location: p.place,
        });
      if (privileged.length) continue;
      const unresolved = role.managedPolicies.filter((p) => managedPolicyName(p.ref) === undefined);
      out.push(
        unresolved.length
          ? notApplicable(
              subject,
              `unresolved managed policy references: ${unresolved.map((p) => p.ref).join(', ')}`,
            )
          : compliant(subject),
      );
    }
    return out;
  },
};
