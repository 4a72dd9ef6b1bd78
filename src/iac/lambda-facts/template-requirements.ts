import { lambdaRequirements, type LambdaNeedsData } from '../../catalog/lambda-needs.js';
import type { RequiredPermission } from '../../synthesize/role-evidence.js';
import { UNRESOLVED_MARKER, type LambdaFunctionFacts } from './function-facts.js';

// A placeholder ARN as a whole, or a bare placeholder (a name); replaced by what the template wrote.
const PLACEHOLDER = new RegExp(`(?:arn:[^:\\s]*:[^:\\s]*:\\*:\\*:)?(${UNRESOLVED_MARKER}\\d+)`, 'g');

/**
 * What Lambda needs through the role for one templated function: `lambdaRequirements()`
 * on the facts, with every need on a value the template does not resolve widened to `*`
 * (it can only keep), and each reason saying it came from the template.
 */
export function templateRequirements(
  facts: LambdaFunctionFacts,
  needs: LambdaNeedsData,
): RequiredPermission[] {
  const raw = lambdaRequirements(facts.config, facts.mappings, needs);
  if (facts.deadLetterServiceUnknown) {
    const functions = [facts.config.FunctionName ?? facts.function];
    for (const action of [...needs.deadLetter.sqs, ...needs.deadLetter.sns])
      raw.push({
        action,
        resources: ['*'],
        reason: `${facts.function}'s dead-letter target, of a service the template does not show (${needs.deadLetter.source})`,
        functions,
      });
  }
  const label = (text: string): string =>
    text.replace(PLACEHOLDER, (whole, t: string) =>
      Object.hasOwn(facts.unresolved, t) ? (facts.unresolved[t] as string).replace(/\s+/g, ' ') : whole,
    );
  const where = `from the template, ${facts.file}:${facts.line}`;
  return raw.map((r) => ({
    action: r.action,
    resources: [...new Set(r.resources.map((x) => (x.includes(UNRESOLVED_MARKER) ? '*' : x)))],
    reason: `${label(r.reason)} [${where}]`,
    functions: r.functions.map(label),
  }));
}
