import { describe, expect, it } from 'vitest';
import type { PolicyDiff } from '../../src/diff/policy-diff.js';
import { renderPolicyDiff } from '../../src/render/policy-diff-text.js';
import { renderPrBody } from '../../src/render/pr-body.js';
import { renderSuggestMarkdown } from '../../src/render/suggest-markdown.js';
import { renderSuggestTable } from '../../src/render/suggest-table.js';
import type { Decision, StatementRef } from '../../src/synthesize/decision.js';
import { broadPrBody, broadReport } from './broad-report.js';
import { longLines } from './golden.js';

// Policies and logs are attacker-controlled: names carrying terminal escapes, bidi overrides,
// GitHub mentions, backticks, table pipes and HTML must reach no reader as what they claim.
const ESC = String.fromCharCode(27);
const RLO = '\u202e';
const EVIL = `s3:Get${ESC}[2J${RLO}Obj|ect\`@octocat<img src=x>`;
const SOURCE = `policy${ESC}]0;pwn${String.fromCharCode(7)}.json`;
const ref: StatementRef = { source: SOURCE, index: 0, sid: 'Evil`|@team' };
const FENCE_BREAK = 'arn:aws:s3:::b/```\n# injected heading\n```';

const decisions: Decision[] = [
  { kind: 'action-removed', statement: ref, action: EVIL, reason: `unused @admins ${RLO}reason\n# heading` },
  {
    kind: 'action-kept',
    statement: ref,
    action: `${EVIL}2`,
    observability: 'data',
    reason: 'logged only as a data event',
    hints: [
      { kind: 'data-events', resourceType: 'AWS::S3::Object', service: `s3${RLO}`, resources: [FENCE_BREAK] },
      { kind: 'last-accessed', service: '@octocat' },
      { kind: 'management-events', service: 'ec2`|', readWrite: `Write${ESC}` },
      { kind: 'region', region: `us-east-1\`${RLO}` },
      { kind: 'function-config' },
    ],
  },
  {
    kind: 'action-kept',
    statement: ref,
    action: `${EVIL}3`,
    observability: 'not-recorded',
    reason: `the trail excludes ${ESC}[31mec2 management events`,
  },
  {
    kind: 'action-used',
    statement: ref,
    action: `${EVIL}4`,
    count: 1,
    lastSeen: '2026-10-01T00:00:00.000Z',
    functions: [`fn@octocat${RLO}`],
  },
];

const report = {
  ...broadReport,
  role: `arn:aws:iam::1:role/r'; rm -rf / #${ESC}`,
  functions: [`fn$(reboot)@octocat${RLO}`, 'b'],
  results: [{ ...broadReport.results[0]!, source: SOURCE, decisions }],
};

/** Text outside fenced code blocks: where Markdown (and mentions) are live. */
function outsideFences(text: string): string {
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of text.split('\n')) {
    const m = /^ *(`{3,})/.exec(line);
    if (fence === undefined && m) fence = m[1];
    else if (fence !== undefined && m && m[1] === fence && line.trim() === fence) fence = undefined;
    else if (fence === undefined) out.push(line);
  }
  expect(fence, 'every fence closes').toBeUndefined();
  return out.join('\n');
}

describe('hostile names in the reports', () => {
  const markdown = renderSuggestMarkdown(report);
  const prBody = renderPrBody({
    ...broadPrBody,
    patched: [{ ...broadPrBody.patched[0]!, decisions }],
    roleArns: [report.role],
  });

  for (const [name, text] of [
    ['markdown', markdown],
    ['PR body', prBody],
  ] as const) {
    it(`${name}: no control or bidi character, no live mention, pipe, backtick or HTML`, () => {
      expect(text).not.toContain(ESC);
      expect(text).not.toContain(RLO);
      expect(text).not.toContain(String.fromCharCode(7));
      const live = outsideFences(text);
      expect(live).not.toMatch(/@octocat|@admins|@team/);
      expect(live).not.toContain('<img');
      expect(live).not.toMatch(/(^|[^\\])\|/m);
      expect(live).not.toMatch(/^# injected heading/m);
      expect(live).not.toMatch(/^# heading/m);
      // A backtick in a name is escaped, so no code span opens from the input.
      expect(live).toContain('Obj&#124;ect\\`&#64;octocat');
      // A mention from a reason gets an empty comment (GitHub still pings `\\@` and `&#64;`);
      // the right-to-left override is shown, not replaced by a space.
      expect(live).toContain('unused @<!---->admins \\\\u202ereason\\\\u000a\\#<!----> heading');
      expect(longLines(text)).toEqual([]);
    });
  }

  it('markdown: the hostile selector resource stays inside its fenced block', () => {
    const blocks = markdown.split('\n').filter((l) => /^`{3,}/.test(l));
    // Each block opens and closes with a fence longer than the three backticks in the ARN.
    expect(blocks.some((l) => l.startsWith('````json'))).toBe(true);
    expect(markdown).toContain('"arn:aws:s3:::b/```\\n# injected heading\\n```"');
  });

  it('markdown: shell commands quote the role and function names', () => {
    expect(markdown).toContain(`--arn 'arn:aws:iam::1:role/r'\\''; rm -rf / #\\u001b'`);
    expect(markdown).toContain(`--function-name 'fn$(reboot)@octocat\\u202e'`);
  });

  it('diff and table: terminal-safe', () => {
    const diff: PolicyDiff = {
      source: SOURCE,
      empty: false,
      statements: [
        {
          status: 'changed',
          label: '"Evil`|@team"',
          effect: 'Allow',
          actionKey: 'Action',
          actions: [
            { change: '-', value: EVIL },
            { change: '+', value: `${EVIL}2` },
            { change: '+', value: `${EVIL}3` },
          ],
          resourceKey: 'Resource',
          resources: [{ change: '+', value: `arn:${ESC}[31m` }],
          condition: `{"x":"${RLO}"}`,
        },
      ],
    };
    const text = renderPolicyDiff([diff], { color: false, decisions });
    const table = renderSuggestTable(report);
    for (const t of [text, table]) {
      expect(t).not.toContain(ESC);
      expect(t).not.toContain(RLO);
    }
    expect(text).toContain('\\u001b[2J\\u202eObj|ect`@octocat<img src=x>2');
    expect(text).toMatch(/2 {2}# kept: data event, s3 data events not logged$/m);
    expect(text).toMatch(/3 {2}# kept: trail excludes \\u001b\[31mec2 management events$/m);
  });
});
