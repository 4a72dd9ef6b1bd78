import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isMap, parseDocument } from 'yaml';
import { locateServerlessPolicies } from '../../src/iac/serverless/locate-serverless.js';
import type { LocatedPolicy } from '../../src/iac/template-policy.js';
import { checkServerlessInvariants } from '../support/serverless-invariants.js';

// Real third-party serverless.yml files from ../shared/corpora/iac (see its README for
// provenance). A user's clone has no ../shared: the suite then skips and says why.
const corpusDir = fileURLToPath(new URL('../../../shared/corpora/iac/', import.meta.url));
const folders = ['serverless-examples', 'serverless-patterns'].map((f) => join(corpusDir, f));
const present = folders.every((f) => existsSync(f));
if (!present)
  console.warn(
    `serverless corpus tests skipped: ${folders.join(', ')} not found (they sit beside the repo in CI)`,
  );

function listServerlessFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : listServerlessFiles(path);
      return /^serverless\.ya?ml$/.test(name) ? [path] : [];
    });
}

/**
 * Whether the file, read as YAML, declares statements where Serverless (or the
 * per-function plugin) reads them, or mentions iamRoleStatements on a line that is not a
 * comment. Commented-out templates (`#  iam:`) do not count.
 */
function declaresStatements(text: string): boolean {
  if (/^[ \t]*-?[ \t]*iamRoleStatements[ \t]*:/m.test(text)) return true;
  const root = parseDocument(text).toJS() as unknown;
  if (root === null || typeof root !== 'object') return false;
  const r = root as Record<string, Record<string, unknown> | undefined>;
  const iam = r.provider?.iam as { role?: { statements?: unknown } } | undefined;
  return typeof iam?.role === 'object' && iam.role !== null && 'statements' in iam.role;
}

const pathKind = (p: LocatedPolicy) => p.path.replace(/^functions(\[\d+\])?\.[^.]+/, 'functions.<name>');

describe.skipIf(!present)('serverless.yml corpus', () => {
  it('locates the policies of every file without crashing, with exact ranges', () => {
    const files = folders.flatMap(listServerlessFiles);
    expect(files.length).toBeGreaterThan(100);
    const byPath = new Map<string, number>();
    const byKind = new Map<string, number>();
    const byValue = new Map<string, number>();
    const unsupported: string[] = [];
    const missing: string[] = [];
    const broken: string[] = [];
    let withPolicies = 0;
    let statements = 0;
    let declaring = 0;
    for (const file of files) {
      const name = relative(corpusDir, file);
      const text = readFileSync(file, 'utf8');
      const found = locateServerlessPolicies(name, text);
      if (found.length > 0) withPolicies++;
      if (declaresStatements(text)) {
        declaring++;
        if (!found.some((p) => p.kind === 'statements' || p.kind === 'unsupported')) missing.push(name);
      }
      for (const p of found) {
        byPath.set(pathKind(p), (byPath.get(pathKind(p)) ?? 0) + 1);
        byKind.set(p.kind, (byKind.get(p.kind) ?? 0) + 1);
        statements += p.statements.length;
        if (p.kind !== 'statements') unsupported.push(`${name}: ${p.path} ${p.kind}: ${p.note ?? ''}`);
        for (const st of p.statements)
          for (const v of [...st.actions, ...st.resources]) {
            const key = v.kind === 'literal' ? 'literal' : `expression:${v.expression.kind}`;
            byValue.set(key, (byValue.get(key) ?? 0) + 1);
          }
      }
      for (const problem of checkServerlessInvariants(text, found)) broken.push(`${name}: ${problem}`);
      // The document the file is must still parse the way the locator read it.
      expect(isMap(parseDocument(text).contents) || found.length === 0, name).toBe(true);
    }
    const sorted = (m: Map<string, number>) =>
      [...m]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
    console.log(
      [
        `serverless corpus: ${files.length} files, ${withPolicies} with policies, ${declaring} declaring statements, ${statements} statements`,
        `  by path: ${sorted(byPath)}`,
        `  by kind: ${sorted(byKind)}`,
        `  values: ${sorted(byValue)}`,
        `  not editable (${unsupported.length}):`,
        ...unsupported.map((u) => `    ${u}`),
      ].join('\n'),
    );
    expect(missing, 'files that declare statements but yielded no policy').toEqual([]);
    expect(broken, 'range invariants').toEqual([]);
    expect(statements).toBeGreaterThan(50);
  });
});
