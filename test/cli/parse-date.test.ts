import { describe, expect, it } from 'vitest';
import { joinNegativeDurations, parseDateOption } from '../../src/cli/parse-date.js';

const NOW = Date.parse('2026-12-06T00:00:00Z');

describe('parseDateOption', () => {
  it.each([
    ['5d', '2026-12-01T00:00:00.000Z'],
    ['-5d', '2026-12-01T00:00:00.000Z'],
    ['12h', '2026-12-05T12:00:00.000Z'],
    ['2026-10-01', '2026-10-01T00:00:00.000Z'],
  ])('%s', (value, iso) => expect(new Date(parseDateOption('--since', value, NOW)).toISOString()).toBe(iso));

  it.each(['', '--5d', '5w', '2026-02-31', 'yesterday'])('refuses "%s"', (value) => {
    expect(() => parseDateOption('--since', value, NOW)).toThrow(/--since: ".*" is not a date/);
  });
});

describe('joinNegativeDurations', () => {
  it.each([
    [['--since', '-5d'], ['--since=-5d']],
    [
      ['--until', '-12h', '--role', 'x'],
      ['--until=-12h', '--role', 'x'],
    ],
    // Only the date flags, and only a duration: anything else is yargs' to judge.
    [
      ['--role', '-5d'],
      ['--role', '-5d'],
    ],
    [
      ['--since', '-x'],
      ['--since', '-x'],
    ],
    [['--since'], ['--since']],
  ])('%j → %j', (args, expected) => expect(joinNegativeDurations(args)).toEqual(expected));
});
