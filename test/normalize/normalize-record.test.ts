import { describe, expect, it } from 'vitest';
import { normalizeRecord } from '../../src/normalize/normalize-record.js';
import type { Principal } from '../../src/normalize/trail-event.js';
import { loadCases } from '../support/case-loader.js';

interface NormalizeCase {
  /** The whole raw record, exactly as it would be read from a trail: no template. */
  record: unknown;
  expect: {
    kind: 'event' | 'classified' | 'skipped';
    principal?: Principal;
    errorClass?: 'ok' | 'denied' | 'failed';
    category?: 'management' | 'data';
    /** `aws`, `aws-cn`, `aws-us-gov`: the partition resource ARNs will be built in. */
    partition?: string;
    /** The account whose resources the call touched. */
    account?: string;
    class?: 'non-api' | 'service-call';
    reasonIncludes?: string;
  };
}

describe('normalizeRecord (test/cases/normalize)', () => {
  for (const c of loadCases<NormalizeCase>('normalize')) {
    it(`${c.file}: ${c.description}`, () => {
      const result = normalizeRecord(c.data.record);
      const want = c.data.expect;
      expect(result.kind).toBe(want.kind);
      if (result.kind === 'event') {
        const event = result.event;
        // Compare the principal whole, so a session name that should be absent is absent.
        if (want.principal) expect(event.principal).toEqual(want.principal);
        if (want.errorClass) expect(event.errorClass).toBe(want.errorClass);
        if (want.category) expect(event.category).toBe(want.category);
        if (want.partition) expect(event.partition).toBe(want.partition);
        if (want.account) expect(event.account).toBe(want.account);
      } else if (result.kind === 'classified') {
        if (want.class) expect(result.class).toBe(want.class);
      } else if (want.reasonIncludes) {
        expect(result.reason).toContain(want.reasonIncludes);
      }
    });
  }
});
