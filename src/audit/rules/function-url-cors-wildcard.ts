import type { AuditRule, RuleOutcome } from '../audit-rule.js';
import { compliant, functionSubject, notApplicable } from '../audit-rule.js';

/** A function URL whose CORS configuration allows every origin. */
export const functionUrlCorsWildcardRule: AuditRule = {
  id: 'lambda-function-url-cors-wildcard',
  title: 'Function URL allows requests from any web origin',
  rationale:
    'CORS AllowOrigins "*" lets scripts on any website call the function URL from a visitor\'s browser.',
  fix: 'List the origins of the sites that call the function.',
  references: [{ scanner: 'prowler', id: 'awslambda_function_url_cors_policy' }],
  check(estate) {
    const out: RuleOutcome[] = [];
    for (const fn of estate.functions) {
      const subject = functionSubject(fn.id);
      const url = fn.url;
      if (!url) out.push(notApplicable(subject, 'no function URL'));
      else if (url.allowOrigins?.includes('*'))
        out.push({
          kind: 'finding',
          subject,
          message: 'the function URL allows CORS requests from any origin ("*")',
          evidence: [{ source: 'function-url', detail: `AllowOrigins: ${url.allowOrigins.join(', ')}` }],
          detail: { resource: '*' },
          location: url.place,
        });
      else out.push(compliant(subject));
    }
    return out;
  },
};
