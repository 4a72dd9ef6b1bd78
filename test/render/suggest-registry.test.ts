import { describe, expect, it } from 'vitest';
import {
  suggestFormats,
  suggestRendererFor,
  suggestRenderers,
  usageFormats,
  usageRenderers,
} from '../../src/render/index.js';

describe('suggest format registry', () => {
  it('offers every registered format, in registry order, each with its renderer', () => {
    expect(suggestFormats).toEqual(Object.keys(suggestRenderers));
    for (const f of suggestFormats) expect(suggestRendererFor(f)).toBe(suggestRenderers[f]);
    expect(usageFormats).toEqual(Object.keys(usageRenderers));
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'sarif'])(
    'finds no renderer for %s (own keys only)',
    (name) => {
      expect(suggestRendererFor(name)).toBeUndefined();
    },
  );
});
