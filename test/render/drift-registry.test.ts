import { describe, expect, it } from 'vitest';
import { driftFormats, driftRendererFor, driftRenderers } from '../../src/render/index.js';
import { driftCase, TEST_VERSION } from './drift-cases.js';

describe('drift format registry', () => {
  it('offers markdown (the default), json, sarif and html, in that order', () => {
    expect(driftFormats).toEqual(['markdown', 'json', 'sarif', 'html']);
  });

  it('finds a renderer only by its own key: a format name comes from the command line', () => {
    expect(driftRendererFor('sarif')).toBe(driftRenderers.sarif);
    for (const name of ['constructor', '__proto__', 'toString', 'SARIF', 'md'])
      expect(driftRendererFor(name)).toBeUndefined();
  });

  it('passes the version to SARIF and the budget to Markdown', () => {
    const report = driftCase('all-kinds');
    const sarif = JSON.parse(driftRenderers.sarif(report, { version: '9.9.9' })) as {
      runs: { tool: { driver: { version: string } } }[];
    };
    expect(sarif.runs[0]!.tool.driver.version).toBe('9.9.9');
    const small = driftRenderers.markdown(report, { version: TEST_VERSION, budget: 2_500 });
    expect(small.length).toBeLessThanOrEqual(2_500);
    expect(small).toContain('not shown');
  });
});
