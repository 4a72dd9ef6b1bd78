import { iacCorpusPresent, iacDir, listTemplates } from '../support/iac-corpus.js';
import { syntheticEvidence as syntheticEvidenceOf } from '../support/iac-synthetic-evidence.js';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { createEventCatalog } from '../../src/catalog/create-event-catalog.js';
import { createDefaultObservability } from '../../src/catalog/load-observability-data.js';
import { templateResources } from '../../src/iac/cloudformation/template-resources.js';
import { locatePolicies } from '../../src/iac/locate-policies.js';
import { patchPolicy, type PatchedPolicy } from '../../src/iac/patch-policy.js';
import { canRender, renderStatementList } from '../../src/iac/render-statements.js';
import { applyEdits, type TextEdit } from '../../src/iac/text/text-edits.js';
import type { ResolveContext } from '../../src/iac/resolve-expression.js';
import type { LocatedPolicy } from '../../src/iac/template-policy.js';
import { unifiedDiff } from '../../src/iac/unified-diff.js';
import { parsePolicy } from '../../src/policy/parse-policy.js';
import type { RoleEvidence } from '../../src/synthesize/role-evidence.js';
import { tightenPolicy } from '../../src/synthesize/tighten-policy.js';
import { verifyTightening } from '../../src/verify/verify-tightening.js';
import { comparablePolicy } from '../support/comparable-policy.js';

// Every CloudFormation/SAM template (YAML or JSON) in ../shared/corpora/iac that holds a role
// policy is patched with synthetic usage, and the patch is checked the way a reviewer would.
const present = iacCorpusPresent;

const catalog = createEventCatalog().actions;
const ctx = { catalog, observability: createDefaultObservability() };
const RESOLVE_BASE = {
  partition: 'aws',
  region: 'us-east-1',
  account: '123456789012',
  params: {},
  stackResources: new Map(),
};

/** About half of each Allow statement's actions, used on the statement's own (resolved) resources. */
const syntheticEvidence = (policy: LocatedPolicy, resolve: ResolveContext): RoleEvidence =>
  syntheticEvidenceOf(policy, resolve, catalog);

describe.skipIf(!present)('IaC corpus: every template format', () => {
  it('finds, patches and checks every template holding a role policy', { timeout: 900_000 }, () => {
    const files = listTemplates(iacDir);
    const repo = mkdtempSync(join(tmpdir(), 'iamtrim-iac-'));
    execFileSync('git', ['init', '-q'], { cwd: repo });
    const counts = {
      files: files.length,
      withPolicy: 0,
      editable: 0,
      patched: 0,
      statements: 0,
      notRewritable: 0,
      gaps: [] as string[],
    };
    const byFormat: Record<string, { found: number; patched: number }> = {};
    const kinds: Record<string, number> = {};
    let combined = '';
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const rel = relative(iacDir, file);
      const mentions =
        (/AWS::IAM::Role|AWS::IAM::Policy|AWS::IAM::ManagedPolicy|AWS::Serverless::Function/.test(text) &&
          /Policies|PolicyDocument/.test(text)) ||
        /^\s+(iamRoleStatements|statements):/m.test(text);
      const found = locatePolicies(file, text);
      if (mentions && found.length === 0) counts.gaps.push(rel);
      if (found.length === 0) continue;
      counts.withPolicy++;
      const format = found[0]?.format ?? 'unknown';
      byFormat[format] ??= { found: 0, patched: 0 };
      (byFormat[format] as { found: number }).found++;
      for (const p of found) kinds[p.kind] = (kinds[p.kind] ?? 0) + 1;
      const resources = templateResources(text);
      const edits: TextEdit[] = [];
      // What the proof checked, by policy path: the patched file must resolve to it.
      const proved: { path: string; result: PatchedPolicy; evidence: RoleEvidence }[] = [];
      for (const p of found.filter((x) => x.kind === 'statements')) {
        counts.editable++;
        counts.statements += p.statements.length;
        const resolve: ResolveContext = { ...RESOLVE_BASE, templateResources: resources };
        const evidence = syntheticEvidence(p, resolve);
        const result = patchPolicy(p, evidence, ctx, resolve);
        // 3. Semantically equal to what tightenPolicy makes of the same resolved policy.
        const before = parsePolicy(result.before, rel);
        const after = parsePolicy(result.after, rel);
        expect(before.kind, rel).toBe('policy');
        expect(after.kind, rel).toBe('policy');
        if (before.kind !== 'policy' || after.kind !== 'policy') continue;
        const direct = parsePolicy(tightenPolicy(before.policy, evidence, ctx).after, rel);
        if (direct.kind !== 'policy') throw new Error(`${rel}: tightenPolicy output does not parse`);
        const sample = { partition: 'aws', region: 'us-east-1', account: '123456789012' };
        const used = [...evidence.used.values()];
        verifyTightening({ before: [direct.policy], after: [after.policy], used, catalog, sample });
        verifyTightening({ before: [after.policy], after: [direct.policy], used, catalog, sample });
        if (!canRender(text, p)) {
          counts.notRewritable++;
          continue;
        }
        if (result.changed) edits.push(renderStatementList(text, p, result.statements));
        proved.push({ path: p.path, result, evidence });
      }
      if (edits.length === 0) continue;
      counts.patched++;
      (byFormat[found[0]?.format ?? 'unknown'] as { patched: number }).patched++;
      const patched = applyEdits(text, edits);
      // The result still parses, and still holds the same policies.
      if (!file.endsWith('.tf')) {
        const errors = parseDocument(patched, { uniqueKeys: false, customTags: [] as never }).errors;
        expect(
          errors.filter((e) => e.code !== 'TAG_RESOLVE_FAILED'),
          rel,
        ).toEqual([]);
      }
      const relocated = locatePolicies(file, patched);
      expect(relocated.length, rel).toBe(found.length);
      // 5. The patched file, read and resolved as patch does, holds the policies the proof
      // checked (paths are stable while no policy entry is removed).
      if (proved.every((x) => x.result.statements.length > 0))
        for (const { path, result, evidence } of proved) {
          const again = relocated.find((p) => p.kind === 'statements' && p.path === path);
          expect(again, `${rel}: ${path}`).toBeDefined();
          if (!again) continue;
          const resolve: ResolveContext = { ...RESOLVE_BASE, templateResources: resources };
          const reread = patchPolicy(again, evidence, ctx, resolve);
          expect(comparablePolicy(reread.before, reread), `${rel}: ${path}`).toBe(
            comparablePolicy(result.after, result),
          );
        }
      // Terraform has no YAML check above: the patched file must still be valid HCL with
      // the same editable policies.
      expect(
        relocated.filter((p) => p.kind === 'statements').length,
        `${rel}: ${JSON.stringify(relocated.map((p) => p.note))}`,
      ).toBe(found.filter((p) => p.kind === 'statements').length);
      // 4. Every byte outside the edited statement lists is unchanged.
      const sorted = [...edits].sort((a, b) => a.start - b.start);
      let delta = 0;
      let cursor = 0;
      for (const e of sorted) {
        expect(patched.slice(cursor + delta, e.start + delta), rel).toBe(text.slice(cursor, e.start));
        delta += e.text.length - (e.end - e.start);
        cursor = e.end;
      }
      expect(patched.slice(cursor + delta), rel).toBe(text.slice(cursor));
      mkdirSync(dirname(join(repo, rel)), { recursive: true });
      writeFileSync(join(repo, rel), text);
      combined += unifiedDiff(rel, text, patched);
    }
    // 2. The diffs apply with git apply from the repository root.
    writeFileSync(join(repo, 'iamtrim.diff'), combined);
    execFileSync('git', ['apply', '--check', 'iamtrim.diff'], { cwd: repo });
    console.log(
      `IaC corpus (all formats): ${counts.files} template file(s), ${counts.withPolicy} with role policies, ${counts.editable} editable policy document(s) (${counts.statements} statements), ${counts.patched} file(s) patched; found by kind: ${JSON.stringify(kinds)}`,
    );
    console.log(
      `by format (files with policies / files patched): ${JSON.stringify(byFormat)}; found but not rewritable yet: ${counts.notRewritable}`,
    );
    console.log(`known gaps (a role or function policy mentioned but not found): ${counts.gaps.length}`);
    for (const g of counts.gaps.slice(0, 40)) console.log(`  gap: ${g}`);
    expect(counts.patched).toBeGreaterThan(50);
  });
});
