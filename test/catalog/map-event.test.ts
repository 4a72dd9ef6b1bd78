import { describe, expect, it } from 'vitest';
import { createEventCatalog } from '../../src/catalog/create-event-catalog.js';
import { mapEvent } from '../../src/catalog/map-event.js';
import { normalizeRecord } from '../../src/normalize/normalize-record.js';
import { lambdaRecord, loadCases } from '../support/case-loader.js';

interface MapEventCase {
  /** Fields of the CloudTrail record; the rest comes from a Lambda call template. */
  record: Record<string, unknown>;
  expect:
    | { kind: 'mapped'; actions: Record<string, string[]> }
    | { kind: 'unmapped'; reasonIncludes: string }
    | { kind: 'permissionless'; action: string };
}

const catalog = createEventCatalog();

describe('mapEvent (test/cases/map-event)', () => {
  for (const c of loadCases<MapEventCase>('map-event')) {
    it(`${c.file}: ${c.description}`, () => {
      const normalized = normalizeRecord(lambdaRecord(c.data.record));
      expect(normalized.kind, 'the case record must normalize to an event').toBe('event');
      if (normalized.kind !== 'event') return;
      const result = mapEvent(normalized.event, catalog);
      const want = c.data.expect;
      expect(result.kind).toBe(want.kind);
      if (result.kind === 'mapped' && want.kind === 'mapped') {
        const got = Object.fromEntries(result.actions.map((a) => [a.action, [...a.resources].sort()]));
        const expected = Object.fromEntries(Object.entries(want.actions).map(([a, r]) => [a, [...r].sort()]));
        expect(got).toEqual(expected);
      } else if (result.kind === 'unmapped' && want.kind === 'unmapped') {
        expect(result.reason).toContain(want.reasonIncludes);
      } else if (result.kind === 'permissionless' && want.kind === 'permissionless') {
        expect(result.action).toBe(want.action);
      }
    });
  }
});
