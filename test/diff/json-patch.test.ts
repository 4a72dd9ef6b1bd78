import { describe, expect, it } from 'vitest';
import { applyJsonPatch, toJsonPatch, type JsonPatch } from '../../src/diff/json-patch.js';
import { loadCases } from '../support/case-loader.js';

/** A JSON Patch case: two documents and the exact RFC 6902 operations expected between them. */
interface JsonPatchCase {
  before: unknown;
  after: unknown;
  expect: { patch: JsonPatch };
}

describe('toJsonPatch and applyJsonPatch (test/cases/diff/json-patch)', () => {
  for (const c of loadCases<JsonPatchCase>('diff/json-patch')) {
    it(`${c.file}: ${c.description}`, () => {
      const before = structuredClone(c.data.before);
      const patch = toJsonPatch(before, c.data.after);
      expect(patch).toEqual(c.data.expect.patch);
      // The patch turns the old document into the new one, on a copy.
      expect(applyJsonPatch(before, patch)).toEqual(c.data.after);
      expect(before).toEqual(c.data.before);
    });
  }
});
