import { describe, expect, it } from 'vitest';
import { coveringRule } from '../../src/coverage/data-event-selectors.js';
import { trailCoverage, type TrailConfigJson } from '../../src/coverage/trail-config.js';
import { loadCases } from '../support/case-loader.js';

/** A trail configuration, and the removals its selectors do and do not justify. */
interface TrailCase {
  config: TrailConfigJson;
  expect: {
    management: { logged: boolean; readWrite: string; excludedSources: string[]; onlySources?: string[] };
    /** Would every call of this kind, on every resource the patterns match, be logged? */
    dataEvents: {
      resourceType: string;
      resources: string[];
      read: boolean;
      eventNames?: string[];
      service?: string;
      covered: boolean;
    }[];
  };
}

describe('trailCoverage (test/cases/trail-config)', () => {
  for (const c of loadCases<TrailCase>('trail-config')) {
    it(`${c.file}: ${c.description}`, () => {
      const t = trailCoverage(c.data.config);
      expect(t.management).toEqual(c.data.expect.management);
      for (const q of c.data.expect.dataEvents) {
        const service = q.service ?? 's3';
        const rule = coveringRule(t.dataRules, {
          resourceType: q.resourceType,
          resources: q.resources,
          read: q.read,
          eventNames: q.eventNames,
          isOwnSource: (s) => s === `${service}.amazonaws.com`,
        });
        expect({ ...q, covered: rule !== undefined }).toEqual(q);
      }
    });
  }
});
