import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { HclParser } from '../../src/iac/terraform/hcl-parser.js';
import { literalOf, type Attribute } from '../../src/iac/terraform/hcl-syntax.js';
import {
  hclString,
  heredocJsonString,
  jsonString,
  yamlDoubleQuoted,
  yamlString,
} from '../../src/iac/write/template-strings.js';
import { FORBIDDEN, hostileString } from '../support/hostile-strings.js';

// Strings written into a template: no raw control, bidi or zero-width character, and the
// template's own parser reads back the very string that was written.

/** The HCL attribute `x = <source>` as the project's parser reads it. */
function readHcl(source: string): Attribute {
  const [item] = new HclParser(`x = ${source}\n`).parseFile();
  if (item?.t !== 'attribute') throw new Error('not an attribute');
  return item;
}

/** A heredoc's literal text, `$${` and `%%{` read as `${` and `%{`. */
function readHeredoc(body: string): string {
  const attr = readHcl(`<<EOT\n${body}\nEOT`);
  const e = attr.expr;
  if (e.t !== 'template') throw new Error('not a heredoc');
  return e.parts.map((p) => (p.t === 'lit' ? p.value : '<interpolation>')).join('');
}

const cases: [string, (s: string) => string, (written: string) => unknown][] = [
  ['JSON', jsonString, (w) => JSON.parse(w)],
  ['YAML double-quoted (1.2)', yamlDoubleQuoted, (w) => parseYaml(`k: ${w}\n`).k],
  ['YAML double-quoted (1.1)', yamlDoubleQuoted, (w) => parseYaml(`k: ${w}\n`, { version: '1.1' }).k],
  ['YAML block value', yamlString, (w) => parseYaml(`k: ${w}\n`).k],
  ['YAML block value (1.1)', yamlString, (w) => parseYaml(`k: ${w}\n`, { version: '1.1' }).k],
  ['YAML list item', yamlString, (w) => parseYaml(`- ${w}\n`)[0]],
  ['HCL', hclString, (w) => literalOf(readHcl(w).expr)],
  ['JSON in a Terraform heredoc', heredocJsonString, (w) => JSON.parse(readHeredoc(w).replace(/\n$/, ''))],
];

describe.each(cases)('%s strings', (_, quote, read) => {
  it('hold no raw hidden character and read back to the same string', () => {
    fc.assert(
      fc.property(hostileString, (s) => {
        const written = quote(s);
        expect(written).not.toMatch(FORBIDDEN);
        expect(read(written)).toBe(s);
      }),
      { numRuns: 400 },
    );
  });

  it.each([
    ['clear screen', 'secret:db\u001b[2J'],
    ['OSC 8 link and BEL', 'secret:\u001b]8;;https://evil.example/\u0007x\u001b]8;;\u0007'],
    ['bidi and zero-width', 'secret:a\u202eb\u200bc\u2066\ufeff'],
    ['an IAM variable', 'arn:aws:s3:::b/${aws:username}/*'],
  ])('%s', (__, s) => {
    const written = quote(s);
    expect(written).not.toContain('\u001b');
    expect(written).not.toMatch(FORBIDDEN);
    expect(read(written)).toBe(s);
  });
});

describe('YAML plain scalars', () => {
  // Values YAML would read as another type or as a key, unless quoted.
  it.each(['123', '1e5', '0x1F', '1:20', '1_000', 'y', 'n', 'Yes', 'off', '2026-10-01', 's3:', 'a:b', '~'])(
    '%s reads back as the same string',
    (s) => {
      for (const version of ['1.1', '1.2'] as const)
        expect(parseYaml(`k: ${yamlString(s)}\n`, { version }).k).toBe(s);
    },
  );
});

describe('named escapes', () => {
  it('ESC is written as the escape of each syntax', () => {
    expect(jsonString('a\u001bb')).toBe('"a\\u001bb"');
    expect(yamlString('a\u001bb')).toBe('"a\\x1bb"');
    expect(hclString('a\u001bb')).toBe('"a\\u001bb"');
    expect(hclString('\u{e0041}')).toBe('"\\U000e0041"');
    expect(jsonString('\u202e')).toBe('"\\u202e"');
  });
});
