import { describe, expect, it } from 'vitest';
import { trailCoverage, type TrailConfigJson } from '../../src/coverage/trail-config.js';
import { loadCases } from '../support/case-loader.js';

/** A trail configuration and what it means for observability. */
interface TrailCase {
  config: TrailConfigJson;
  expect: {
    management: { logged: boolean; readWrite: string; excludedSources: string[] };
    dataTypes: Record<string, string>;
    partialDataTypes: string[];
  };
}

describe('trailCoverage (test/cases/trail-config)', () => {
  for (const c of loadCases<TrailCase>('trail-config')) {
    it(`${c.file}: ${c.description}`, () => {
      const t = trailCoverage(c.data.config);
      expect(t.management).toEqual(c.data.expect.management);
      expect(Object.fromEntries(t.dataTypes)).toEqual(c.data.expect.dataTypes);
      expect(t.partialDataTypes).toEqual(c.data.expect.partialDataTypes);
    });
  }
});
