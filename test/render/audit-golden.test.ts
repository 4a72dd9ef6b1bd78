import { describe, it } from 'vitest';
import { auditRenderers } from '../../src/render/index.js';
import { auditCases, TEST_VERSION } from './audit-cases.js';
import { expectGolden } from './golden.js';

const EXTENSION = { table: 'txt', json: 'json', markdown: 'md', sarif: 'sarif', html: 'html' } as const;

// One golden file per hand-built report (test/cases/audit-render) and format.
describe('audit renderers: golden files', () => {
  for (const c of auditCases()) {
    for (const [format, render] of Object.entries(auditRenderers)) {
      it(`${c.name} as ${format}: ${c.description}`, () => {
        const ext = EXTENSION[format as keyof typeof EXTENSION];
        expectGolden(`audit-${c.name}.${ext}`, render(c.report, { version: TEST_VERSION }));
      });
    }
  }

  it('template as SARIF with the suppressed findings included', () => {
    const c = auditCases().find((x) => x.name === 'template')!;
    expectGolden(
      'audit-template-suppressed.sarif',
      auditRenderers.sarif(c.report, { version: TEST_VERSION, includeSuppressed: true }),
    );
  });

  it('live as a coloured table cut to 100 columns', () => {
    const c = auditCases().find((x) => x.name === 'live')!;
    expectGolden(
      'audit-live-color-100.txt',
      auditRenderers.table(c.report, { version: TEST_VERSION, color: true, width: 100 }),
    );
  });
});
