import { iacCorpusPresent, iacDir, listTemplates } from '../support/iac-corpus.js';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parseDocument, visit, isScalar, isSeq } from 'yaml';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/iamtrim-error.js';
import { SHORT_TAGS } from '../../src/iac/cloudformation/short-tags.js';
import { locatePolicies } from '../../src/iac/locate-policies.js';
import { removeEmptyPolicy } from '../../src/iac/remove-empty-policy.js';
import { HclParser } from '../../src/iac/terraform/hcl-parser.js';
import { applyEdits } from '../../src/iac/text/text-edits.js';

// Every editable policy of ../shared/corpora/iac (CloudFormation, SAM, Terraform), as if none
// of its statements were used: it goes whole and the file still parses with no empty
// Statement and nothing naming what went, or removal stops with an error naming the file.
// IAMTRIM_IAC_CORPUS points elsewhere (a git worktree does not sit beside ../shared).
const present = iacCorpusPresent;

function emptyStatementCount(text: string, tf: boolean): number {
  if (tf) return [...text.matchAll(/"?Statement"?\s*[=:]\s*\[\s*\]/g)].length;
  let n = 0;
  visit(parseDocument(text, { customTags: SHORT_TAGS as never, uniqueKeys: false }), {
    Pair(_, pair) {
      if (
        isScalar(pair.key) &&
        pair.key.value === 'Statement' &&
        isSeq(pair.value) &&
        pair.value.items.length === 0
      )
        n++;
    },
  });
  return n;
}

describe.skipIf(!present)('an emptied policy on the IaC corpus', () => {
  it('goes whole, leaving a file that parses, or stops with an error naming the file', () => {
    const counts = new Map<string, number>();
    const count = (k: string) => counts.set(k, (counts.get(k) ?? 0) + 1);
    for (const path of listTemplates(iacDir)) {
      const file = relative(iacDir, path);
      const text = readFileSync(path, 'utf8');
      if (text.length > 2_000_000) continue;
      const tf = file.endsWith('.tf');
      const before = emptyStatementCount(text, tf);
      for (const p of locatePolicies(file, text)) {
        if (p.kind !== 'statements' || p.format === 'serverless' || p.format === 'policy-file') continue;
        const form = `${p.format}${p.entryRange ? ' entry' : /^Resources\.[^.]+\.Properties\.PolicyDocument/.test(p.path) ? ' resource' : ''}`;
        let removal;
        try {
          removal = removeEmptyPolicy(text, p, []);
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          expect((error as Error).message.startsWith(`${file}: line `)).toBe(true);
          count(
            `${form}: stopped (${((error as Error).message.split('cannot be removed: ')[1] ?? 'not removable').replace(/ at line \d+|[\w.-]+ is | of \w+.*/g, '').slice(0, 40)})`,
          );
          continue;
        }
        const after = applyEdits(text, removal.edits);
        if (tf) expect(() => new HclParser(after).parseFile(), file).not.toThrow();
        else
          expect(
            parseDocument(after, { customTags: SHORT_TAGS as never, uniqueKeys: false }).errors,
            file,
          ).toEqual([]);
        expect(emptyStatementCount(after, tf), file).toBe(before);
        expect(after.length).toBeLessThan(text.length);
        count(`${form}: removed${removal.also ? ' with references' : ''}`);
      }
    }
    console.log(
      [...counts]
        .sort()
        .map(([k, v]) => `${v}\t${k}`)
        .join('\n'),
    );
    expect(counts.size).toBeGreaterThan(0);
  });
});
