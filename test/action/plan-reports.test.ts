import { describe, expect, it } from 'vitest';
import { planReports } from '../../action/run.mjs';

// What the action adds to a run for the summary and SARIF, and what it reads back.
const tmp = '/t';
const md = '/t/iamtrim-report.md';

describe("the action's report plan", () => {
  it.each([
    [
      'suggest',
      [],
      { summary: true, sarif: '' },
      { extra: ['--format', 'markdown', '--out', md], markdown: md, echoMarkdown: true },
    ],
    ['suggest', ['--format', 'json'], { summary: true, sarif: '' }, { extra: [], markdown: undefined }],
    [
      'drift',
      ['--format=markdown', '--out=d.md'],
      { summary: true, sarif: '' },
      { extra: [], markdown: 'd.md', echoMarkdown: false },
    ],
    [
      'patch',
      [],
      { summary: true, sarif: '' },
      { extra: ['--pr-body', md], markdown: md, echoMarkdown: false },
    ],
    [
      'patch',
      ['--write', '--pr-body', 'pr.md'],
      { summary: true, sarif: '' },
      { extra: [], markdown: 'pr.md' },
    ],
    ['patch', ['--pr-body', '-'], { summary: true, sarif: '' }, { extra: [], markdown: undefined }],
    [
      'audit',
      [],
      { summary: false, sarif: 'a.sarif' },
      { extra: ['--format', 'sarif', '--out', 'a.sarif'], sarifFile: 'a.sarif', sarifRun: false },
    ],
    [
      'audit',
      [],
      { summary: true, sarif: 'a.sarif' },
      { extra: ['--format', 'markdown', '--out', md], sarifFile: 'a.sarif', sarifRun: true },
    ],
    [
      'drift',
      [],
      { summary: true, sarif: 's.sarif' },
      { extra: ['--format', 'sarif', '--out', 's.sarif'], markdown: undefined, sarifRun: false },
    ],
    [
      'drift',
      ['--format', 'sarif', '--out', 'mine.sarif'],
      { summary: false, sarif: 's.sarif' },
      { extra: [], sarifFile: 'mine.sarif' },
    ],
    ['usage', [], { summary: true, sarif: '' }, { extra: [], markdown: undefined, notes: [] }],
  ] as const)('%s %j %j', (command, args, options, expected) => {
    expect(planReports(command, args, { ...options, tmp })).toMatchObject(expected);
  });

  it('says when the summary can only have the counts', () => {
    const plan = planReports('audit', ['--format', 'json'], { summary: true, sarif: '', tmp });
    expect(plan.notes.join('\n')).toMatch(/summary has the counts only/);
  });
});
