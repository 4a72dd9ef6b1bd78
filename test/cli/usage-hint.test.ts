import { describe, expect, it } from 'vitest';
import { closestFlag } from '../../src/cli/usage-hint.js';

describe('closestFlag', () => {
  const flags = ['cloudtrail', 'format', 'role', 'regions', 'region', 'out'];
  it.each([
    ['cloudtrial', 'cloudtrail'], // transposition
    ['fromat', 'format'],
    ['rol', 'role'],
    ['regoins', 'regions'],
    ['workers', undefined], // nothing near
    ['ot', 'out'],
  ])('%s → %s', (word, expected) => expect(closestFlag(word, flags)).toBe(expected));

  it('says nothing when two flags are equally near', () => {
    expect(closestFlag('regio', ['region', 'regiox'])).toBeUndefined();
  });
});
