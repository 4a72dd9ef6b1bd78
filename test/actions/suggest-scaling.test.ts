import { describe, expect, it } from 'vitest';
import { suggestRole } from '../../src/actions/suggest.js';
import { createCatalog } from '../../src/catalog/catalog.js';
import { parsePolicy } from '../../src/policy/parse-policy.js';
import { countMatcherCalls } from '../../src/policy/wildcard.js';
import { generateBigPolicy } from '../support/big-policy.js';

const catalog = createCatalog();

/** Pattern-matcher calls one `suggest` (tighten, compact, split, prove) makes on a generated role. */
function matcherWork(resources: number, maxPerStatement: number): number {
  const c = generateBigPolicy(resources, { maxPerStatement });
  const parsed = parsePolicy(c.policy, 'big.json');
  if (parsed.kind === 'invalid') throw new Error('the generated policy did not parse');
  const before = countMatcherCalls();
  const outcome = suggestRole(
    { usage: c.usage, role: c.roleName, policies: [parsed.policy], catalog, sources: ['usage.json'] },
    { split: true },
  );
  // The run did the whole job: a result that still grants every observed call.
  expect(outcome.results).toHaveLength(1);
  return countMatcherCalls() - before;
}

// Timing is not asserted (the machine may be loaded); the work is. Every (action, resource)
// pair is still checked, so the work must double with the policy, not quadruple.
describe('suggest on a policy with many resources', () => {
  it.each([
    { shape: 'short statements', maxPerStatement: 8 },
    { shape: 'long statements', maxPerStatement: 120 },
  ])('does about twice the matching for twice the resources ($shape)', ({ maxPerStatement }) => {
    const small = matcherWork(200, maxPerStatement);
    const large = matcherWork(400, maxPerStatement);
    expect(small).toBeGreaterThan(0);
    expect(large / small).toBeLessThan(2.6);
  });
});
