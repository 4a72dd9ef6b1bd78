import { iacCorpusPresent, iacDir, listTemplates } from '../support/iac-corpus.js';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEventCatalog } from '../../src/catalog/create-event-catalog.js';
import { createDefaultObservability } from '../../src/catalog/load-observability-data.js';
import { templateResources } from '../../src/iac/cloudformation/template-resources.js';
import { checkRendered } from '../../src/iac/check-rendered.js';
import type { LocatedPolicy } from '../../src/iac/template-policy.js';
import { locatePolicies } from '../../src/iac/locate-policies.js';
import { patchPolicy, type StatementToWrite } from '../../src/iac/patch-policy.js';
import { canRender, renderStatementList, writeMinimal } from '../../src/iac/render-statements.js';
import type { ResolveContext } from '../../src/iac/resolve-expression.js';
import { applyEdits } from '../../src/iac/text/text-edits.js';
import { unifiedDiff } from '../../src/iac/unified-diff.js';
import { syntheticEvidence } from '../support/iac-synthetic-evidence.js';

// Every editable policy of ../shared/corpora/iac is patched with made-up usage: each
// statement the patch leaves alone must come back byte for byte, and the diff stays small.
const present = iacCorpusPresent;

/** True when the in-place edit is made and reads back as the tightened statements. */
function readsBack(text: string, p: LocatedPolicy, statements: readonly StatementToWrite[]): boolean {
  const edit = writeMinimal(text, p, statements);
  if (!edit) return false;
  try {
    checkRendered(text, p, statements, edit);
    return true;
  } catch {
    return false;
  }
}

/** Lines a reviewer reads as changed: the diff's `+` and `-` lines. */
function changedLines(rel: string, before: string, after: string): number {
  return unifiedDiff(rel, before, after)
    .split('\n')
    .filter((l) => /^[+-]/.test(l) && !/^(\+\+\+|---) /.test(l)).length;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length === 0
    ? 0
    : s.length % 2
      ? (s[mid] as number)
      : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

describe.skipIf(!present)('IaC corpus: patches are minimal', () => {
  it('keeps every untouched statement byte-identical', { timeout: 900_000 }, () => {
    const catalog = createEventCatalog().actions;
    const ctx = { catalog, observability: createDefaultObservability() };
    const sizes: number[] = [];
    let untouched = 0;
    const rewritten: string[] = [];
    for (const file of listTemplates(iacDir)) {
      const text = readFileSync(file, 'utf8');
      const rel = relative(iacDir, file);
      const found = locatePolicies(file, text);
      if (found.length === 0) continue;
      const resources = templateResources(text);
      for (const p of found.filter((x) => x.kind === 'statements' && canRender(text, x))) {
        const resolve: ResolveContext = {
          partition: 'aws',
          region: 'us-east-1',
          account: '123456789012',
          params: {},
          stackResources: new Map(),
          templateResources: resources,
        };
        const result = patchPolicy(p, syntheticEvidence(p, resolve, catalog), ctx, resolve);
        if (!result.changed || result.statements.length === 0) continue;
        // How often the in-place edit cannot be made (the full rewrite is used instead).
        if (!readsBack(text, p, result.statements)) rewritten.push(`${rel}: ${p.path}`);
        const patched = applyEdits(text, [renderStatementList(text, p, result.statements)]);
        sizes.push(changedLines(rel, text, patched));
        const again = locatePolicies(file, patched).find(
          (x) => x.kind === 'statements' && x.path === p.path && x.line === p.line,
        );
        expect(again?.statements.length, `${rel}: ${p.path}`).toBe(result.statements.length);
        result.statements.forEach((st, i) => {
          if (!st.original) return;
          // The text between two untouched neighbours (commas, comments, blank lines) too.
          const prev = result.statements[i - 1]?.original;
          const prevNow = again?.statements[i - 1];
          const now0 = again?.statements[i];
          if (prev && prevNow && now0 && p.statements.indexOf(prev) === p.statements.indexOf(st.original) - 1)
            expect(patched.slice(prevNow.range[1], now0.range[0]), `${rel}: ${p.path}[${i}] gap`).toBe(
              text.slice(prev.range[1], st.original.range[0]),
            );
          untouched++;
          const was = text.slice(st.original.range[0], st.original.range[1]).trimEnd();
          const now = again?.statements[i];
          expect(now && patched.slice(now.range[0], now.range[1]).trimEnd(), `${rel}: ${p.path}[${i}]`).toBe(
            was,
          );
        });
      }
    }
    console.log(
      `IaC corpus, minimal patches: ${sizes.length} patched policies, ${untouched} untouched statements kept byte-identical; median diff ${median(sizes)} changed lines, ${rewritten.length} rewritten as a whole (mean ${(sizes.reduce((a, b) => a + b, 0) / Math.max(1, sizes.length)).toFixed(1)})`,
    );
    for (const r of rewritten.slice(0, 30)) console.log(`  rewritten as a whole: ${r}`);
    expect(sizes.length).toBeGreaterThan(50);
    expect(untouched).toBeGreaterThan(0);
    // Nearly every patch is an in-place edit; the full rewrite is the exception.
    expect(rewritten.length).toBeLessThan(sizes.length / 20);
  });
});
