import { describe, expect, it } from 'vitest';
import { useColor } from '../../src/cli/use-color.js';

describe('useColor', () => {
  const io = (isTTY: boolean, env: Record<string, string> = {}) => ({
    stdout: { isTTY, write: () => true },
    env,
  });
  it.each([
    ['a terminal', io(true), undefined, false, true],
    ['a pipe', io(false), undefined, false, false],
    ['a file from a terminal', io(true), undefined, true, false],
    ['NO_COLOR on a terminal', io(true, { NO_COLOR: '1' }), undefined, false, false],
    ['an empty NO_COLOR', io(true, { NO_COLOR: '' }), undefined, false, true],
    ['FORCE_COLOR into a pipe', io(false, { FORCE_COLOR: '1' }), undefined, false, true],
    ['FORCE_COLOR into a file', io(false, { FORCE_COLOR: '' }), undefined, true, true],
    ['FORCE_COLOR=0 on a terminal', io(true, { FORCE_COLOR: '0' }), undefined, false, false],
    ['FORCE_COLOR=false', io(true, { FORCE_COLOR: 'false' }), undefined, false, false],
    ['FORCE_COLOR over NO_COLOR', io(false, { FORCE_COLOR: '1', NO_COLOR: '1' }), undefined, false, true],
    ['--no-color over FORCE_COLOR', io(true, { FORCE_COLOR: '1' }), false, false, false],
    ['--color into a pipe with NO_COLOR', io(false, { NO_COLOR: '1' }), true, false, true],
  ] as const)('%s', (_what, given, flag, toFile, expected) => {
    expect(useColor(given, flag, toFile)).toBe(expected);
  });
});
