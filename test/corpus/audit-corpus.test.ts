import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/actions/audit.js';
import { createCatalog } from '../../src/catalog/catalog.js';
import { estateFromTemplates } from '../../src/iac/audit-estate/estate-from-templates.js';
import type { AuditReport } from '../../src/model/audit-report.js';
import { iacCorpusPresent, iacDir, listTemplates } from '../support/iac-corpus.js';
import { runMain } from '../support/run-main.js';

// The lambda-checklist pack over every template of ../shared/corpora/iac, one template at a
// time as `audit --template FILE` reads it: no rule may fail, every finding points at a line
// of its own file, and fingerprints tell findings apart. Prints the counts per rule.
describe.skipIf(!iacCorpusPresent)('audit over the IaC corpus', () => {
  const catalog = createCatalog();
  const files = iacCorpusPresent ? listTemplates(iacDir) : [];
  const reports: { name: string; lines: number; report: AuditReport }[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const report = audit({ estate: estateFromTemplates([{ file, text }]), catalog });
    reports.push({ name: relative(iacDir, file), lines: text.split('\n').length, report });
  }

  it('runs every rule on every template without a rule error', () => {
    expect(files.length).toBeGreaterThan(1000);
    const errors = reports.flatMap((r) => r.report.errors.map((e) => `${r.name}: ${e.rule}: ${e.message}`));
    expect(errors).toEqual([]);
  });

  it('places every template finding on a line of its own file, with a distinct fingerprint', () => {
    const bad: string[] = [];
    for (const { name, lines, report } of reports) {
      const seen = new Set<string>();
      for (const f of report.findings) {
        const loc = f.location;
        if (loc?.kind !== 'file' || loc.line === undefined || loc.line < 1 || loc.line > lines)
          bad.push(`${name}: ${f.rule} at ${JSON.stringify(loc)}`);
        if (seen.has(f.fingerprint)) bad.push(`${name}: ${f.rule}: fingerprint repeated`);
        seen.add(f.fingerprint);
      }
    }
    expect(bad).toEqual([]);
    const perRule = new Map<string, number>();
    for (const { report } of reports)
      for (const f of report.findings) perRule.set(f.rule, (perRule.get(f.rule) ?? 0) + 1);
    console.log(
      `audit over ${files.length} corpus templates: ${[...perRule]
        .sort(([, a], [, b]) => b - a)
        .map(([r, n]) => `${r} ${n}`)
        .join(', ')}`,
    );
  });

  it('runs from the command line on a corpus template, as SARIF', async () => {
    const withFindings = reports.find((r) => r.report.findings.length > 0);
    expect(withFindings).toBeDefined();
    const run = await runMain([
      'audit',
      '--template',
      `${iacDir}/${withFindings!.name}`,
      '--format',
      'sarif',
      '--quiet',
    ]);
    expect(run.status, run.stderr).toBe(0);
    const sarif = JSON.parse(run.stdout) as { runs: { results: unknown[] }[] };
    expect(sarif.runs[0]!.results.length).toBe(withFindings!.report.findings.length);
  });
});
