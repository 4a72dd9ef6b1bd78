import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitArgs } from '../../action/split-args.mjs';

describe("the action's args splitter", () => {
  it.each([
    ['', []],
    ['  \n\t ', []],
    ['--role orders-api-role', ['--role', 'orders-api-role']],
    ['--template a.yaml\n--usage  usage.json\n', ['--template', 'a.yaml', '--usage', 'usage.json']],
    ["--role 'my role'", ['--role', 'my role']],
    ['--role "my role"', ['--role', 'my role']],
    ['--role my\\ role', ['--role', 'my role']],
    ['--x "a \\"quoted\\" \\\\ word"', ['--x', 'a "quoted" \\ word']],
    ['--x \'no \\escape "here"\'', ['--x', 'no \\escape "here"']],
    ['--x ""', ['--x', '']],
    ["--x ''", ['--x', '']],
    ['--x a"b c"d', ['--x', 'ab cd']],
    ['--cloudtrail C:\\logs\\trail', ['--cloudtrail', 'C:\\logs\\trail']],
    ['--a 1 \\\n--b 2', ['--a', '1', '--b', '2']],
    // What a shell would run or expand stays literal text.
    ['--role $(touch /tmp/x)', ['--role', '$(touch', '/tmp/x)']],
    ['--role "$(touch /tmp/x)"', ['--role', '$(touch /tmp/x)']],
    ['a;b |c `d` $HOME ~ *.json >out', ['a;b', '|c', '`d`', '$HOME', '~', '*.json', '>out']],
  ] as const)('%j', (text, expected) => {
    expect(splitArgs(text)).toEqual(expected);
  });

  it.each([
    ["--role 'open", /single quote at character 8 is never closed/],
    ['--role "open', /double quote at character 8 is never closed/],
    ['--role "a\\"', /double quote/],
  ])('refuses %j', (text, message) => {
    expect(() => splitArgs(text)).toThrow(message);
  });

  it('single-quoting any words (without a quote) gives them back exactly', () => {
    const word = fc.string({ minLength: 0, maxLength: 20 }).filter((w) => !w.includes("'"));
    fc.assert(
      fc.property(fc.array(word, { maxLength: 6 }), (words) => {
        expect(splitArgs(words.map((w) => `'${w}'`).join(' '))).toEqual(words);
      }),
    );
  });
});
