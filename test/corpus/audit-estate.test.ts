import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { estateFromTemplate } from '../../src/iac/audit-estate/estate-from-template.js';
import { estateFromTemplates } from '../../src/iac/audit-estate/estate-from-templates.js';
import { templateResources } from '../../src/iac/cloudformation/template-resources.js';
import { extractLambdaFacts } from '../../src/iac/lambda-facts/extract-lambda-facts.js';
import type { AuditEstate } from '../../src/model/audit-estate.js';
import type { FindingLocation } from '../../src/model/finding.js';
import { iacCorpusPresent, iacDir, listTemplates } from '../support/iac-corpus.js';

// Every template in ../shared/corpora/iac (SAM/CloudFormation, serverless.yml, Terraform)
// read into the audit's estate: an estate or a skipped reason for each, never a throw.
// IAMTRIM_IAC_CORPUS points elsewhere (a git worktree does not sit beside ../shared).
describe.skipIf(!iacCorpusPresent)('audit estate over the IaC corpus', () => {
  const files = iacCorpusPresent ? listTemplates(iacDir) : [];
  const results = files.map((file) => {
    const text = readFileSync(file, 'utf8');
    let estate: AuditEstate | undefined;
    let error: string | undefined;
    try {
      estate = estateFromTemplate(file, text);
    } catch (e) {
      error = e instanceof Error ? (e.stack ?? e.message) : String(e);
    }
    return { file, name: relative(iacDir, file), text, estate, error };
  });

  it('reads every template into an estate or a skipped reason, without throwing', () => {
    expect(files.length).toBeGreaterThan(1000);
    expect(results.filter((r) => r.error).map((r) => `${r.name}: ${r.error}`)).toEqual([]);
    const counts = { files: files.length, skippedFiles: 0, functions: 0, roles: 0, permissions: 0, urls: 0 };
    const more = {
      logGroups: 0,
      statements: 0,
      managedPolicies: 0,
      traced: 0,
      invokers: 0,
      skippedEntries: 0,
    };
    for (const r of results) {
      const e = r.estate as AuditEstate;
      expect(e.subjects).toEqual([r.file]);
      if (e.skipped.some((s) => s.what === r.file)) counts.skippedFiles++;
      for (const s of e.skipped) expect(s.reason.trim(), `${r.name}: ${s.what}`).not.toBe('');
      counts.functions += e.functions.length;
      counts.roles += e.roles.length;
      counts.permissions += e.functions.reduce((n, f) => n + f.permissions.length, 0);
      counts.urls += e.functions.filter((f) => f.url).length;
      more.logGroups += e.logGroups.length;
      more.statements += e.roles.reduce((n, x) => n + x.statements.length, 0);
      more.managedPolicies += e.roles.reduce((n, x) => n + x.managedPolicies.length, 0);
      more.traced += e.functions.filter((f) => f.tracing !== undefined).length;
      more.invokers += e.functions.reduce((n, f) => n + f.invokers.length, 0);
      more.skippedEntries += e.skipped.length;
    }
    console.log('audit estate over the IaC corpus:', { ...counts, ...more });
    // What the corpus holds (so a reader that silently stops finding things fails here).
    expect(counts.functions).toBeGreaterThan(1500);
    expect(counts.roles).toBeGreaterThan(1500);
    expect(counts.permissions).toBeGreaterThan(300);
    expect(counts.urls).toBeGreaterThan(20);
  });

  it('places every subject on a line of its own file, and links functions only to roles of the estate', () => {
    const problems: string[] = [];
    for (const r of results) {
      const e = r.estate as AuditEstate;
      const lines = r.text.split('\n').length;
      const check = (what: string, p: FindingLocation): void => {
        if (p.kind !== 'file' || p.file !== r.file || !p.line || p.line < 1 || p.line > lines)
          problems.push(`${r.name}: ${what} at ${JSON.stringify(p)}`);
      };
      const roles = new Set(e.roles.map((x) => x.id));
      for (const f of e.functions) {
        check(`function ${f.id}`, f.place);
        for (const p of f.permissions) check(`${f.id} permission`, p.place);
        if (f.url) check(`${f.id} url`, f.url.place);
        for (const s of f.suppressions ?? []) check(`${f.id} suppression`, s.place);
        if (f.role !== undefined && !roles.has(f.role))
          problems.push(`${r.name}: ${f.id} runs as missing ${f.role}`);
        if (f.role !== undefined && f.roleText !== undefined)
          problems.push(`${r.name}: ${f.id} has role and roleText`);
      }
      for (const x of e.roles) {
        check(`role ${x.id}`, x.place);
        for (const s of x.statements) check(`${x.id} statement`, s.place);
        for (const m of x.managedPolicies) check(`${x.id} managed policy`, m.place);
      }
      for (const l of e.logGroups) check(`log group ${l.name}`, l.place);
    }
    expect(problems).toEqual([]);
  });

  it('has every function the Lambda facts reader finds', () => {
    const missing: string[] = [];
    for (const r of results) {
      const ctx = {
        partition: 'aws',
        region: 'us-east-1',
        account: '123456789012',
        params: {},
        stackResources: new Map(),
        templateResources: templateResources(r.text),
      };
      const ids = new Set(r.estate?.functions.map((f) => f.id));
      for (const f of extractLambdaFacts(r.file, r.text, ctx))
        if (!ids.has(f.function) && !r.estate?.skipped.some((s) => s.what === r.file))
          missing.push(`${r.name}: ${f.function}`);
    }
    expect(missing).toEqual([]);
  });

  it('reads the whole corpus as one estate: ids unique, every function linked only to a role of it', () => {
    const estate = estateFromTemplates(results.map((r) => ({ file: r.file, text: r.text })));
    expect(estate.subjects).toHaveLength(files.length);
    const fnIds = estate.functions.map((f) => f.id);
    const roleIds = estate.roles.map((r) => r.id);
    expect(new Set(fnIds).size).toBe(fnIds.length);
    expect(new Set(roleIds).size).toBe(roleIds.length);
    const roles = new Set(roleIds);
    expect(
      estate.functions.filter((f) => f.role !== undefined && !roles.has(f.role)).map((f) => f.id),
    ).toEqual([]);
    // Terraform modules read together find at least what their files find alone.
    const alone = results.reduce((n, r) => n + (r.estate?.functions.filter((f) => f.role).length ?? 0), 0);
    expect(estate.functions.filter((f) => f.role).length).toBeGreaterThanOrEqual(alone);
  });
});
