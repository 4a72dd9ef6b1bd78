import { describe, expect, it } from 'vitest';
import { failOnVerdict, parseFailOn, removableOf } from '../../src/cli/fail-on.js';
import type { Decision, StatementRef } from '../../src/synthesize/decision.js';

const st = (index: number): StatementRef => ({ source: 'p.json', index, sid: undefined });
const removed = (index: number, action: string): Decision => ({
  kind: 'action-removed',
  statement: st(index),
  action,
  reason: 'unused',
});

describe('--fail-on', () => {
  it.each(['any', ' 0 ', '12'])('accepts %j', (v) => expect(() => parseFailOn(v)).not.toThrow());
  it.each(['', 'high', '-1', '1.5', 'ANY'])('refuses %j', (v) =>
    expect(() => parseFailOn(v)).toThrow(/--fail-on/),
  );

  it('counts each removed action once per statement, in any letter case', () => {
    const found = removableOf(
      [removed(0, 's3:GetObject'), removed(0, 's3:getobject'), removed(1, 's3:GetObject')],
      true,
    );
    expect(found).toEqual({ changed: true, actions: 2 });
  });

  it('a narrowed resource is a change with no action removed', () => {
    const narrowed: Decision = {
      kind: 'resources-narrowed',
      statement: st(0),
      actions: ['s3:GetObject'],
      from: ['*'],
      to: ['arn:aws:s3:::b/*'],
    };
    expect(removableOf([narrowed], false)).toEqual({ changed: true, actions: 0 });
  });

  it.each([
    [undefined, { changed: true, actions: 5 }, false],
    [{ kind: 'any' }, { changed: false, actions: 0 }, false],
    [{ kind: 'any' }, { changed: true, actions: 0 }, true],
    [{ kind: 'more-than', actions: 5 }, { changed: true, actions: 5 }, false],
    [{ kind: 'more-than', actions: 5 }, { changed: true, actions: 6 }, true],
  ] as const)('%j with %j → exit 3: %s', (failOn, found, over) => {
    expect(failOnVerdict(failOn, found) !== undefined).toBe(over);
  });
});
