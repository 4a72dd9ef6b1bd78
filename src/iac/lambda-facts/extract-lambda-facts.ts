import { basename } from 'node:path';
import type { ResolveContext } from '../resolve-expression.js';
import type { LambdaFunctionFacts } from './function-facts.js';
import { cloudFormationLambdaFacts } from './cloudformation-facts.js';
import { serverlessLambdaFacts } from './serverless-facts.js';
import { terraformLambdaFacts } from './terraform-facts.js';

/**
 * The Lambda functions a template declares and what each needs Lambda to do through its
 * role, read the way `locatePolicies` chooses a format (by file name, then content).
 * A policy file declares no function. Never throws on what the template says.
 */
export function extractLambdaFacts(file: string, text: string, ctx: ResolveContext): LambdaFunctionFacts[] {
  const name = basename(file).toLowerCase();
  if (/^serverless\.ya?ml$/.test(name)) return serverlessLambdaFacts(file, text, ctx);
  if (name.endsWith('.tf')) return terraformLambdaFacts(file, text, ctx);
  return cloudFormationLambdaFacts(file, text, ctx);
}
