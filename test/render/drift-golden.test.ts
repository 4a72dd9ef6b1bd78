import { describe, it } from 'vitest';
import { driftRenderers } from '../../src/render/index.js';
import { driftCases, TEST_VERSION } from './drift-cases.js';
import { expectGolden } from './golden.js';

const EXTENSION = { markdown: 'md', json: 'json', sarif: 'sarif', html: 'html' } as const;

// One golden file per hand-built report (test/cases/drift-render) and format.
describe('drift renderers: golden files', () => {
  for (const c of driftCases()) {
    for (const [format, render] of Object.entries(driftRenderers)) {
      it(`${c.name} as ${format}: ${c.description}`, () => {
        const ext = EXTENSION[format as keyof typeof EXTENSION];
        expectGolden(`drift-${c.name}.${ext}`, render(c.report, { version: TEST_VERSION }));
      });
    }
  }
});
