import type { RoleAssumer } from '../role-assumers.js';

const LAMBDA_SERVICES = new Set(['lambda.amazonaws.com', 'edgelambda.amazonaws.com']);

/**
 * Whether a role's trust lets Lambda assume it, from what its trust policy names: true
 * when it names Lambda (or Lambda@Edge), false when it was read and does not, undefined
 * when it could not be read (a variable, an expression, another file).
 */
export function trustsLambda(trust: Pick<RoleAssumer, 'services' | 'readable'>): boolean | undefined {
  if (trust.services.some((s) => LAMBDA_SERVICES.has(s))) return true;
  return trust.readable ? false : undefined;
}
