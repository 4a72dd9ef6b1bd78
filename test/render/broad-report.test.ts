import { describe, expect, it } from 'vitest';
import { renderPolicyDiff } from '../../src/render/policy-diff-text.js';
import { renderPrBody } from '../../src/render/pr-body.js';
import { renderSuggestMarkdown } from '../../src/render/suggest-markdown.js';
import { renderSuggestTable } from '../../src/render/suggest-table.js';
import { mdCode } from '../../src/render/markdown-escape.js';
import { broadDecisions, broadDiff, broadPrBody, broadReport } from './broad-report.js';
import { expectGolden, longLines } from './golden.js';

const ESC = String.fromCharCode(27);

// Renderers on a hand-made broad case (hundreds of actions, every kept kind, every hint kind).
describe('renderers on a broad report', () => {
  const markdown = renderSuggestMarkdown(broadReport);
  const prBody = renderPrBody(broadPrBody);
  const diff = renderPolicyDiff([broadDiff], { color: false, decisions: broadDecisions });
  const table = renderSuggestTable(broadReport);

  it('match their golden files', () => {
    expectGolden('broad-suggest.md', markdown);
    expectGolden('broad-pr-body.md', prBody);
    expectGolden('broad-diff.txt', diff);
    expectGolden('broad-table.txt', table);
  });

  it('write no line over 200 characters', () => {
    for (const text of [markdown, prBody, diff, table]) expect(longLines(text)).toEqual([]);
  });

  it('name every removed and kept action in Markdown, never only a count', () => {
    const named = broadDecisions.flatMap((d) =>
      d.kind === 'action-removed' || d.kind === 'action-kept' || d.kind === 'action-required'
        ? [d.action]
        : [],
    );
    expect(named.length).toBeGreaterThan(500);
    for (const text of [markdown, prBody]) {
      const missing = named.filter((a) => !text.includes(mdCode(a)));
      expect(missing).toEqual([]);
      expect(text).not.toMatch(/\d+ \w+ action\(s\)(,|:)/);
    }
  });

  it('ends the Markdown with what would let iamtrim remove more, most decisive first', () => {
    const section = markdown.slice(markdown.indexOf('## What would let iamtrim remove more'));
    expect(markdown.indexOf('## What would let iamtrim remove more')).toBeGreaterThan(
      markdown.indexOf('## Proof'),
    );
    const counts = [...section.matchAll(/^### \d+\. .*\(decides (\d+) kept action\(s\)\)$/gm)].map((m) =>
      Number(m[1]),
    );
    expect(counts.length).toBe(8);
    expect([...counts].sort((a, b) => b - a)).toEqual(counts);
    expect(section).toContain('--granularity ACTION_LEVEL');
    expect(section).toContain('aws iam get-service-last-accessed-details --job-id JOB_ID');
    expect(section).toContain('--function-config platform-api.json');
    expect(section).toContain('"StartsWith": [\n');
    expect(section).toContain('"arn:aws:s3:::platform-uploads/"');
    expect(prBody).toContain('## What would let iamtrim remove more');
  });

  it('puts a short reason beside each kept action in the diff, and none beside used or removed ones', () => {
    const lines = diff.split('\n');
    const noted = (value: string): string | undefined =>
      lines.find(
        (l) =>
          l
            .trimStart()
            .replace(/^[-+ ] /, '')
            .split(/\s+/)[0] === value && /^ {6}[-+ ] /.test(l),
      );
    expect(noted('s3:GetObject')).not.toMatch(/#/);
    expect(noted('s3:*')).not.toMatch(/#/);
    expect(noted('logs:PutLogEvents')).toMatch(/# kept: CloudTrail never logs it$/);
    expect(noted('ec2:CreateNetworkInterface')).toMatch(/# kept: Lambda needs this \(VPC\)$/);
    expect(noted('s3:Get*')).toMatch(/# kept: \d+ different reasons/);
    expect(noted('dynamodb:GetItem')).not.toMatch(/#/);
    for (const l of lines) {
      const note = l.indexOf('# ');
      if (note > 0) expect(l.slice(note + 2).length).toBeLessThanOrEqual(60);
    }
  });

  it('colours the diff only when asked, and notes do not change the colours', () => {
    const coloured = renderPolicyDiff([broadDiff], { color: true, decisions: broadDecisions });
    expect(diff).not.toContain(ESC);
    expect(coloured).toContain(ESC);
    expect(
      coloured
        .split(ESC)
        .join('')
        .replace(/\[\d+m/g, ''),
    ).toBe(diff);
    const plain = renderPolicyDiff([broadDiff], { color: true });
    expect(coloured.split('\n').map((l) => l.replace(/ +# kept.*$/, ''))).toEqual(plain.split('\n'));
  });

  it('shows the top hints in the table', () => {
    expect(table).toMatch(/To remove more, give iamtrim:\n {2}--last-accessed .*: decides 82\n/);
    expect(table).toContain('(5 more in --format markdown)');
  });
});
