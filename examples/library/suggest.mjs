// The library's `suggest` and `verify` on the bundled example, without the CLI:
//   node examples/library/suggest.mjs
// (from a clone after `npm ci`; in your own code, import from 'iamtrim').
import {
  createCatalog,
  defaultAggregateOptions,
  eventCatalogOf,
  parsePolicy,
  readPolicyFile,
  scanTrail,
  suggestRole,
  toUsageReport,
  verify,
} from '../../dist/index.js';

const logs = new URL('../../fixtures/example/cloudtrail', import.meta.url).pathname;
const policyFile = new URL('../../fixtures/example/policies/orders-api-role.json', import.meta.url).pathname;

// One catalog per run: event → action mapping, the IAM action catalog, Lambda's needs.
const catalog = createCatalog();
const usage = toUsageReport(
  await scanTrail([logs], {
    aggregate: defaultAggregateOptions,
    catalog: eventCatalogOf(catalog),
    workers: 1,
  }),
);
const policy = await readPolicyFile(policyFile);

// Tighten the role's policy; the result is already proved by the project's evaluator.
const { report } = suggestRole({
  usage,
  role: 'orders-api-role',
  policies: [policy],
  catalog,
  sources: [logs],
});
for (const result of report.results) console.log(JSON.stringify(result.after, null, 2));

// The same proof, run again by hand: it throws InvariantError if anything used is lost or widened.
const after = report.results.map((r) => {
  const parsed = parsePolicy(r.after, r.source);
  if (parsed.kind !== 'policy') throw new Error(`the tightened ${r.source} does not parse`);
  return parsed.policy;
});
const proof = verify({
  before: [policy],
  after,
  used: report.used,
  catalog: catalog.actions,
  sample: { partition: 'aws', region: 'us-east-1', account: '123456789012' },
});
console.error(
  `proved: ${proof.observedPairs} observed (action, resource) pairs still allowed, nothing widened`,
);
