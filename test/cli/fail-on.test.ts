import { describe, expect, it } from 'vitest';
import {
  failOnOf,
  failOnVerdict,
  failOnWithin,
  parseFailOn,
  parseRolesFailOn,
  removableOf,
  severityOfAccessLevel,
  type Removable,
} from '../../src/cli/fail-on.js';
import type { Decision, StatementRef } from '../../src/synthesize/decision.js';

const st = (index: number): StatementRef => ({ source: 'p.json', index, sid: undefined });
const removed = (index: number, action: string): Decision => ({
  kind: 'action-removed',
  statement: st(index),
  action,
  reason: 'unused',
});

describe('--fail-on', () => {
  it.each(['any', ' 0 ', '12', 'low', 'medium', ' high '])('accepts %j', (v) =>
    expect(() => parseFailOn(v)).not.toThrow(),
  );
  it.each(['', 'critical', 'shared', '-1', '1.5', 'ANY', 'High'])('refuses %j', (v) =>
    expect(() => parseFailOn(v)).toThrow(/--fail-on/),
  );

  it('counts each removed action once per statement, in any letter case', () => {
    const found = removableOf(
      [removed(0, 's3:GetObject'), removed(0, 's3:getobject'), removed(1, 's3:GetObject')],
      true,
    );
    expect(found).toMatchObject({ changed: true, actions: 2 });
  });

  it('a narrowed resource is a change with no action removed', () => {
    const narrowed: Decision = {
      kind: 'resources-narrowed',
      statement: st(0),
      actions: ['s3:GetObject'],
      from: ['*'],
      to: ['arn:aws:s3:::b/*'],
    };
    expect(removableOf([narrowed], false)).toMatchObject({ changed: true, actions: 0 });
  });

  const none = { low: 0, medium: 0, high: 0 };
  it.each([
    [undefined, { changed: true, actions: 5, bySeverity: { ...none, low: 5 } }, false],
    [{ kind: 'any' }, { changed: false, actions: 0, bySeverity: none }, false],
    [{ kind: 'any' }, { changed: true, actions: 0, bySeverity: none }, true],
    [
      { kind: 'more-than', actions: 5 },
      { changed: true, actions: 5, bySeverity: { ...none, low: 5 } },
      false,
    ],
    [{ kind: 'more-than', actions: 5 }, { changed: true, actions: 6, bySeverity: { ...none, low: 6 } }, true],
    [
      { kind: 'severity', severity: 'high' },
      { changed: true, actions: 3, bySeverity: { ...none, medium: 3 } },
      false,
    ],
    [
      { kind: 'severity', severity: 'medium' },
      { changed: true, actions: 3, bySeverity: { ...none, medium: 3 } },
      true,
    ],
    [
      { kind: 'severity', severity: 'medium' },
      { changed: true, actions: 1, bySeverity: { ...none, high: 1 } },
      true,
    ],
    [{ kind: 'severity', severity: 'low' }, { changed: true, actions: 0, bySeverity: none }, false],
  ] as const)('%j with %j → exit 3: %s', (failOn, found: Removable, over) => {
    expect(failOnVerdict(failOn, found) !== undefined).toBe(over);
    // Exactly one of the two lines is printed whenever a threshold is given.
    expect(failOnWithin(failOn, found) !== undefined).toBe(failOn !== undefined && !over);
  });

  it.each([
    ['Permissions management', 'high'],
    ['Write', 'medium'],
    ['Tagging', 'medium'],
    ['Read', 'low'],
    ['List', 'low'],
    [undefined, 'low'],
  ] as const)('removing a %s action is %s', (level, severity) => {
    expect(severityOfAccessLevel(level)).toBe(severity);
  });

  it('rates each removed action by its access level', () => {
    const levels: Record<string, string> = {
      'iam:PassRole': 'Write',
      'iam:PutRolePolicy': 'Permissions management',
      's3:GetObject': 'Read',
    };
    const found = removableOf(
      [
        removed(0, 'iam:PutRolePolicy'),
        removed(0, 'iam:PassRole'),
        removed(1, 's3:GetObject'),
        removed(1, 'x:Y'),
      ],
      true,
      (a) => levels[a],
    );
    expect(found.bySeverity).toEqual({ high: 1, medium: 1, low: 2 });
    expect(failOnVerdict({ kind: 'severity', severity: 'high' }, found)).toMatch(
      /4 action\(s\) removable \(1 high, 1 medium, 2 low\): over --fail-on high \(exit 3\)/,
    );
  });

  it('--check is --fail-on any, unless --fail-on is given', () => {
    expect(failOnOf({})).toBeUndefined();
    expect(failOnOf({ check: false })).toBeUndefined();
    expect(failOnOf({ check: true })).toEqual({ kind: 'any' });
    expect(failOnOf({ check: true, failOn: '3' })).toEqual({ kind: 'more-than', actions: 3 });
    expect(failOnOf({ failOn: 'high' })).toEqual({ kind: 'severity', severity: 'high' });
    expect(() => failOnOf({ check: true, failOn: 'nope' })).toThrow(/--fail-on/);
  });

  it('roles takes shared and nothing else', () => {
    expect(parseRolesFailOn(' shared ')).toEqual({ kind: 'shared' });
    for (const v of ['any', 'high', '1', 'Shared']) expect(() => parseRolesFailOn(v)).toThrow(/--fail-on/);
  });
});
