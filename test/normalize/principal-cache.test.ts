import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolvePrincipal } from '../../src/normalize/principal.js';

// Few session ARNs and issuers, so that one session ARN meets several issuers (forged
// records) and the cache of sessions is hit with each of them in any order.
const sessionArn = fc.constantFrom(
  'arn:aws:sts::111122223333:assumed-role/orders-role/orders-api',
  'arn:aws:sts::111122223333:assumed-role/billing-role/billing',
  'arn:aws:sts::111122223333:assumed-role/orders-role/not-a-role-arn-shape/x',
);
const issuer = fc.constantFrom(
  undefined,
  '',
  'arn:aws:iam::111122223333:role/orders-role',
  'arn:aws:iam::111122223333:role/service-role/orders-role',
  'arn:aws:iam::999988887777:role/forged',
);

describe('resolvePrincipal session cache', () => {
  it('resolves every record by its own issuer, whatever the records before it', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(sessionArn, issuer), { minLength: 1, maxLength: 30 }), (records) => {
        for (const [arn, issuerArn] of records) {
          const result = resolvePrincipal({
            type: 'AssumedRole',
            arn,
            ...(issuerArn === undefined ? {} : { sessionContext: { sessionIssuer: { arn: issuerArn } } }),
          });
          const role = arn.split('/')[1];
          const expected = issuerArn ? issuerArn : `arn:aws:iam::111122223333:role/${role}`;
          expect(result.kind === 'principal' && result.principal.arn).toBe(expected);
          expect(result.kind === 'principal' && result.principal.sessionName).toBe(
            arn.split('/').slice(2).join('/'),
          );
        }
      }),
      { numRuns: 500 },
    );
  });
});
