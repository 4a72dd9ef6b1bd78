import { describe, expect, it } from 'vitest';
import type { ActionCatalog, ResourceTypeInfo } from '../../src/catalog/action-catalog.js';
import { matchPattern } from '../../src/policy/wildcard.js';
import { generalizeResources } from '../../src/synthesize/generalize-resources.js';
import { loadCases } from '../support/case-loader.js';

/** Used resources (ARNs) and exactly the patterns they must generalise to. */
interface GeneralizeCase {
  resources: string[];
  threshold?: number;
  expect: { patterns: string[] };
}

describe('generalizeResources (test/cases/generalize)', () => {
  for (const c of loadCases<GeneralizeCase>('generalize')) {
    it(`${c.file}: ${c.description}`, () => {
      const grants = generalizeResources(c.data.resources, { threshold: c.data.threshold ?? 5 });
      expect(grants.map((g) => g.pattern)).toEqual(c.data.expect.patterns);
      // Each used resource is covered by the grant that claims it, and claimed once.
      const claimed = grants.flatMap((g) => g.covers);
      expect([...claimed].sort()).toEqual([...new Set(c.data.resources)].sort());
      for (const g of grants)
        for (const r of g.covers)
          expect(matchPattern(g.pattern, r, false), `${g.pattern} ∌ ${r}`).toBe('yes');
    });
  }
});

describe('generalizeResources with a catalog', () => {
  // A catalog whose snapshot format differs from the recorded one: the catalog's wins.
  const catalogWith = (types: Record<string, ResourceTypeInfo[]>): ActionCatalog => ({
    action: () => undefined,
    resourceTypes: (service) => types[service] ?? [],
    serviceExists: (service) => service in types,
    services: () => Object.keys(types),
    actionsOfService: () => [],
  });

  it('reads the ARN format of a short-lived type from the catalog', () => {
    const catalog = catalogWith({
      ec2: [
        {
          name: 'snapshot',
          arnFormat: 'arn:${Partition}:ec2:${Region}:${Account}:snapshot/${Owner}/${SnapshotId}',
          required: true,
        },
      ],
    });
    const grants = generalizeResources(
      ['arn:aws:ec2:eu-west-1:123456789012:snapshot/team-a/snap-1'],
      { threshold: 5 },
      catalog,
    );
    expect(grants.map((g) => g.pattern)).toEqual(['arn:aws:ec2:eu-west-1:123456789012:snapshot/team-a/*']);
  });

  it('falls back to the recorded format for types the catalog does not know', () => {
    const grants = generalizeResources(
      ['arn:aws:ec2:eu-west-1::snapshot/snap-1'],
      { threshold: 5 },
      catalogWith({ s3: [] }),
    );
    expect(grants.map((g) => g.pattern)).toEqual(['arn:aws:ec2:eu-west-1::snapshot/*']);
  });
});
