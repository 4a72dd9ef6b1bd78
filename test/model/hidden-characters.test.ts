import { describe, expect, it } from 'vitest';
import {
  escapeHiddenInJson,
  HIDDEN_CHARACTER,
  MAYBE_HIDDEN_SOURCE,
} from '../../src/model/hidden-characters.js';

describe('the hidden characters', () => {
  it('the quick first look covers every one, so no text skips the real check wrongly', () => {
    const hidden = new RegExp(HIDDEN_CHARACTER.source, 'u');
    const maybe = new RegExp(MAYBE_HIDDEN_SOURCE);
    const missed: string[] = [];
    for (let cp = 0; cp <= 0xffff; cp++) {
      const c = String.fromCharCode(cp);
      if (hidden.test(c) && !maybe.test(c)) missed.push(cp.toString(16));
    }
    expect(missed).toEqual([]);
  });

  it('includes the issue’s characters and leaves ordinary text alone', () => {
    const hidden = new RegExp(`^(${HIDDEN_CHARACTER.source})$`, 'u');
    for (const c of ['\u001b', '\u0007', '\u007f', '\u009b', '\u202a', '\u202e', '\u2066', '\u2069'])
      expect(c).toMatch(hidden);
    for (const c of ['\u200e', '\u200f', '\u061c', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff'])
      expect(c).toMatch(hidden);
    for (const c of ['a', ' ', 'é', '中', '😀', '*', '$', '\u00a0']) expect(c).not.toMatch(hidden);
  });

  it('JSON keeps its layout and escapes a hidden character inside a string', () => {
    const json = JSON.stringify({ a: ['x\u202ey', 'z\u0085'] }, null, 2);
    expect(escapeHiddenInJson(json)).toBe('{\n  "a": [\n    "x\\u202ey",\n    "z\\u0085"\n  ]\n}');
  });
});
