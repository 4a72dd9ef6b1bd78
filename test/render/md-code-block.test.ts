import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mdCodeBlock } from '../../src/render/markdown-escape.js';
import { FORBIDDEN, hostileString } from '../support/hostile-strings.js';

// A multi-line template expression in the PR body: a fenced block, as attacker-controlled
// as every other field, with its real line breaks and nothing that can end the fence early.

/** Multi-line hostile text: lines of hostile pieces, some of them fences of their own. */
const hostileLines = fc
  .array(fc.oneof(hostileString, fc.constantFrom('```', '````', '~~~', '  ```', '</details>')), {
    minLength: 2,
    maxLength: 6,
  })
  .map((lines) => lines.join('\n'));

describe('mdCodeBlock', () => {
  it('opens and closes one fence no line of the text can close, and carries no hidden character', () => {
    fc.assert(
      fc.property(hostileLines, fc.constantFrom('', '  ', '    '), (text, indent) => {
        const lines = mdCodeBlock(text, indent);
        const fence = lines[0]!.slice(indent.length);
        expect(fence).toMatch(/^`{3,}$/);
        expect(lines[lines.length - 1]).toBe(`${indent}${fence}`);
        for (const line of lines.slice(1, -1)) {
          // CommonMark closes a fence with a run of backticks at least as long, alone on its line.
          const run = /^ {0,3}(`+)\s*$/.exec(line.slice(indent.length));
          expect(run === null || run[1]!.length < fence.length).toBe(true);
          expect(line.startsWith(indent) || line === indent.trimEnd()).toBe(true);
          expect(line).not.toMatch(FORBIDDEN);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('keeps the line breaks as lines, not as \\u000a escapes', () => {
    const text = '!Join\n  - ""\n  - - "arn:aws:s3:::"\n    - !Ref Bucket';
    expect(mdCodeBlock(text, '  ')).toEqual([
      '  ```',
      '  !Join',
      '    - ""',
      '    - - "arn:aws:s3:::"',
      '      - !Ref Bucket',
      '  ```',
    ]);
  });

  it('shows a bidi override visibly inside the block', () => {
    expect(mdCodeBlock('a\n\u202eb').join('\n')).toContain('\\u202eb');
  });
});
