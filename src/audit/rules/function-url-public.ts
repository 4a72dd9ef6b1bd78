import type { AuditRule, RuleOutcome } from '../audit-rule.js';
import { compliant, functionSubject, notApplicable } from '../audit-rule.js';

/** A function URL with `AuthType: NONE`: anyone on the internet can call it. */
export const functionUrlPublicRule: AuditRule = {
  id: 'lambda-function-url-public',
  title: 'Function URL has no authentication',
  rationale:
    'A function URL with AuthType NONE is a public HTTPS endpoint: anyone who learns the URL invokes ' +
    'the function, with no API Gateway throttling, authorizer or WAF in front of it.',
  fix: 'Set AuthType to AWS_IAM, or put the function behind API Gateway.',
  references: [
    { scanner: 'prowler', id: 'awslambda_function_url_public' },
    { scanner: 'checkov', id: 'CKV_AWS_258' },
    { scanner: 'cdk-nag', id: 'LambdaFunctionUrlAuth' },
  ],
  check(estate) {
    const out: RuleOutcome[] = [];
    for (const fn of estate.functions) {
      const subject = functionSubject(fn.id);
      const url = fn.url;
      if (!url) out.push(notApplicable(subject, 'no function URL'));
      else if (url.authType === 'NONE')
        out.push({
          kind: 'finding',
          subject,
          message: 'the function URL has AuthType NONE: anyone can invoke it',
          evidence: [{ source: 'function-url', detail: 'AuthType: NONE' }],
          detail: { action: 'lambda:InvokeFunctionUrl' },
          location: url.place,
        });
      else if (url.authType === 'AWS_IAM') out.push(compliant(subject));
      else out.push(notApplicable(subject, `unresolved AuthType: ${url.authType}`));
    }
    return out;
  },
};
