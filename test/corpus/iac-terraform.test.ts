import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  locateTerraformPolicies,
  type TerraformLocatedPolicy,
} from '../../src/iac/terraform/locate-terraform.js';
import { rangeProblems } from '../support/terraform-reparse.js';

// Real third-party Terraform from ../shared/corpora/iac (see its README for provenance).
// A user's clone has no ../shared: the suite then skips and says why.
const corpusDir = fileURLToPath(new URL('../../../shared/corpora/iac/', import.meta.url));
const folders = ['terraform-aws-lambda', 'serverless-patterns'].map((f) => join(corpusDir, f));
const present = folders.every((f) => existsSync(f));
if (!present)
  console.warn(`corpus tests skipped: ${folders.join(', ')} not found (they sit beside the repo in CI)`);

function listTfFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? listTfFiles(path) : name.endsWith('.tf') ? [path] : [];
    });
}

/**
 * What makes a file hold a policy, read with plain text matching (independent of the
 * parser): a policy document data source, a jsonencode() whose object has a Statement,
 * a `policy_statements =` input, or a heredoc whose JSON has a "Statement".
 */
const POLICY_MARKERS: readonly [string, RegExp][] = [
  ['aws_iam_policy_document', /data\s+"aws_iam_policy_document"/],
  ['jsonencode with Statement', /jsonencode\s*\(\s*\{[^]*?\bStatement\s*[=:]/],
  ['policy_statements', /^\s*policy_statements\s*=/m],
  ['IAM heredoc', /<<-?([A-Za-z_][\w-]*)[ \t]*\r?\n(?:(?!^[ \t]*\1[ \t]*$)[^])*?"Statement"\s*:/m],
];

/** The first clause of a note, without names and positions, to group reasons. */
function reason(p: TerraformLocatedPolicy): string {
  return (p.note ?? '')
    .split('; ')[0]!
    .replace(/statement (at line \d+|\S+)/g, 'statement …')
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\((?:[^()]|\([^()]*\))*\)/g, '')
    .replace(/\b[a-z_][\w-]*(?:\.[\w*-]+|\[[^\]]*\])+/gi, '…')
    .replace(/\s+/g, ' ')
    .replace(/ ([,;:])/g, '$1')
    .trim();
}

describe.skipIf(!present)('Terraform corpus (iac/terraform-aws-lambda, iac/serverless-patterns)', () => {
  // Collection runs even for a skipped suite: list nothing when the corpus is absent.
  const files = present ? folders.flatMap((f) => listTfFiles(f)) : [];
  const results = files.map((file) => {
    const text = readFileSync(file, 'utf8');
    return { file: relative(corpusDir, file), text, found: locateTerraformPolicies(file, text) };
  });

  it('reads every .tf file without crashing, and every file is valid HCL', () => {
    expect(files.length).toBeGreaterThan(300);
    const broken = results.flatMap((r) =>
      r.found.filter((p) => p.form === 'syntax-error').map((p) => `${r.file}: ${p.note}`),
    );
    expect(broken).toEqual([]);
  });

  it('finds a policy or says why not in every file that holds one', () => {
    const missing: string[] = [];
    for (const r of results) {
      // Commented-out code (the lambda module's examples keep some) holds no policy.
      const code = r.text.replace(/^[ \t]*(#|\/\/).*$/gm, '');
      const markers = POLICY_MARKERS.filter(([, re]) => re.test(code)).map(([name]) => name);
      if (markers.length > 0 && r.found.length === 0) missing.push(`${r.file} (${markers.join(', ')})`);
    }
    expect(missing).toEqual([]);
  });

  it('every statement range, cut out and read again, gives the same statement', () => {
    const problems = results.flatMap((r) => rangeProblems(r.text, r.found).map((p) => `${r.file}: ${p}`));
    expect(problems).toEqual([]);
  });

  it('prints counts', () => {
    const all = results.flatMap((r) => r.found);
    const withPolicies = results.filter((r) => r.found.some((p) => p.kind === 'statements')).length;
    const byForm = new Map<string, number>();
    const reasons = new Map<string, number>();
    for (const p of all) {
      const key = `${p.form} → ${p.kind}`;
      byForm.set(key, (byForm.get(key) ?? 0) + 1);
      if (p.kind === 'unsupported') reasons.set(reason(p), (reasons.get(reason(p)) ?? 0) + 1);
    }
    const statements = all.reduce((n, p) => n + p.statements.length, 0);
    const lines = [
      `terraform corpus: ${files.length} files, ${results.filter((r) => r.found.length > 0).length} with located entries, ${withPolicies} with editable statements, ${statements} statements`,
      ...[...byForm].sort().map(([k, n]) => `  ${k}: ${n}`),
      `  unsupported, by reason:`,
      ...[...reasons].sort((a, b) => b[1] - a[1]).map(([k, n]) => `    ${n} × ${k}`),
    ];
    console.log(lines.join('\n'));
    expect(statements).toBeGreaterThan(100);
  });
});
